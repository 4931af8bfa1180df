"""The example app: dist/ is committed and must be what main.py writes, byte for byte."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

import main

ROOT = Path(__file__).resolve().parent.parent


def test_committed_dist_is_what_main_py_writes_now(tmp_path: Path) -> None:
    main.build_app(outdir=str(tmp_path)).synth()
    written = sorted(path.name for path in tmp_path.iterdir())
    committed = sorted(path.name for path in (ROOT / "dist").iterdir())
    assert written == committed, "dist/ is stale: run `python main.py` and commit dist/"
    for name in written:
        assert (tmp_path / name).read_bytes() == (ROOT / "dist" / name).read_bytes(), (
            f"dist/{name} is stale: run `python main.py` and commit dist/"
        )


def test_example_has_an_otel_test_and_a_plain_test() -> None:
    manifests = list(yaml.safe_load_all((ROOT / "dist" / "load-tests.k8s.yaml").read_text()))
    master_args = {
        m["metadata"]["name"]: m["spec"]["template"]["spec"]["containers"][0]["args"]
        for m in manifests
        if m["kind"] == "Job" and m["metadata"]["name"].endswith("-master")
    }
    assert "--otel" in master_args["checkout-master"]
    assert "--otel" not in master_args["catalog-master"]


def test_python_main_py_writes_dist_in_a_fresh_process(tmp_path: Path) -> None:
    env = {**os.environ, "CDK8S_OUTDIR": str(tmp_path)}
    subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env, check=True, timeout=120)
    assert (tmp_path / "load-tests.k8s.yaml").read_bytes() == (ROOT / "dist" / "load-tests.k8s.yaml").read_bytes()


def test_example_storefront_runs_the_repositorys_locust_folder_on_spot_workers() -> None:
    manifests = list(yaml.safe_load_all((ROOT / "dist" / "load-tests.k8s.yaml").read_text()))
    by_kind_name = {(m["kind"], m["metadata"]["name"]): m for m in manifests}
    config_maps = [m for m in manifests if m["kind"] == "ConfigMap" and m["metadata"]["name"].startswith("storefront")]
    assert [sorted(m["data"]) for m in config_maps] == [["locustfile.py"], ["storefront.py"]]
    assert config_maps[0]["data"]["locustfile.py"] == (ROOT / "locust" / "locustfile.py").read_text()
    service = by_kind_name[("Service", "storefront-master")]
    assert service["spec"]["ports"][-1] == {"name": "web-ui", "protocol": "TCP", "port": 8089}
    master = by_kind_name[("Job", "storefront-master")]["spec"]["template"]["spec"]
    worker = by_kind_name[("Job", "storefront-worker")]["spec"]["template"]["spec"]
    assert "tolerations" not in master
    assert worker["tolerations"] == [main.SPOT_TOLERATION]
    assert [v["configMap"]["name"] for v in worker["volumes"]] == [m["metadata"]["name"] for m in config_maps]
    assert {"name": "PYTHONPATH", "value": "/opt/locust/lib"} in worker["containers"][0]["env"]


def test_every_object_of_the_example_passes_strict_validation() -> None:
    import kubernetes_validate

    from tests.test_schema import KUBERNETES_VERSIONS

    for manifest in yaml.safe_load_all((ROOT / "dist" / "load-tests.k8s.yaml").read_text()):
        for version in KUBERNETES_VERSIONS:
            kubernetes_validate.validate(manifest, version, strict=True)


def test_example_deploys_a_collector_and_points_the_otel_test_at_it() -> None:
    manifests = list(yaml.safe_load_all((ROOT / "dist" / "load-tests.k8s.yaml").read_text()))
    kinds = {(m["kind"], m["metadata"]["name"]) for m in manifests}
    assert {
        ("ConfigMap", "otel-collector-config"),
        ("Deployment", "otel-collector"),
        ("Service", "otel-collector"),
    } <= kinds
    (job,) = [m for m in manifests if m["kind"] == "Job" and m["metadata"]["name"] == "checkout-worker"]
    env = {e["name"]: e.get("value") for e in job["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "otel-collector.monitoring:4317"
    assert env["OTEL_EXPORTER_OTLP_INSECURE"] == "true"

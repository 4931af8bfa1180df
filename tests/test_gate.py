"""``thresholds=`` and ``reports=`` together: the master pod that gates a run.

Each option has its own tests (``tests/test_thresholds.py``, ``tests/test_reports.py``); this file
checks that together each keeps doing exactly what it does alone (the plugin beside the
locustfile, the report flags last, one mount each, no variable of one in the other's
container), that the pod passes strict validation and reads back through kubectl, and its
snapshot. The real run of this pod is ``tests/e2e/test_gate_e2e.py``.
"""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import cdk8s
import kubernetes_validate
import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from constructs_locust import LocustTest, LocustTestSpec, ObjectStorage, Reports, RequestThresholds, Thresholds
from constructs_locust.manifests._reports_pod import UPLOAD_CONTAINER
from constructs_locust.manifests._thresholds import ENV_VAR, PLUGIN_KEY, plugin_source
from constructs_locust.testing import synth_yaml
from tests.docs_blocks import blocks, program
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT, ROOT, minimal_cr_spec, synth_test
from tests.test_kube_yaml import kubectl_read, needs_kubectl
from tests.test_schema import KUBERNETES_VERSIONS

pytestmark = [LINT_WARNINGS_BESIDE_THE_POINT]

SPEC = LocustTestSpec.from_cr(minimal_cr_spec(image="locustio/locust:2.47.0"))
THRESHOLDS = Thresholds(
    failure_ratio=0.01,
    p95_response_time=timedelta(milliseconds=500),
    requests=(RequestThresholds(name="/cart", method="POST", max_failures=0),),
)
REPORTS = Reports(storage=ObjectStorage.s3(secret_name="reports-s3", region="eu-west-1"), path="load-reports/ci")
MASTER = "checkout-master"


def synth(**options: Any) -> list[dict[str, Any]]:
    return synth_test(SPEC, name="checkout", **options)


def master_pod(manifests: list[dict[str, Any]]) -> dict[str, Any]:
    (job,) = [m for m in manifests if m["kind"] == "Job" and m["metadata"]["name"].startswith(MASTER)]
    return dict(job["spec"]["template"]["spec"])


def container(manifests: list[dict[str, Any]], name: str) -> dict[str, Any]:
    (found,) = [c for c in master_pod(manifests)["containers"] if c["name"] == name]
    return dict(found)


def env_names(container: dict[str, Any]) -> list[str]:
    return [entry["name"] for entry in container.get("env", [])]


def without_plugin_source(manifests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The manifests with the plugin's source shown by name (its own tests cover the text)."""
    shown = []
    for manifest in manifests:
        if manifest["kind"] == "ConfigMap" and PLUGIN_KEY in manifest.get("data", {}):
            assert manifest["data"][PLUGIN_KEY] == plugin_source()
            manifest = {**manifest, "data": {PLUGIN_KEY: "<plugin_source()>"}}
        shown.append(manifest)
    return shown


@pytest.mark.parametrize("rerun_on_change", [False, True])
def test_snapshot(rerun_on_change: bool, snapshot: SnapshotAssertion) -> None:
    manifests = synth(thresholds=THRESHOLDS, reports=REPORTS, rerun_on_change=rerun_on_change)
    assert without_plugin_source(manifests) == snapshot


def test_the_locust_container_is_the_thresholds_one_with_the_report_flags_and_mount_added() -> None:
    judged, both = synth(thresholds=THRESHOLDS), synth(thresholds=THRESHOLDS, reports=REPORTS)
    alone, together = container(judged, MASTER), container(both, MASTER)
    reported = container(synth(reports=REPORTS), MASTER)
    report_flags = reported["args"][len(container(synth(), MASTER)["args"]) :]
    assert [flag.split("=")[0] for flag in report_flags] == ["--html", "--csv", "--json-file"]
    assert together["args"] == [*alone["args"], *report_flags]  # the plugin beside the locustfile, the flags last
    assert together["args"][1].endswith(f",/opt/constructs-locust/thresholds/{PLUGIN_KEY}")
    assert together["env"] == alone["env"]
    assert together["volumeMounts"] == [*alone["volumeMounts"], reported["volumeMounts"][-1]]
    paths = [mount["mountPath"] for mount in together["volumeMounts"]]
    assert len(paths) == len(set(paths))


def test_the_upload_container_is_the_reports_one_and_knows_nothing_of_the_thresholds() -> None:
    both = synth(thresholds=THRESHOLDS, reports=REPORTS)
    upload, alone = container(both, UPLOAD_CONTAINER), container(synth(reports=REPORTS), UPLOAD_CONTAINER)
    run = [entry for entry in upload["env"] if entry["name"] == "REPORTS_RUN"]
    assert {**upload, "env": [e for e in upload["env"] if e not in run]} == {
        **alone,
        "env": [e for e in alone["env"] if e["name"] != "REPORTS_RUN"],
    }
    assert ENV_VAR not in env_names(upload)
    assert all("thresholds" not in mount["name"] for mount in upload["volumeMounts"])
    for each in master_pod(both)["containers"]:
        assert len(env_names(each)) == len(set(env_names(each))), each["name"]


def test_the_pod_has_each_volume_once_and_the_config_map_is_the_thresholds_one() -> None:
    both = synth(thresholds=THRESHOLDS, reports=REPORTS)
    names = [volume["name"] for volume in master_pod(both)["volumes"]]
    assert names == ["checkout-master", "constructs-locust-thresholds", "locust-reports"]
    (config_map,) = [m for m in both if m["kind"] == "ConfigMap"]
    assert config_map == next(m for m in synth(thresholds=THRESHOLDS) if m["kind"] == "ConfigMap")
    assert master_pod(both)["shareProcessNamespace"] is True


def report_run(manifests: list[dict[str, Any]]) -> str:
    return str(next(e["value"] for e in container(manifests, UPLOAD_CONTAINER)["env"] if e["name"] == "REPORTS_RUN"))


def test_other_limits_are_another_run_so_their_reports_never_mix() -> None:
    """The run in the reports' path is the hash of the rendered test, limits included."""
    stricter = Thresholds(failure_ratio=0, p95_response_time=timedelta(milliseconds=500))
    runs = {
        report_run(synth(reports=REPORTS)),
        report_run(synth(thresholds=THRESHOLDS, reports=REPORTS)),
        report_run(synth(thresholds=stricter, reports=REPORTS)),
    }
    assert len(runs) == 3
    both = synth(thresholds=THRESHOLDS, reports=REPORTS, rerun_on_change=True)
    (master_job,) = [m for m in both if m["kind"] == "Job" and m["metadata"]["name"].startswith(MASTER)]
    assert master_job["metadata"]["name"] == f"{MASTER}-{report_run(both)}"


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_object_passes_strict_validation(version: str) -> None:
    for rerun_on_change in (False, True):
        for manifest in synth(thresholds=THRESHOLDS, reports=REPORTS, rerun_on_change=rerun_on_change):
            kubernetes_validate.validate(manifest, version, strict=True)


@needs_kubectl
def test_kubectl_reads_the_manifests_as_written(tmp_path: Path) -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "test", namespace="load")
    LocustTest(chart, "checkout", spec=SPEC, thresholds=THRESHOLDS, reports=REPORTS)
    manifests = list(cdk8s.Testing.synth(chart))
    assert kubectl_read(synth_yaml(chart), tmp_path) == manifests


def test_the_gate_recipe_renders_a_test_whose_log_has_a_verdict(tmp_path: Path) -> None:
    """The how-to's CI job runs ``constructs-locust verdict``: its test must have thresholds (else exit 3)."""
    page = ROOT / "docs" / "how-to" / "gate-a-run.md"
    (first, *_) = [block for block in blocks(page) if block.lang == "python"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    done = subprocess.run(
        [sys.executable, "-c", program(first)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    manifests = list(yaml.safe_load_all((tmp_path / "dist" / "gate.k8s.yaml").read_text()))
    pod = master_pod_of(manifests, "checkout-gate-master")
    locust = pod["containers"][0]
    assert ENV_VAR in env_names(locust)
    assert "--exit-code-on-error=0" in locust["args"]  # its thresholds allow failures: they alone decide
    assert any(arg.endswith(f",/opt/constructs-locust/thresholds/{PLUGIN_KEY}") for arg in locust["args"])
    assert [m["metadata"]["name"] for m in manifests if m["kind"] == "ConfigMap"] == ["checkout-gate-thresholds"]
    assert [c["name"] for c in pod["containers"]] == ["checkout-gate-master", UPLOAD_CONTAINER]


def master_pod_of(manifests: list[dict[str, Any]], name: str) -> dict[str, Any]:
    (job,) = [m for m in manifests if m["kind"] == "Job" and m["metadata"]["name"] == name]
    return dict(job["spec"]["template"]["spec"])

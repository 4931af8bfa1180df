"""Content-addressed runs (``rerun_on_change``) and the per-test ``ttl_seconds_after_finished``."""

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import cdk8s
import pytest

from constructs_locust import LocustTest, LocustTestSpec, OperatorDefaults, SpecError, render_manifests
from constructs_locust.manifests._runs import MAX_RERUN_TEST_NAME_LENGTH, RUN_HASH_LENGTH, content_addressed, run_hash
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT, files_spec, minimal_cr_spec, synth_test

ROOT = Path(__file__).resolve().parent.parent


def names(manifests: list[dict[str, Any]]) -> list[str]:
    return [manifest["metadata"]["name"] for manifest in manifests]


def run_names(cr_spec: dict[str, Any], name: str = "demo", **kwargs: Any) -> list[str]:
    return names(synth_test(LocustTestSpec.from_cr(cr_spec), name=name, rerun_on_change=True, **kwargs))


def master_host(worker_job: dict[str, Any]) -> str:
    hosts = [arg for arg in worker_job["spec"]["template"]["spec"]["containers"][0]["args"] if "--master-host" in arg]
    assert len(hosts) == 1, hosts
    return hosts[0].removeprefix("--master-host=")


def locustfile_config_map(source: bytes) -> str:
    """A ConfigMap name carrying its content's hash, as ``LocustTestFiles`` names them."""
    return "demo-locustfile-" + hashlib.sha256(source).hexdigest()[:10]


def test_names_carry_the_run_hash_and_the_workers_reach_the_new_service() -> None:
    service, master, worker = synth_test(LocustTestSpec.from_cr(minimal_cr_spec()), rerun_on_change=True)
    suffix = service["metadata"]["name"].rsplit("-", 1)[1]
    assert len(suffix) == RUN_HASH_LENGTH and all(char in "0123456789abcdef" for char in suffix)
    expected = [f"demo-master-{suffix}", f"demo-master-{suffix}", f"demo-worker-{suffix}"]
    assert names([service, master, worker]) == expected
    assert master_host(worker) == service["metadata"]["name"]
    assert service["spec"]["selector"] == {"performance-test-pod-name": f"demo-master-{suffix}"}
    master_labels = master["spec"]["template"]["metadata"]["labels"]
    assert master_labels["performance-test-pod-name"] == f"demo-master-{suffix}"
    worker_labels = worker["spec"]["template"]["metadata"]["labels"]
    assert worker_labels["performance-test-pod-name"] == f"demo-worker-{suffix}"
    # Every run of the test stays in one group; the objects say which test and which run.
    assert master_labels["performance-test-name"] == worker_labels["performance-test-name"] == "demo"
    assert master_labels["app"] == "demo"
    for manifest in (service, master, worker):
        assert manifest["metadata"]["labels"] == {"performance-test-name": "demo", "performance-test-run": suffix}
        assert manifest["metadata"]["namespace"] == "load"
    # Container names are local to the pod: unchanged, so log queries keep working.
    assert master["spec"]["template"]["spec"]["containers"][0]["name"] == "demo-master"


def test_the_hash_is_the_one_of_the_operators_objects() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    plain = render_manifests(spec, "demo", "load")
    suffix = run_hash(plain)
    assert run_names(minimal_cr_spec())[0] == f"demo-master-{suffix}"
    # Only names, the pod-name label, the selector, --master-host and the object labels change.
    renamed = content_addressed(plain, "demo")
    text = json.dumps(list(renamed)).replace(f"-{suffix}", "")
    restored = json.loads(text)
    for manifest in restored:
        assert manifest["metadata"].pop("labels") == {"performance-test-name": "demo", "performance-test-run": suffix}
    assert restored == list(plain)


def test_a_test_file_change_the_image_replicas_or_an_env_var_give_new_names() -> None:
    base = minimal_cr_spec(testFiles={"configMapRef": locustfile_config_map(b"from locust import task\n")})
    changed = {
        "one byte of the locustfile": minimal_cr_spec(
            testFiles={"configMapRef": locustfile_config_map(b"from locust import task \n")}
        ),
        "the image": {**base, "image": "locustio/locust-otel:2.43.5"},
        "the replica count": {**base, "worker": {**base["worker"], "replicas": 3}},
        "an env var": {**base, "env": {"variables": [{"name": "TARGET", "value": "https://shop.example"}]}},
        "the lib ConfigMap": {**base, "testFiles": {**base["testFiles"], "libConfigMapRef": "lib-1"}},
        "a master pod annotation (a deliberate re-run)": {
            **base,
            "master": {**base["master"], "annotations": {"example.com/run": "2"}},
        },
    }
    reference = run_names(base)
    assert run_names(base) == reference, "changing nothing must keep the names"
    seen = {tuple(reference)}
    for what, cr_spec in changed.items():
        renamed = run_names(cr_spec)
        assert renamed != reference, f"changing {what} kept the names"
        assert tuple(renamed) not in seen, f"changing {what} collided with another change"
        seen.add(tuple(renamed))


def test_where_the_run_goes_and_its_cleanup_delay_do_not_change_the_names() -> None:
    reference = run_names(minimal_cr_spec())
    assert run_names(minimal_cr_spec(), namespace="elsewhere") == reference
    assert run_names(minimal_cr_spec(), namespace=None) == reference
    assert run_names(minimal_cr_spec(), ttl_seconds_after_finished=600) == reference
    ttl_defaults = OperatorDefaults(job_ttl_seconds_after_finished=60)
    assert run_names(minimal_cr_spec(), defaults=ttl_defaults) == reference
    assert run_names(minimal_cr_spec(), name="other")[0].rsplit("-", 1)[1] != reference[0].rsplit("-", 1)[1]


_SYNTH_SCRIPT = textwrap.dedent(
    """
    import json, cdk8s
    from constructs_locust import LocustTest, LocustTestSpec
    from tests.support import minimal_cr_spec
    app = cdk8s.App(outdir=%(outdir)r)
    chart = cdk8s.Chart(app, "load", namespace="perf")
    spec = minimal_cr_spec(env={"variables": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]})
    spec["scheduling"] = {"nodeSelector": {"zone": "a", "pool": "load", "arch": "amd64"}}
    LocustTest(chart, "checkout", spec=LocustTestSpec.from_cr(spec), rerun_on_change=True)
    LocustTest(chart, "catalog", spec=LocustTestSpec.from_cr(minimal_cr_spec()), rerun_on_change=True)
    print(json.dumps([m["metadata"]["name"] for m in cdk8s.Testing.synth(chart)]))
    """
)


@pytest.mark.parametrize("seeds", [("0", "12345")])
def test_two_fresh_processes_with_different_hash_seeds_give_identical_names(
    seeds: tuple[str, str], tmp_path: Path
) -> None:
    outputs = []
    for seed in seeds:
        env = {**os.environ, "PYTHONHASHSEED": seed, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
        script = _SYNTH_SCRIPT % {"outdir": str(tmp_path / seed)}
        result = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
        )
        outputs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    assert outputs[0] == outputs[1]
    assert len(set(outputs[0])) == 4 and all(name.count("-") == 2 for name in outputs[0])
    assert outputs[0] == run_names_in_this_process()


def run_names_in_this_process() -> list[str]:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "load", namespace="perf")
    spec = minimal_cr_spec(env={"variables": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]})
    spec["scheduling"] = {"nodeSelector": {"arch": "amd64", "pool": "load", "zone": "a"}}
    LocustTest(chart, "checkout", spec=LocustTestSpec.from_cr(spec), rerun_on_change=True)
    LocustTest(chart, "catalog", spec=LocustTestSpec.from_cr(minimal_cr_spec()), rerun_on_change=True)
    return names(list(cdk8s.Testing.synth(chart)))


@LINT_WARNINGS_BESIDE_THE_POINT
@pytest.mark.parametrize(
    "cr_spec",
    [
        minimal_cr_spec(),
        minimal_cr_spec(observability={"openTelemetry": {"enabled": True, "endpoint": "collector:4317"}}),
        minimal_cr_spec(
            worker={"command": "--locustfile x.py", "replicas": 1, "extraArgs": ["--master-host=demo-master"]}
        ),
        minimal_cr_spec(worker={"command": "--locustfile x.py --master-host=demo-master", "replicas": 1}),
    ],
    ids=["plain", "otel", "extra-args-repeat-the-flag", "command-repeats-the-flag"],
)
def test_every_master_host_the_workers_use_matches_the_master_service(cr_spec: dict[str, Any]) -> None:
    service, _, worker = synth_test(LocustTestSpec.from_cr(cr_spec), rerun_on_change=True)
    args = worker["spec"]["template"]["spec"]["containers"][0]["args"]
    hosts = {arg.removeprefix("--master-host=") for arg in args if arg.startswith("--master-host")}
    assert hosts == {service["metadata"]["name"]}


def test_the_56_character_rule_becomes_47_with_rerun_on_change() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    longest = "a" * MAX_RERUN_TEST_NAME_LENGTH
    assert MAX_RERUN_TEST_NAME_LENGTH == 47
    _, master, worker = synth_test(spec, name=longest, rerun_on_change=True)
    assert len(worker["metadata"]["name"]) == 63 and len(master["metadata"]["name"]) == 63
    assert len(worker["spec"]["template"]["metadata"]["labels"]["performance-test-pod-name"]) == 63
    too_long = "a" * (MAX_RERUN_TEST_NAME_LENGTH + 1)
    synth_test(spec, name=too_long)  # fine without the option
    with pytest.raises(SpecError) as caught:
        synth_test(spec, name=too_long, rerun_on_change=True)
    assert str(caught.value) == (
        f'metadata.name: name "{too_long}" is too long for rerun_on_change: generated Job names would exceed '
        "63 characters (max CR name length is 47 with rerun_on_change)"
    )


def test_a_refused_name_adds_nothing_to_the_tree() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    with pytest.raises(SpecError):
        LocustTest(chart, "a" * 50, spec=LocustTestSpec.from_cr(minimal_cr_spec()), rerun_on_change=True)
    assert chart.node.children == []


def test_options_off_leave_the_operators_objects() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    assert synth_test(spec) == synth_test(spec, rerun_on_change=False, ttl_seconds_after_finished=None)
    assert synth_test(spec) == [dict(m) for m in render_manifests(spec, "demo", "load")]


def test_ttl_seconds_after_finished_is_per_test_and_wins_over_the_operators() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    _, master, worker = synth_test(spec, ttl_seconds_after_finished=0)
    assert master["spec"]["ttlSecondsAfterFinished"] == worker["spec"]["ttlSecondsAfterFinished"] == 0
    operator_wide = OperatorDefaults(job_ttl_seconds_after_finished=3600)
    _, master, _ = synth_test(spec, defaults=operator_wide, ttl_seconds_after_finished=300)
    assert master["spec"]["ttlSecondsAfterFinished"] == 300
    _, master, _ = synth_test(spec, defaults=operator_wide)
    assert master["spec"]["ttlSecondsAfterFinished"] == 3600
    # The field keeps the operator's place in the Job spec (after backoffLimit and the template).
    assert list(master["spec"]) == ["parallelism", "backoffLimit", "template", "ttlSecondsAfterFinished"]


@pytest.mark.parametrize("bad", [-1, 2**31, True, 1.5, "600"])
def test_a_bad_ttl_is_a_spec_error(bad: Any) -> None:
    shown = {True: "true", "600": '"600"'}.get(bad, repr(bad)) if not isinstance(bad, bool) else "true"
    with pytest.raises(SpecError) as caught:
        synth_test(LocustTestSpec.from_cr(minimal_cr_spec()), ttl_seconds_after_finished=bad)
    assert str(caught.value) == (
        f"ttl_seconds_after_finished: Invalid value: {shown}: must be an integer between 0 and 2147483647 "
        "(seconds), or None"
    )


@pytest.mark.parametrize(("bad", "shown"), [("yes", '"yes"'), (1, "1"), (None, "null")])
def test_rerun_on_change_must_be_a_bool(bad: Any, shown: str) -> None:
    with pytest.raises(SpecError) as caught:
        synth_test(LocustTestSpec.from_cr(minimal_cr_spec()), rerun_on_change=bad)
    assert str(caught.value) == f"rerun_on_change: Invalid value: {shown}: must be True or False"


def synth_with_files(tmp_path: Path, locustfile: bytes, **kwargs: Any) -> list[dict[str, Any]]:
    """A test whose locustfile comes from ``LocustTestFiles`` (a real file), synthesized with rerun_on_change."""
    from constructs_locust import LocustTestFiles

    source = tmp_path / "locustfile.py"
    source.write_bytes(locustfile)
    chart = cdk8s.Chart(cdk8s.Testing.app(), "load", namespace="perf")
    files = LocustTestFiles(chart, "demo-files", name="demo", src=source)
    LocustTest(chart, "demo", spec=files_spec(files), rerun_on_change=True, **kwargs)
    return [manifest for manifest in cdk8s.Testing.synth(chart) if manifest["kind"] != "ConfigMap"]


def test_one_byte_of_a_locust_test_files_file_gives_new_names(tmp_path: Path) -> None:
    reference = names(synth_with_files(tmp_path, b"from locust import task\n"))
    assert names(synth_with_files(tmp_path, b"from locust import task\n")) == reference
    assert names(synth_with_files(tmp_path, b"from locust import task \n")) != reference


def test_pod_service_and_otel_options_are_part_of_the_run(tmp_path: Path) -> None:
    from constructs_locust import OtelOptions, PodOptions, ServiceOptions

    toleration = {"key": "spot", "operator": "Exists", "effect": "NoSchedule"}
    reference = names(synth_with_files(tmp_path, b"x = 1\n"))
    changed = {
        "worker pod options": {"worker_pod": PodOptions(tolerations=[toleration])},
        "master pod options": {"master_pod": PodOptions(priority_class_name="load-high")},
        "the web UI port": {"service": ServiceOptions(web_ui=True)},
    }
    seen = {tuple(reference)}
    for what, kwargs in changed.items():
        renamed = tuple(names(synth_with_files(tmp_path, b"x = 1\n", **kwargs)))
        assert renamed not in seen, f"changing {what} kept the names or collided"
        seen.add(renamed)
    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    otel = [OtelOptions(endpoint="collector:4317", trace_sampling_ratio=ratio).apply(spec) for ratio in (0.1, 0.2)]
    first, second = (names(synth_test(item, rerun_on_change=True)) for item in otel)
    assert first != second != names(synth_test(spec, rerun_on_change=True))


def test_the_run_labels_join_the_services_own_labels() -> None:
    from constructs_locust import ServiceOptions

    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    service = synth_test(spec, rerun_on_change=True, service=ServiceOptions(labels={"team": "perf"}))[0]
    suffix = service["metadata"]["name"].rsplit("-", 1)[1]
    assert service["metadata"]["labels"] == {
        "team": "perf",
        "performance-test-name": "demo",
        "performance-test-run": suffix,
    }

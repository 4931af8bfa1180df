"""OtelOptions.identity: every Locust process says which pod, test, run and role it is, in CR fields only."""

import warnings
from typing import Any

import cdk8s
import kubernetes_validate
import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from constructs_locust import (
    ForkedProcessesWarning,
    LocustTest,
    LocustTestResource,
    LocustTestSpec,
    LocustTestWarning,
    OtelOptions,
    SecretKeyRef,
    SpecError,
)
from constructs_locust.otel._identity import IDENTITY_ATTRIBUTES, ROLE_ANNOTATION
from tests.e2e.kubelet import Pod, container_env, expand
from tests.support import minimal_cr_spec
from tests.test_kube_yaml import KUBECTL, kubectl_read
from tests.test_schema import KUBERNETES_VERSIONS

ENDPOINT = "otel-collector.monitoring:4317"


def base_spec(**overrides: Any) -> LocustTestSpec:
    return LocustTestSpec.from_cr(minimal_cr_spec(**overrides))


def applied(spec: LocustTestSpec | None = None, **kwargs: Any) -> LocustTestSpec:
    return OtelOptions(endpoint=ENDPOINT, insecure=True, **kwargs).apply(spec or base_spec())


def synth(spec: LocustTestSpec, *, rerun_on_change: bool = False) -> list[dict[str, Any]]:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "identity", namespace="load")
    LocustTest(chart, "checkout", spec=spec, rerun_on_change=rerun_on_change)
    return list(cdk8s.Testing.synth(chart))


def pod_template(manifests: list[dict[str, Any]], role: str) -> dict[str, Any]:
    (job,) = [m for m in manifests if m["kind"] == "Job" and f"-{role}" in m["metadata"]["name"]]
    return dict(job["spec"]["template"])


def names(env: list[dict[str, Any]]) -> list[str]:
    return [entry["name"] for entry in env]


def test_snapshot_of_a_test_with_identity(snapshot: SnapshotAssertion) -> None:
    """The CR fields identity writes, and the worker's env and pod metadata as rendered."""
    spec = applied(resource_attributes={"deployment.environment": "staging"})
    cr = spec.to_cr()
    worker = pod_template(synth(spec), "worker")
    record = {
        "cr": {key: cr[key] for key in ("master", "worker", "env")},
        "workerAnnotations": worker["metadata"]["annotations"],
        "workerEnv": [e for e in worker["spec"]["containers"][0]["env"] if not e["name"].startswith("KAFKA_")],
    }
    assert yaml.safe_dump(record, sort_keys=False, width=1000) == snapshot


def test_the_downward_api_variables_come_before_the_attributes_that_reference_them() -> None:
    """The kubelet expands ``$(NAME)`` only from earlier variables: every reference resolves."""
    for role in ("master", "worker"):
        env = pod_template(synth(applied()), role)["spec"]["containers"][0]["env"]
        order = names(env)
        attributes = order.index("OTEL_RESOURCE_ATTRIBUTES")
        for variable in ("K8S_POD_NAME", "K8S_NAMESPACE_NAME", "K8S_JOB_NAME", "PERFORMANCE_TEST_NAME"):
            assert order.index(variable) < attributes
        assert order.index("OTEL_EXPORTER_OTLP_ENDPOINT") < order.index("K8S_POD_NAME")  # after the operator's


def test_the_kubelet_resolves_every_attribute_from_the_pod() -> None:
    """Resolved as the kubelet would for a worker pod of a content-addressed run."""
    manifests = synth(applied(), rerun_on_change=True)
    template = pod_template(manifests, "worker")
    run = template["metadata"]["labels"]["performance-test-run"]
    pod = Pod(
        name=f"checkout-worker-{run}-x7k2p",
        namespace="load",
        labels=template["metadata"]["labels"],
        annotations=template["metadata"]["annotations"],
    )
    env = container_env(template["spec"]["containers"][0]["env"], pod, {}, "worker")
    attributes = dict(item.split("=", 1) for item in env["OTEL_RESOURCE_ATTRIBUTES"].split(","))
    assert attributes == {
        "service.instance.id": f"load.checkout-worker-{run}-x7k2p",
        "k8s.namespace.name": "load",
        "k8s.pod.name": f"checkout-worker-{run}-x7k2p",
        "k8s.job.name": f"checkout-worker-{run}",
        "locust.test.name": "checkout",
        "locust.test.run": run,
        "locust.role": "worker",
    }


def test_the_run_label_reaches_the_pods_only_when_identity_asks_for_it() -> None:
    with_identity = synth(applied(), rerun_on_change=True)
    without = synth(applied(identity=False), rerun_on_change=True)
    for role in ("master", "worker"):
        assert "performance-test-run" in pod_template(with_identity, role)["metadata"]["labels"]
        assert "performance-test-run" not in pod_template(without, role)["metadata"]["labels"]


def test_without_rerun_on_change_the_run_is_empty() -> None:
    """No run label on the pods: the downward API gives ``""``, an empty label Prometheus drops."""
    template = pod_template(synth(applied()), "master")
    pod = Pod(name="checkout-master-abcde", namespace="load", labels=template["metadata"]["labels"])
    env = container_env(template["spec"]["containers"][0]["env"], pod, {}, "master")
    assert "locust.test.run=," in env["OTEL_RESOURCE_ATTRIBUTES"]


def test_each_role_is_named_by_its_pod_annotation() -> None:
    spec = applied()
    assert spec.master.annotations == {ROLE_ANNOTATION: "master"}
    assert spec.worker.annotations == {ROLE_ANNOTATION: "worker"}
    kept = applied(base_spec(master={"command": "x", "annotations": {"team": "a"}}))
    assert kept.master.annotations == {"team": "a", ROLE_ANNOTATION: "master"}


def test_a_users_resource_attributes_follow_the_identity_with_dollars_kept_literal() -> None:
    spec = applied(resource_attributes={"team": "a,b", "price": "$(HOME)"})
    (variable,) = [v for v in (spec.env.variables if spec.env else ()) if v["name"] == "OTEL_RESOURCE_ATTRIBUTES"]
    assert variable["value"].endswith(",team=a%2Cb,price=$$(HOME)")
    assert expand(variable["value"], {"HOME": "/root"}).endswith("price=$(HOME)")
    otel = spec.open_telemetry
    assert otel is not None and "OTEL_RESOURCE_ATTRIBUTES" not in (otel.extra_env_vars or {})


def test_identity_off_is_the_options_output_before_identity() -> None:
    spec = applied(identity=False, resource_attributes={"team": "a"})
    otel = spec.open_telemetry
    assert otel is not None and (otel.extra_env_vars or {})["OTEL_RESOURCE_ATTRIBUTES"] == "team=a"
    assert spec.env is None and spec.master.annotations is None and spec.worker.annotations is None


def test_a_plain_cr_stays_as_written() -> None:
    """Identity is the typed options' only: a CR with OpenTelemetry gets none of it."""
    spec = base_spec(observability={"openTelemetry": {"enabled": True, "endpoint": ENDPOINT}})
    env = pod_template(synth(spec), "worker")["spec"]["containers"][0]["env"]
    assert "OTEL_RESOURCE_ATTRIBUTES" not in names(env) and "K8S_POD_NAME" not in names(env)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"resource_attributes": {"service.instance.id": "x"}}, "OtelOptions.resource_attributes.service.instance.id"),
        ({"resource_attributes": {"locust.role": "x"}}, "OtelOptions.resource_attributes.locust.role"),
        (
            {"extra_env_vars": {"OTEL_RESOURCE_ATTRIBUTES": "a=b"}},
            "OtelOptions.extra_env_vars.OTEL_RESOURCE_ATTRIBUTES",
        ),
        ({"identity": "yes"}, "OtelOptions.identity"),
    ],
)
def test_an_attribute_given_twice_is_refused(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(SpecError, match=path.replace(".", r"\.")):
        OtelOptions(endpoint=ENDPOINT, **kwargs)


def test_identity_off_accepts_what_identity_sets() -> None:
    OtelOptions(endpoint=ENDPOINT, identity=False, resource_attributes={"service.instance.id": "x"})


def test_a_spec_variable_or_annotation_that_identity_sets_is_refused() -> None:
    spec = base_spec(env={"variables": [{"name": "K8S_POD_NAME", "value": "x"}]})
    with pytest.raises(SpecError, match=r"spec\.env\.variables\[0\]\.name"):
        applied(spec)
    spec = base_spec(worker={"command": "x", "replicas": 1, "annotations": {ROLE_ANNOTATION: "master"}})
    with pytest.raises(SpecError, match=r"spec\.worker\.annotations\.resource\.opentelemetry\.io/locust\.role"):
        applied(spec)


@pytest.mark.parametrize(
    "overrides",
    [
        {"worker": {"command": "-f a.py --processes 4", "replicas": 1}},
        {"worker": {"command": "-f a.py", "replicas": 1, "extraArgs": ["--processes=-1"]}},
        {"master": {"command": "-f a.py", "extraArgs": ["--processes", "2"]}},
        {"env": {"variables": [{"name": "LOCUST_PROCESSES", "value": "4"}]}},
    ],
)
def test_forked_processes_warn(overrides: dict[str, Any]) -> None:
    with pytest.warns(ForkedProcessesWarning, match="--processes"):
        applied(base_spec(**overrides))


def test_no_warning_without_processes_or_without_identity() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", LocustTestWarning)
        applied()
        applied(base_spec(worker={"command": "-f a.py --processes 4", "replicas": 1}), identity=False)


def test_locust_test_resource_emits_the_equivalent_cr() -> None:
    """The operator gets the same CR fields, so its pods say who they are too."""
    spec = applied(headers_secret=SecretKeyRef(name="otlp", key="headers"))
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "cr", namespace="load")
    LocustTestResource(chart, "checkout", spec=spec)
    (cr,) = cdk8s.Testing.synth(chart)
    assert LocustTestSpec.from_cr(cr["spec"]) == spec
    variables = names(cr["spec"]["env"]["variables"])
    assert variables[0] == "OTEL_EXPORTER_OTLP_HEADERS" and variables[-1] == "OTEL_RESOURCE_ATTRIBUTES"
    assert set(IDENTITY_ATTRIBUTES) <= {
        item.split("=", 1)[0] for item in cr["spec"]["env"]["variables"][-1]["value"].split(",")
    }


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("rerun", [False, True])
def test_manifests_with_identity_pass_strict_schema_validation(version: str, rerun: bool) -> None:
    for manifest in synth(applied(), rerun_on_change=rerun):
        kubernetes_validate.validate(manifest, version, strict=True)


@pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")
def test_kubectl_reads_the_manifests_back_unchanged(tmp_path: Any) -> None:
    manifests = synth(applied(), rerun_on_change=True)
    read = kubectl_read(yaml.safe_dump_all(manifests, sort_keys=False), tmp_path)
    assert read == manifests

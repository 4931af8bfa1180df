"""The operator's own Go unit-test expectations (docs/explanation/operator-behaviour.md §12), one rule per test.

Input is the Go tests' fixture ``newTestLocustTest`` (name my-test, namespace default, image
locustio/locust:latest, pull policy Always, command ``locust -f /lotest/src/test.py`` for
both roles, 3 workers, test files in ConfigMap my-test-configmap), changed per test. Where the
Go tests use ``newTestConfig()`` the operator config is its Go defaults
(``OperatorDefaults.go_defaults()``: no affinity/toleration injection, exporter pulled Always
with the pod resources); tests about a Helm install say so.
"""

import copy
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import pytest

from constructs_locust import LocustTestSpec, OperatorDefaults, ResourceDefaults, SpecError, render_manifests
from constructs_locust.spec._flags import conflicting_flags
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT, operator_message

COMMAND = "locust -f /lotest/src/test.py"
GO = OperatorDefaults.go_defaults()


def new_test_locust_test(**changes: Any) -> dict[str, Any]:
    """The Go fixture's spec; ``changes`` are merged in (mappings recursively, ``None`` deletes)."""
    spec: dict[str, Any] = {
        "image": "locustio/locust:latest",
        "imagePullPolicy": "Always",
        "master": {"command": COMMAND},
        "worker": {"command": COMMAND, "replicas": 3},
        "testFiles": {"configMapRef": "my-test-configmap"},
    }
    return _merge(spec, changes)


def _merge(base: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = _merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def render(spec: dict[str, Any], *, name: str = "my-test", defaults: OperatorDefaults = GO):
    """Build the spec from its CR mapping and render the three objects (namespace default)."""
    return render_manifests(LocustTestSpec.from_cr(spec), name, "default", defaults)


def pod(job: dict[str, Any]) -> dict[str, Any]:
    return job["spec"]["template"]["spec"]


def locust(job: dict[str, Any]) -> dict[str, Any]:
    (container,) = pod(job)["containers"]
    return container


def env_names(container: dict[str, Any]) -> list[str]:
    return [variable["name"] for variable in container.get("env", [])]


def amounts(resources: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Fraction]]:
    """Requests/limits as values, so ``1000m`` equals ``1`` (docs/explanation/operator-behaviour.md §11)."""
    suffixes = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "m": Fraction(1, 1000), "k": 10**3, "M": 10**6, "G": 10**9}

    def value(text: Any) -> Fraction:
        text = str(text)
        for suffix, factor in suffixes.items():
            if text.endswith(suffix):
                return Fraction(text[: -len(suffix)]) * factor
        return Fraction(text)

    return {bound: {key: value(amount) for key, amount in values.items()} for bound, values in resources.items()}


def refusal(spec: dict[str, Any], name: str = "my-test") -> str:
    """The message of the SpecError that building and rendering ``spec`` raises."""
    with pytest.raises(SpecError) as caught:
        render(spec, name=name)
    return str(caught.value)


# ---------------------------------------------------------------------------------------------
# job_test.go
# ---------------------------------------------------------------------------------------------


def test_jobs_are_named_after_the_node_in_the_cr_namespace() -> None:
    objects = render(new_test_locust_test())
    for job, node in ((objects.master_job, "my-test-master"), (objects.worker_job, "my-test-worker")):
        assert job["metadata"] == {"name": node, "namespace": "default"}
        assert (job["apiVersion"], job["kind"]) == ("batch/v1", "Job")


def test_master_parallelism_is_one() -> None:
    assert render(new_test_locust_test()).master_job["spec"]["parallelism"] == 1


def test_worker_parallelism_is_worker_replicas() -> None:
    assert render(new_test_locust_test(worker={"replicas": 5})).worker_job["spec"]["parallelism"] == 5


def test_backoff_limit_is_zero_and_completions_unset() -> None:
    objects = render(new_test_locust_test())
    for job in (objects.master_job, objects.worker_job):
        assert job["spec"]["backoffLimit"] == 0
        assert "completions" not in job["spec"]


def test_master_pod_has_locust_container_and_exporter_init_container() -> None:
    master = pod(render(new_test_locust_test()).master_job)
    assert [container["name"] for container in master["containers"]] == ["my-test-master"]
    assert [container["name"] for container in master["initContainers"]] == ["locust-metrics-exporter"]


def test_worker_pod_has_only_the_locust_container() -> None:
    worker = pod(render(new_test_locust_test()).worker_job)
    assert [container["name"] for container in worker["containers"]] == ["my-test-worker"]
    assert "initContainers" not in worker


def test_ttl_seconds_after_finished_comes_from_config() -> None:
    objects = render(new_test_locust_test(), defaults=attrs.evolve(GO, job_ttl_seconds_after_finished=3600))
    assert objects.master_job["spec"]["ttlSecondsAfterFinished"] == 3600
    assert objects.worker_job["spec"]["ttlSecondsAfterFinished"] == 3600


def test_ttl_seconds_after_finished_is_omitted_when_unset() -> None:
    objects = render(new_test_locust_test())
    assert "ttlSecondsAfterFinished" not in objects.master_job["spec"]
    assert "ttlSecondsAfterFinished" not in objects.worker_job["spec"]


def test_image_pull_secrets_are_kept_in_order() -> None:
    secrets = [{"name": "my-registry-secret"}, {"name": "another-secret"}]
    objects = render(new_test_locust_test(imagePullSecrets=secrets))
    assert pod(objects.master_job)["imagePullSecrets"] == secrets
    assert pod(objects.worker_job)["imagePullSecrets"] == secrets


def test_lib_config_map_adds_locust_lib_volume_and_mount() -> None:
    master_job = render(new_test_locust_test(testFiles={"libConfigMapRef": "my-lib-configmap"})).master_job
    assert pod(master_job)["volumes"] == [
        {"name": "my-test-master", "configMap": {"name": "my-test-configmap"}},
        {"name": "locust-lib", "configMap": {"name": "my-lib-configmap"}},
    ]
    assert locust(master_job)["volumeMounts"] == [
        {"name": "my-test-master", "mountPath": "/lotest/src"},
        {"name": "locust-lib", "mountPath": "/opt/locust/lib"},
    ]


def test_master_pod_labels_name_the_test_the_node_and_the_operator() -> None:
    labels = render(new_test_locust_test()).master_job["spec"]["template"]["metadata"]["labels"]
    assert labels == {
        "app": "my-test",
        "performance-test-pod-name": "my-test-master",
        "managed-by": "locust-k8s-operator",
        "performance-test-name": "my-test",
    }


def test_master_pod_has_prometheus_scrape_annotations() -> None:
    metadata = render(new_test_locust_test()).master_job["spec"]["template"]["metadata"]
    assert metadata["annotations"] == {
        "prometheus.io/scrape": "true",
        "prometheus.io/path": "/metrics",
        "prometheus.io/port": "9646",
    }


def test_worker_pod_has_no_prometheus_annotations() -> None:
    metadata = render(new_test_locust_test()).worker_job["spec"]["template"]["metadata"]
    assert not any(key.startswith("prometheus.io/") for key in metadata.get("annotations", {}))


def test_default_resources_are_the_pod_defaults_canonicalised() -> None:
    resources = locust(render(new_test_locust_test()).master_job)["resources"]
    assert amounts(resources) == amounts(
        {
            "requests": {"cpu": "250m", "memory": "128Mi", "ephemeral-storage": "30M"},
            "limits": {"cpu": "1", "memory": "1Gi", "ephemeral-storage": "50M"},
        }
    )


AFFINITY = {
    "nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [{"key": "pool", "operator": "In", "values": ["load"]}]}]
        }
    }
}
TOLERATIONS = [{"key": "dedicated", "operator": "Equal", "value": "load", "effect": "NoSchedule"}]


@pytest.mark.parametrize("inject", [False, True])
def test_affinity_is_injected_only_when_the_config_flag_is_on(inject: bool) -> None:
    objects = render(
        new_test_locust_test(scheduling={"affinity": AFFINITY}), defaults=attrs.evolve(GO, inject_affinity=inject)
    )
    for job in (objects.master_job, objects.worker_job):
        assert pod(job).get("affinity") == (AFFINITY if inject else None)


@pytest.mark.parametrize("inject", [False, True])
def test_tolerations_are_injected_only_when_the_config_flag_is_on(inject: bool) -> None:
    objects = render(
        new_test_locust_test(scheduling={"tolerations": TOLERATIONS}),
        defaults=attrs.evolve(GO, inject_tolerations=inject),
    )
    for job in (objects.master_job, objects.worker_job):
        assert pod(job).get("tolerations") == (TOLERATIONS if inject else None)


def test_helm_default_install_injects_affinity_and_tolerations() -> None:
    spec = new_test_locust_test(scheduling={"affinity": AFFINITY, "tolerations": TOLERATIONS})
    worker = pod(render(spec, defaults=OperatorDefaults()).worker_job)
    assert (worker["affinity"], worker["tolerations"]) == (AFFINITY, TOLERATIONS)


def test_node_selector_applies_to_both_pods_without_injection_flags() -> None:
    objects = render(new_test_locust_test(scheduling={"nodeSelector": {"disktype": "ssd", "zone": "a"}}))
    assert not GO.inject_affinity and not GO.inject_tolerations
    for job in (objects.master_job, objects.worker_job):
        assert pod(job)["nodeSelector"] == {"disktype": "ssd", "zone": "a"}


def test_node_selector_is_absent_when_unset() -> None:
    objects = render(new_test_locust_test())
    assert "nodeSelector" not in pod(objects.master_job)
    assert "nodeSelector" not in pod(objects.worker_job)


@pytest.mark.parametrize(
    ("cr_value", "default", "expected"),
    [
        ("gvisor", "kata", "gvisor"),  # the CR wins over the default
        ("", "kata", None),  # "" opts out of the default
        (None, "kata", "kata"),  # CR silent: the default
        (None, "", None),  # neither: unset
    ],
)
def test_runtime_class_name_precedence(cr_value: str | None, default: str, expected: str | None) -> None:
    scheduling = {} if cr_value is None else {"runtimeClassName": cr_value}
    objects = render(
        new_test_locust_test(scheduling=scheduling), defaults=attrs.evolve(GO, default_runtime_class_name=default)
    )
    for job in (objects.master_job, objects.worker_job):
        assert pod(job).get("runtimeClassName") == expected


def test_empty_image_pull_policy_defaults_to_if_not_present() -> None:
    objects = render(new_test_locust_test(imagePullPolicy=None))
    assert locust(objects.master_job)["imagePullPolicy"] == "IfNotPresent"
    assert locust(objects.worker_job)["imagePullPolicy"] == "IfNotPresent"


def test_image_and_pull_policy_come_from_the_cr() -> None:
    container = locust(render(new_test_locust_test()).master_job)
    assert (container["image"], container["imagePullPolicy"]) == ("locustio/locust:latest", "Always")


def test_no_config_map_means_no_volumes_and_no_mounts() -> None:
    objects = render(new_test_locust_test(testFiles=None))
    for job in (objects.master_job, objects.worker_job):
        assert not pod(job).get("volumes")
        assert not locust(job).get("volumeMounts")


def test_kafka_env_vars_are_always_present() -> None:
    for job in render(new_test_locust_test())[1:]:
        assert env_names(locust(job))[:7] == [
            "KAFKA_BOOTSTRAP_SERVERS",
            "KAFKA_SECURITY_ENABLED",
            "KAFKA_SECURITY_PROTOCOL_CONFIG",
            "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_USERNAME",
            "KAFKA_PASSWORD",
        ]


def test_empty_kafka_values_have_no_value_key() -> None:
    env = locust(render(new_test_locust_test()).master_job)["env"]
    assert env[:7] == [
        {"name": "KAFKA_BOOTSTRAP_SERVERS", "value": "localhost:9092"},
        {"name": "KAFKA_SECURITY_ENABLED", "value": "false"},
        {"name": "KAFKA_SECURITY_PROTOCOL_CONFIG", "value": "SASL_PLAINTEXT"},
        {"name": "KAFKA_SASL_MECHANISM", "value": "SCRAM-SHA-512"},
        {"name": "KAFKA_SASL_JAAS_CONFIG"},
        {"name": "KAFKA_USERNAME"},
        {"name": "KAFKA_PASSWORD"},
    ]


def test_secret_mount_adds_secret_volume_and_read_only_mount_to_both_pods() -> None:
    spec = new_test_locust_test(env={"secretMounts": [{"name": "tls-certs", "mountPath": "/etc/locust/certs"}]})
    for job in render(spec)[1:]:
        assert {"name": "secret-tls-certs", "secret": {"secretName": "tls-certs"}} in pod(job)["volumes"]
        assert locust(job)["volumeMounts"][-1] == {
            "name": "secret-tls-certs",
            "mountPath": "/etc/locust/certs",
            "readOnly": True,  # CRD default
        }


def test_secret_mount_read_only_false_is_omitted_like_go_omitempty() -> None:
    spec = new_test_locust_test(env={"secretMounts": [{"name": "tls", "mountPath": "/etc/tls", "readOnly": False}]})
    assert locust(render(spec).master_job)["volumeMounts"][-1] == {"name": "secret-tls", "mountPath": "/etc/tls"}


def test_user_volume_mounted_only_on_workers_is_absent_from_the_master() -> None:
    spec = new_test_locust_test(
        volumes=[{"name": "certs", "emptyDir": {}}],
        volumeMounts=[{"name": "certs", "mountPath": "/certs", "target": "worker"}],
    )
    objects = render(spec)
    assert [volume["name"] for volume in pod(objects.master_job)["volumes"]] == ["my-test-master"]
    assert [mount["name"] for mount in locust(objects.master_job)["volumeMounts"]] == ["my-test-master"]
    assert pod(objects.worker_job)["volumes"][-1] == {"name": "certs", "emptyDir": {}}
    assert locust(objects.worker_job)["volumeMounts"][-1] == {"name": "certs", "mountPath": "/certs"}


OTEL = {"openTelemetry": {"enabled": True, "endpoint": "otel-collector:4317"}}


def test_master_with_otel_disabled_has_the_exporter_sidecar() -> None:
    spec = new_test_locust_test(observability={"openTelemetry": {"enabled": False, "endpoint": "x:4317"}})
    assert pod(render(spec).master_job)["initContainers"][0]["name"] == "locust-metrics-exporter"


def test_master_with_otel_enabled_has_no_sidecar() -> None:
    assert "initContainers" not in pod(render(new_test_locust_test(observability=OTEL)).master_job)


def test_master_without_observability_has_the_exporter_sidecar() -> None:
    assert len(pod(render(new_test_locust_test()).master_job)["initContainers"]) == 1


def test_worker_with_otel_enabled_has_no_sidecar() -> None:
    assert "initContainers" not in pod(render(new_test_locust_test(observability=OTEL)).worker_job)


def test_otel_enabled_adds_otel_env_vars_to_both_locust_containers() -> None:
    for job in render(new_test_locust_test(observability=OTEL))[1:]:
        assert env_names(locust(job))[7:] == [
            "OTEL_TRACES_EXPORTER",
            "OTEL_METRICS_EXPORTER",
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_PROTOCOL",
        ]


def test_otel_enabled_puts_otel_flag_in_both_commands() -> None:
    for job in render(new_test_locust_test(observability=OTEL))[1:]:
        assert "--otel" in locust(job)["args"]


def test_otel_disabled_commands_have_no_otel_flag() -> None:
    for job in render(new_test_locust_test())[1:]:
        assert "--otel" not in locust(job)["args"]


def test_otel_disabled_ignores_endpoint_and_extra_env_vars() -> None:
    otel = {"openTelemetry": {"enabled": False, "endpoint": "x:4317", "extraEnvVars": {"OTEL_A": "1"}}}
    objects = render(new_test_locust_test(observability=otel))
    assert not any(name.startswith("OTEL_") for name in env_names(locust(objects.master_job)))
    assert len(objects.master_service["spec"]["ports"]) == 3


def test_otel_extra_env_vars_are_present() -> None:
    otel = {"openTelemetry": {"enabled": True, "endpoint": "c:4317", "extraEnvVars": {"OTEL_SERVICE_NAME": "x"}}}
    env = locust(render(new_test_locust_test(observability=otel)).master_job)["env"]
    assert {"name": "OTEL_SERVICE_NAME", "value": "x"} in env


def test_cr_resources_are_used_verbatim_without_ephemeral_storage() -> None:
    resources = {"requests": {"cpu": "500m", "memory": "256Mi"}, "limits": {"cpu": "2000m", "memory": "2Gi"}}
    actual = locust(render(new_test_locust_test(master={"resources": resources})).master_job)["resources"]
    assert amounts(actual) == amounts(
        {"requests": {"cpu": "500m", "memory": "256Mi"}, "limits": {"cpu": "2", "memory": "2Gi"}}
    )


def test_cr_resources_with_only_limits_are_a_complete_override() -> None:
    actual = locust(render(new_test_locust_test(worker={"resources": {"limits": {"cpu": "2"}}})).worker_job)
    assert amounts(actual["resources"]) == amounts({"limits": {"cpu": "2"}})


def test_cr_resources_with_only_claims_count_as_unset() -> None:
    spec = new_test_locust_test(master={"resources": {"claims": [{"name": "gpu"}]}})
    resources = locust(render(spec).master_job)["resources"]
    assert amounts({bound: resources[bound] for bound in ("requests", "limits")}) == amounts(
        {
            "requests": {"cpu": "250m", "memory": "128Mi", "ephemeral-storage": "30M"},
            "limits": {"cpu": "1", "memory": "1Gi", "ephemeral-storage": "50M"},
        }
    )


def test_no_cr_resources_uses_the_pod_defaults() -> None:
    actual = locust(render(new_test_locust_test()).master_job)["resources"]
    assert amounts(actual) == amounts(
        {
            "requests": {"cpu": "250m", "memory": "128Mi", "ephemeral-storage": "30M"},
            "limits": {"cpu": "1", "memory": "1Gi", "ephemeral-storage": "50M"},
        }
    )


def test_cr_master_resources_leave_the_worker_on_defaults() -> None:
    resources = {"requests": {"cpu": "500m"}, "limits": {"cpu": "2"}}
    worker = locust(render(new_test_locust_test(master={"resources": resources})).worker_job)["resources"]
    assert amounts(worker)["requests"]["cpu"] == Fraction(1, 4)
    assert amounts(worker)["limits"]["memory"] == 2**30


def test_role_specific_config_resources_fall_back_per_field_to_pod_defaults() -> None:
    master_config = ResourceDefaults(cpu_request="500m", memory_request="512Mi", cpu_limit="2000m", memory_limit="2Gi")
    objects = render(new_test_locust_test(), defaults=attrs.evolve(GO, master_resources=master_config))
    assert amounts(locust(objects.master_job)["resources"]) == amounts(
        {
            "requests": {"cpu": "500m", "memory": "512Mi", "ephemeral-storage": "30M"},
            "limits": {"cpu": "2", "memory": "2Gi", "ephemeral-storage": "50M"},
        }
    )


def test_worker_specific_config_resources_leave_the_master_on_pod_defaults() -> None:
    worker_config = ResourceDefaults(
        cpu_request="300m", memory_request="256Mi", cpu_limit="1500m", memory_limit="1536Mi"
    )
    objects = render(new_test_locust_test(), defaults=attrs.evolve(GO, worker_resources=worker_config))
    worker = amounts(locust(objects.worker_job)["resources"])
    master = amounts(locust(objects.master_job)["resources"])
    assert (worker["requests"]["cpu"], worker["requests"]["memory"]) == (Fraction(3, 10), 256 * 2**20)
    assert (worker["limits"]["cpu"], worker["limits"]["memory"]) == (Fraction(3, 2), 1536 * 2**20)
    assert (master["requests"]["cpu"], master["requests"]["memory"]) == (Fraction(1, 4), 128 * 2**20)


def test_cr_resources_override_role_specific_config() -> None:
    master_config = ResourceDefaults(cpu_request="500m", memory_request="512Mi", cpu_limit="2000m", memory_limit="2Gi")
    resources = {"requests": {"cpu": "1000m", "memory": "1Gi"}, "limits": {"cpu": "3000m", "memory": "3Gi"}}
    objects = render(
        new_test_locust_test(master={"resources": resources}), defaults=attrs.evolve(GO, master_resources=master_config)
    )
    assert amounts(locust(objects.master_job)["resources"]) == amounts(
        {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "3", "memory": "3Gi"}}
    )


def test_pod_security_context_defaults_to_runtime_default_seccomp_only() -> None:
    for job in render(new_test_locust_test())[1:]:
        assert pod(job)["securityContext"] == {"seccompProfile": {"type": "RuntimeDefault"}}


def test_cr_pod_security_context_is_a_complete_override() -> None:
    context = {"runAsUser": 1000, "runAsGroup": 3000, "fsGroup": 2000}
    for job in render(new_test_locust_test(security={"podSecurityContext": context}))[1:]:
        assert pod(job)["securityContext"] == context  # no seccompProfile added


def test_container_security_context_only_leaves_the_pod_default() -> None:
    context = {"runAsNonRoot": True, "readOnlyRootFilesystem": True}
    objects = render(new_test_locust_test(security={"containerSecurityContext": context}))
    for job in objects[1:]:
        assert pod(job)["securityContext"] == {"seccompProfile": {"type": "RuntimeDefault"}}
        assert locust(job)["securityContext"] == context
    exporter = pod(objects.master_job)["initContainers"][0]
    assert exporter["securityContext"]["allowPrivilegeEscalation"] is False


def test_locust_container_has_no_security_context_by_default() -> None:
    assert "securityContext" not in locust(render(new_test_locust_test()).master_job)


def test_metrics_exporter_has_hardened_security_context() -> None:
    exporter = pod(render(new_test_locust_test()).master_job)["initContainers"][0]
    assert exporter["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "readOnlyRootFilesystem": True,
    }


def test_metrics_exporter_is_a_native_sidecar() -> None:
    exporter = pod(render(new_test_locust_test()).master_job)["initContainers"][0]
    assert exporter["restartPolicy"] == "Always"


def test_metrics_exporter_with_go_defaults_pulls_always_with_pod_resources() -> None:
    exporter = pod(render(new_test_locust_test()).master_job)["initContainers"][0]
    assert exporter["image"] == "containersol/locust_exporter:v0.5.0"
    assert exporter["imagePullPolicy"] == "Always"
    assert exporter["ports"] == [{"containerPort": 9646}]
    assert exporter["env"] == [
        {"name": "LOCUST_EXPORTER_URI", "value": "http://localhost:8089"},
        {"name": "LOCUST_EXPORTER_WEB_LISTEN_ADDRESS", "value": ":9646"},
    ]
    assert amounts(exporter["resources"]) == amounts(
        {
            "requests": {"cpu": "250m", "memory": "128Mi", "ephemeral-storage": "30M"},
            "limits": {"cpu": "1", "memory": "1Gi", "ephemeral-storage": "50M"},
        }
    )


def test_metrics_exporter_with_helm_defaults_pulls_if_not_present_with_small_resources() -> None:
    exporter = pod(render(new_test_locust_test(), defaults=OperatorDefaults()).master_job)["initContainers"][0]
    assert exporter["imagePullPolicy"] == "IfNotPresent"
    assert amounts(exporter["resources"]) == amounts(
        {
            "requests": {"cpu": "100m", "memory": "64Mi", "ephemeral-storage": "30M"},
            "limits": {"cpu": "250m", "memory": "128Mi", "ephemeral-storage": "50M"},
        }
    )


def test_pod_restart_policy_is_never() -> None:
    for job in render(new_test_locust_test())[1:]:
        assert pod(job)["restartPolicy"] == "Never"


def test_container_ports_master_5557_5558_8089_worker_8080() -> None:
    objects = render(new_test_locust_test())
    assert locust(objects.master_job)["ports"] == [{"containerPort": p} for p in (5557, 5558, 8089)]
    assert locust(objects.worker_job)["ports"] == [{"containerPort": 8080}]


def test_locust_container_uses_args_not_command() -> None:
    container = locust(render(new_test_locust_test()).master_job)
    assert "command" not in container
    assert container["args"][:3] == ["locust", "-f", "/lotest/src/test.py"]


# ---------------------------------------------------------------------------------------------
# command_test.go
# ---------------------------------------------------------------------------------------------


def master_args(**changes: Any) -> list[str]:
    return locust(render(new_test_locust_test(**changes)).master_job)["args"]


def worker_args(**changes: Any) -> list[str]:
    return locust(render(new_test_locust_test(**changes)).worker_job)["args"]


def test_master_command_is_seed_then_master_flags() -> None:
    assert " ".join(master_args(worker={"replicas": 5})) == (
        "locust -f /lotest/src/test.py --master --master-port=5557 --expect-workers=5 "
        "--autostart --autoquit 60 --enable-rebalancing --only-summary"
    )


def test_master_command_splits_on_runs_of_whitespace() -> None:
    args = master_args(master={"command": "locust   -f   /lotest/src/test.py"})
    assert args[:4] == ["locust", "-f", "/lotest/src/test.py", "--master"]


def test_worker_command_points_at_the_master_service() -> None:
    assert worker_args() == [
        "locust",
        "-f",
        "/lotest/src/test.py",
        "--worker",
        "--master-port=5557",
        "--master-host=my-test-master",
    ]


def test_master_command_puts_otel_before_master() -> None:
    args = master_args(observability=OTEL)
    assert args[3] == "--otel"
    assert args.index("--otel") < args.index("--master")


def test_worker_command_puts_otel_before_worker() -> None:
    args = worker_args(observability=OTEL)
    assert args[3] == "--otel"
    assert args.index("--otel") < args.index("--worker")


def test_autostart_false_drops_the_autostart_flag() -> None:
    assert "--autostart" not in master_args(master={"autostart": False})


def test_autoquit_disabled_drops_the_autoquit_flag() -> None:
    assert "--autoquit" not in master_args(master={"autoquit": {"enabled": False, "timeout": 30}})


def test_autoquit_custom_timeout_is_two_args() -> None:
    args = master_args(master={"autoquit": {"enabled": True, "timeout": 120}})
    assert args[args.index("--autoquit") + 1] == "120"


def test_autoquit_absent_defaults_to_60() -> None:
    args = master_args()
    assert args[args.index("--autoquit") + 1] == "60"


def test_autoquit_enabled_without_timeout_gets_the_crd_default_60() -> None:
    args = master_args(master={"autoquit": {"enabled": True}})
    assert args[args.index("--autoquit") + 1] == "60"  # not 0: CRD defaults are applied


def test_master_extra_args_are_appended_after_only_summary() -> None:
    args = master_args(master={"extraArgs": ["--csv=results", "--loglevel", "DEBUG"]})
    assert args[-4:] == ["--only-summary", "--csv=results", "--loglevel", "DEBUG"]


def test_worker_extra_args_are_appended_last() -> None:
    assert worker_args(worker={"extraArgs": ["--loglevel=DEBUG"]})[-2:] == [
        "--master-host=my-test-master",
        "--loglevel=DEBUG",
    ]


def test_detect_flag_conflicts_flags_operator_flags_only() -> None:
    assert conflicting_flags(("--master-port=9999", "--worker", "--csv=results", "--otel")) == [
        "--master-port=9999",
        "--worker",
        "--otel",
    ]
    assert conflicting_flags(("--csv=results",)) == []


def test_conflicting_extra_args_are_kept_not_removed() -> None:
    args = master_args(master={"extraArgs": ["--master-port=9999"]})
    assert args[-1] == "--master-port=9999"
    assert "--master-port=5557" in args


# ---------------------------------------------------------------------------------------------
# otel_test.go / env_test.go
# ---------------------------------------------------------------------------------------------


def otel_env(otel: dict[str, Any]) -> list[dict[str, str]]:
    env = locust(render(new_test_locust_test(observability={"openTelemetry": otel})).master_job)["env"]
    return env[7:]


def test_otel_env_minimal_is_traces_metrics_endpoint_protocol_grpc() -> None:
    assert otel_env({"enabled": True, "endpoint": "otel:4317"}) == [
        {"name": "OTEL_TRACES_EXPORTER", "value": "otlp"},
        {"name": "OTEL_METRICS_EXPORTER", "value": "otlp"},
        {"name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "otel:4317"},
        {"name": "OTEL_EXPORTER_OTLP_PROTOCOL", "value": "grpc"},
    ]


def test_otel_env_full_config_adds_insecure_true() -> None:
    otel = {"enabled": True, "endpoint": "otel:4318", "protocol": "http/protobuf", "insecure": True}
    assert otel_env(otel) == [
        {"name": "OTEL_TRACES_EXPORTER", "value": "otlp"},
        {"name": "OTEL_METRICS_EXPORTER", "value": "otlp"},
        {"name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "otel:4318"},
        {"name": "OTEL_EXPORTER_OTLP_PROTOCOL", "value": "http/protobuf"},
        {"name": "OTEL_EXPORTER_OTLP_INSECURE", "value": "true"},
    ]


def test_otel_env_insecure_false_has_no_insecure_var() -> None:
    names = [var["name"] for var in otel_env({"enabled": True, "endpoint": "otel:4317", "insecure": False})]
    assert "OTEL_EXPORTER_OTLP_INSECURE" not in names


def test_otel_extra_env_vars_follow_the_core_vars_sorted_by_key() -> None:
    extra = {"OTEL_Z": "z", "OTEL_A": "a", "OTEL_M": "m"}
    env = otel_env({"enabled": True, "endpoint": "otel:4317", "extraEnvVars": extra})
    assert env[4:] == [
        {"name": "OTEL_A", "value": "a"},
        {"name": "OTEL_M", "value": "m"},
        {"name": "OTEL_Z", "value": "z"},
    ]


def test_env_order_is_kafka_then_otel_then_user_variables() -> None:
    spec = new_test_locust_test(observability=OTEL, env={"variables": [{"name": "USER_VAR", "value": "v"}]})
    for job in render(spec)[1:]:
        names = env_names(locust(job))
        assert all(name.startswith("KAFKA_") for name in names[0:7])
        assert all(name.startswith("OTEL_") for name in names[7:11])
        assert names[11:] == ["USER_VAR"]


def test_user_variables_are_kept_verbatim_with_value_from() -> None:
    variable = {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}
    env = locust(render(new_test_locust_test(env={"variables": [variable]})).worker_job)["env"]
    assert env[-1] == variable


def test_env_from_lists_config_maps_then_secrets_keeping_prefixes() -> None:
    env = {
        "secretRefs": [{"name": "secret-1", "prefix": "S1_"}, {"name": "secret-2"}],
        "configMapRefs": [{"name": "config-1", "prefix": "C1_"}, {"name": "config-2"}],
    }
    for job in render(new_test_locust_test(env=env))[1:]:
        assert locust(job)["envFrom"] == [
            {"prefix": "C1_", "configMapRef": {"name": "config-1"}},
            {"configMapRef": {"name": "config-2"}},
            {"prefix": "S1_", "secretRef": {"name": "secret-1"}},
            {"secretRef": {"name": "secret-2"}},
        ]


def test_no_env_from_without_refs() -> None:
    assert not locust(render(new_test_locust_test()).master_job).get("envFrom")


# ---------------------------------------------------------------------------------------------
# service_test.go
# ---------------------------------------------------------------------------------------------


def test_service_ports_are_5557_5558_and_metrics_never_8089() -> None:
    service = render(new_test_locust_test()).master_service
    assert service["spec"]["ports"] == [
        {"name": "port5557", "protocol": "TCP", "port": 5557},
        {"name": "port5558", "protocol": "TCP", "port": 5558},
        {"name": "prometheus-metrics", "protocol": "TCP", "port": 9646},
    ]
    assert "type" not in service["spec"]


def test_service_metrics_port_follows_config() -> None:
    objects = render(new_test_locust_test(), defaults=attrs.evolve(GO, metrics_exporter_port=9999))
    assert objects.master_service["spec"]["ports"][2]["port"] == 9999
    exporter = pod(objects.master_job)["initContainers"][0]
    assert exporter["ports"] == [{"containerPort": 9999}]
    assert {"name": "LOCUST_EXPORTER_WEB_LISTEN_ADDRESS", "value": ":9999"} in exporter["env"]
    assert objects.master_job["spec"]["template"]["metadata"]["annotations"]["prometheus.io/port"] == "9999"


def test_service_selects_the_master_pod_and_carries_no_labels() -> None:
    service = render(new_test_locust_test()).master_service
    assert service["spec"]["selector"] == {"performance-test-pod-name": "my-test-master"}
    assert service["metadata"] == {"name": "my-test-master", "namespace": "default"}


def test_service_has_no_metrics_port_when_otel_enabled() -> None:
    ports = render(new_test_locust_test(observability=OTEL)).master_service["spec"]["ports"]
    assert [port["port"] for port in ports] == [5557, 5558]


@pytest.mark.parametrize("observability", [None, {"openTelemetry": {"enabled": False}}], ids=["absent", "disabled"])
def test_service_has_three_ports_when_otel_off(observability: dict[str, Any] | None) -> None:
    ports = render(new_test_locust_test(observability=observability)).master_service["spec"]["ports"]
    assert [port["port"] for port in ports] == [5557, 5558, 9646]


# ---------------------------------------------------------------------------------------------
# labels_test.go
# ---------------------------------------------------------------------------------------------


def test_node_name_replaces_dots_but_labels_keep_the_raw_name() -> None:
    objects = render(new_test_locust_test(), name="team-a.load-test")
    assert objects.master_job["metadata"]["name"] == "team-a-load-test-master"
    assert objects.worker_job["metadata"]["name"] == "team-a-load-test-worker"
    assert objects.master_service["metadata"]["name"] == "team-a-load-test-master"
    labels = objects.master_job["spec"]["template"]["metadata"]["labels"]
    assert labels["app"] == labels["performance-test-name"] == "team-a.load-test"
    assert labels["performance-test-pod-name"] == "team-a-load-test-master"
    assert locust(objects.worker_job)["args"][-1] == "--master-host=team-a-load-test-master"
    assert pod(objects.worker_job)["volumes"][0]["name"] == "team-a-load-test-worker"


def test_user_labels_merge_and_may_override_app_but_not_protected_labels() -> None:
    labels = {
        "team": "perf",
        "app": "custom-app",
        "performance-test-name": "custom-name",
        "performance-test-pod-name": "hijack",
        "managed-by": "someone-else",
    }
    worker_labels = render(new_test_locust_test(worker={"labels": labels})).worker_job["spec"]["template"]["metadata"][
        "labels"
    ]
    assert worker_labels == {
        "app": "custom-app",
        "performance-test-pod-name": "my-test-worker",
        "managed-by": "locust-k8s-operator",
        "performance-test-name": "custom-name",
        "team": "perf",
    }


def test_role_labels_stay_on_their_role() -> None:
    objects = render(new_test_locust_test(master={"labels": {"role": "master"}}))
    assert "role" not in objects.worker_job["spec"]["template"]["metadata"]["labels"]


def test_master_annotations_have_no_prometheus_when_otel_enabled() -> None:
    metadata = render(new_test_locust_test(observability=OTEL)).master_job["spec"]["template"]["metadata"]
    assert not any(key.startswith("prometheus.io/") for key in metadata.get("annotations", {}))


def test_user_annotations_are_merged_and_may_override_prometheus_ones() -> None:
    objects = render(
        new_test_locust_test(
            master={"annotations": {"team": "perf", "prometheus.io/port": "8089"}},
            worker={"annotations": {"sidecar.istio.io/inject": "false"}},
        )
    )
    assert objects.master_job["spec"]["template"]["metadata"]["annotations"] == {
        "prometheus.io/scrape": "true",
        "prometheus.io/path": "/metrics",
        "prometheus.io/port": "8089",
        "team": "perf",
    }
    assert objects.worker_job["spec"]["template"]["metadata"]["annotations"] == {"sidecar.istio.io/inject": "false"}


# ---------------------------------------------------------------------------------------------
# volumes_test.go
# ---------------------------------------------------------------------------------------------


def test_volume_mount_without_target_applies_to_both() -> None:
    spec = new_test_locust_test(
        volumes=[{"name": "data", "emptyDir": {}}], volumeMounts=[{"name": "data", "mountPath": "/data"}]
    )
    for job in render(spec)[1:]:
        assert pod(job)["volumes"][-1] == {"name": "data", "emptyDir": {}}
        assert locust(job)["volumeMounts"][-1] == {"name": "data", "mountPath": "/data"}


def test_invalid_volume_mount_target_is_refused_by_the_schema() -> None:
    spec = new_test_locust_test(
        volumes=[{"name": "data", "emptyDir": {}}],
        volumeMounts=[{"name": "data", "mountPath": "/data", "target": "everyone"}],
    )
    message = refusal(spec)
    assert "spec.volumeMounts[0].target" in message
    assert '"everyone"' in message


def test_volume_is_included_only_in_pods_that_mount_it() -> None:
    spec = new_test_locust_test(
        volumes=[{"name": "m", "emptyDir": {}}, {"name": "unused", "emptyDir": {}}, {"name": "w", "emptyDir": {}}],
        volumeMounts=[
            {"name": "w", "mountPath": "/w", "target": "worker"},
            {"name": "m", "mountPath": "/m", "target": "master"},
        ],
    )
    objects = render(spec)
    assert [volume["name"] for volume in pod(objects.master_job)["volumes"]] == ["my-test-master", "m"]
    assert [volume["name"] for volume in pod(objects.worker_job)["volumes"]] == ["my-test-worker", "w"]


def test_target_is_stripped_from_rendered_mounts() -> None:
    spec = new_test_locust_test(
        volumes=[{"name": "data", "emptyDir": {}}],
        volumeMounts=[{"name": "data", "mountPath": "/data", "subPath": "x", "readOnly": True, "target": "both"}],
    )
    for job in render(spec)[1:]:
        assert locust(job)["volumeMounts"][-1] == {
            "name": "data",
            "mountPath": "/data",
            "subPath": "x",
            "readOnly": True,
        }


def test_volumes_order_is_test_files_lib_secrets_then_user_volumes() -> None:
    spec = new_test_locust_test(
        testFiles={"libConfigMapRef": "lib"},
        env={"secretMounts": [{"name": "creds", "mountPath": "/creds"}]},
        volumes=[{"name": "data", "emptyDir": {}}],
        volumeMounts=[{"name": "data", "mountPath": "/data"}],
    )
    master_job = render(spec).master_job
    expected = ["my-test-master", "locust-lib", "secret-creds", "data"]
    assert [volume["name"] for volume in pod(master_job)["volumes"]] == expected
    assert [mount["name"] for mount in locust(master_job)["volumeMounts"]] == expected


# ---------------------------------------------------------------------------------------------
# locusttest_webhook_test.go (messages verbatim, %q = Go double quotes)
# ---------------------------------------------------------------------------------------------


def secret_mount_at(path: str, **test_files: Any) -> dict[str, Any]:
    spec = new_test_locust_test(env={"secretMounts": [{"name": "s", "mountPath": path}]})
    if test_files:
        spec["testFiles"] = test_files
    return spec


@pytest.mark.parametrize(
    ("path", "reserved"),
    [
        ("/lotest/src", "/lotest/src"),
        ("/lotest/src/", "/lotest/src"),  # trailing slash trimmed
        ("/lotest/src/certs", "/lotest/src"),  # under the reserved path
        ("/lotest", "/lotest/src"),  # the reserved path is under it
    ],
)
def test_secret_mount_conflicting_with_test_files_path_is_refused(path: str, reserved: str) -> None:
    assert operator_message("secret_mount_conflict", path, reserved) in refusal(secret_mount_at(path))


def test_secret_mount_at_a_sibling_path_is_allowed() -> None:
    render(secret_mount_at("/lotest/src2"))


def test_secret_mount_conflicting_with_lib_path_is_refused() -> None:
    spec = secret_mount_at("/opt/locust/lib", configMapRef="my-test-configmap", libConfigMapRef="lib")
    assert operator_message("secret_mount_conflict", "/opt/locust/lib", "/opt/locust/lib") in refusal(spec)


def test_secret_mount_conflict_names_a_custom_src_path() -> None:
    spec = secret_mount_at("/custom/src/x", configMapRef="cm", srcMountPath="/custom/src")
    assert operator_message("secret_mount_conflict", "/custom/src/x", "/custom/src") in refusal(spec)


def test_custom_src_path_frees_the_default_path() -> None:
    render(secret_mount_at("/lotest/src", configMapRef="cm", srcMountPath="/custom/src"))


def test_without_test_files_both_default_paths_are_reserved() -> None:
    spec = new_test_locust_test(testFiles=None, env={"secretMounts": [{"name": "s", "mountPath": "/opt/locust/lib"}]})
    assert operator_message("secret_mount_conflict", "/opt/locust/lib", "/opt/locust/lib") in refusal(spec)
    spec["env"]["secretMounts"][0]["mountPath"] = "/lotest/src"
    assert operator_message("secret_mount_conflict", "/lotest/src", "/lotest/src") in refusal(spec)


def test_with_only_config_map_ref_only_the_src_path_is_reserved() -> None:
    render(secret_mount_at("/opt/locust/lib", configMapRef="cm"))


def with_volume(name: str) -> dict[str, Any]:
    return new_test_locust_test(volumes=[{"name": name, "emptyDir": {}}])


def test_volume_name_with_secret_prefix_is_refused() -> None:
    assert operator_message("volume_reserved_prefix", "secret-data", "secret-") in refusal(with_volume("secret-data"))


def test_volume_name_locust_lib_is_refused() -> None:
    assert operator_message("volume_reserved_name", "locust-lib") in refusal(with_volume("locust-lib"))


@pytest.mark.parametrize("volume", ["my-test-master", "my-test-worker"])
def test_volume_name_equal_to_a_node_name_is_refused(volume: str) -> None:
    assert operator_message("volume_generated_name", volume) in refusal(with_volume(volume))


def test_volume_name_equal_to_a_dotted_cr_node_name_is_refused() -> None:
    message = refusal(with_volume("team-a-load-test-master"), name="team-a.load-test")
    assert operator_message("volume_generated_name", "team-a-load-test-master") in message


def test_volume_mount_conflicting_with_test_files_path_is_refused() -> None:
    spec = new_test_locust_test(
        volumes=[{"name": "data", "emptyDir": {}}], volumeMounts=[{"name": "data", "mountPath": "/lotest/src/data"}]
    )
    assert operator_message("volume_mount_conflict", "/lotest/src/data", "/lotest/src") in refusal(spec)


def test_volume_mount_of_an_undefined_volume_is_refused() -> None:
    spec = new_test_locust_test(volumeMounts=[{"name": "missing", "mountPath": "/data"}])
    assert operator_message("volume_mount_undefined", "missing") in refusal(spec)


def test_secret_mount_error_wins_over_volume_error() -> None:
    spec = new_test_locust_test(
        env={"secretMounts": [{"name": "s", "mountPath": "/lotest/src"}]},
        volumes=[{"name": "secret-x", "emptyDir": {}}],
    )
    message = refusal(spec)
    assert operator_message("secret_mount_conflict", "/lotest/src", "/lotest/src") in message
    assert operator_message("volume_reserved_prefix", "secret-x", "secret-") not in message


def test_volume_name_error_wins_over_mount_errors() -> None:
    spec = new_test_locust_test(
        volumes=[{"name": "locust-lib", "emptyDir": {}}], volumeMounts=[{"name": "missing", "mountPath": "/lotest/src"}]
    )
    assert operator_message("volume_reserved_name", "locust-lib") in refusal(spec)


def test_otel_enabled_without_endpoint_is_refused() -> None:
    spec = new_test_locust_test(observability={"openTelemetry": {"enabled": True}})
    assert operator_message("otel_endpoint_required") in refusal(spec)


@pytest.mark.parametrize("protocol", ["grpc", "http/protobuf"])
def test_otel_valid_protocols_are_accepted(protocol: str) -> None:
    render(
        new_test_locust_test(
            observability={"openTelemetry": {"enabled": True, "endpoint": "c:4317", "protocol": protocol}}
        )
    )


def test_otel_bad_protocol_is_refused_with_the_design_message() -> None:
    spec = new_test_locust_test(
        observability={"openTelemetry": {"enabled": True, "endpoint": "c:4317", "protocol": "http/json"}}
    )
    assert operator_message("otel_protocol", "http/json") in refusal(spec)


def test_long_cr_name_is_refused() -> None:
    name = "a" * 57
    message = refusal(new_test_locust_test(), name=name)
    assert operator_message("name_too_long", name) in message


def test_cr_name_of_56_characters_is_accepted() -> None:
    assert render(new_test_locust_test(), name="a" * 56).master_job["metadata"]["name"] == "a" * 56 + "-master"


@pytest.mark.parametrize("replicas", [0, 501])
def test_worker_replicas_outside_1_to_500_are_refused_by_the_schema(replicas: int) -> None:
    message = refusal(new_test_locust_test(worker={"replicas": replicas}))
    assert "spec.worker.replicas" in message
    assert str(replicas) in message


@pytest.mark.parametrize("replicas", [1, 500])
def test_worker_replicas_at_the_bounds_are_accepted(replicas: int) -> None:
    objects = render(new_test_locust_test(worker={"replicas": replicas}))
    assert objects.worker_job["spec"]["parallelism"] == replicas
    assert f"--expect-workers={replicas}" in locust(objects.master_job)["args"]


# ---------------------------------------------------------------------------------------------
# The construct renders what the pure builders return.
# ---------------------------------------------------------------------------------------------


@LINT_WARNINGS_BESIDE_THE_POINT
def test_locust_test_construct_synthesizes_the_rendered_objects() -> None:
    import cdk8s

    from constructs_locust import LocustTest

    spec = LocustTestSpec.from_cr(new_test_locust_test(observability=OTEL))
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "test")
    LocustTest(chart, "my-test", spec=spec, namespace="default", defaults=GO)
    assert list(cdk8s.Testing.synth(chart)) == list(render_manifests(spec, "my-test", "default", GO))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"imagePullPolicy": "Sometimes"}, "spec.imagePullPolicy"),
        ({"scheduling": {"runtimeClassName": "Not_A_Name"}}, "spec.scheduling.runtimeClassName"),
        ({"master": {"autoquit": {"enabled": True, "timeout": -1}}}, "spec.master.autoquit.timeout"),
        ({"master": {"command": None}}, "spec.master.command"),
        ({"image": None}, "spec.image"),
        ({"observability": {"openTelemetry": {"enabled": "yes"}}}, "spec.observability.openTelemetry.enabled"),
    ],
    ids=[
        "pull-policy-enum",
        "runtime-class-pattern",
        "autoquit-timeout-min",
        "master-command",
        "image",
        "otel-enabled",
    ],
)
def test_crd_schema_violations_are_refused_naming_the_field(changes: dict[str, Any], field: str) -> None:
    assert field in refusal(new_test_locust_test(**changes))

"""The attrs spec: CR round trip, CRD schema rules and the webhook rules that need only the spec."""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_locust import (
    Autoquit,
    ImagePullPolicy,
    LocustTestSpec,
    MasterSpec,
    MountTarget,
    OpenTelemetry,
    OtlpProtocol,
    SecretMount,
    SpecError,
    VolumeMount,
    WorkerSpec,
    render_manifests,
)
from tests.support import minimal_cr_spec, operator_message

FIXTURE_CRS = Path(__file__).parent / "fixtures" / "crs"

FULL_SPEC: dict[str, Any] = {
    "image": "registry.example.com/locust:2.43.4",
    "imagePullPolicy": "Always",
    "imagePullSecrets": [{"name": "registry"}],
    "master": {
        "command": "--locustfile /lotest/src/main.py",
        "resources": {"requests": {"cpu": "500m"}, "limits": {"memory": "1Gi"}},
        "labels": {"team": "perf"},
        "annotations": {"owner": "perf@example.com"},
        "autostart": False,
        "autoquit": {"enabled": True, "timeout": 30},
        "extraArgs": ["--csv=/results/run"],
    },
    "worker": {
        "command": "--locustfile /lotest/src/main.py",
        "replicas": 7,
        "resources": {"limits": {"cpu": "2"}},
        "labels": {"team": "perf"},
        "annotations": {"sidecar.istio.io/inject": "false"},
        "extraArgs": ["--processes", "2"],
    },
    "testFiles": {
        "configMapRef": "tests",
        "libConfigMapRef": "lib",
        "srcMountPath": "/src",
        "libMountPath": "/lib",
    },
    "scheduling": {
        "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}}},
        "tolerations": [{"key": "dedicated", "operator": "Exists", "effect": "NoSchedule"}],
        "nodeSelector": {"pool": "load"},
        "runtimeClassName": "gvisor",
    },
    "env": {
        "configMapRefs": [{"name": "cfg", "prefix": "APP_"}],
        "secretRefs": [{"name": "creds", "prefix": "CREDS_"}],
        "variables": [
            {"name": "A", "value": "1"},
            {"name": "B", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
        ],
        "secretMounts": [{"name": "tls", "mountPath": "/etc/tls", "readOnly": False}],
    },
    "volumes": [{"name": "results", "emptyDir": {}}],
    "volumeMounts": [{"name": "results", "mountPath": "/results", "target": "master"}],
    "security": {
        "podSecurityContext": {"runAsNonRoot": True},
        "containerSecurityContext": {"allowPrivilegeEscalation": False},
    },
    "observability": {
        "openTelemetry": {
            "enabled": True,
            "endpoint": "collector:4317",
            "protocol": "http/protobuf",
            "insecure": True,
            "extraEnvVars": {"OTEL_SERVICE_NAME": "load"},
        }
    },
}


def refusal(cr_spec: Any) -> str:
    with pytest.raises(SpecError) as caught:
        LocustTestSpec.from_cr(cr_spec)
    return str(caught.value)


def test_every_field_round_trips_unchanged() -> None:
    assert LocustTestSpec.from_cr(FULL_SPEC).to_cr() == FULL_SPEC


@pytest.mark.parametrize("path", sorted(FIXTURE_CRS.glob("*.yaml")), ids=lambda path: path.stem)
def test_round_trip_is_the_identity_on_every_v2_sample(path: Path) -> None:
    documents = [doc for doc in yaml.safe_load_all(path.read_text()) if doc and doc["apiVersion"] == "locust.io/v2"]
    for document in documents:
        assert LocustTestSpec.from_cr(document["spec"]).to_cr() == document["spec"]


def test_the_six_operator_samples_are_round_tripped() -> None:
    names = {path.stem for path in FIXTURE_CRS.glob("locust*_v2_*.yaml")}
    assert len(names) >= 6


def test_fields_left_out_stay_left_out() -> None:
    cr = minimal_cr_spec(master={"command": "-f x.py", "autoquit": {"enabled": True}})
    assert LocustTestSpec.from_cr(cr).to_cr() == cr


def test_from_cr_gives_typed_snake_case_fields() -> None:
    spec = LocustTestSpec.from_cr(FULL_SPEC)
    assert spec.image_pull_policy is ImagePullPolicy.ALWAYS
    assert spec.master.autoquit == Autoquit(enabled=True, timeout=30)
    assert spec.master.extra_args == ("--csv=/results/run",)
    assert spec.env is not None and spec.env.secret_mounts == (
        SecretMount(name="tls", mount_path="/etc/tls", read_only=False),
    )
    assert spec.volume_mounts == (
        VolumeMount(mount={"name": "results", "mountPath": "/results"}, target=MountTarget.MASTER),
    )
    otel = spec.observability.open_telemetry if spec.observability else None
    assert otel is not None and otel.protocol is OtlpProtocol.HTTP_PROTOBUF


def test_python_construction_equals_from_cr() -> None:
    built = LocustTestSpec(
        image="locustio/locust-otel:2.43.4",
        master=MasterSpec(command="--locustfile /lotest/src/locustfile.py"),
        worker=WorkerSpec(command="--locustfile /lotest/src/locustfile.py", replicas=2),
    )
    cr = minimal_cr_spec()
    del cr["testFiles"]
    assert built == LocustTestSpec.from_cr(cr)


def test_enum_fields_accept_their_string_values() -> None:
    otel = OpenTelemetry(enabled=True, endpoint="c:4317", protocol="http/protobuf")
    assert otel.protocol is OtlpProtocol.HTTP_PROTOBUF


def test_spec_does_not_alias_the_callers_mappings() -> None:
    labels = {"team": "perf"}
    master = MasterSpec(command="x", labels=labels)
    labels["team"] = "changed"
    assert master.labels == {"team": "perf"}


def test_spec_error_is_a_value_error() -> None:
    assert issubclass(SpecError, ValueError)


@pytest.mark.parametrize(
    ("cr_spec", "message"),
    [
        ({"master": {"command": "x"}, "worker": {"command": "x", "replicas": 1}}, "spec.image: Required value"),
        (minimal_cr_spec(master={}), "spec.master.command: Required value"),
        (minimal_cr_spec(worker={"command": "x"}), "spec.worker.replicas: Required value"),
        (minimal_cr_spec(worker=None), "spec.worker: Required value"),
        (minimal_cr_spec(image=None), "spec.image: Required value"),
        (
            minimal_cr_spec(env={"secretMounts": [{"name": "tls"}]}),
            "spec.env.secretMounts[0].mountPath: Required value",
        ),
        (minimal_cr_spec(env={"configMapRefs": [{"prefix": "A_"}]}), "spec.env.configMapRefs[0].name: Required value"),
        (minimal_cr_spec(env={"secretRefs": [{"name": "a"}, {}]}), "spec.env.secretRefs[1].name: Required value"),
        (minimal_cr_spec(env={"variables": [{"value": "1"}]}), "spec.env.variables[0].name: Required value"),
        (minimal_cr_spec(volumes=[{"emptyDir": {}}]), "spec.volumes[0].name: Required value"),
        (minimal_cr_spec(volumeMounts=[{"name": "v"}]), "spec.volumeMounts[0].mountPath: Required value"),
    ],
)
def test_required_fields_are_refused_when_missing_or_null(cr_spec: Any, message: str) -> None:
    assert refusal(cr_spec) == message


@pytest.mark.parametrize(
    ("cr_spec", "message"),
    [
        (
            minimal_cr_spec(worker={"command": "x", "replicas": "3"}),
            'spec.worker.replicas: Invalid value: "3": must be of type integer',
        ),
        (
            minimal_cr_spec(worker={"command": "x", "replicas": True}),
            "spec.worker.replicas: Invalid value: true: must be of type integer",
        ),
        (minimal_cr_spec(image=123), "spec.image: Invalid value: 123: must be of type string"),
        (
            minimal_cr_spec(master={"command": "x", "autostart": "yes"}),
            'spec.master.autostart: Invalid value: "yes": must be of type boolean',
        ),
        (
            minimal_cr_spec(master={"command": "x", "labels": {"a": True}}),
            "spec.master.labels.a: Invalid value: true: must be of type string",
        ),
        (
            minimal_cr_spec(master={"command": "x", "extraArgs": "--csv x"}),
            'spec.master.extraArgs: Invalid value: "--csv x": must be of type array',
        ),
        (
            minimal_cr_spec(master={"command": "x", "extraArgs": [1]}),
            "spec.master.extraArgs[0]: Invalid value: 1: must be of type string",
        ),
        (minimal_cr_spec(master="x"), 'spec.master: Invalid value: "x": must be of type object'),
        (minimal_cr_spec(volumes={"name": "x"}), "must be of type array"),
        (["not", "a", "mapping"], "spec: Invalid value"),
    ],
)
def test_wrong_types_are_refused_with_the_field_path(cr_spec: Any, message: str) -> None:
    assert message in refusal(cr_spec)


@pytest.mark.parametrize(
    ("cr_spec", "message"),
    [
        (
            minimal_cr_spec(imagePullPolicy="Sometimes"),
            'spec.imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
        ),
        (
            minimal_cr_spec(
                volumes=[{"name": "v", "emptyDir": {}}],
                volumeMounts=[{"name": "v", "mountPath": "/v", "target": "all"}],
            ),
            'spec.volumeMounts[0].target: Unsupported value: "all": supported values: "master", "worker", "both"',
        ),
        (
            minimal_cr_spec(
                observability={"openTelemetry": {"enabled": True, "endpoint": "c:4317", "protocol": "http/json"}}
            ),
            "spec.observability.openTelemetry.protocol: " + operator_message("otel_protocol", "http/json"),
        ),
    ],
)
def test_enums_are_refused_outside_their_values(cr_spec: Any, message: str) -> None:
    assert refusal(cr_spec) == message


@pytest.mark.parametrize(
    ("cr_spec", "message"),
    [
        (
            minimal_cr_spec(worker={"command": "x", "replicas": 0}),
            "spec.worker.replicas: Invalid value: 0: should be greater than or equal to 1",
        ),
        (
            minimal_cr_spec(worker={"command": "x", "replicas": 501}),
            "spec.worker.replicas: Invalid value: 501: should be less than or equal to 500",
        ),
        (
            minimal_cr_spec(master={"command": "x", "autoquit": {"enabled": True, "timeout": -1}}),
            "spec.master.autoquit.timeout: Invalid value: -1: should be greater than or equal to 0",
        ),
        (
            minimal_cr_spec(scheduling={"runtimeClassName": "Not_Valid"}),
            'spec.scheduling.runtimeClassName: Invalid value: "Not_Valid": '
            "must be empty or a lowercase RFC 1123 subdomain",
        ),
        (minimal_cr_spec(scheduling={"runtimeClassName": "a" * 254}), "spec.scheduling.runtimeClassName: Too long"),
        (
            minimal_cr_spec(master={"command": "x", "resources": {"limits": {"cpu": "lots"}}}),
            'spec.master.resources.limits.cpu: Invalid value: "lots": must be a Kubernetes quantity',
        ),
        (
            minimal_cr_spec(master={"command": "x", "resources": {"limit": {}}}),
            'unknown field "spec.master.resources.limit"',
        ),
        (minimal_cr_spec(image="  "), "spec.image: Required value"),
    ],
)
def test_ranges_patterns_and_quantities_are_enforced(cr_spec: Any, message: str) -> None:
    assert message in refusal(cr_spec)


def test_explicit_empty_runtime_class_name_is_allowed() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec(scheduling={"runtimeClassName": ""}))
    assert spec.scheduling is not None and spec.scheduling.runtime_class_name == ""


@pytest.mark.parametrize(
    ("cr_spec", "message"),
    [
        (
            minimal_cr_spec(imagePullPolicyy="Always"),
            'spec.imagePullPolicyy: unknown field "spec.imagePullPolicyy": did you mean "imagePullPolicy"?',
        ),
        (
            minimal_cr_spec(master={"command": "x", "replica": 1}),
            'spec.master.replica: unknown field "spec.master.replica"',
        ),
        (
            minimal_cr_spec(observability={"openTelemetry": {"enabled": False, "endpoints": "x"}}),
            "spec.observability.openTelemetry.endpoints: "
            'unknown field "spec.observability.openTelemetry.endpoints": did you mean "endpoint"?',
        ),
        (
            minimal_cr_spec(env={"secretMounts": [{"name": "a", "mountPath": "/a", "readonly": True}]}),
            "spec.env.secretMounts[0].readonly: "
            'unknown field "spec.env.secretMounts[0].readonly": did you mean "readOnly"?',
        ),
    ],
)
def test_unknown_fields_are_refused(cr_spec: Any, message: str) -> None:
    assert refusal(cr_spec) == message


def test_python_construction_refuses_like_from_cr() -> None:
    with pytest.raises(SpecError, match=r"^spec.worker.replicas: Invalid value: 0"):
        WorkerSpec(command="x", replicas=0)
    with pytest.raises(SpecError, match=r"^spec.worker.replicas: Required value"):
        WorkerSpec(command="x")
    with pytest.raises(SpecError, match=r"^spec.master: Invalid value"):
        LocustTestSpec(image="i", master={"command": "x"}, worker=WorkerSpec(command="x", replicas=1))


# Webhook rules (api/v2/locusttest_webhook.go), in the webhook's order.


@pytest.mark.parametrize(
    ("test_files", "mount_path", "reserved"),
    [
        (None, "/lotest/src", "/lotest/src"),
        (None, "/opt/locust/lib/", "/opt/locust/lib"),
        ({"configMapRef": "t"}, "/lotest/src/certs", "/lotest/src"),
        ({"configMapRef": "t"}, "/lotest", "/lotest/src"),
        ({"configMapRef": "t", "srcMountPath": "/custom/src"}, "/custom/src", "/custom/src"),
        ({"libConfigMapRef": "l"}, "/opt/locust/lib/x", "/opt/locust/lib"),
    ],
)
def test_secret_mount_on_a_reserved_path_is_refused(test_files: Any, mount_path: str, reserved: str) -> None:
    cr = minimal_cr_spec(testFiles=test_files, env={"secretMounts": [{"name": "tls", "mountPath": mount_path}]})
    if test_files is None:
        del cr["testFiles"]
    assert refusal(cr) == "spec.env.secretMounts[0].mountPath: " + operator_message(
        "secret_mount_conflict", mount_path, reserved
    )


@pytest.mark.parametrize(
    ("test_files", "mount_path"),
    [
        ({"configMapRef": "t"}, "/lotest/src2"),
        ({"configMapRef": "t"}, "/opt/locust/lib"),
        ({"configMapRef": "t", "srcMountPath": "/custom/src"}, "/lotest/src"),
    ],
)
def test_secret_mount_beside_reserved_paths_is_allowed(test_files: Any, mount_path: str) -> None:
    cr = minimal_cr_spec(testFiles=test_files, env={"secretMounts": [{"name": "tls", "mountPath": mount_path}]})
    assert LocustTestSpec.from_cr(cr).to_cr() == cr


@pytest.mark.parametrize(
    ("volume", "message"),
    [
        ("secret-tls", operator_message("volume_reserved_prefix", "secret-tls", "secret-")),
        ("locust-lib", operator_message("volume_reserved_name", "locust-lib")),
    ],
)
def test_reserved_volume_names_are_refused(volume: str, message: str) -> None:
    cr = minimal_cr_spec(volumes=[{"name": volume, "emptyDir": {}}], volumeMounts=[{"name": volume, "mountPath": "/v"}])
    assert refusal(cr) == f"spec.volumes[0].name: {message}"


def test_volume_mount_on_a_reserved_path_is_refused() -> None:
    cr = minimal_cr_spec(
        volumes=[{"name": "v", "emptyDir": {}}], volumeMounts=[{"name": "v", "mountPath": "/lotest/src/"}]
    )
    assert refusal(cr) == "spec.volumeMounts[0].mountPath: " + operator_message(
        "volume_mount_conflict", "/lotest/src/", "/lotest/src"
    )


def test_volume_mount_of_an_undefined_volume_is_refused() -> None:
    cr = minimal_cr_spec(volumes=[{"name": "v", "emptyDir": {}}], volumeMounts=[{"name": "w", "mountPath": "/w"}])
    assert refusal(cr) == "spec.volumeMounts[0].name: " + operator_message("volume_mount_undefined", "w")


def test_enabled_open_telemetry_needs_an_endpoint() -> None:
    cr = minimal_cr_spec(observability={"openTelemetry": {"enabled": True}})
    assert refusal(cr) == "spec.observability.openTelemetry.endpoint: " + operator_message("otel_endpoint_required")


def test_disabled_open_telemetry_needs_no_endpoint() -> None:
    cr = minimal_cr_spec(observability={"openTelemetry": {"enabled": False, "protocol": "grpc"}})
    assert not LocustTestSpec.from_cr(cr).open_telemetry_enabled


def test_secret_mount_error_wins_over_volume_and_otel_errors() -> None:
    cr = minimal_cr_spec(
        env={"secretMounts": [{"name": "tls", "mountPath": "/lotest/src"}]},
        volumes=[{"name": "secret-x", "emptyDir": {}}],
        observability={"openTelemetry": {"enabled": True}},
    )
    assert operator_message("secret_mount_conflict", "/lotest/src", "/lotest/src") in refusal(cr)


def test_long_test_name_is_refused_with_the_webhook_message() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    name = "a" * 57
    with pytest.raises(SpecError) as caught:
        render_manifests(spec, name)
    assert str(caught.value) == "metadata.name: " + operator_message("name_too_long", name)
    assert render_manifests(spec, "a" * 56).master_job["metadata"]["name"] == "a" * 56 + "-master"


@pytest.mark.parametrize("volume", ["team-a-load-test-master", "team-a-load-test-worker"])
def test_volume_named_like_a_generated_object_is_refused(volume: str) -> None:
    spec = LocustTestSpec.from_cr(
        minimal_cr_spec(volumes=[{"name": volume, "emptyDir": {}}], volumeMounts=[{"name": volume, "mountPath": "/v"}])
    )
    with pytest.raises(SpecError, match=re.escape(operator_message("volume_generated_name", volume))):
        render_manifests(spec, "team-a.load-test")


@pytest.mark.parametrize("name", ["Upper", "under_score", "-dash", "dot."])
def test_names_that_are_not_dns_subdomains_are_refused(name: str) -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    with pytest.raises(SpecError, match=r"^metadata\.name: Invalid value"):
        render_manifests(spec, name)


def test_bad_namespace_is_refused() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    with pytest.raises(SpecError, match=r"^metadata\.namespace: Invalid value"):
        render_manifests(spec, "demo", "Perf.Team")


def test_env_variable_value_must_be_a_string() -> None:
    cr = minimal_cr_spec(env={"variables": [{"name": "USERS", "value": 60}]})
    assert refusal(cr) == "spec.env.variables[0].value: Invalid value: 60: must be of type string"

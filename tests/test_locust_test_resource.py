"""LocustTestResource: the LocustTest CR itself, from the same typed spec as LocustTest."""

import enum
import re
import subprocess
import sys
import typing
from typing import Any

import attrs
import cdk8s
import pytest

from constructs_locust import (
    Autoquit,
    EnvConfig,
    ImagePullPolicy,
    LocustTest,
    LocustTestResource,
    LocustTestSpec,
    MasterSpec,
    MountTarget,
    Observability,
    OpenTelemetry,
    OtlpProtocol,
    SpecError,
    TestFiles,
    VolumeMount,
    WorkerSpec,
    render_manifests,
)
from constructs_locust._core.frozen import thaw
from constructs_locust._core.model import camel
from tests.support import (
    LINT_WARNINGS_BESIDE_THE_POINT,
    ROOT,
    binding,
    minimal_cr_spec,
    operator_message,
    sample_crs,
    schema_errors,
    synth_test,
)

SAMPLES = sample_crs()
SPEC = LocustTestSpec.from_cr(minimal_cr_spec())


def emit(spec: LocustTestSpec, chart_namespace: str | None = None, **kwargs: Any) -> list[dict[str, Any]]:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "crs", namespace=chart_namespace)
    LocustTestResource(chart, "demo", spec=spec, **kwargs)
    return list(cdk8s.Testing.synth(chart))


# --- what is emitted ---------------------------------------------------------------------------


def test_emits_one_locust_io_v2_locusttest_whose_spec_is_to_cr() -> None:
    (cr,) = emit(SPEC, namespace="load")
    assert cr == {
        "apiVersion": "locust.io/v2",
        "kind": "LocustTest",
        "metadata": {"name": "demo", "namespace": "load"},
        "spec": SPEC.to_cr(),
    }


def test_fields_left_unset_stay_out_for_the_api_server_to_default() -> None:
    (cr,) = emit(SPEC)
    assert "imagePullPolicy" not in cr["spec"]
    assert set(cr["spec"]["master"]) == {"command"}


def test_name_defaults_to_the_id_and_namespace_to_the_charts() -> None:
    (cr,) = emit(SPEC, chart_namespace="perf")
    assert cr["metadata"] == {"name": "demo", "namespace": "perf"}


def test_explicit_name_and_namespace_win() -> None:
    (cr,) = emit(SPEC, chart_namespace="perf", name="checkout.v2", namespace="shop")
    assert cr["metadata"] == {"name": "checkout.v2", "namespace": "shop"}


def test_exposes_the_manifest_and_the_api_object() -> None:
    chart = cdk8s.Testing.chart()
    resource = LocustTestResource(chart, "demo", spec=SPEC)
    assert resource.test_name == "demo"
    assert resource.manifest["spec"] == SPEC.to_cr()
    resource.api_object.metadata.add_label("team", "checkout")
    (cr,) = cdk8s.Testing.synth(chart)
    assert cr["metadata"]["labels"] == {"team": "checkout"}


# --- validation, before anything is added ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a" * 57, "max CR name length is 56"),
        ("Demo", "lowercase RFC 1123 subdomain"),
        ("", "non-empty name"),
    ],
)
def test_refuses_names_the_operator_refuses(name: str, message: str) -> None:
    chart = cdk8s.Testing.chart()
    with pytest.raises(SpecError, match=message) as error:
        LocustTestResource(chart, "demo", spec=SPEC, name=name)
    assert error.value.path == "metadata.name"
    assert chart.node.children == []


def test_runs_the_webhook_rules_that_need_the_name() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec(volumes=[{"name": "demo-master", "emptyDir": {}}], volumeMounts=[]))
    with pytest.raises(SpecError, match=re.escape(operator_message("volume_generated_name", "demo-master"))):
        emit(spec)


def test_refuses_a_bad_namespace_a_non_spec_and_a_duplicate_id() -> None:
    chart = cdk8s.Testing.chart()
    with pytest.raises(SpecError, match="RFC 1123 label"):
        LocustTestResource(chart, "demo", spec=SPEC, namespace="Perf")
    with pytest.raises(SpecError, match="must be a LocustTestSpec"):
        LocustTestResource(chart, "demo", spec=minimal_cr_spec())  # type: ignore[arg-type]
    LocustTestResource(chart, "demo", spec=SPEC)
    with pytest.raises(SpecError, match="already has a child"):
        LocustTestResource(chart, "demo", spec=SPEC)


def test_a_second_cr_of_one_name_and_namespace_in_the_app_is_refused() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c", namespace="perf")
    LocustTestResource(chart, "demo", spec=SPEC)
    with pytest.raises(SpecError) as caught:
        LocustTestResource(cdk8s.Chart(app, "d"), "again", name="demo", namespace="perf", spec=SPEC)
    assert str(caught.value).startswith(
        'metadata.name: Duplicate value: "demo": the LocustTest "demo" in namespace "perf" is already in this app, '
        'from the LocustTestResource at "c/demo"'
    )
    LocustTestResource(chart, "elsewhere", name="demo", namespace="load", spec=SPEC)


def test_a_cr_and_a_construct_of_one_name_would_make_the_same_jobs_and_are_refused() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c", namespace="perf")
    LocustTest(chart, "demo", spec=SPEC)
    with pytest.raises(SpecError, match='the Service "demo-master" in namespace "perf" is already in this app'):
        LocustTestResource(chart, "demo-cr", name="demo", spec=SPEC)
    LocustTestResource(chart, "other-cr", name="other", spec=SPEC)
    with pytest.raises(SpecError, match='from the LocustTestResource at "c/other-cr"'):
        LocustTest(chart, "other", spec=SPEC)


# --- round trip: CR out, spec back, same manifests ----------------------------------------------


@LINT_WARNINGS_BESIDE_THE_POINT
@pytest.mark.parametrize("cr", [cr for _, cr in SAMPLES], ids=[name for name, _ in SAMPLES])
def test_emitted_cr_round_trips_to_the_same_manifests(cr: dict[str, Any]) -> None:
    spec = LocustTestSpec.from_cr(cr["spec"])
    name, namespace = cr["metadata"]["name"], cr["metadata"].get("namespace")
    (emitted,) = emit(spec, name=name, namespace=namespace)

    assert schema_errors(emitted) == []  # the generated CRD accepts what the construct emits
    read_back = LocustTestSpec.from_cr(emitted["spec"])
    assert read_back == spec
    assert list(render_manifests(read_back, name, namespace)) == synth_test(spec, name=name, namespace=namespace)


# --- the typed binding in imports/ produces the same CR ------------------------------------------


def _enum_member_name(value: str) -> str:
    """json2jsii's name for an enum value: ``IfNotPresent`` -> ``IF_NOT_PRESENT``, ``/`` spelled out."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", value.replace("/", "_FORWARD_SLASH_"))
    return words.upper()


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def to_binding(model: Any, type_name: str = "LocustTestSpec") -> Any:
    """The same spec built from the binding's typed classes (``LocustTestSpecMasterAutoquit``, ...)."""
    locust = binding()
    kwargs: dict[str, Any] = {}
    for field in attrs.fields(type(model)):
        value = getattr(model, field.name)
        if value is None:
            continue
        if field.metadata["inline"]:
            kwargs.update({_snake(key): item for key, item in value.items()})
            continue
        cr_name = field.metadata.get("cr") or camel(field.name)
        kwargs[field.name] = _binding_value(value, type_name + cr_name[0].upper() + cr_name[1:])
    return getattr(locust, type_name)(**kwargs)


def _binding_value(value: Any, type_name: str) -> Any:
    if attrs.has(type(value)):
        return to_binding(value, type_name)
    if isinstance(value, enum.Enum):
        return getattr(binding(), type_name)[_enum_member_name(value.value)]
    if isinstance(value, tuple):
        return [_binding_value(item, type_name) for item in value]
    return thaw(value)  # scalars, string maps and Kubernetes structures as plain data


def _expressible(spec: LocustTestSpec) -> bool:
    """The binding types volumeMounts[] as {name, mountPath, target}: other keys need an escape hatch."""
    return all(set(mount.mount) <= {"name", "mountPath"} for mount in spec.volume_mounts or ())


def synth_binding(spec_struct: Any, name: str, namespace: str | None) -> list[dict[str, Any]]:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "typed")
    binding().LocustTest(
        chart, "cr", metadata=cdk8s.ApiObjectMetadata(name=name, namespace=namespace), spec=spec_struct
    )
    return list(cdk8s.Testing.synth(chart))


BINDING_SAMPLES = [(name, cr) for name, cr in SAMPLES if _expressible(LocustTestSpec.from_cr(cr["spec"]))]


def test_most_samples_are_expressible_with_the_binding() -> None:
    assert len(BINDING_SAMPLES) >= len(SAMPLES) - 2


@LINT_WARNINGS_BESIDE_THE_POINT
@pytest.mark.parametrize("cr", [cr for _, cr in BINDING_SAMPLES], ids=[name for name, _ in BINDING_SAMPLES])
def test_typed_binding_emits_the_same_cr_for_every_sample(cr: dict[str, Any]) -> None:
    """Samples with volumeMounts[] keys beyond name/mountPath/target are left out: see the test below."""
    spec = LocustTestSpec.from_cr(cr["spec"])
    name, namespace = cr["metadata"]["name"], cr["metadata"].get("namespace")
    assert synth_binding(to_binding(spec), name, namespace) == emit(spec, name=name, namespace=namespace)


def test_typed_binding_example_matches_the_construct() -> None:
    """How a team on the operator writes a CR with the binding, and the same with the library."""
    locust = binding()
    typed = locust.LocustTestSpec(
        image="locustio/locust-otel:2.43.4",
        image_pull_policy=locust.LocustTestSpecImagePullPolicy.ALWAYS,
        master=locust.LocustTestSpecMaster(
            command="--locustfile /lotest/src/checkout.py",
            autoquit=locust.LocustTestSpecMasterAutoquit(enabled=True, timeout=120),
            resources={"requests": {"cpu": "500m", "memory": "512Mi"}},
        ),
        worker=locust.LocustTestSpecWorker(command="--locustfile /lotest/src/checkout.py", replicas=4),
        test_files=locust.LocustTestSpecTestFiles(config_map_ref="checkout-locustfile"),
        env=locust.LocustTestSpecEnv(
            variables=[{"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}]
        ),
        volumes=[{"name": "results", "emptyDir": {}}],
        volume_mounts=[
            locust.LocustTestSpecVolumeMounts(
                name="results", mount_path="/results", target=locust.LocustTestSpecVolumeMountsTarget.MASTER
            )
        ],
        observability=locust.LocustTestSpecObservability(
            open_telemetry=locust.LocustTestSpecObservabilityOpenTelemetry(
                enabled=True,
                endpoint="otel-collector.monitoring:4318",
                protocol=locust.LocustTestSpecObservabilityOpenTelemetryProtocol.HTTP_FORWARD_SLASH_PROTOBUF,
            )
        ),
    )
    ours = LocustTestSpec(
        image="locustio/locust-otel:2.43.4",
        image_pull_policy=ImagePullPolicy.ALWAYS,
        master=MasterSpec(
            command="--locustfile /lotest/src/checkout.py",
            autoquit=Autoquit(enabled=True, timeout=120),
            resources={"requests": {"cpu": "500m", "memory": "512Mi"}},
        ),
        worker=WorkerSpec(command="--locustfile /lotest/src/checkout.py", replicas=4),
        test_files=TestFiles(config_map_ref="checkout-locustfile"),
        env=EnvConfig(variables=({"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},)),
        volumes=({"name": "results", "emptyDir": {}},),
        volume_mounts=(VolumeMount(mount={"name": "results", "mountPath": "/results"}, target=MountTarget.MASTER),),
        observability=Observability(
            open_telemetry=OpenTelemetry(
                enabled=True, endpoint="otel-collector.monitoring:4318", protocol=OtlpProtocol.HTTP_PROTOBUF
            )
        ),
    )
    assert synth_binding(typed, "checkout", "perf") == emit(ours, name="checkout", namespace="perf")


def test_construct_keeps_volume_mount_keys_that_the_typed_binding_cannot_carry() -> None:
    """The binding types volumeMounts[] as {name, mountPath, target} and re-serializes after patches.

    So other corev1.VolumeMount keys (readOnly, subPath, ...) are lost on the binding's way out,
    even through add_json_patch. This is why the library emits with a plain ApiObject.
    """
    spec = LocustTestSpec.from_cr(
        minimal_cr_spec(
            volumes=[{"name": "data", "emptyDir": {}}],
            volumeMounts=[{"name": "data", "mountPath": "/data", "readOnly": True}],
        )
    )
    chart = cdk8s.Chart(cdk8s.Testing.app(), "typed")
    typed = binding().LocustTest(
        chart, "cr", metadata=cdk8s.ApiObjectMetadata(name="demo"), spec=to_binding_without_extras(spec)
    )
    typed.add_json_patch(cdk8s.JsonPatch.add("/spec/volumeMounts/0/readOnly", True))
    (from_binding,) = cdk8s.Testing.synth(chart)
    (from_construct,) = emit(spec)
    assert from_binding["spec"]["volumeMounts"] == [{"name": "data", "mountPath": "/data"}]
    assert from_construct["spec"]["volumeMounts"] == [{"name": "data", "mountPath": "/data", "readOnly": True}]


def to_binding_without_extras(spec: LocustTestSpec) -> Any:
    mounts = tuple(
        VolumeMount(mount={key: mount.mount[key] for key in ("name", "mountPath")}, target=mount.target)
        for mount in spec.volume_mounts or ()
    )
    return to_binding(attrs.evolve(spec, volume_mounts=mounts))


# --- packaging: lazy export, no dependency on imports/ -------------------------------------------


def test_exported_lazily_and_independent_of_the_generated_binding() -> None:
    code = (
        "import sys, constructs_locust\n"
        "assert 'LocustTestResource' in constructs_locust.__all__\n"
        "assert 'cdk8s' not in sys.modules\n"
        "constructs_locust.LocustTestResource\n"
        "assert 'cdk8s' in sys.modules\n"
        "assert not any(name == 'imports' or name.startswith('imports.') for name in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr


def test_typing_of_the_public_signature() -> None:
    hints = typing.get_type_hints(LocustTestResource.__init__)
    assert hints["spec"] is LocustTestSpec
    assert hints["name"] == hints["namespace"] == (str | None)

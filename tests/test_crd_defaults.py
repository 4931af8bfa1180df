"""CRD defaults, applied as the API server applies them: inside present objects, before `required`."""

import typing
from typing import Any

import attrs
import pytest

from constructs_locust import Autoquit, LocustTestSpec, OpenTelemetry, render_manifests
from constructs_locust._core.model import camel, crd_default, stored_type
from constructs_locust.spec._classes import MasterSpec
from constructs_locust.spec._v1 import V1Spec, v1_spec_to_v2
from tests.support import minimal_cr_spec


def master_args(spec: LocustTestSpec) -> list[str]:
    container = render_manifests(spec, "demo").master_job["spec"]["template"]["spec"]["containers"][0]
    return list(container["args"])


def defaulted_fields(model: type, path: str, *, required: bool) -> set[str]:
    """The CR paths of every field with a CRD default under ``model`` (required ones, or optional ones)."""
    found = set()
    hints = typing.get_type_hints(model)
    for field in attrs.fields(typing.cast(Any, model)):
        cr_name = field.metadata.get("cr") or camel(field.name)
        if crd_default(field) is not None and field.metadata["required"] == required:
            found.add(f"{path}.{cr_name}")
        hint = stored_type(hints[field.name])
        inner = typing.get_args(hint)[0] if typing.get_origin(hint) is tuple else hint
        if isinstance(inner, type) and attrs.has(inner):
            suffix = "[]" if typing.get_origin(hint) is tuple else ""
            found |= defaulted_fields(inner, f"{path}.{cr_name}{suffix}", required=required)
    return found


# --- required fields that have a default: one test each ---------------------------------------


def test_the_required_fields_with_a_default_are_exactly_these() -> None:
    """A new required field with a default needs its own test below."""
    assert defaulted_fields(LocustTestSpec, "spec", required=True) == {
        "spec.master.autoquit.enabled",
        "spec.observability.openTelemetry.enabled",
    }
    assert defaulted_fields(V1Spec, "spec", required=True) == {"spec.workerReplicas"}


@pytest.mark.parametrize("autoquit", [{"timeout": 30}, {"enabled": None, "timeout": 30}], ids=["absent", "null"])
def test_autoquit_enabled_defaults_to_true(autoquit: dict[str, Any]) -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec(master={"command": "-f x.py", "autoquit": autoquit}))
    assert spec.master.autoquit == Autoquit(enabled=True, timeout=30)
    assert master_args(spec)[-5:] == ["--autostart", "--autoquit", "30", "--enable-rebalancing", "--only-summary"]


@pytest.mark.parametrize(
    "otel", [{"endpoint": "c:4317"}, {"enabled": None, "endpoint": "c:4317"}], ids=["absent", "null"]
)
def test_open_telemetry_enabled_defaults_to_false(otel: dict[str, Any]) -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec(observability={"openTelemetry": otel}))
    assert spec.observability is not None and spec.observability.open_telemetry == OpenTelemetry(
        enabled=False, endpoint="c:4317"
    )
    without = LocustTestSpec.from_cr(minimal_cr_spec())
    assert render_manifests(spec, "demo") == render_manifests(without, "demo")


@pytest.mark.parametrize("replicas", ["absent", None], ids=["absent", "null"])
def test_v1_worker_replicas_defaults_to_1(replicas: Any) -> None:
    spec: dict[str, Any] = {"image": "locustio/locust", "masterCommandSeed": "-f a.py", "workerCommandSeed": "-f a.py"}
    if replicas != "absent":
        spec["workerReplicas"] = replicas
    assert V1Spec.from_cr(spec).worker_replicas == 1
    assert v1_spec_to_v2(spec)["worker"]["replicas"] == 1


def test_python_construction_applies_the_same_defaults() -> None:
    assert Autoquit(timeout=30) == Autoquit(enabled=True, timeout=30)
    assert OpenTelemetry(endpoint="c:4317").enabled is False
    assert MasterSpec(command="x", autoquit=Autoquit()).autoquit == Autoquit(enabled=True)


def test_a_required_field_without_a_default_is_still_required() -> None:
    with pytest.raises(ValueError, match=r"^spec\.worker\.replicas: Required value$"):
        LocustTestSpec.from_cr(minimal_cr_spec(worker={"command": "x"}))


def test_a_default_is_checked_like_a_given_value_would_be() -> None:
    """Defaults come first, then types: a wrong type given explicitly is still refused."""
    with pytest.raises(ValueError, match=r'^spec\.master\.autoquit\.enabled: Invalid value: "yes"'):
        LocustTestSpec.from_cr(minimal_cr_spec(master={"command": "x", "autoquit": {"enabled": "yes"}}))


# --- to_cr(): what it writes back ------------------------------------------------------------


def test_to_cr_writes_a_defaulted_required_field_and_leaves_optional_ones_out() -> None:
    cr = minimal_cr_spec(master={"command": "x", "autoquit": {"timeout": 30}})
    assert LocustTestSpec.from_cr(cr).to_cr()["master"] == {
        "command": "x",
        "autoquit": {"enabled": True, "timeout": 30},
    }
    cr = minimal_cr_spec(master={"command": "x", "autoquit": {"enabled": False}})
    assert LocustTestSpec.from_cr(cr).to_cr() == cr


# --- optional fields with a default: behaviour and schema cannot drift ------------------------

EVERY_OBJECT = minimal_cr_spec(
    master={"command": "-f x.py", "autoquit": {}},
    testFiles={"configMapRef": "files", "libConfigMapRef": "lib"},
    env={"secretMounts": [{"name": "tls", "mountPath": "/etc/tls"}]},
    volumes=[{"name": "v", "emptyDir": {}}],
    volumeMounts=[{"name": "v", "mountPath": "/v"}],
    observability={"openTelemetry": {"enabled": True, "endpoint": "c:4317"}},
)
"""A spec in which every object with a defaulted field is present and every such field left out."""


def test_with_crd_defaults_fills_every_optional_default_of_the_schema() -> None:
    spec = LocustTestSpec.from_cr(EVERY_OBJECT).with_crd_defaults()
    cr = spec.to_cr()
    filled = {
        "spec.imagePullPolicy": cr["imagePullPolicy"],
        "spec.master.autostart": cr["master"]["autostart"],
        "spec.master.autoquit.timeout": cr["master"]["autoquit"]["timeout"],
        "spec.testFiles.srcMountPath": cr["testFiles"]["srcMountPath"],
        "spec.testFiles.libMountPath": cr["testFiles"]["libMountPath"],
        "spec.env.secretMounts[].readOnly": cr["env"]["secretMounts"][0]["readOnly"],
        "spec.volumeMounts[].target": cr["volumeMounts"][0]["target"],
        "spec.observability.openTelemetry.protocol": cr["observability"]["openTelemetry"]["protocol"],
        "spec.observability.openTelemetry.insecure": cr["observability"]["openTelemetry"]["insecure"],
    }
    assert set(filled) == defaulted_fields(LocustTestSpec, "spec", required=False)
    assert filled == {
        "spec.imagePullPolicy": "IfNotPresent",
        "spec.master.autostart": True,
        "spec.master.autoquit.timeout": 60,
        "spec.testFiles.srcMountPath": "/lotest/src",
        "spec.testFiles.libMountPath": "/opt/locust/lib",
        "spec.env.secretMounts[].readOnly": True,
        "spec.volumeMounts[].target": "both",
        "spec.observability.openTelemetry.protocol": "grpc",
        "spec.observability.openTelemetry.insecure": False,
    }


def test_every_schema_default_renders_as_the_field_left_out() -> None:
    """The renderers' own handling of an absent field equals the CRD default the schema states."""
    spec = LocustTestSpec.from_cr(EVERY_OBJECT)
    assert render_manifests(spec.with_crd_defaults(), "demo") == render_manifests(spec, "demo")


def test_with_crd_defaults_leaves_absent_objects_absent() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    cr = spec.with_crd_defaults().to_cr()
    assert "autoquit" not in cr["master"] and "observability" not in cr and "env" not in cr
    assert spec.with_crd_defaults().with_crd_defaults() == spec.with_crd_defaults()

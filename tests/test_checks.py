"""One way to write a field error, one way to check a typed option, one warning base.

The field errors are made by the constructors of ``_core/field_errors.py`` (Kubernetes'
``field.Error`` kinds) and nowhere else; the typed options declare their rules with
``field(metadata=checked(rule))`` and report every bad argument at once, as the spec classes do; every warning
the package emits is a ``LocustTestWarning``.
"""

import importlib
import pkgutil
import re
import warnings
from datetime import timedelta

import attrs
import pytest

import constructs_locust
from constructs_locust import (
    DebugExporter,
    KafkaDefaults,
    LocustTestWarning,
    OperatorConfigWarning,
    OperatorDefaults,
    OtelOptions,
    OtlpEndpoint,
    OtlpExporter,
    PodOptions,
    PrometheusExporter,
    ResourceDefaults,
    SecretKeyRef,
    ServiceOptions,
    SpecError,
)
from constructs_locust._core import errors as core_errors
from constructs_locust._core.field_errors import (
    OMITTED,
    duplicate,
    forbidden,
    invalid,
    not_supported,
    required,
    too_long,
    too_many,
    type_error,
)
from constructs_locust.manifests._collector import CollectorArguments
from constructs_locust.spec import _lint
from tests.support import ROOT

PACKAGE = ROOT / "constructs_locust"
HAND_FORMATTED = re.compile(
    r"""f?["'](?:Invalid value|Required value|Unsupported value|Duplicate value|Forbidden|Too long|Too many)[:"']"""
)
"""A message of a field-error kind written out by hand instead of made by a constructor."""

TYPED_OPTIONS = (
    SecretKeyRef,
    OtlpEndpoint,
    OtelOptions,
    DebugExporter,
    OtlpExporter,
    PrometheusExporter,
    OperatorDefaults,
    ResourceDefaults,
    KafkaDefaults,
    PodOptions,
    ServiceOptions,
    CollectorArguments,
)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (invalid("a.b", "x y", "must be z"), 'a.b: Invalid value: "x y": must be z'),
        (
            invalid("a", 5, "should be greater than or equal to 6"),
            "a: Invalid value: 5: should be greater than or equal to 6",
        ),
        (invalid("a", True, "no"), "a: Invalid value: true: no"),
        (invalid("a", None, "no"), "a: Invalid value: null: no"),
        (invalid("a", "\x1b[2J", "no"), 'a: Invalid value: "\\x1b[2J": no'),
        (invalid("a", OMITTED, "nested deeper than 3 levels"), "a: Invalid value: nested deeper than 3 levels"),
        (
            invalid("a", timedelta(0), "must be positive", shown=str(timedelta(0))),
            "a: Invalid value: 0:00:00: must be positive",
        ),
        (type_error("a", [1], "string"), "a: Invalid value: [1]: must be of type string"),
        (required("a"), "a: Required value"),
        (required("a", "can not be empty"), "a: Required value: can not be empty"),
        (
            not_supported("a", "x", ("Always", "Never")),
            'a: Unsupported value: "x": supported values: "Always", "Never"',
        ),
        (duplicate("a", "n"), 'a: Duplicate value: "n"'),
        (duplicate("a", "n", "give each its own name"), 'a: Duplicate value: "n": give each its own name'),
        (forbidden("a", "may not be set"), "a: Forbidden: may not be set"),
        (too_long("a", "may not be more than 3 bytes"), "a: Too long: may not be more than 3 bytes"),
        (too_many("a", "more than 3 files"), "a: Too many: more than 3 files"),
    ],
)
def test_each_constructor_words_its_kind_as_the_api_server(error: SpecError, message: str) -> None:
    assert isinstance(error, SpecError)
    assert str(error) == message
    assert error.path == message.split(": ", 1)[0]


def test_a_huge_value_is_shown_bounded() -> None:
    assert str(invalid("a", "x" * 5000, "no")).endswith("... (5000 characters): no")
    assert "<an integer of about 5001 digits>" in str(invalid("a", 10**5000, "no"))


def test_no_module_formats_a_field_error_by_hand() -> None:
    """Every ``Invalid value:`` (and every other kind) comes from ``_core/field_errors.py``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == "_core/field_errors.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if HAND_FORMATTED.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []


def test_the_hand_formatted_finder_finds_one() -> None:
    assert HAND_FORMATTED.search('raise SpecError(path, f"Invalid value: {x}: bad")')
    assert HAND_FORMATTED.search("""raise SpecError(path, 'Required value')""")
    assert not HAND_FORMATTED.search('``OtelOptions.logs: Invalid value: "false"`` in a docstring')


@pytest.mark.parametrize("cls", TYPED_OPTIONS, ids=lambda cls: cls.__name__)
def test_every_typed_option_declares_each_field_with_its_rule(cls: type) -> None:
    """No attrs validator, no lambda list: each field carries its ``check`` (or ``convert``)."""
    for field in attrs.fields(cls):
        assert field.validator is None, (cls.__name__, field.name)
        assert field.metadata.get("check") or field.metadata.get("convert"), (cls.__name__, field.name)


def test_operator_defaults_report_every_bad_argument_at_once() -> None:
    with pytest.raises(SpecError) as caught:
        OperatorDefaults(metrics_exporter_port=0, inject_affinity="yes", managed_by=1)  # type: ignore[arg-type]
    assert [str(error) for error in caught.value.errors] == [
        "defaults.metrics_exporter_port: must be a port number (1-65535), got 0",
        'defaults.inject_affinity: Invalid value: "yes": must be of type boolean',
        "defaults.managed_by: Invalid value: 1: must be of type string",
    ]


def test_a_bad_quantity_and_a_bad_type_are_reported_together() -> None:
    with pytest.raises(SpecError) as caught:
        OperatorDefaults(pod_resources=ResourceDefaults(cpu_request="lots"), kafka="kafka")  # type: ignore[arg-type]
    assert [error.path for error in caught.value.errors] == ["defaults.pod_resources.cpu_request", "defaults.kafka"]
    assert "invalid value for POD_CPU_REQUEST" in str(caught.value)


def test_kafka_and_resource_defaults_report_every_bad_argument() -> None:
    with pytest.raises(SpecError) as caught:
        KafkaDefaults(security_enabled="no", username=3)  # type: ignore[arg-type]
    assert [error.path for error in caught.value.errors] == ["defaults.security_enabled", "defaults.username"]
    with pytest.raises(SpecError) as caught:
        ResourceDefaults(cpu_limit=1, memory_limit=2)  # type: ignore[arg-type]
    assert [error.path for error in caught.value.errors] == ["defaults.cpu_limit", "defaults.memory_limit"]


def test_exporters_report_every_bad_argument_at_once() -> None:
    with pytest.raises(SpecError) as caught:
        OtlpExporter(endpoint="", protocol="smoke", insecure="yes", name="Bad Name")  # type: ignore[arg-type]
    assert [error.path for error in caught.value.errors] == [
        "OtlpExporter.endpoint",
        "OtlpExporter.protocol",
        "OtlpExporter.insecure",
        "OtlpExporter.name",
    ]


def test_a_converted_field_stores_its_converted_form() -> None:
    assert OtlpEndpoint(endpoint="c:4317", protocol="grpc").protocol is constructs_locust.OtlpProtocol.GRPC  # type: ignore[arg-type]


def _package_warnings() -> list[type[Warning]]:
    found: set[type[Warning]] = set()
    for module in pkgutil.walk_packages(constructs_locust.__path__, "constructs_locust."):
        if module.name.rsplit(".", 1)[-1] in {"__main__"} or ".moved" in module.name:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # the old module paths warn on import
            loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and issubclass(value, Warning)
                and value.__module__.startswith("constructs_locust")
            ):
                found.add(value)
    return sorted(found, key=lambda cls: cls.__qualname__)


def test_every_warning_of_the_package_is_a_locust_test_warning() -> None:
    found = _package_warnings()
    assert {LocustTestWarning, OperatorConfigWarning} <= set(found)
    assert all(issubclass(cls, LocustTestWarning) for cls in found), found


def test_the_warning_base_lives_with_the_errors_and_keeps_its_names() -> None:
    assert constructs_locust.LocustTestWarning is core_errors.LocustTestWarning is _lint.LocustTestWarning
    assert LocustTestWarning.__module__ == "constructs_locust._core.errors"
    assert "LocustTestWarning" in (core_errors.__doc__ or "") and "OperatorConfigWarning" in (core_errors.__doc__ or "")


def test_one_filter_on_the_base_turns_an_operator_warning_into_an_error() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", LocustTestWarning)
        with pytest.raises(OperatorConfigWarning):
            OperatorDefaults.from_env({"ENABLE_AFFINITY_CR_INJECTION": "maybe"})

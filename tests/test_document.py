"""read_locust_test: one whole CR document in; name, namespace and checked spec out."""

import ast
from pathlib import Path
from typing import Any

import pytest
import yaml

import constructs_locust
from constructs_locust import LocustTestDocument, LocustTestSpec, SpecError, read_locust_test, validation
from tests.support import minimal_cr_spec

FIXTURES = Path(__file__).parent / "fixtures" / "crs"


def cr(spec: Any = None, **metadata: Any) -> dict[str, Any]:
    return {
        "apiVersion": "locust.io/v2",
        "kind": "LocustTest",
        "metadata": metadata or {"name": "demo"},
        "spec": minimal_cr_spec() if spec is None else spec,
    }


def errors(document: Any) -> list[str]:
    with pytest.raises(SpecError) as caught:
        read_locust_test(document)
    return [str(error) for error in caught.value.errors]


def test_it_is_public() -> None:
    assert {"read_locust_test", "LocustTestDocument"} <= set(constructs_locust.__all__)


def test_a_v2_cr_gives_its_name_namespace_and_spec() -> None:
    test = read_locust_test(cr(name="checkout", namespace="perf"))
    assert test == LocustTestDocument("checkout", "perf", LocustTestSpec.from_cr(minimal_cr_spec()))
    name, namespace, spec = test
    assert (name, namespace, spec.image) == ("checkout", "perf", "locustio/locust-otel:2.43.4")


@pytest.mark.parametrize("namespace", [None, ""], ids=["absent", "empty"])
def test_no_namespace_is_none(namespace: Any) -> None:
    metadata = {"name": "demo"} if namespace is None else {"name": "demo", "namespace": namespace}
    assert read_locust_test(cr(**metadata)).namespace is None


def test_a_v1_cr_is_converted_as_the_operator_converts_it() -> None:
    document = yaml.safe_load((FIXTURES / "locust_v1_locusttest_basic.yaml").read_text())
    test = read_locust_test(document)
    assert test.name == document["metadata"]["name"]
    assert test.spec.master.command == document["spec"]["masterCommandSeed"]
    assert test.spec.worker.replicas == document["spec"]["workerReplicas"]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*v2*.yaml")), ids=lambda path: path.stem)
def test_every_v2_sample_is_read(path: Path) -> None:
    for document in yaml.safe_load_all(path.read_text()):
        if document:
            assert read_locust_test(document).spec == LocustTestSpec.from_cr(document["spec"])


def test_not_a_mapping() -> None:
    assert errors(["x"]) == [
        "not a Kubernetes object: expected a mapping with apiVersion and kind, got ['x']",
    ]


def test_not_a_locust_test() -> None:
    assert errors({"apiVersion": "v1", "kind": "ConfigMap"}) == [
        'not a LocustTest: apiVersion "v1", kind "ConfigMap" '
        "(expected kind LocustTest with apiVersion locust.io/v2 or locust.io/v1)"
    ]


def test_metadata_and_spec_errors_are_reported_together() -> None:
    document = {**cr(minimal_cr_spec(worker={"command": "x", "replicas": 0}), name="Bad_Name", namespace="Perf")}
    document["extra"] = 1
    assert errors(document) == [
        'extra: unknown field "extra"',
        'metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case '
        "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        'metadata.namespace: Invalid value: "Perf": a lowercase RFC 1123 label must consist of lower case '
        "alphanumeric characters or '-', and must start and end with an alphanumeric character",
        "spec.worker.replicas: Invalid value: 0: should be greater than or equal to 1",
    ]


def test_metadata_that_is_not_an_object_is_one_error() -> None:
    assert errors({**cr(), "metadata": ["x"]}) == ["metadata: Invalid value: ['x']: must be of type object"]


def test_a_missing_name_and_spec() -> None:
    assert errors({"apiVersion": "locust.io/v2", "kind": "LocustTest"}) == [
        "metadata.name: Required value: a LocustTest needs a non-empty name",
        "spec: Required value",
    ]


def test_the_webhook_reports_its_first_error_in_its_order_name_first() -> None:
    """Name length is the webhook's first rule: it wins over a spec rule of the webhook."""
    otel_without_endpoint = minimal_cr_spec(observability={"openTelemetry": {"enabled": True}})
    assert errors(cr(otel_without_endpoint, name="n" * 57)) == [
        f'metadata.name: name "{"n" * 57}" is too long: generated Job names would exceed 63 characters '
        "(max CR name length is 56)"
    ]
    assert errors(cr(otel_without_endpoint)) == [
        "spec.observability.openTelemetry.endpoint: "
        "observability.openTelemetry.endpoint is required when OpenTelemetry is enabled"
    ]


def test_volume_names_clashing_with_the_generated_ones_come_before_open_telemetry() -> None:
    spec = minimal_cr_spec(
        volumes=[{"name": "demo-master", "emptyDir": {}}],
        volumeMounts=[{"name": "demo-master", "mountPath": "/data"}],
        observability={"openTelemetry": {"enabled": True}},
    )
    assert errors(cr(spec)) == [
        'spec.volumes[0].name: volume name "demo-master" conflicts with operator-generated name'
    ]


def test_building_a_spec_outside_the_reader_still_runs_the_webhook_rules() -> None:
    with pytest.raises(SpecError, match="endpoint is required"):
        LocustTestSpec.from_cr(minimal_cr_spec(observability={"openTelemetry": {"enabled": True}}))


def test_validation_does_not_import_the_spec_classes() -> None:
    """The spec <-> validation import cycle is gone: validation names the spec types for mypy only."""
    tree = ast.parse(Path(validation.__file__).read_text())
    blocks = [node for node in ast.walk(tree) if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"]
    allowed = {id(inner) for block in blocks for inner in ast.walk(block)}
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1]
    spec_imports = [node for node in imports if node.module == "spec"]
    assert spec_imports and all(id(node) in allowed for node in spec_imports)

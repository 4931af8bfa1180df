"""read_locust_test: one whole CR document in; name, namespace and checked spec out."""

import ast
import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

import constructs_locust
from constructs_locust import LocustTestDocument, LocustTestSpec, SpecError, read_locust_test
from constructs_locust.spec import _webhook as validation
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


def test_a_name_or_namespace_that_is_not_a_string_is_a_type_error() -> None:
    assert errors(cr(name=123, namespace=["perf"])) == [
        "metadata.name: Invalid value: 123: must be of type string",
        "metadata.namespace: Invalid value: ['perf']: must be of type string",
    ]


def test_unknown_metadata_fields_are_refused_as_strict_field_validation_refuses_them() -> None:
    assert errors(cr(name="demo", labelz={"team": "perf"}, owner="me")) == [
        'metadata.labelz: unknown field "metadata.labelz": did you mean "labels"?',
        'metadata.owner: unknown field "metadata.owner"',
    ]


def test_labels_and_annotations_are_string_maps_under_the_api_servers_rules() -> None:
    assert errors(cr(name="demo", labels={"team": 1})) == [
        "metadata.labels.team: Invalid value: 1: must be of type string"
    ]
    [label] = errors(cr(name="demo", labels={"bad key!": "perf"}))
    assert label.startswith('metadata.labels: Invalid value: "bad key!": name part must consist of')
    [annotation] = errors(cr(name="demo", annotations={"/no-name": "x"}))
    assert annotation.startswith('metadata.annotations: Invalid value: "/no-name": ')


def test_every_metadata_problem_is_reported_with_the_specs() -> None:
    document = cr(minimal_cr_spec(worker={"command": "x", "replicas": 0}), name=5, labelz={}, labels={"a": 1})
    assert errors(document) == [
        "metadata.name: Invalid value: 5: must be of type string",
        'metadata.labelz: unknown field "metadata.labelz": did you mean "labels"?',
        "metadata.labels.a: Invalid value: 1: must be of type string",
        "spec.worker.replicas: Invalid value: 0: should be greater than or equal to 1",
    ]


@pytest.mark.parametrize(
    ("timestamp", "shown"), [("not a time", '"not a time"'), (datetime.date(2026, 11, 2), '"2026-11-02"'), (5, "5")]
)
def test_a_timestamp_must_be_an_rfc_3339_time(timestamp: Any, shown: str) -> None:
    [error] = errors(cr(name="demo", creationTimestamp=timestamp))
    expected = "must be of type string" if timestamp == 5 else "must be an RFC 3339 time (2006-01-02T15:04:05Z)"
    assert error == f"metadata.creationTimestamp: Invalid value: {shown}: {expected}"


def test_a_cr_exported_with_kubectl_get_is_read_and_its_server_fields_ignored() -> None:
    exported = yaml.safe_load(
        """
apiVersion: locust.io/v2
kind: LocustTest
metadata:
  name: checkout
  namespace: perf
  uid: 0b1c2d3e-0000-4000-8000-000000000000
  resourceVersion: "48213"
  generation: 3
  creationTimestamp: 2026-11-02T10:00:00Z
  labels: {team: perf}
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"locust.io/v2"}'
  finalizers: [locust.io/cleanup]
  managedFields:
  - manager: kubectl-client-side-apply
    operation: Update
    apiVersion: locust.io/v2
    time: "2026-11-02T10:00:00Z"
    fieldsType: FieldsV1
    fieldsV1: {"f:spec": {}}
status:
  phase: Succeeded
"""
    )
    exported["spec"] = minimal_cr_spec()
    assert read_locust_test(exported) == read_locust_test(cr(name="checkout", namespace="perf"))


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
    spec_imports = [node for node in imports if node.module == "_classes"]
    assert spec_imports and all(id(node) in allowed for node in spec_imports)

"""OtelCollector as a thin construct: its names claimed app-wide, its built objects added as they are."""

from typing import Any

import cdk8s
import pytest

from constructs_locust import LocustMasterJob, LocustTest, LocustTestSpec, OtelCollector, SpecError
from constructs_locust.constructs._manifest_object import ManifestObject
from tests.support import minimal_cr_spec
from tests.test_collector import SCENARIOS, broken

SPEC = LocustTestSpec.from_cr(minimal_cr_spec())


def chart(namespace: str | None = "monitoring", app: cdk8s.App | None = None, id: str = "c") -> cdk8s.Chart:
    return cdk8s.Chart(app or cdk8s.Testing.app(), id, namespace=namespace)


def test_a_second_collector_of_one_name_is_refused_before_anything_is_added() -> None:
    scope = chart()
    OtelCollector(scope, "a", name="otel")
    with pytest.raises(SpecError) as caught:
        OtelCollector(scope, "b", name="otel")
    assert str(caught.value) == (
        'name: Duplicate value: "otel": the ConfigMap "otel-config" in namespace "monitoring" is already in this '
        'app, from the OtelCollector at "c/a"; give each collector its own name or namespace'
    )
    assert [child.node.id for child in scope.node.children] == ["a"]
    assert len(cdk8s.Testing.synth(scope)) == 3


def test_the_scope_is_the_app_and_other_namespaces_are_other_objects() -> None:
    app = cdk8s.Testing.app()
    monitoring, other = chart(app=app, id="monitoring"), chart(None, app=app, id="other")
    OtelCollector(monitoring, "otel")
    OtelCollector(other, "otel")  # no namespace: not the objects of "monitoring"
    OtelCollector(other, "otel-load", name="otel", namespace="load")
    with pytest.raises(SpecError, match='in namespace "monitoring" is already in this app, from the OtelCollector at'):
        OtelCollector(other, "again", name="otel", namespace="monitoring")
    OtelCollector(chart(), "otel")  # another app


def test_a_collector_named_like_a_tests_service_collides_either_way() -> None:
    scope = chart("perf")
    LocustTest(scope, "demo", spec=SPEC)
    with pytest.raises(SpecError) as caught:
        OtelCollector(scope, "otel", name="demo-master")
    assert str(caught.value) == (
        'name: Duplicate value: "demo-master": the Service "demo-master" in namespace "perf" is already in this '
        'app, from the LocustTest at "c/demo"; give each collector its own name or namespace'
    )
    OtelCollector(scope, "shop-otel", name="shop-master")
    with pytest.raises(SpecError) as caught:
        LocustTest(scope, "shop", spec=SPEC)
    assert str(caught.value) == (
        'metadata.name: Duplicate value: "shop": the Service "shop-master" in namespace "perf" is already in this '
        'app, from the OtelCollector at "c/shop-otel"; give each test its own name or namespace'
    )


def test_a_removed_collector_frees_its_names() -> None:
    scope = chart()
    OtelCollector(scope, "otel")
    assert scope.node.try_remove_child("otel")
    OtelCollector(scope, "otel")
    OtelCollector(scope, "first", name="shared")
    assert scope.node.try_remove_child("first")
    OtelCollector(scope, "second", name="shared")
    with pytest.raises(SpecError, match='from the OtelCollector at "c/second"'):
        OtelCollector(scope, "third", name="shared")
    assert len(cdk8s.Testing.synth(scope)) == 6


def test_a_collector_that_failed_to_build_claims_no_names() -> None:
    scope = chart()
    with pytest.raises(SpecError):
        OtelCollector(scope, "otel", config=broken(lambda config: config["service"].pop("pipelines")))
    OtelCollector(scope, "otel")
    assert len(cdk8s.Testing.synth(scope)) == 3


def test_the_same_id_twice_is_still_the_duplicate_id_error() -> None:
    scope = chart()
    OtelCollector(scope, "otel")
    with pytest.raises(SpecError) as caught:
        OtelCollector(scope, "otel")
    assert str(caught.value) == 'id: Invalid value: "otel": the scope already has a child with this id'


@pytest.mark.parametrize("scope", [None, "chart"])
def test_a_scope_that_is_not_a_construct_is_a_type_error(scope: Any) -> None:
    with pytest.raises(TypeError, match=r"^type of argument scope must be constructs.Construct; got \w+ instead$"):
        OtelCollector(scope, "otel")


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_the_synthesized_objects_are_the_built_ones(scenario: str) -> None:
    scope = chart()
    collector = OtelCollector(scope, "otel-collector", namespace="monitoring", **SCENARIOS[scenario])
    assert cdk8s.Testing.synth(scope) == list(collector.manifests)


def test_one_api_object_helper_serves_the_collector_and_the_test() -> None:
    collector = OtelCollector(chart(), "otel")
    assert isinstance(collector.deployment, ManifestObject) and isinstance(collector.service, ManifestObject)
    assert collector.deployment.manifest is collector.manifests.deployment
    assert issubclass(LocustMasterJob, ManifestObject)


def test_the_helper_patches_every_field_beyond_the_header_with_escaped_pointers() -> None:
    scope = chart(None)
    manifest: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "odd"},
        "data": {"a": "1"},
        "x/y~z": True,
    }
    ManifestObject(scope, "odd", manifest=manifest)
    assert cdk8s.Testing.synth(scope) == [manifest]

"""The collector's pure builders: the chart's three objects as plain data, checked, without cdk8s."""

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_locust import DebugExporter, SpecError
from constructs_locust.manifests._collector import (
    MAX_COLLECTOR_NAME_LENGTH,
    CollectorManifests,
    render_collector,
)
from tests.support import ROOT
from tests.test_collector import SCENARIOS

SNAPSHOTS = ROOT / "tests" / "__snapshots__" / "test_collector"


def snapshot_objects(scenario: str) -> list[dict[str, Any]]:
    """The synthesized objects of ``scenario`` as test_collector.py's snapshot holds them."""
    path = SNAPSHOTS / f"test_scenario_matches_its_snapshot[{scenario}].yaml"
    return list(yaml.safe_load_all(Path(path).read_text(encoding="utf-8")))


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_the_builders_give_the_objects_of_the_snapshots(scenario: str) -> None:
    """The snapshots were taken from the construct in a chart of namespace ``monitoring``."""
    manifests = render_collector("otel-collector", "monitoring", **SCENARIOS[scenario])
    assert isinstance(manifests, CollectorManifests)
    assert list(manifests) == snapshot_objects(scenario)


def test_rendering_needs_neither_cdk8s_nor_node() -> None:
    code = (
        "import sys; from constructs_locust.manifests._collector import render_collector;"
        "m = render_collector('otel', 'monitoring');"
        "assert [o['kind'] for o in m] == ['ConfigMap', 'Deployment', 'Service'];"
        "loaded = {'cdk8s', 'cdk8s_plus_27', 'constructs', 'jsii'} & set(sys.modules);"
        "assert not loaded, sorted(loaded)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_without_a_namespace_the_objects_have_none() -> None:
    assert all("namespace" not in manifest["metadata"] for manifest in render_collector("otel"))


def test_the_longest_name_keeps_every_object_name_a_dns_label() -> None:
    assert MAX_COLLECTOR_NAME_LENGTH == 56
    longest = "o" * MAX_COLLECTOR_NAME_LENGTH
    config_map, deployment, service = render_collector(longest)
    assert len(config_map["metadata"]["name"]) == 63
    assert deployment["metadata"]["name"] == service["metadata"]["name"] == longest
    with pytest.raises(SpecError) as caught:
        render_collector(longest + "o")
    assert str(caught.value) == (
        f'name: Invalid value: "{longest}o": a collector name must be a DNS-1035 label of at most 56 characters '
        "(lowercase alphanumerics or '-', starting with a letter)"
    )


def test_the_builders_check_every_argument_at_once_by_keyword() -> None:
    with pytest.raises(SpecError) as caught:
        render_collector("Otel", "Monitoring", image=" ", replicas=-1, labels={"team": 1})  # type: ignore[dict-item]
    errors = [str(error) for error in caught.value.errors]
    assert [error.path for error in caught.value.errors] == ["name", "namespace", "image", "replicas", "labels.team"]
    assert errors[1].startswith('namespace: Invalid value: "Monitoring": a lowercase RFC 1123 label')
    assert errors[2:] == [
        "image: Required value: the collector image must not be empty",
        "replicas: Invalid value: -1: should be greater than or equal to 0",
        "labels.team: Invalid value: 1: must be of type string",
    ]


def test_an_empty_list_of_exporters_is_refused_not_defaulted() -> None:
    with pytest.raises(SpecError) as caught:
        render_collector("otel", exporters=[])
    assert str(caught.value) == "exporters: Required value: give at least one exporter (e.g. DebugExporter())"


def test_the_configuration_is_checked_and_selector_labels_are_kept() -> None:
    with pytest.raises(SpecError, match=r"^config: give either config or exporters, not both$"):
        render_collector("otel", config={}, exporters=[DebugExporter()])
    with pytest.raises(SpecError, match=r"^labels.app.kubernetes.io/name: is a selector label"):
        render_collector("otel", labels={"app.kubernetes.io/name": "mine"})


def test_each_render_is_fresh_data() -> None:
    """Changing what one render returned changes neither the chart's defaults nor the next render."""
    first = render_collector("otel", "monitoring")
    pristine = copy.deepcopy(list(first))
    container = first.deployment["spec"]["template"]["spec"]["containers"][0]
    container["securityContext"]["capabilities"]["drop"].append("NONE")
    container["resources"]["limits"]["cpu"] = "8"
    first.deployment["spec"]["template"]["spec"]["securityContext"]["seccompProfile"]["type"] = "Unconfined"
    assert list(render_collector("otel", "monitoring")) == pristine

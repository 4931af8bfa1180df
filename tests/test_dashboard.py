"""LocustDashboard and its JSON: Grafana's foundation SDK model, the sidecar's ConfigMap, the queries' names."""

import json
import subprocess
import sys
from typing import Any

import cdk8s
import kubernetes_validate
import pytest
import yaml
from opentelemetry.proto.metrics.v1 import metrics_pb2
from syrupy.assertion import SnapshotAssertion

from constructs_locust import LocustDashboard, SpecError, locust_dashboard, locust_dashboard_json
from constructs_locust.manifests._dashboard import (
    CLIENT_DURATION,
    DASHBOARD_FILE,
    USERS_COUNT,
    dashboard_config_map,
    dashboard_queries,
)
from tests.e2e.prometheus_exposition import metric_name
from tests.test_kube_yaml import KUBECTL, kubectl_read
from tests.test_schema import KUBERNETES_VERSIONS


def synth(**kwargs: Any) -> list[dict[str, Any]]:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "grafana", namespace="monitoring")
    LocustDashboard(chart, "locust-dashboard", **kwargs)
    return list(cdk8s.Testing.synth(chart))


class _BlockDumper(yaml.SafeDumper):
    """The dashboard's JSON as a readable ``|`` block in the snapshot."""


_BlockDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)


def test_snapshot_of_the_dashboard_config_map(snapshot: SnapshotAssertion) -> None:
    (config_map,) = synth()
    assert yaml.dump(config_map, Dumper=_BlockDumper, sort_keys=False, width=1000) == snapshot


def test_every_panel_and_row_has_its_own_id() -> None:
    ids = [panel["id"] for panel in locust_dashboard()["panels"]]
    assert ids == list(range(1, len(ids) + 1))


def test_the_sidecar_label_is_the_default_and_can_be_changed() -> None:
    (default,) = synth()
    assert default["metadata"] == {
        "name": "locust-dashboard",
        "namespace": "monitoring",
        "labels": {"grafana_dashboard": "1"},
    }
    (custom,) = synth(name="load", namespace="grafana", labels={"dashboards": "locust"})
    assert custom["metadata"] == {"name": "load", "namespace": "grafana", "labels": {"dashboards": "locust"}}


def test_the_config_map_holds_the_json_file() -> None:
    (config_map,) = synth(title="Checkout load", uid="checkout-load")
    data = json.loads(config_map["data"][DASHBOARD_FILE])
    assert data == locust_dashboard(title="Checkout load", uid="checkout-load")
    assert config_map["data"][DASHBOARD_FILE] == locust_dashboard_json(title="Checkout load", uid="checkout-load")


def test_the_json_validates_with_the_sdks_model() -> None:
    """Decoded into the SDK's dashboard model (panels and queries typed by its plugins), encoded back unchanged."""
    from grafana_foundation_sdk.cog.encoder import JSONEncoder
    from grafana_foundation_sdk.cog.plugins import register_default_plugins
    from grafana_foundation_sdk.models.dashboard import Dashboard, Panel
    from grafana_foundation_sdk.models.prometheus import Dataquery

    register_default_plugins()
    data = locust_dashboard()
    model = Dashboard.from_json(data)
    assert json.loads(JSONEncoder(sort_keys=False).encode(model)) == data
    panels = [panel for panel in model.panels or [] if isinstance(panel, Panel)]
    assert {panel.type_val for panel in panels} == {"stat", "timeseries"}
    assert all(isinstance(target, Dataquery) for panel in panels for target in panel.targets or [])


def test_panels_and_variables() -> None:
    data = locust_dashboard()
    titles = [panel["title"] for panel in data["panels"] if panel["type"] != "row"]
    assert titles == [
        "Requests",
        "Failures",
        "Users",
        "Workers reporting",
        "Requests/s by name",
        "Failures/s by name",
        "Failures/s by error type",
        "Response time p50 / p95 / p99 by name",
        "Users (all workers)",
        "Workers reporting",
    ]
    variables = {variable["name"]: variable for variable in data["templating"]["list"]}
    assert list(variables) == ["datasource", "test", "run"]
    assert variables["datasource"]["query"] == "prometheus"
    assert all(
        panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
        for panel in data["panels"]
        if panel["type"] != "row"
    )


def _metric(name: str, unit: str, kind: str) -> Any:
    metric = metrics_pb2.Metric(name=name, unit=unit)
    if kind == "histogram":
        metric.histogram.aggregation_temporality = metrics_pb2.AGGREGATION_TEMPORALITY_CUMULATIVE
    else:
        metric.gauge.SetInParent()
    return metric


def test_the_queries_use_the_names_the_translation_gives_locusts_instruments() -> None:
    """``locust.client.duration`` (s, histogram) and ``locust.users.count`` ({user}, gauge) as Prometheus names them."""
    assert metric_name(_metric("locust.client.duration", "s", "histogram")) == CLIENT_DURATION
    assert metric_name(_metric("locust.users.count", "{user}", "gauge")) == USERS_COUNT
    used = {
        name
        for query in dashboard_queries()
        for name in (f"{CLIENT_DURATION}_count", f"{CLIENT_DURATION}_bucket", USERS_COUNT)
        if name in query.expr
    }
    assert used == {f"{CLIENT_DURATION}_count", f"{CLIENT_DURATION}_bucket", USERS_COUNT}
    assert all("$test" in query.expr and "$run" in query.expr for query in dashboard_queries())


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"name": "Locust"}, "name"),
        ({"namespace": "Bad_ns"}, "namespace"),
        ({"labels": {"bad label": "1"}}, "labels"),
        ({"uid": "no spaces please"}, "uid"),
        ({"title": " "}, "title"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs: dict[str, Any], path: str) -> None:
    arguments = {"name": "locust-dashboard", **kwargs}
    with pytest.raises(SpecError, match=rf"^{path}"):
        dashboard_config_map(arguments.pop("name"), **arguments)


def test_a_second_dashboard_of_the_same_name_is_refused() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "grafana", namespace="monitoring")
    LocustDashboard(chart, "locust-dashboard")
    with pytest.raises(SpecError, match=r"^name"):
        LocustDashboard(chart, "other", name="locust-dashboard")


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_the_config_map_passes_strict_schema_validation(version: str) -> None:
    for manifest in synth():
        kubernetes_validate.validate(manifest, version, strict=True)


@pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")
def test_kubectl_reads_the_config_map_back_unchanged(tmp_path: Any) -> None:
    manifests = synth()
    assert kubectl_read(yaml.safe_dump_all(manifests, sort_keys=False), tmp_path) == manifests


def test_the_json_comes_without_cdk8s_or_node() -> None:
    """``locust_dashboard_json`` is pure Python: a process that calls it never imports cdk8s."""
    code = (
        "import sys, constructs_locust as c; text = c.locust_dashboard_json(); "
        "assert 'cdk8s' not in sys.modules and 'jsii' not in sys.modules; print(len(text))"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 1000

"""Collector exporters for where teams keep metrics: Prometheus remote write, and the scrape exporter's labels."""

from typing import Any

import cdk8s
import kubernetes_validate
import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from constructs_locust import (
    DebugExporter,
    OtelCollector,
    PrometheusExporter,
    PrometheusRemoteWriteExporter,
    SecretKeyRef,
    SpecError,
)
from tests.test_schema import KUBERNETES_VERSIONS

GRAFANA_CLOUD = PrometheusRemoteWriteExporter(
    endpoint="https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push",
    headers={"Authorization": SecretKeyRef(name="grafana-cloud", key="basic-auth")},
)

SCENARIOS: dict[str, list[Any]] = {
    "remote-write": [DebugExporter(verbosity="basic"), GRAFANA_CLOUD],
    "remote-write-plain": [
        DebugExporter(verbosity="basic"),
        PrometheusRemoteWriteExporter(
            endpoint="http://prometheus.monitoring:9090/api/v1/write", resource_to_telemetry_conversion=False
        ),
    ],
    "prometheus-labels": [DebugExporter(verbosity="basic"), PrometheusExporter(resource_to_telemetry_conversion=True)],
}


def synth(exporters: list[Any]) -> list[dict[str, Any]]:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "collector", namespace="monitoring")
    OtelCollector(chart, "otel-collector", exporters=exporters)
    return list(cdk8s.Testing.synth(chart))


def config(exporters: list[Any]) -> dict[str, Any]:
    (config_map,) = [m for m in synth(exporters) if m["kind"] == "ConfigMap"]
    return dict(yaml.safe_load(config_map["data"]["otel-collector-config.yaml"]))


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_scenario_matches_its_snapshot(scenario: str, snapshot: SnapshotAssertion) -> None:
    assert yaml.safe_dump_all(synth(SCENARIOS[scenario]), sort_keys=False, width=1000) == snapshot


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_objects_pass_strict_schema_validation(scenario: str, version: str) -> None:
    for manifest in synth(SCENARIOS[scenario]):
        kubernetes_validate.validate(manifest, version, strict=True)


def test_remote_write_takes_metrics_with_resource_attributes_as_labels() -> None:
    loaded = config([DebugExporter(), GRAFANA_CLOUD])
    assert loaded["exporters"]["prometheusremotewrite"] == {
        "endpoint": GRAFANA_CLOUD.endpoint,
        "headers": {"Authorization": "${env:PROMETHEUSREMOTEWRITE_HEADER_0}"},
        "resource_to_telemetry_conversion": {"enabled": True},
    }
    pipelines = loaded["service"]["pipelines"]
    assert pipelines["metrics"]["exporters"] == ["debug", "prometheusremotewrite"]
    assert pipelines["traces"]["exporters"] == ["debug"] and pipelines["logs"]["exporters"] == ["debug"]


def test_remote_write_headers_come_from_the_secret_never_literal() -> None:
    manifests = synth([DebugExporter(), GRAFANA_CLOUD])
    (deployment,) = [m for m in manifests if m["kind"] == "Deployment"]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert container["env"] == [
        {
            "name": "PROMETHEUSREMOTEWRITE_HEADER_0",
            "valueFrom": {"secretKeyRef": {"name": "grafana-cloud", "key": "basic-auth"}},
        }
    ]
    assert "basic-auth" not in yaml.safe_dump([m for m in manifests if m["kind"] == "ConfigMap"])


def test_remote_write_options() -> None:
    exporter = PrometheusRemoteWriteExporter(
        endpoint="https://mimir.example/api/v1/push",
        resource_to_telemetry_conversion=False,
        insecure=True,
        name="mimir",
    )
    assert exporter.component_id == "prometheusremotewrite/mimir"
    assert exporter.signals == ("metrics",)
    assert exporter.config() == {"endpoint": "https://mimir.example/api/v1/push", "tls": {"insecure_skip_verify": True}}
    assert exporter.env() == []


def test_remote_write_alone_leaves_traces_and_logs_without_an_exporter() -> None:
    with pytest.raises(SpecError, match="no exporter takes traces"):
        synth([GRAFANA_CLOUD])


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"endpoint": ""}, "PrometheusRemoteWriteExporter.endpoint"),
        (
            {"endpoint": "http://p", "headers": {"Authorization": "Basic abc"}},
            r"PrometheusRemoteWriteExporter.headers\[Authorization\]",
        ),
        (
            {"endpoint": "http://p", "resource_to_telemetry_conversion": "yes"},
            "PrometheusRemoteWriteExporter.resource_to_telemetry_conversion",
        ),
        ({"endpoint": "http://p", "name": "Bad Name"}, "PrometheusRemoteWriteExporter.name"),
    ],
)
def test_remote_write_refuses_bad_arguments_by_name(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(SpecError, match=path):
        PrometheusRemoteWriteExporter(**kwargs)


def test_the_scrape_exporter_promotes_resource_attributes_only_when_asked() -> None:
    assert PrometheusExporter().config() == {"endpoint": "0.0.0.0:8889"}
    assert PrometheusExporter(resource_to_telemetry_conversion=True).config() == {
        "endpoint": "0.0.0.0:8889",
        "resource_to_telemetry_conversion": {"enabled": True},
    }
    with pytest.raises(SpecError, match=r"PrometheusExporter\.resource_to_telemetry_conversion"):
        PrometheusExporter(resource_to_telemetry_conversion=1)  # type: ignore[arg-type]

"""OpenTelemetry (spec.observability.openTelemetry): one YAML snapshot per scenario, plus the rules."""

from typing import Any

import cdk8s
import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from constructs_locust import LocustTest, LocustTestSpec, SpecError
from constructs_locust.testing import synth_yaml as synth_chart_yaml
from tests.support import minimal_cr_spec

SCENARIOS: dict[str, dict[str, Any] | None] = {
    "no-observability": None,
    "enabled-false": {"openTelemetry": {"enabled": False, "endpoint": "collector:4317", "extraEnvVars": {"A": "1"}}},
    "grpc-insecure": {
        "openTelemetry": {
            "enabled": True,
            "endpoint": "otel-collector.monitoring:4317",
            "protocol": "grpc",
            "insecure": True,
        }
    },
    "http-protobuf": {
        "openTelemetry": {
            "enabled": True,
            "endpoint": "https://otel-collector.monitoring:4318",
            "protocol": "http/protobuf",
        }
    },
    "extra-env-vars": {
        "openTelemetry": {
            "enabled": True,
            "endpoint": "otel-collector.monitoring:4317",
            "extraEnvVars": {
                "OTEL_TRACES_SAMPLER_ARG": "0.1",
                "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=staging",
                "OTEL_SERVICE_NAME": "checkout-load",
                "OTEL_METRIC_EXPORT_INTERVAL": "5000",
                "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
            },
        }
    },
}

REFUSALS: dict[str, dict[str, Any]] = {
    "enabled-without-endpoint": {"openTelemetry": {"enabled": True, "protocol": "grpc"}},
    "bad-protocol": {"openTelemetry": {"enabled": True, "endpoint": "collector:4317", "protocol": "http/json"}},
}


def scenario_spec(observability: dict[str, Any] | None) -> dict[str, Any]:
    spec = minimal_cr_spec()
    if observability is not None:
        spec["observability"] = observability
    return spec


def scenario_chart(observability: dict[str, Any] | None) -> cdk8s.Chart:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "otel", namespace="load")
    LocustTest(chart, "checkout", spec=LocustTestSpec.from_cr(scenario_spec(observability)))
    return chart


def synth_yaml(observability: dict[str, Any] | None) -> str:
    return synth_chart_yaml(scenario_chart(observability))


def rendered(observability: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    service, master, worker = yaml.safe_load_all(synth_yaml(observability))
    return {"service": service, "master": master, "worker": worker}


def container(job: dict[str, Any]) -> dict[str, Any]:
    containers = job["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return dict(containers[0])


def env_names(job: dict[str, Any]) -> list[str]:
    return [entry["name"] for entry in container(job)["env"]]


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_scenario_matches_its_snapshot(scenario: str, snapshot: SnapshotAssertion) -> None:
    assert scenario_chart(SCENARIOS[scenario]) == snapshot


@pytest.mark.parametrize("scenario", sorted(REFUSALS))
def test_refusal_matches_its_snapshot(scenario: str, snapshot: SnapshotAssertion) -> None:
    with pytest.raises(SpecError) as caught:
        LocustTestSpec.from_cr(scenario_spec(REFUSALS[scenario]))
    record = {"input": {"observability": REFUSALS[scenario]}, "error": str(caught.value)}
    assert yaml.safe_dump(record, sort_keys=False, width=1000) == snapshot


def test_master_command_puts_otel_right_after_the_command_seed() -> None:
    args = container(rendered(SCENARIOS["grpc-insecure"])["master"])["args"]
    assert args[:3] == ["--locustfile", "/lotest/src/locustfile.py", "--otel"]
    assert args.index("--otel") < args.index("--master")


def test_worker_command_puts_otel_before_worker() -> None:
    args = container(rendered(SCENARIOS["grpc-insecure"])["worker"])["args"]
    assert args[2] == "--otel"
    assert args.index("--otel") < args.index("--worker")


@pytest.mark.parametrize("scenario", ["no-observability", "enabled-false"])
def test_disabled_otel_renders_nothing_otel_related(scenario: str) -> None:
    objects = rendered(SCENARIOS[scenario])
    for role in ("master", "worker"):
        assert "--otel" not in container(objects[role])["args"]
        assert not [name for name in env_names(objects[role]) if name.startswith("OTEL_") or name == "A"]
    assert [port["name"] for port in objects["service"]["spec"]["ports"]][-1] == "prometheus-metrics"
    assert objects["master"]["spec"]["template"]["spec"]["initContainers"][0]["name"] == "locust-metrics-exporter"
    assert objects["master"]["spec"]["template"]["metadata"]["annotations"]["prometheus.io/scrape"] == "true"


def test_enabled_otel_drops_the_sidecar_the_metrics_port_and_the_annotations() -> None:
    objects = rendered(SCENARIOS["grpc-insecure"])
    master_pod = objects["master"]["spec"]["template"]
    assert "initContainers" not in master_pod["spec"]
    assert "annotations" not in master_pod["metadata"]
    assert [port["name"] for port in objects["service"]["spec"]["ports"]] == ["port5557", "port5558"]


def test_otel_env_follows_kafka_and_precedes_user_variables() -> None:
    cr = scenario_spec(SCENARIOS["grpc-insecure"])
    cr["env"] = {"variables": [{"name": "TARGET", "value": "https://shop.example.com"}]}
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "otel")
    test = LocustTest(chart, "checkout", spec=LocustTestSpec.from_cr(cr))
    names = [entry["name"] for entry in test.manifests.master_job["spec"]["template"]["spec"]["containers"][0]["env"]]
    assert names[:7] == [
        "KAFKA_BOOTSTRAP_SERVERS",
        "KAFKA_SECURITY_ENABLED",
        "KAFKA_SECURITY_PROTOCOL_CONFIG",
        "KAFKA_SASL_MECHANISM",
        "KAFKA_SASL_JAAS_CONFIG",
        "KAFKA_USERNAME",
        "KAFKA_PASSWORD",
    ]
    assert names[7:] == [
        "OTEL_TRACES_EXPORTER",
        "OTEL_METRICS_EXPORTER",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        "OTEL_EXPORTER_OTLP_INSECURE",
        "TARGET",
    ]


def test_protocol_defaults_to_grpc_and_insecure_is_left_out_unless_true() -> None:
    objects = rendered({"openTelemetry": {"enabled": True, "endpoint": "c:4317", "insecure": False}})
    env = {entry["name"]: entry.get("value") for entry in container(objects["worker"])["env"]}
    assert env["OTEL_EXPORTER_OTLP_PROTOCOL"] == "grpc"
    assert "OTEL_EXPORTER_OTLP_INSECURE" not in env


def test_extra_env_vars_come_sorted_by_name_after_the_core_vars() -> None:
    names = env_names(rendered(SCENARIOS["extra-env-vars"])["master"])
    extra = names[names.index("OTEL_EXPORTER_OTLP_PROTOCOL") + 1 :]
    assert extra == sorted(SCENARIOS["extra-env-vars"]["openTelemetry"]["extraEnvVars"])  # type: ignore[index]


def test_master_and_worker_get_the_same_otel_env() -> None:
    objects = rendered(SCENARIOS["http-protobuf"])
    assert container(objects["master"])["env"] == container(objects["worker"])["env"]
    env = {entry["name"]: entry["value"] for entry in container(objects["master"])["env"] if "value" in entry}
    assert env["OTEL_EXPORTER_OTLP_PROTOCOL"] == "http/protobuf"
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "https://otel-collector.monitoring:4318"

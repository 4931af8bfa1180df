"""Environment of the Locust containers (``internal/resources/env.go`` and ``otel.go``)."""

from typing import Any

from .._core.constants import (
    DEFAULT_OTLP_PROTOCOL,
    OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_EXPORTER_OTLP_INSECURE,
    OTEL_EXPORTER_OTLP_PROTOCOL,
    OTEL_METRICS_EXPORTER,
    OTEL_TRACES_EXPORTER,
    OTLP_EXPORTER,
)
from ..kube import go_json
from ..operator import KafkaDefaults, OperatorDefaults
from ..spec._classes import LocustTestSpec


def env_var(name: str, value: str) -> dict[str, str]:
    """An EnvVar; an empty value is left out, as Go's ``omitempty`` does."""
    return {"name": name, "value": value} if value else {"name": name}


def kafka_env(kafka: KafkaDefaults) -> list[dict[str, str]]:
    """The seven ``KAFKA_*`` variables, always present, in the operator's order."""
    return [
        env_var("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap_servers),
        env_var("KAFKA_SECURITY_ENABLED", "true" if kafka.security_enabled else "false"),
        env_var("KAFKA_SECURITY_PROTOCOL_CONFIG", kafka.security_protocol),
        env_var("KAFKA_SASL_MECHANISM", kafka.sasl_mechanism),
        env_var("KAFKA_SASL_JAAS_CONFIG", kafka.sasl_jaas_config),
        env_var("KAFKA_USERNAME", kafka.username),
        env_var("KAFKA_PASSWORD", kafka.password),
    ]


def otel_env(spec: LocustTestSpec) -> list[dict[str, str]]:
    """``BuildOTelEnvVars``: nothing when OTel is off; else exporters, endpoint, protocol,
    insecure (only when true), then ``extraEnvVars`` sorted by name."""
    otel = spec.open_telemetry
    if otel is None:
        return []
    env = [env_var(OTEL_TRACES_EXPORTER, OTLP_EXPORTER), env_var(OTEL_METRICS_EXPORTER, OTLP_EXPORTER)]
    if otel.endpoint:
        env.append(env_var(OTEL_EXPORTER_OTLP_ENDPOINT, otel.endpoint))
    protocol = otel.protocol.value if otel.protocol else DEFAULT_OTLP_PROTOCOL
    env.append(env_var(OTEL_EXPORTER_OTLP_PROTOCOL, protocol))
    if otel.insecure:
        env.append(env_var(OTEL_EXPORTER_OTLP_INSECURE, "true"))
    env += [env_var(name, value) for name, value in sorted((otel.extra_env_vars or {}).items())]
    return env


def container_env(spec: LocustTestSpec, defaults: OperatorDefaults) -> list[dict[str, Any]]:
    """``BuildEnvVars``: Kafka, then OTel, then the user's variables as Go writes them."""
    user: list[dict[str, Any]] = [
        go_json("EnvVar", variable) for variable in (spec.env.variables if spec.env and spec.env.variables else ())
    ]
    return [*kafka_env(defaults.kafka), *otel_env(spec), *user]


def container_env_from(spec: LocustTestSpec) -> list[dict[str, Any]]:
    """``BuildEnvFrom``: every ConfigMap source, then every Secret source, prefixes kept."""
    if spec.env is None:
        return []
    sources: list[dict[str, Any]] = []
    for ref in spec.env.config_map_refs or ():
        sources.append(_with_prefix(ref.prefix, {"configMapRef": {"name": ref.name}}))
    for ref in spec.env.secret_refs or ():
        sources.append(_with_prefix(ref.prefix, {"secretRef": {"name": ref.name}}))
    return sources


def _with_prefix(prefix: str | None, source: dict[str, Any]) -> dict[str, Any]:
    return {"prefix": prefix, **source} if prefix else source

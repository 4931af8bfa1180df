"""Typed exporters of the OpenTelemetry Collector: where the telemetry of a Locust test goes.

Each exporter gives its component id, the signals it serves, its configuration entry and the
env vars of the collector container it needs (Secret references, never literal secrets).
"""

import re
from collections.abc import Mapping
from typing import Any, Literal, Protocol

from attrs import field, frozen

from .._core.errors import SpecError, show_value
from .._core.field_errors import invalid, required, type_error
from .._core.model import coerce
from .._core.option_fields import check_fields, checked, typed
from ..spec._classes import OtlpProtocol
from ._options import SecretKeyRef, otlp_protocol

__all__ = ["SIGNALS", "CollectorExporter", "DebugExporter", "OtlpExporter", "PrometheusExporter"]

SIGNALS = ("traces", "metrics", "logs")
"""What Locust sends with ``--otel`` (logs unless ``OTEL_LOGS_EXPORTER=none``)."""

_NAME = re.compile(r"[a-z0-9]([-_a-z0-9]*[a-z0-9])?")


class CollectorExporter(Protocol):
    """What an exporter contributes: its component, the env it needs, the ports it opens."""

    @property
    def component_id(self) -> str:
        """The exporter's id in the configuration (``type`` or ``type/name``)."""
        ...

    @property
    def signals(self) -> tuple[str, ...]:
        """The pipelines it can serve."""
        ...

    def config(self) -> dict[str, Any]:
        """Its entry under ``exporters``."""
        ...

    def env(self) -> list[dict[str, Any]]:
        """``corev1.EnvVar`` entries of the collector container it needs (Secret references)."""
        ...


def _component_id(kind: str, name: str | None) -> str:
    return kind if name is None else f"{kind}/{name}"


def _check_name(path: str, name: str | None) -> None:
    """Refuse a component name that is not ``None`` or lowercase alphanumerics, '-' or '_'."""
    if name is not None:
        coerce(name, str, path)
        if not _NAME.fullmatch(name):
            raise invalid(path, name, "must be lowercase alphanumerics, '-' or '_'")


def _check_verbosity(path: str, value: object) -> None:
    if not isinstance(value, str) or value not in ("basic", "normal", "detailed"):
        raise invalid(path, value, "must be one of basic, normal, detailed")


@frozen(kw_only=True)
class DebugExporter:
    """The collector's ``debug`` exporter: telemetry to the collector's own log.

    Attributes:
        verbosity: ``basic`` (counts), ``normal`` or ``detailed`` (every span and point,
            as the operator chart's default). Default ``detailed``.
        name: Component name (``debug/<name>``). Default: none (``debug``).
    """

    verbosity: Literal["basic", "normal", "detailed"] = field(default="detailed", metadata=checked(_check_verbosity))
    name: str | None = field(default=None, metadata=checked(_check_name))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "DebugExporter")

    @property
    def component_id(self) -> str:
        """``debug`` or ``debug/<name>``."""
        return _component_id("debug", self.name)

    @property
    def signals(self) -> tuple[str, ...]:
        """Traces, metrics and logs."""
        return SIGNALS

    def config(self) -> dict[str, Any]:
        """``{verbosity: ...}``."""
        return {"verbosity": self.verbosity}

    def env(self) -> list[dict[str, Any]]:
        """None needed."""
        return []


def _check_endpoint(path: str, value: object) -> None:
    if value is None or value == "":
        raise required(path, f"got {show_value(value)}")
    coerce(value, str, path)


def _check_headers(path: str, value: object) -> None:
    """Header names as HTTP allows them, each value a :class:`SecretKeyRef`, every bad one reported."""
    if not isinstance(value, Mapping):
        raise type_error(path, value, "object")
    errors = []
    for header, ref in value.items():
        if not isinstance(header, str) or not re.fullmatch(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+", header):
            errors.append(invalid(path, header, "not an HTTP header name"))
        elif not isinstance(ref, SecretKeyRef):
            errors.append(invalid(f"{path}[{header}]", ref, "must be a SecretKeyRef"))
    if errors:
        raise SpecError.of(errors)


@frozen(kw_only=True)
class OtlpExporter:
    """Forward everything upstream over OTLP (a hosted backend, another collector).

    Attributes:
        endpoint: Required. gRPC: ``host:port``; HTTP: the base URL (``https://...``).
        protocol: ``grpc`` (the ``otlp`` exporter) or ``http/protobuf`` (``otlphttp``).
            Default ``grpc``.
        headers: Header name -> the Secret key holding its value. Each value reaches the
            collector as an env var from ``valueFrom.secretKeyRef`` and the configuration
            refers to it as ``${env:VAR}``: no secret is ever in the ConfigMap.
        insecure: gRPC only: plaintext (``tls.insecure: true``). Default ``False``.
        name: Component name (``otlp/<name>``). Default ``upstream``.
    """

    endpoint: str = field(metadata=checked(_check_endpoint))
    protocol: OtlpProtocol = field(default=OtlpProtocol.GRPC, metadata=checked(convert=otlp_protocol))
    headers: Mapping[str, SecretKeyRef] = field(factory=dict, metadata=checked(_check_headers))
    insecure: bool = field(default=False, metadata=checked(typed(bool)))
    name: str = field(default="upstream", metadata=checked(_check_name))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "OtlpExporter")
        if self.insecure and self.protocol is not OtlpProtocol.GRPC:
            raise SpecError(
                "OtlpExporter.insecure", "applies to grpc only; for http/protobuf the URL's scheme decides TLS"
            )

    @property
    def component_id(self) -> str:
        """``otlp/<name>`` (gRPC) or ``otlphttp/<name>`` (HTTP)."""
        return _component_id("otlp" if self.protocol is OtlpProtocol.GRPC else "otlphttp", self.name)

    @property
    def signals(self) -> tuple[str, ...]:
        """Traces, metrics and logs."""
        return SIGNALS

    def _env_names(self) -> dict[str, str]:
        prefix = re.sub(r"[^A-Z0-9]", "_", self.component_id.upper())
        return {header: f"{prefix}_HEADER_{index}" for index, header in enumerate(sorted(self.headers))}

    def config(self) -> dict[str, Any]:
        """``endpoint``, ``tls`` when insecure, ``headers`` as ``${env:...}`` references."""
        body: dict[str, Any] = {"endpoint": self.endpoint}
        if self.insecure:
            body["tls"] = {"insecure": True}
        names = self._env_names()
        if names:
            body["headers"] = {header: f"${{env:{names[header]}}}" for header in sorted(names)}
        return body

    def env(self) -> list[dict[str, Any]]:
        """One env var per header, from its Secret key."""
        names = self._env_names()
        return [self.headers[header].env_var(names[header]) for header in sorted(names)]


def _check_port(path: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise type_error(path, value, "integer")
    if not 1 <= value <= 65535:
        raise invalid(path, value, "must be 1 to 65535")


@frozen(kw_only=True)
class PrometheusExporter:
    """Serve metrics for Prometheus to scrape (``/metrics`` on ``port``, through the Service).

    Attributes:
        port: Default 8889.
        name: Component name (``prometheus/<name>``). Default: none.
        resource_to_telemetry_conversion: ``True``: every resource attribute becomes a label of
            every series (``locust_test_name``, ``locust_test_run``, ``locust_role``,
            ``k8s_pod_name``, ... from :class:`~constructs_locust.OtelOptions` identity), which
            the Locust dashboard's queries filter on. Default ``False``, the collector's own
            default: resource attributes go to a ``target_info`` series, and only
            ``service.name`` / ``service.instance.id`` label every series (``job`` /
            ``instance``).
    """

    port: int = field(default=8889, metadata=checked(_check_port))
    name: str | None = field(default=None, metadata=checked(_check_name))
    resource_to_telemetry_conversion: bool = field(default=False, metadata=checked(typed(bool)))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "PrometheusExporter")

    @property
    def component_id(self) -> str:
        """``prometheus`` or ``prometheus/<name>``."""
        return _component_id("prometheus", self.name)

    @property
    def signals(self) -> tuple[str, ...]:
        """Metrics only."""
        return ("metrics",)

    def config(self) -> dict[str, Any]:
        """``{endpoint: 0.0.0.0:<port>}``, and ``resource_to_telemetry_conversion`` when on."""
        body: dict[str, Any] = {"endpoint": f"0.0.0.0:{self.port}"}
        if self.resource_to_telemetry_conversion:
            body["resource_to_telemetry_conversion"] = {"enabled": True}
        return body

    def env(self) -> list[dict[str, Any]]:
        """None needed."""
        return []

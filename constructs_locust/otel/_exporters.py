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
from .._core.model import check_all, coerce
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


@frozen(kw_only=True)
class DebugExporter:
    """The collector's ``debug`` exporter: telemetry to the collector's own log.

    Attributes:
        verbosity: ``basic`` (counts), ``normal`` or ``detailed`` (every span and point,
            as the operator chart's default). Default ``detailed``.
        name: Component name (``debug/<name>``). Default: none (``debug``).
    """

    verbosity: Literal["basic", "normal", "detailed"] = "detailed"
    name: str | None = None

    def __attrs_post_init__(self) -> None:
        check_all([self._check_verbosity, lambda: _check_name("DebugExporter.name", self.name)])

    def _check_verbosity(self) -> None:
        if not isinstance(self.verbosity, str) or self.verbosity not in ("basic", "normal", "detailed"):
            raise invalid("DebugExporter.verbosity", self.verbosity, "must be one of basic, normal, detailed")

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

    endpoint: str
    protocol: OtlpProtocol = OtlpProtocol.GRPC
    headers: Mapping[str, SecretKeyRef] = field(factory=dict)
    insecure: bool = False
    name: str = "upstream"

    def __attrs_post_init__(self) -> None:
        check_all(
            [
                self._check_endpoint,
                lambda: object.__setattr__(self, "protocol", otlp_protocol("OtlpExporter.protocol", self.protocol)),
                self._check_headers,
                lambda: coerce(self.insecure, bool, "OtlpExporter.insecure"),
                lambda: _check_name("OtlpExporter.name", self.name),
            ]
        )
        if self.insecure and self.protocol is not OtlpProtocol.GRPC:
            raise SpecError(
                "OtlpExporter.insecure", "applies to grpc only; for http/protobuf the URL's scheme decides TLS"
            )

    def _check_endpoint(self) -> None:
        if self.endpoint is None or self.endpoint == "":
            raise required("OtlpExporter.endpoint", f"got {show_value(self.endpoint)}")
        coerce(self.endpoint, str, "OtlpExporter.endpoint")

    def _check_headers(self) -> None:
        if not isinstance(self.headers, Mapping):
            raise type_error("OtlpExporter.headers", self.headers, "object")
        errors = []
        for header, ref in self.headers.items():
            if not isinstance(header, str) or not re.fullmatch(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+", header):
                errors.append(invalid("OtlpExporter.headers", header, "not an HTTP header name"))
            elif not isinstance(ref, SecretKeyRef):
                errors.append(invalid(f"OtlpExporter.headers[{header}]", ref, "must be a SecretKeyRef"))
        if errors:
            raise SpecError.of(errors)

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


@frozen(kw_only=True)
class PrometheusExporter:
    """Serve metrics for Prometheus to scrape (``/metrics`` on ``port``, through the Service).

    Attributes:
        port: Default 8889.
        name: Component name (``prometheus/<name>``). Default: none.
    """

    port: int = 8889
    name: str | None = None

    def __attrs_post_init__(self) -> None:
        check_all([self._check_port, lambda: _check_name("PrometheusExporter.name", self.name)])

    def _check_port(self) -> None:
        if isinstance(self.port, bool) or not isinstance(self.port, int):
            raise type_error("PrometheusExporter.port", self.port, "integer")
        if not 1 <= self.port <= 65535:
            raise invalid("PrometheusExporter.port", self.port, "must be 1 to 65535")

    @property
    def component_id(self) -> str:
        """``prometheus`` or ``prometheus/<name>``."""
        return _component_id("prometheus", self.name)

    @property
    def signals(self) -> tuple[str, ...]:
        """Metrics only."""
        return ("metrics",)

    def config(self) -> dict[str, Any]:
        """``{endpoint: 0.0.0.0:<port>}``."""
        return {"endpoint": f"0.0.0.0:{self.port}"}

    def env(self) -> list[dict[str, Any]]:
        """None needed."""
        return []

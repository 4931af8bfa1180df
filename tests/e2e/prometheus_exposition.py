"""OTLP metrics as the Prometheus text format, the way the Collector's ``prometheus`` exporter shows them.

A test harness, not library code: the stand-in for an OpenTelemetry Collector between Locust
and a real Prometheus server. It follows the OpenTelemetry specification's "Prometheus and
OpenMetrics Compatibility" (OTLP metric points to Prometheus):

- names: every character outside ``[a-zA-Z0-9_:]`` becomes ``_``, runs of ``_`` become one;
  the unit becomes a suffix (``s`` -> ``seconds``, ``ms`` -> ``milliseconds``, ``By`` ->
  ``bytes``, ``1`` -> ``ratio`` for gauges, ``a/b`` -> ``a_per_b``, ``{...}`` annotations
  dropped) unless the name already has it; monotonic cumulative sums get ``_total``;
  histograms are ``_bucket{le}`` (cumulative, ending in ``+Inf``), ``_sum`` and ``_count``;
- labels: point attributes, sanitised the same way (two keys that meet are joined with ``;``);
  ``otel_scope_name`` / ``otel_scope_version``; ``job`` (``service.namespace/service.name``)
  and ``instance`` (``service.instance.id``, empty without one);
- resource attributes: a ``target_info`` gauge per ``job``/``instance`` with the other
  attributes; with ``promote_resource_attributes`` (the exporter's
  ``resource_to_telemetry_conversion: {enabled: true}``) every resource attribute is also a
  label of every series.

Like the exporter, it keeps the newest point of each series (same name and labels) and
serves that: two processes that write one series overwrite each other's cumulative values.
Timestamps are left to Prometheus (the exporter's ``send_timestamps: false`` default).
"""

import math
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

from opentelemetry.proto.metrics.v1 import metrics_pb2

from .otlp_receiver import Recorder, key_values

LOOPBACK = "127.0.0.1"

_UNITS = {
    "d": "days",
    "h": "hours",
    "min": "minutes",
    "s": "seconds",
    "ms": "milliseconds",
    "us": "microseconds",
    "ns": "nanoseconds",
    "By": "bytes",
    "KiBy": "kibibytes",
    "MiBy": "mebibytes",
    "KBy": "kilobytes",
    "MBy": "megabytes",
    "%": "percent",
    "Hz": "hertz",
    "Cel": "celsius",
}
_INVALID_NAME = re.compile(r"[^a-zA-Z0-9_:]")
_INVALID_LABEL = re.compile(r"[^a-zA-Z0-9_]")
_RUNS = re.compile(r"__+")
_CUMULATIVE = metrics_pb2.AGGREGATION_TEMPORALITY_CUMULATIVE


def sanitize_name(name: str) -> str:
    """A metric name: invalid characters to ``_``, runs of ``_`` to one."""
    return _RUNS.sub("_", _INVALID_NAME.sub("_", name))


def sanitize_label(name: str) -> str:
    """A label name: invalid characters to ``_``, runs of ``_`` to one, no leading digit."""
    label = _RUNS.sub("_", _INVALID_LABEL.sub("_", name))
    return f"key_{label}" if label[:1].isdigit() else label


def unit_suffix(unit: str, *, gauge: bool) -> str:
    """The Prometheus unit a metric's OTel unit becomes (``""``: none)."""
    unit = re.sub(r"\{[^}]*\}", "", unit).strip()
    if not unit:
        return ""
    if unit == "1":
        return "ratio" if gauge else ""
    if "/" in unit:
        numerator, _, denominator = unit.partition("/")
        parts = [_UNITS.get(numerator, numerator), "per", _UNITS.get(denominator, denominator)]
        return sanitize_name("_".join(part for part in parts if part))
    return sanitize_name(_UNITS.get(unit, unit))


def metric_name(metric: Any) -> str:
    """The family name of an OTLP metric, unit suffix included (before any type suffix)."""
    kind = metric.WhichOneof("data")
    name = sanitize_name(metric.name)
    suffix = unit_suffix(metric.unit, gauge=kind == "gauge")
    if suffix and not name.endswith(f"_{suffix}") and f"_{suffix}_" not in name:
        name = f"{name}_{suffix}"
    if kind == "sum" and metric.sum.is_monotonic and not name.endswith("_total"):
        name = f"{name}_total"
    return name


def labels_of(attributes: dict[str, Any]) -> dict[str, str]:
    """Attributes as labels; keys that sanitise alike are joined with ``;`` in key order."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for key, value in attributes.items():
        text = value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
        grouped.setdefault(sanitize_label(key), []).append((key, text))
    return {label: ";".join(text for _, text in sorted(items)) for label, items in grouped.items()}


def job_and_instance(resource: dict[str, Any]) -> dict[str, str]:
    """``job`` = ``service.namespace/service.name`` (or ``service.name``); ``instance`` = ``service.instance.id``."""
    name = str(resource.get("service.name", ""))
    namespace = resource.get("service.namespace")
    return {
        "job": f"{namespace}/{name}" if namespace else name,
        "instance": str(resource.get("service.instance.id", "")),
    }


def format_float(value: float) -> str:
    """A sample value or ``le`` bound as Go's ``FormatFloat(v, 'f', -1, 64)`` writes it."""
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Exposition:
    """The newest value of every series, built from a receiver's metric exports."""

    def __init__(self, *, promote_resource_attributes: bool) -> None:
        self.promote = promote_resource_attributes
        self._series: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[int, float]] = {}
        self._types: dict[str, tuple[str, str]] = {}

    def add(self, request: Any) -> None:
        """Take in one ``ExportMetricsServiceRequest``."""
        for resource_metrics in request.resource_metrics:
            resource = key_values(resource_metrics.resource.attributes)
            base = job_and_instance(resource)
            if self.promote:
                base = {**labels_of(resource), **base}
            info = {key: value for key, value in resource.items() if key not in _IDENTITY_KEYS}
            self._put(
                "target_info", "gauge", "Target metadata", {**labels_of(info), **job_and_instance(resource)}, 0, 1
            )
            for scope_metrics in resource_metrics.scope_metrics:
                scope = {"otel_scope_name": scope_metrics.scope.name, "otel_scope_version": scope_metrics.scope.version}
                for metric in scope_metrics.metrics:
                    self._add_metric(metric, {**base, **scope})

    def _add_metric(self, metric: Any, base: dict[str, str]) -> None:
        kind = metric.WhichOneof("data")
        name = metric_name(metric)
        if kind == "histogram" and metric.histogram.aggregation_temporality == _CUMULATIVE:
            for point in metric.histogram.data_points:
                labels = {**labels_of(key_values(point.attributes)), **base}
                when = point.time_unix_nano
                cumulative = 0
                for bound, count in zip([*point.explicit_bounds, math.inf], point.bucket_counts, strict=True):
                    cumulative += count
                    le = {**labels, "le": format_float(bound)}
                    self._put(f"{name}_bucket", "histogram", metric.description, le, when, cumulative, family=name)
                self._put(f"{name}_sum", "histogram", metric.description, labels, when, point.sum, family=name)
                self._put(f"{name}_count", "histogram", metric.description, labels, when, point.count, family=name)
        elif kind == "gauge" or (kind == "sum" and metric.sum.aggregation_temporality == _CUMULATIVE):
            monotonic = kind == "sum" and metric.sum.is_monotonic
            for point in getattr(metric, kind).data_points:
                value = point.as_double if point.WhichOneof("value") == "as_double" else point.as_int
                labels = {**labels_of(key_values(point.attributes)), **base}
                self._put(
                    name, "counter" if monotonic else "gauge", metric.description, labels, point.time_unix_nano, value
                )

    def _put(
        self,
        name: str,
        kind: str,
        help_text: str,
        labels: dict[str, str],
        when: int,
        value: float,
        *,
        family: str | None = None,
    ) -> None:
        self._types.setdefault(family or name, (kind, help_text))
        key = (name, tuple(sorted(labels.items())))
        stored = self._series.get(key)
        if stored is None or when >= stored[0]:
            self._series[key] = (when, float(value))

    def text(self) -> str:
        """The exposition: ``# HELP``/``# TYPE`` per family, then its samples."""
        lines: list[str] = []
        families = sorted({self._family(name) for name, _ in self._series})
        for family in families:
            kind, help_text = self._types[family]
            lines.append(f"# HELP {family} {_escape(help_text)}")
            lines.append(f"# TYPE {family} {kind}")
            for (name, labels), (_, value) in sorted(self._series.items()):
                if self._family(name) == family:
                    rendered = ",".join(f'{key}="{_escape(text)}"' for key, text in labels)
                    lines.append(f"{name}{{{rendered}}} {format_float(value)}")
        return "\n".join(lines) + "\n"

    def _family(self, name: str) -> str:
        for suffix in ("_bucket", "_sum", "_count"):
            base = name.removesuffix(suffix)
            if base != name and self._types.get(base, ("",))[0] == "histogram":
                return base
        return name

    def values(self, name: str) -> Iterator[tuple[dict[str, str], float]]:
        """Every sample of ``name`` held now (labels, value)."""
        for (series, labels), (_, value) in self._series.items():
            if series == name:
                yield dict(labels), value


_IDENTITY_KEYS = ("service.name", "service.namespace", "service.instance.id")


def exposition_of(recorder: Recorder, *, promote_resource_attributes: bool) -> Exposition:
    """The exposition of everything ``recorder`` received so far, in arrival order."""
    exposition = Exposition(promote_resource_attributes=promote_resource_attributes)
    for export in recorder.exports("metrics"):
        exposition.add(export.request)
    return exposition


class _MetricsHandler(BaseHTTPRequestHandler):
    recorder: ClassVar[Recorder]
    promote: ClassVar[bool]

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] != "/metrics":
            self.send_response(404)
            self.end_headers()
            return
        body = exposition_of(type(self).recorder, promote_resource_attributes=type(self).promote).text().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


class ExpositionServer:
    """``GET /metrics`` on a free loopback port: the exposition of a recorder, rebuilt per scrape."""

    def __init__(self, recorder: Recorder, *, promote_resource_attributes: bool) -> None:
        handler = type("Handler", (_MetricsHandler,), {"recorder": recorder, "promote": promote_resource_attributes})
        self._server = ThreadingHTTPServer((LOOPBACK, 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,), daemon=True)

    @property
    def address(self) -> str:
        """``host:port`` for a Prometheus ``static_configs`` target."""
        return f"{LOOPBACK}:{self._server.server_address[1]}"

    def __enter__(self) -> "ExpositionServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

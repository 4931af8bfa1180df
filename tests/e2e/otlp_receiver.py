"""A real OTLP receiver for the end-to-end tests: gRPC and HTTP/protobuf, loopback only.

Both transports decode the standard ``Export*ServiceRequest`` messages and keep them, in
arrival order, with the transport they came by. Nothing is forwarded anywhere: the tests read
what arrived (spans, metric names, resource attributes) once the Locust processes have exited.
"""

import gzip
import threading
import zlib
from collections.abc import Iterator
from concurrent import futures
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Literal

import attrs
import grpc  # type: ignore[import-untyped]
from google.protobuf.message import Message  # type: ignore[import-untyped]
from opentelemetry.proto.collector.logs.v1 import logs_service_pb2, logs_service_pb2_grpc
from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2, metrics_service_pb2_grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.proto.common.v1.common_pb2 import AnyValue

Signal = Literal["traces", "metrics", "logs"]
Transport = Literal["grpc", "http"]

LOOPBACK = "127.0.0.1"

_REQUEST_TYPES: dict[Signal, type[Message]] = {
    "traces": trace_service_pb2.ExportTraceServiceRequest,
    "metrics": metrics_service_pb2.ExportMetricsServiceRequest,
    "logs": logs_service_pb2.ExportLogsServiceRequest,
}
_RESPONSE_TYPES: dict[Signal, type[Message]] = {
    "traces": trace_service_pb2.ExportTraceServiceResponse,
    "metrics": metrics_service_pb2.ExportMetricsServiceResponse,
    "logs": logs_service_pb2.ExportLogsServiceResponse,
}


@attrs.frozen
class Export:
    """One export request as it arrived."""

    transport: Transport
    signal: Signal
    request: Any
    """The decoded ``Export*ServiceRequest`` (protobuf message)."""
    headers: dict[str, str] = attrs.field(factory=dict)
    """The request's headers (gRPC metadata or HTTP headers), names lowercased."""


@attrs.frozen
class ReceivedSpan:
    """A span with the resource attributes of the process that sent it."""

    trace_id: bytes
    span_id: bytes
    name: str
    kind: int
    status_code: int
    """``Status.STATUS_CODE_*``: unset, ok, or error (e.g. a request cut off when its user stopped)."""
    events: tuple[str, ...]
    attributes: dict[str, Any]
    resource: dict[str, Any]
    transport: Transport


def any_value(value: AnyValue) -> Any:
    """The Python value of an OTLP ``AnyValue`` (scalars; arrays and maps recursively)."""
    kind = value.WhichOneof("value")
    if kind is None:
        return None
    if kind == "array_value":
        return [any_value(item) for item in value.array_value.values]
    if kind == "kvlist_value":
        return {item.key: any_value(item.value) for item in value.kvlist_value.values}
    return getattr(value, kind)


def key_values(items: Any) -> dict[str, Any]:
    """A repeated ``KeyValue`` field as a dict."""
    return {item.key: any_value(item.value) for item in items}


class Recorder:
    """Thread-safe store of every export, shared by both transports."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._exports: list[Export] = []

    def record(self, transport: Transport, signal: Signal, request: Any, headers: dict[str, str] | None = None) -> None:
        """Keep one decoded export request and the headers it came with."""
        with self._lock:
            self._exports.append(Export(transport, signal, request, dict(headers or {})))

    def exports(self, signal: Signal | None = None) -> list[Export]:
        """A snapshot of the exports so far, optionally of one signal only."""
        with self._lock:
            return [export for export in self._exports if signal is None or export.signal == signal]

    def spans(self) -> list[ReceivedSpan]:
        """Every span received, flattened, each with its resource attributes."""
        found: list[ReceivedSpan] = []
        for export in self.exports("traces"):
            for resource_spans in export.request.resource_spans:
                resource = key_values(resource_spans.resource.attributes)
                for scope_spans in resource_spans.scope_spans:
                    found.extend(
                        ReceivedSpan(
                            trace_id=span.trace_id,
                            span_id=span.span_id,
                            name=span.name,
                            kind=span.kind,
                            status_code=span.status.code,
                            events=tuple(event.name for event in span.events),
                            attributes=key_values(span.attributes),
                            resource=resource,
                            transport=export.transport,
                        )
                        for span in scope_spans.spans
                    )
        return found

    def unique_spans(self) -> list[ReceivedSpan]:
        """The spans received, each once (by trace and span id).

        OTLP delivery is at least once: an exporter that times out waiting for the answer sends
        the same batch again.
        """
        seen: dict[tuple[bytes, bytes], ReceivedSpan] = {}
        for span in self.spans():
            seen.setdefault((span.trace_id, span.span_id), span)
        return list(seen.values())

    def metric_names(self) -> set[str]:
        """The names of every metric received."""
        return {metric.name for _, metric in self._metrics()}

    def metric_points(self, name: str) -> list[tuple[dict[str, Any], Any]]:
        """Every data point of the metric called ``name``, each with its resource attributes."""
        points: list[tuple[dict[str, Any], Any]] = []
        for resource, metric in self._metrics():
            if metric.name == name:
                data = getattr(metric, metric.WhichOneof("data"))
                points.extend((resource, point) for point in data.data_points)
        return points

    def resources(self) -> list[dict[str, Any]]:
        """The resource attributes of every export (one entry per resource block)."""
        found: list[dict[str, Any]] = []
        for export in self.exports():
            for block in _resource_blocks(export):
                found.append(key_values(block.resource.attributes))
        return found

    def transports(self) -> set[Transport]:
        """The transports anything arrived by."""
        return {export.transport for export in self.exports()}

    def _metrics(self) -> Iterator[tuple[dict[str, Any], Any]]:
        for export in self.exports("metrics"):
            for resource_metrics in export.request.resource_metrics:
                resource = key_values(resource_metrics.resource.attributes)
                for scope_metrics in resource_metrics.scope_metrics:
                    for metric in scope_metrics.metrics:
                        yield resource, metric


def _resource_blocks(export: Export) -> Any:
    if export.signal == "traces":
        return export.request.resource_spans
    if export.signal == "metrics":
        return export.request.resource_metrics
    return export.request.resource_logs


def _metadata(context: Any) -> dict[str, str]:
    """A gRPC call's metadata as lowercased header names -> values (binary entries skipped)."""
    return {key.lower(): value for key, value in context.invocation_metadata() if isinstance(value, str)}


class _TraceService(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self, recorder: Recorder) -> None:
        self._recorder = recorder

    def Export(self, request: Any, context: Any) -> Any:
        self._recorder.record("grpc", "traces", request, _metadata(context))
        return trace_service_pb2.ExportTraceServiceResponse()


class _MetricsService(metrics_service_pb2_grpc.MetricsServiceServicer):
    def __init__(self, recorder: Recorder) -> None:
        self._recorder = recorder

    def Export(self, request: Any, context: Any) -> Any:
        self._recorder.record("grpc", "metrics", request, _metadata(context))
        return metrics_service_pb2.ExportMetricsServiceResponse()


class _LogsService(logs_service_pb2_grpc.LogsServiceServicer):
    def __init__(self, recorder: Recorder) -> None:
        self._recorder = recorder

    def Export(self, request: Any, context: Any) -> Any:
        self._recorder.record("grpc", "logs", request, _metadata(context))
        return logs_service_pb2.ExportLogsServiceResponse()


class _OtlpHttpHandler(BaseHTTPRequestHandler):
    """``POST /v1/traces|metrics|logs`` with a binary protobuf body (optionally gzip/deflate)."""

    recorder: ClassVar[Recorder]
    PATHS: ClassVar[dict[str, Signal]] = {"/v1/traces": "traces", "/v1/metrics": "metrics", "/v1/logs": "logs"}

    def do_POST(self) -> None:
        signal = self.PATHS.get(self.path.split("?", 1)[0])
        if signal is None:
            self._reply(404, b"")
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        encoding = (self.headers.get("Content-Encoding") or "").lower()
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        request = _REQUEST_TYPES[signal]()
        try:
            request.ParseFromString(body)
        except Exception:
            self._reply(400, b"")
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        type(self).recorder.record("http", signal, request, headers)
        self._reply(200, _RESPONSE_TYPES[signal]().SerializeToString())

    def _reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


class OtlpReceiver:
    """An OTLP/gRPC server and an OTLP/HTTP server on free loopback ports, one recorder.

    Use as a context manager; both servers are stopped on exit.
    """

    def __init__(self) -> None:
        self.recorder = Recorder()
        self._grpc: grpc.Server | None = None
        self._http: ThreadingHTTPServer | None = None
        self._http_thread: threading.Thread | None = None
        self.grpc_port = 0
        self.http_port = 0

    @property
    def grpc_endpoint(self) -> str:
        """``host:port`` of the gRPC server, as a collector endpoint is written in a CR."""
        return f"{LOOPBACK}:{self.grpc_port}"

    @property
    def http_endpoint(self) -> str:
        """Base URL of the HTTP server (the SDK appends ``/v1/<signal>``)."""
        return f"http://{LOOPBACK}:{self.http_port}"

    def start(self) -> "OtlpReceiver":
        """Start both servers."""
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(_TraceService(self.recorder), server)  # type: ignore[no-untyped-call]
        metrics_service_pb2_grpc.add_MetricsServiceServicer_to_server(_MetricsService(self.recorder), server)  # type: ignore[no-untyped-call]
        logs_service_pb2_grpc.add_LogsServiceServicer_to_server(_LogsService(self.recorder), server)  # type: ignore[no-untyped-call]
        self.grpc_port = server.add_insecure_port(f"{LOOPBACK}:0")
        server.start()
        self._grpc = server

        handler = type("Handler", (_OtlpHttpHandler,), {"recorder": self.recorder})
        self._http = ThreadingHTTPServer((LOOPBACK, 0), handler)
        self._http.daemon_threads = True
        self.http_port = self._http.server_address[1]
        self._http_thread = threading.Thread(
            target=self._http.serve_forever, args=(0.1,), name="otlp-http", daemon=True
        )
        self._http_thread.start()
        return self

    def stop(self) -> None:
        """Stop both servers (bounded: gRPC gets half a second of grace)."""
        if self._grpc is not None:
            self._grpc.stop(grace=0.5).wait(timeout=5)
            self._grpc = None
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None
        if self._http_thread is not None:
            self._http_thread.join(timeout=5)
            self._http_thread = None

    def __enter__(self) -> "OtlpReceiver":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

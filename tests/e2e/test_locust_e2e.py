"""End to end: the rendered containers, run as real Locust processes, do what the spec says.

Each test reads one of four shared runs (see ``conftest.py``): OTel over gRPC with two
workers (the second joining late), OTel over HTTP/protobuf, OTel off, and OTel set through
``OtelOptions`` (headers from a Secret, sampling ratio 0, logs off, escaped attributes).
"""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from constructs_locust import LocustTestSpec
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT

from .harness import LOOPBACK, REQUEST_NAMES, REQUEST_PATHS, LocustCluster, Ports, base_env, write_locustfile
from .otlp_receiver import OtlpReceiver
from .scenarios import AUTOQUIT_SECONDS, EXPECTED_HEADERS, RESOURCE_ATTRIBUTES, Run, cr_spec, otel_grpc

CLIENT_DURATION = "locust.client.duration"
"""Locust's request-duration histogram (``locust/opentelemetry.py``), recorded on the workers."""
USERS_COUNT = "locust.users.count"
"""Locust's user-count gauge, observed on the master only."""

# The harness moves Locust's ports through extraArgs, repeating --master-port on purpose.
pytestmark = [pytest.mark.e2e, LINT_WARNINGS_BESIDE_THE_POINT]


def describe(run: Run) -> str:
    """Context for a failure: exit codes, target hits, what arrived, every process's output."""
    recorder = run.receiver.recorder
    return (
        f"master exit {run.result.master_exit}, worker exits {run.result.worker_exits}\n"
        f"target hits {dict(run.target.hits())}\n"
        f"received {len(recorder.exports())} exports, metrics {sorted(recorder.metric_names())}, "
        f"{len(recorder.spans())} spans ({len(recorder.unique_spans())} unique)\n"
        f"{run.cluster.outputs()}"
    )


def assert_counts_match_hits(counts: Counter[str], run: Run, what: str) -> None:
    """Every request the target served is counted, short of at most one in flight per user.

    A request still in flight when the run stops reaches the target but its user is killed
    before Locust records it, so the recorded count may trail the hits by up to ``users``.
    """
    hits = run.target.hits()
    for path, name in zip(REQUEST_PATHS, REQUEST_NAMES, strict=True):
        assert hits[path] > 0, f"the target got no {path} requests\n{describe(run)}"
        assert hits[path] - run.users <= counts[name] <= hits[path], (
            f"{what}: {counts[name]} for {name}, target served {hits[path]}\n{describe(run)}"
        )


def assert_telemetry_arrived(run: Run, transport: str) -> None:
    """Spans for the requests made and Locust's metrics arrived, all by ``transport``."""
    recorder = run.receiver.recorder
    assert recorder.transports() == {transport}, describe(run)
    assert {"traces", "metrics"} <= {export.signal for export in recorder.exports()}, describe(run)

    span_counts: Counter[str] = Counter()
    cut_off = 0
    for span in recorder.unique_spans():
        assert span.kind == Span.SPAN_KIND_CLIENT, span
        assert str(span.attributes.get("http.url", "")).startswith(run.target.url), span
        assert span.name.startswith("GET "), span
        if "http.status_code" in span.attributes:
            assert span.attributes["http.status_code"] == 200, span
            span_counts[span.name.removeprefix("GET ")] += 1
        else:
            # A request its user was stopped in: the span ends without a response.
            cut_off += 1
    assert set(span_counts) == set(REQUEST_NAMES), describe(run)
    assert cut_off <= run.users, describe(run)
    assert_counts_match_hits(span_counts, run, "spans with a response")

    names = recorder.metric_names()
    assert {CLIENT_DURATION, USERS_COUNT} <= names, describe(run)
    # Histograms are cumulative: the last (largest) count per worker and request name is the total.
    latest: dict[tuple[str, str], int] = {}
    for resource, point in recorder.metric_points(CLIENT_DURATION):
        attributes = {item.key: item.value.string_value for item in point.attributes}
        key = (str(resource["service.instance.id"]), attributes["name"])
        latest[key] = max(latest.get(key, 0), int(point.count))
    metric_counts: Counter[str] = Counter()
    for (_, name), count in latest.items():
        metric_counts[name] += count
    assert_counts_match_hits(metric_counts, run, CLIENT_DURATION)


def test_extra_args_come_last_and_win(tmp_path: Path) -> None:
    """extraArgs follow the operator's flags, and Locust's parser keeps the last value given."""
    ports = Ports()
    with OtlpReceiver() as receiver:
        spec = LocustTestSpec.from_cr(
            cr_spec(
                locustfile=write_locustfile(tmp_path),
                target_url=f"http://{LOOPBACK}:1",
                ports=ports,
                workers=2,
                open_telemetry=otel_grpc(receiver),
            )
        )
    cluster = LocustCluster(spec, "parse", tmp_path)
    assert cluster.worker_args.index("--master-port=5557") < cluster.worker_args.index(
        f"--master-port={ports.master_bind}"
    )
    script = (
        "import json, sys\n"
        "from locust.argument_parser import get_parser\n"
        "options = get_parser(default_config_files=[]).parse_args(json.loads(sys.argv[1]))\n"
        "print(json.dumps({k: getattr(options, k) for k in sys.argv[2:]}))\n"
    )

    def parsed(args: list[str], env: dict[str, str], *keys: str) -> dict[str, Any]:
        completed = subprocess.run(
            [sys.executable, "-c", script, json.dumps(args), *keys],
            env={**base_env(tmp_path), **env},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return dict(json.loads(completed.stdout.strip().splitlines()[-1]))

    worker = parsed(cluster.worker_args, cluster.worker_container.env, "master_port", "master_host", "otel")
    assert worker == {"master_port": ports.master_bind, "master_host": LOOPBACK, "otel": True}
    master = parsed(
        cluster.master_args,
        cluster.master_container.env,
        "master_bind_port",
        "web_port",
        "expect_workers",
        "autostart",
        "autoquit",
        "otel",
    )
    assert master == {
        "master_bind_port": ports.master_bind,
        "web_port": ports.web,
        "expect_workers": 2,
        "autostart": True,
        "autoquit": AUTOQUIT_SECONDS,
        "otel": True,
    }


def test_otel_over_grpc_insecure_delivers_spans_and_metrics(grpc_run: Run) -> None:
    container = grpc_run.cluster.worker_container
    assert "--otel" in container.args
    assert container.env["OTEL_EXPORTER_OTLP_PROTOCOL"] == "grpc"
    assert container.env["OTEL_EXPORTER_OTLP_INSECURE"] == "true"
    assert not container.env["OTEL_EXPORTER_OTLP_ENDPOINT"].startswith("http"), "TLS is off only by the flag"
    assert_telemetry_arrived(grpc_run, "grpc")


def test_otel_over_http_protobuf_delivers_spans_and_metrics(http_run: Run) -> None:
    container = http_run.cluster.worker_container
    assert "--otel" in container.args
    assert container.env["OTEL_EXPORTER_OTLP_PROTOCOL"] == "http/protobuf"
    assert_telemetry_arrived(http_run, "http")


@pytest.mark.parametrize(
    ("run_fixture", "service_name"), [("grpc_run", "checkout-grpc"), ("http_run", "checkout-http")]
)
def test_extra_env_vars_reach_locust(request: pytest.FixtureRequest, run_fixture: str, service_name: str) -> None:
    """OTEL_SERVICE_NAME from extraEnvVars is the service.name of everything master and workers send."""
    run: Run = request.getfixturevalue(run_fixture)
    resources = run.receiver.recorder.resources()
    assert resources, describe(run)
    assert {resource["service.name"] for resource in resources} == {service_name}
    # One process per instance id: the master and every worker exported something.
    assert len({resource["service.instance.id"] for resource in resources}) == 1 + run.cluster.worker_count


def test_extra_resource_attributes_reach_locust_but_not_service_name(grpc_run: Run) -> None:
    """OTEL_RESOURCE_ATTRIBUTES is honoured, except service.name: Locust sets that itself."""
    for resource in grpc_run.receiver.recorder.resources():
        assert resource["deployment.environment"] == "e2e"
        assert resource["service.name"] == "checkout-grpc"


def test_otel_off_renders_nothing_and_sends_nothing(off_run: Run) -> None:
    for container in (off_run.cluster.master_container, off_run.cluster.worker_container):
        assert "--otel" not in container.args
        assert not [name for name in container.env if name.startswith("OTEL_")]
        assert "LOCUST_ENABLE_OPENTELEMETRY" not in container.env
    # The test itself ran ...
    assert off_run.result.master_exit == 0, describe(off_run)
    assert sum(off_run.target.hits().values()) > 0, describe(off_run)
    # ... and the receiver, listening where the spec's endpoint points, got nothing by either transport.
    observability = off_run.cluster.spec.observability
    otel = observability.open_telemetry if observability else None
    assert otel is not None
    assert otel.endpoint == off_run.receiver.grpc_endpoint
    assert otel.enabled is False
    assert off_run.receiver.recorder.exports() == [], describe(off_run)


@pytest.mark.parametrize("run_fixture", ["grpc_run", "http_run", "off_run", "options_run"])
def test_master_autostarts_and_autoquits_with_summary(request: pytest.FixtureRequest, run_fixture: str) -> None:
    """Nobody presses start or stop: the master starts, stops after --run-time, quits, exits 0."""
    run: Run = request.getfixturevalue(run_fixture)
    assert run.result.master_exit == 0, describe(run)
    assert run.result.worker_exits == [0] * run.cluster.worker_count, describe(run)
    log = run.result.master.output()
    assert "--run-time limit reached" in log, describe(run)
    assert "--autoquit time reached, shutting down" in log, describe(run)
    summary = log[log.index("Shutting down (exit code 0)") :]
    for name in REQUEST_NAMES:
        assert f"GET      {name} " in summary, describe(run)
    assert "Aggregated" in summary, describe(run)


def test_master_waits_for_expected_workers(grpc_run: Run) -> None:
    """--expect-workers equals the worker count: one worker short, the master does not start."""
    workers = grpc_run.cluster.worker_count
    assert workers == 2
    assert f"--expect-workers={workers}" in grpc_run.cluster.master_args
    short_log = grpc_run.master_log_one_worker_short or ""
    assert f"{workers - 1} workers connected" in short_log, describe(grpc_run)
    assert "Sending spawn jobs" not in short_log, describe(grpc_run)
    assert grpc_run.hits_one_worker_short == Counter(), describe(grpc_run)
    log = grpc_run.result.master.output()
    assert f"Sending spawn jobs of {workers} users" in log and f"to {workers} ready workers" in log, describe(grpc_run)


def test_options_headers_from_the_secret_reach_the_receiver(options_run: Run) -> None:
    """OTEL_EXPORTER_OTLP_HEADERS is a secretKeyRef in both containers; its value arrives as headers."""
    for job in ("shop-options-master", "shop-options-worker"):
        (container,) = [
            c
            for m in options_run.cluster.manifests
            if m["kind"] == "Job" and m["metadata"]["name"] == job
            for c in m["spec"]["template"]["spec"]["containers"]
            if c["name"] == job
        ]
        (entry,) = [e for e in container["env"] if e["name"] == "OTEL_EXPORTER_OTLP_HEADERS"]
        assert entry == {
            "name": "OTEL_EXPORTER_OTLP_HEADERS",
            "valueFrom": {"secretKeyRef": {"name": "otlp-auth", "key": "headers"}},
        }
    exports = options_run.receiver.recorder.exports()
    assert exports, describe(options_run)
    for export in exports:
        assert {name: export.headers.get(name) for name in EXPECTED_HEADERS} == EXPECTED_HEADERS, describe(options_run)


def test_options_sampling_ratio_zero_sends_metrics_and_no_spans(options_run: Run, grpc_run: Run) -> None:
    recorder = options_run.receiver.recorder
    assert options_run.result.master_exit == 0, describe(options_run)
    assert recorder.spans() == [], describe(options_run)
    assert {CLIENT_DURATION, USERS_COUNT} <= recorder.metric_names(), describe(options_run)
    # The same locustfile with the default sampler does send spans.
    assert grpc_run.receiver.recorder.spans(), describe(grpc_run)


def test_options_logs_off_sends_no_logs(options_run: Run, grpc_run: Run) -> None:
    assert options_run.receiver.recorder.exports("logs") == [], describe(options_run)
    # With the SDK default (logs on), Locust's logs do arrive.
    assert grpc_run.receiver.recorder.exports("logs"), describe(grpc_run)


def test_options_resource_attributes_arrive_decoded(options_run: Run) -> None:
    resources = options_run.receiver.recorder.resources()
    assert resources, describe(options_run)
    for resource in resources:
        assert {key: resource.get(key) for key in RESOURCE_ATTRIBUTES} == RESOURCE_ATTRIBUTES
        assert resource["service.name"] == "checkout-options"

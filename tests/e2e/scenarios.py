"""The e2e scenarios: LocustTest specs for short loopback runs, and running one to the end.

A run only records what happened (exit codes, outputs, target hits, received telemetry);
the tests assert it. Every process is killed (process group, SIGKILL) when the run is over,
whatever the outcome, and every wait is bounded.
"""

import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs

from constructs_locust import LocustTestSpec, OtelOptions, OtlpEndpoint, OtlpProtocol, SecretKeyRef

from .harness import LocustCluster, Ports, RunResult, wait_until, write_locustfile
from .otlp_receiver import OtlpReceiver
from .target import TargetServer

IMAGE = "locustio/locust-otel:2.47.0"
"""The image a cluster would run; here its entrypoint is the venv's pinned ``locust[otel]``."""

RUN_TIME = "3s"
AUTOQUIT_SECONDS = 1
MASTER_TIMEOUT = 30.0
"""Upper bound for a master to start, run, autoquit and flush (a healthy run takes ~10 s)."""
WORKER_TIMEOUT = 15.0
"""Upper bound for the workers to follow the master out."""
CONNECT_TIMEOUT = 15.0
"""Upper bound for a worker to report ready to the master."""
STAGGER_SECONDS = 2.5
"""How long the master is watched with one worker short: at least two of its 1 s polls."""

SHORT_RUN_OTEL_ENV = {
    # Export metrics every 500 ms (SDK default: 60 s, longer than the whole test).
    "OTEL_METRIC_EXPORT_INTERVAL": "500",
    # Give up on an unreachable collector after 2 s (the Python SDK reads seconds; default 10).
    "OTEL_EXPORTER_OTLP_TIMEOUT": "2",
}
"""extraEnvVars a short test needs so that its telemetry arrives and its exit is not delayed."""


def cr_spec(
    *,
    locustfile: Path,
    target_url: str,
    ports: Ports,
    workers: int,
    open_telemetry: dict[str, Any],
) -> dict[str, Any]:
    """A LocustTest spec, as a CR's camelCase mapping, for a short run on loopback.

    Everything that adapts it to this machine is an ordinary spec input: ``command`` points at
    the temporary locustfile and the local target; ``extraArgs`` move the ports, size and
    bound the run; ``autoquit.timeout`` keeps the wait after the run short.
    """
    command = f"--locustfile {locustfile} --host {target_url}"
    return {
        "image": IMAGE,
        "master": {
            "command": command,
            "autoquit": {"enabled": True, "timeout": AUTOQUIT_SECONDS},
            "extraArgs": [
                *ports.master_extra_args(),
                f"--users={workers}",
                f"--spawn-rate={workers * 10}",
                f"--run-time={RUN_TIME}",
            ],
        },
        "worker": {"command": command, "replicas": workers, "extraArgs": ports.worker_extra_args()},
        "observability": {"openTelemetry": open_telemetry},
    }


@attrs.frozen
class Run:
    """One finished run: the cluster, its results, and what the target and receiver saw."""

    cluster: LocustCluster
    result: RunResult
    receiver: OtlpReceiver
    target: TargetServer
    users: int
    hits_one_worker_short: Counter[str] | None = None
    """Target hits while the master had one worker fewer than expected (staggered runs)."""
    master_log_one_worker_short: str | None = None
    """The master's output at that moment (staggered runs)."""


@contextmanager
def locust_run(
    name: str,
    workdir: Path,
    open_telemetry: Callable[[OtlpReceiver], dict[str, Any] | OtelOptions],
    *,
    workers: int,
    stagger: bool = False,
    secrets: Mapping[str, Mapping[str, str]] | None = None,
) -> Iterator[Run]:
    """Synthesize, start and finish one test; ``open_telemetry`` maps the receiver to the CR block
    (or to :class:`OtelOptions`, applied to the spec as a user would).

    ``secrets`` are the Secrets the cluster would hold (name -> decoded data), for the env
    entries that reference them. With ``stagger``, the last worker is started only after the
    master has been seen waiting, with all the others connected, for :data:`STAGGER_SECONDS`.
    """
    with OtlpReceiver() as receiver, TargetServer() as target:
        ports = Ports()
        otel = open_telemetry(receiver)
        cr = cr_spec(
            locustfile=write_locustfile(workdir),
            target_url=target.url,
            ports=ports,
            workers=workers,
            open_telemetry=otel if isinstance(otel, dict) else {"enabled": False},
        )
        if isinstance(otel, OtelOptions):
            del cr["observability"]
            spec = otel.apply(LocustTestSpec.from_cr(cr))
        else:
            spec = LocustTestSpec.from_cr(cr)
        cluster = LocustCluster(spec, name, workdir, secrets)
        assert cluster.worker_count == workers
        hits_short: Counter[str] | None = None
        log_short: str | None = None
        try:
            master = cluster.start_master()
            if stagger:
                for _ in range(workers - 1):
                    cluster.start_worker()
                wait_until(
                    lambda: f"{workers - 1} workers connected" in master.output(),
                    CONNECT_TIMEOUT,
                    f"{workers - 1} workers to connect",
                    cluster.outputs,
                )
                time.sleep(STAGGER_SECONDS)
                hits_short = target.hits()
                log_short = master.output()
                cluster.start_worker()
            else:
                for _ in range(workers):
                    cluster.start_worker()
            result = cluster.wait(MASTER_TIMEOUT, WORKER_TIMEOUT)
        finally:
            cluster.kill_all()
        yield Run(
            cluster=cluster,
            result=result,
            receiver=receiver,
            target=target,
            users=workers,
            hits_one_worker_short=hits_short,
            master_log_one_worker_short=log_short,
        )


def otel_grpc(receiver: OtlpReceiver) -> dict[str, Any]:
    """OTel over gRPC without TLS; service name and resource attributes through extraEnvVars."""
    return {
        "enabled": True,
        "endpoint": receiver.grpc_endpoint,
        "protocol": "grpc",
        "insecure": True,
        "extraEnvVars": {
            **SHORT_RUN_OTEL_ENV,
            "OTEL_SERVICE_NAME": "checkout-grpc",
            # Locust sets service.name itself: the one given here is overridden.
            "OTEL_RESOURCE_ATTRIBUTES": "service.name=ignored,deployment.environment=e2e",
        },
    }


def otel_http(receiver: OtlpReceiver) -> dict[str, Any]:
    """OTel over HTTP/protobuf to the receiver's base URL."""
    return {
        "enabled": True,
        "endpoint": receiver.http_endpoint,
        "protocol": "http/protobuf",
        "extraEnvVars": {**SHORT_RUN_OTEL_ENV, "OTEL_SERVICE_NAME": "checkout-http"},
    }


def otel_off(receiver: OtlpReceiver) -> dict[str, Any]:
    """OTel switched off, with everything else pointing at the (running) receiver."""
    return {**otel_grpc(receiver), "enabled": False}


HEADERS_SECRET = {"otlp-auth": {"headers": "authorization=Bearer%20e2e-token,x-tenant=load"}}
"""The Secret the options' headers come from, as the cluster would hold it (decoded)."""
EXPECTED_HEADERS = {"authorization": "Bearer e2e-token", "x-tenant": "load"}
"""What the receiver must see: the SDK percent-decodes header values."""
RESOURCE_ATTRIBUTES = {"deployment.environment": "e2e options", "team": "load,perf=1"}
"""Resource attributes that need escaping (space, comma, equals sign)."""


def otel_options(receiver: OtlpReceiver) -> OtelOptions:
    """Typed options: headers from a Secret, no spans (ratio 0), no logs, escaped attributes."""
    return OtelOptions(
        endpoint=OtlpEndpoint(endpoint=receiver.grpc_endpoint, protocol=OtlpProtocol.GRPC, insecure=True),
        service_name="checkout-options",
        resource_attributes=RESOURCE_ATTRIBUTES,
        trace_sampling_ratio=0,
        logs=False,
        metric_export_interval=timedelta(milliseconds=500),
        exporter_timeout=timedelta(seconds=2),
        headers_secret=SecretKeyRef(name="otlp-auth", key="headers"),
    )

#!/usr/bin/env python
"""Print what ``--otel`` costs one Locust worker: requests/s, CPU and memory, and exit time.

Usage: ``python benchmarks/otel_overhead.py [--quick] [--run-time S] [--users N] [--repeats R]``

Each case is one real test on 127.0.0.1, rendered the way a cluster would get it: a
``LocustTest`` spec (OpenTelemetry set through :class:`~constructs_locust.OtelOptions`) is
synthesized, and the master and worker Locust containers are run as processes with their
rendered ``args`` and ``env`` (the e2e harness, ``tests/e2e``). One master, one worker,
``--users`` users that never wait (``constant(0)``), so the worker runs flat out and its
request rate is its capacity. The target HTTP server runs in a process of its own; the OTLP
receiver (gRPC and HTTP/protobuf, the e2e one) runs in this process.

Per case:

- req/s: the master's aggregated ``Requests/s`` (``--csv``) over the run.
- worker CPU: the worker's user+system CPU seconds per wall second while the load ran (from
  the master's "Sending spawn jobs" to "--run-time limit reached"; 1.00 = one core flat out),
  and those CPU seconds per request (ms): the cost that does not depend on how busy the
  machine is. Peak RSS: the largest of samples every 100 ms.
- exit after run: seconds from the master's "--run-time limit reached" to the worker's exit: what an
  unreachable collector adds to a test's end (export retries bounded by the exporter timeout).
- spans / metric exports: what reached the receiver.

Cases: OTel off; on with every span kept (``always_on``) over gRPC and over HTTP; sampling
0.1 over gRPC and HTTP; metrics only (sampling 0, logs off) over gRPC; and a collector that is
unreachable (a closed port), with the SDK's default exporter timeout and with 2 s.

The machine matters: on a small shared machine the worker, the target, the receiver and the
master compete for the same cores, so compare the rows with each other, not with a cluster.
The script prints figures and asserts nothing.
"""

import argparse
import csv
import importlib.metadata
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import psutil  # noqa: E402

from constructs_locust import (  # noqa: E402
    LocustTestSpec,
    OtelOptions,
    OtlpEndpoint,
    OtlpProtocol,
)
from tests.e2e.harness import LOOPBACK, LocustCluster, LocustProcess, Ports, free_port  # noqa: E402
from tests.e2e.otlp_receiver import OtlpReceiver  # noqa: E402

LOCUSTFILE = """\
from locust import HttpUser, constant, task


class FlatOut(HttpUser):
    wait_time = constant(0)

    @task
    def item(self):
        self.client.get("/item/42", name="/item/[id]")
"""


class Case(NamedTuple):
    """One row: a label, the transport, and the OTel options for a receiver (``None``: off)."""

    label: str
    transport: str
    options: Callable[[OtlpReceiver], OtelOptions] | None


class Result(NamedTuple):
    """What one case measured."""

    rps: float
    requests: int
    worker_cpu: float
    cpu_ms_per_request: float
    worker_rss_mib: float
    exit_seconds: float
    spans: int
    metric_exports: int


def _grpc(receiver: OtlpReceiver) -> OtlpEndpoint:
    return OtlpEndpoint(endpoint=receiver.grpc_endpoint, protocol=OtlpProtocol.GRPC, insecure=True)


def _http(receiver: OtlpReceiver) -> OtlpEndpoint:
    return OtlpEndpoint(endpoint=receiver.http_endpoint, protocol=OtlpProtocol.HTTP_PROTOBUF)


SECOND = timedelta(seconds=1)


def cases() -> list[Case]:
    """Every row of the table, in print order."""
    always_on = {"OTEL_TRACES_SAMPLER": "always_on"}
    unreachable = OtlpEndpoint(endpoint=f"{LOOPBACK}:{free_port()}", protocol=OtlpProtocol.GRPC, insecure=True)
    return [
        Case("off", "-", None),
        Case("on, always_on", "grpc", lambda r: OtelOptions(endpoint=_grpc(r), extra_env_vars=always_on)),
        Case("on, always_on", "http", lambda r: OtelOptions(endpoint=_http(r), extra_env_vars=always_on)),
        Case("on, sampling 0.1", "grpc", lambda r: OtelOptions(endpoint=_grpc(r), trace_sampling_ratio=0.1)),
        Case("on, sampling 0.1", "http", lambda r: OtelOptions(endpoint=_http(r), trace_sampling_ratio=0.1)),
        Case(
            "metrics only (ratio 0, logs off)",
            "grpc",
            lambda r: OtelOptions(endpoint=_grpc(r), trace_sampling_ratio=0, logs=False),
        ),
        Case(
            "unreachable, timeout default (10 s)",
            "grpc",
            lambda r: OtelOptions(endpoint=unreachable, extra_env_vars=always_on),
        ),
        Case(
            "unreachable, timeout 2 s",
            "grpc",
            lambda r: OtelOptions(endpoint=unreachable, extra_env_vars=always_on, exporter_timeout=2 * SECOND),
        ),
    ]


TARGET_SCRIPT = """
import sys
from tests.e2e.target import TargetServer
with TargetServer() as target:
    target._server.handle_error = lambda *args: None  # users stopped mid-request reset their connections
    print(target.url, flush=True)
    sys.stdin.read()
"""
"""The target process: serve, print the URL, stop when stdin closes."""


def cr_spec(
    locustfile: Path, target_url: str, ports: Ports, users: int, run_time: int, csv_prefix: Path
) -> dict[str, Any]:
    """The test as a CR spec: one worker, ``users`` users, flat out for ``run_time`` seconds."""
    command = f"--locustfile {locustfile} --host {target_url}"
    return {
        "image": "locustio/locust-otel:2.47.0",
        "master": {
            "command": command,
            "autoquit": {"enabled": True, "timeout": 1},
            "extraArgs": [
                *ports.master_extra_args(),
                f"--users={users}",
                f"--spawn-rate={users}",
                f"--run-time={run_time}s",
                f"--csv={csv_prefix}",
            ],
        },
        "worker": {"command": command, "replicas": 1, "extraArgs": ports.worker_extra_args()},
    }


def run_case(case: Case, workdir: Path, target_url: str, users: int, run_time: int) -> Result:
    """Run one case to its end and measure it."""
    workdir.mkdir()
    locustfile = workdir / "locustfile.py"
    locustfile.write_text(LOCUSTFILE)
    with OtlpReceiver() as receiver:
        spec = LocustTestSpec.from_cr(cr_spec(locustfile, target_url, Ports(), users, run_time, workdir / "stats"))
        if case.options is not None:
            spec = case.options(receiver).apply(spec)
        cluster = LocustCluster(spec, "bench", workdir)
        try:
            master = cluster.start_master()
            worker = cluster.start_worker()
            watch = _watch(worker, master, timeout=run_time + 120)
        finally:
            cluster.kill_all()
        spans = len(receiver.recorder.spans())
        metric_exports = len(receiver.recorder.exports("metrics"))
    requests, rps = _aggregated(workdir / "stats_stats.csv")
    return Result(
        rps=rps,
        requests=requests,
        worker_cpu=watch.cpu_cores,
        cpu_ms_per_request=1000 * watch.cpu_seconds_under_load / requests if requests else float("nan"),
        worker_rss_mib=watch.peak_rss_mib,
        exit_seconds=watch.exited_at - watch.stopped_at if watch.stopped_at else float("nan"),
        spans=spans,
        metric_exports=metric_exports,
    )


class Watch(NamedTuple):
    """What sampling the worker gave."""

    cpu_cores: float
    """CPU seconds per wall second while the load ran (spawn to --run-time limit)."""
    cpu_seconds_under_load: float
    peak_rss_mib: float
    stopped_at: float | None
    exited_at: float


def _watch(worker: LocustProcess, master: LocustProcess, timeout: float) -> Watch:
    """Sample the worker every 100 ms until it exits."""
    process = psutil.Process(worker.popen.pid)
    cpu_seconds = 0.0
    peak = 0
    load_start: tuple[float, float] | None = None
    load_end: tuple[float, float] | None = None
    deadline = time.monotonic() + timeout
    while worker.popen.poll() is None and time.monotonic() < deadline:
        try:
            with process.oneshot():
                times = process.cpu_times()
                cpu_seconds = times.user + times.system
                peak = max(peak, process.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        log = master.output() if load_end is None else ""
        if load_start is None and "Sending spawn jobs" in log:
            load_start = (time.monotonic(), cpu_seconds)
        if load_start is not None and load_end is None and "--run-time limit reached" in log:
            load_end = (time.monotonic(), cpu_seconds)
        time.sleep(0.1)
    exited_at = time.monotonic()
    master.wait(30)
    if load_start is None or load_end is None or load_end[0] <= load_start[0]:
        return Watch(float("nan"), float("nan"), peak / 2**20, None, exited_at)
    cpu = load_end[1] - load_start[1]
    return Watch(cpu / (load_end[0] - load_start[0]), cpu, peak / 2**20, load_end[0], exited_at)


def _aggregated(path: Path) -> tuple[int, float]:
    """Request count and requests/s of the master's aggregated stats row."""
    if not path.exists():
        return 0, 0.0
    with path.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return int(row["Request Count"]), float(row["Requests/s"])
    return 0, 0.0


def _median(runs: list[Result]) -> Result:
    """Each figure's median over the runs of one case."""
    return Result(*(statistics.median(values) for values in zip(*runs, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one round of 6 s runs (under 3 minutes in all)")
    parser.add_argument("--run-time", type=int, help="seconds of load per case")
    parser.add_argument("--users", type=int, default=10, help="users on the worker (default 10)")
    parser.add_argument("--repeats", type=int, help="rounds over every case; medians shown (default 3, quick 1)")
    args = parser.parse_args()
    run_time = args.run_time or (6 if args.quick else 15)
    repeats = args.repeats or (1 if args.quick else 3)
    # The harness's extraArgs override --master-port on purpose; its warning is noise here.
    logging.getLogger("constructs_locust").setLevel(logging.ERROR)
    # Versions from the metadata: importing locust here would monkey-patch this process (gevent).
    print(
        f"# Locust {importlib.metadata.version('locust')}, OpenTelemetry SDK "
        f"{importlib.metadata.version('opentelemetry-sdk')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {args.users} users, {run_time} s per case, median of {repeats}",
        flush=True,
    )
    # The target runs in a process of its own (no GIL shared with the receiver), until stdin closes.
    target = subprocess.Popen(
        [sys.executable, "-c", TARGET_SCRIPT],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    began = time.monotonic()
    try:
        assert target.stdout is not None
        url = target.stdout.readline().strip()
        assert url.startswith("http://"), f"the target did not start: {url!r}"
        print(
            "| case | OTLP | req/s | vs off | worker CPU (cores) | CPU ms/request | worker peak RSS (MiB) "
            "| exit after run (s) | spans | metric exports |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
        with tempfile.TemporaryDirectory(prefix="otel-overhead-") as scratch:
            table = cases()
            results: list[list[Result]] = [[] for _ in table]
            for round_ in range(repeats):
                # Rounds go over every case in turn, so a busy spell slows all cases alike.
                for index, case in enumerate(table):
                    workdir = Path(scratch) / f"round{round_}-case{index}"
                    results[index].append(run_case(case, workdir, url, args.users, run_time))
            baseline = _median(results[0]).rps
            for case, runs in zip(table, results, strict=True):
                result = _median(runs)
                ratio = f"{result.rps / baseline:.0%}" if baseline else "-"
                print(
                    f"| {case.label} | {case.transport} | {result.rps:.0f} | {ratio} | {result.worker_cpu:.2f} "
                    f"| {result.cpu_ms_per_request:.2f} | {result.worker_rss_mib:.0f} | {result.exit_seconds:.1f} "
                    f"| {result.spans:.0f} | {result.metric_exports:.0f} |",
                    flush=True,
                )
    finally:
        if target.stdin is not None:
            target.stdin.close()
        try:
            target.wait(timeout=10)
        except subprocess.TimeoutExpired:
            target.kill()
            target.wait()
    print(f"# total {time.monotonic() - began:.0f} s")


if __name__ == "__main__":
    main()

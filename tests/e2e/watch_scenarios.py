"""Runs for the dashboard e2e tests: one test rendered with ``OtelOptions`` (identity on or off), run
as real processes (one master, two worker pods), its telemetry served as Prometheus would scrape
it from a collector.

Each run: a receiver, a target, the exposition of what the receiver got (:mod:`.prometheus_exposition`)
and the Locust processes, whose env the harness resolves per pod as the kubelet would
(:mod:`.kubelet`: downward API, ``$(NAME)`` expansion). Locust's own totals come from the
master's ``--csv`` statistics.
"""

import csv
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import cdk8s

from constructs_locust import LocustTest, LocustTestSpec, OtelOptions, OtlpEndpoint, OtlpProtocol

from .harness import LOOPBACK, Container, LocustProcess, Ports, base_env, locust_container, wait_until
from .otlp_receiver import OtlpReceiver
from .prometheus_exposition import ExpositionServer
from .target import TargetServer

NAMESPACE = "perf"
USERS = 4
RUN_TIME = "4s"
EXPORT_INTERVAL = timedelta(milliseconds=500)
MASTER_TIMEOUT = 40.0
WORKER_TIMEOUT = 15.0

LOCUSTFILE = '''\
"""Two named requests per iteration; every /item request is marked failed (a CatchResponseError)."""

from locust import HttpUser, constant, task


class ShopUser(HttpUser):
    wait_time = constant(0.2)

    @task
    def browse(self):
        self.client.get("/catalog")
        with self.client.get("/item/42", name="/item/[id]", catch_response=True) as response:
            response.failure("out of stock")
'''

PRE_143_SDK = '''\
"""Test-only: OpenTelemetry Python SDKs before 1.43 have no service.instance.id detector.

Locust allows opentelemetry-sdk>=1.38, so images may carry one; this removes the detector from
the pinned SDK (1.45) so the processes carry the resource such an SDK gives them.
"""
import opentelemetry.sdk.resources as resources

resources._build_resource_detectors = lambda: [resources.OTELResourceDetector()]
'''


@attrs.frozen
class LocustTotals:
    """Locust's own statistics of the run (the master's ``--csv`` ``_stats.csv``)."""

    requests: dict[str, int]
    failures: dict[str, int]

    @property
    def total_requests(self) -> int:
        """Every request of the run."""
        return sum(self.requests.values())

    @property
    def total_failures(self) -> int:
        """Every failed request of the run."""
        return sum(self.failures.values())


def read_totals(path: Path) -> LocustTotals:
    """Request and failure counts per name from Locust's ``<prefix>_stats.csv`` (the Aggregated row left out)."""
    requests: dict[str, int] = {}
    failures: dict[str, int] = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] != "Aggregated":
                requests[row["Name"]] = int(row["Request Count"])
                failures[row["Name"]] = int(row["Failure Count"])
    return LocustTotals(requests, failures)


@attrs.frozen
class WatchedRun:
    """One finished run and what was seen of it."""

    name: str
    manifests: list[dict[str, Any]]
    receiver: OtlpReceiver
    exposition: ExpositionServer
    totals: LocustTotals
    started: float
    ended: float
    run_hash: str
    processes: list[LocustProcess]

    def outputs(self) -> str:
        """Every process's output (for failure messages)."""
        return "\n".join(f"----- {p.role} -----\n{p.output()}" for p in self.processes)


def spec_for(
    workdir: Path,
    target: str,
    ports: Ports,
    receiver: OtlpReceiver,
    *,
    identity: bool,
    replicas: int = 2,
    worker_args: tuple[str, ...] = (),
) -> LocustTestSpec:
    """The test: ``USERS`` users for ``RUN_TIME`` on ``replicas`` workers, OTel from ``OtelOptions``."""
    locustfile = workdir / "locustfile.py"
    locustfile.write_text(LOCUSTFILE)
    command = f"--locustfile {locustfile} --host {target}"
    cr = {
        "image": "locustio/locust-otel:2.47.0",
        "master": {
            "command": command,
            "autoquit": {"enabled": True, "timeout": 1},
            "extraArgs": [
                *ports.master_extra_args(),
                f"--users={USERS}",
                f"--spawn-rate={USERS * 10}",
                f"--run-time={RUN_TIME}",
                f"--csv={workdir / 'locust'}",
            ],
        },
        "worker": {"command": command, "replicas": replicas, "extraArgs": [*ports.worker_extra_args(), *worker_args]},
    }
    options = OtelOptions(
        endpoint=OtlpEndpoint(endpoint=receiver.grpc_endpoint, protocol=OtlpProtocol.GRPC, insecure=True),
        metric_export_interval=EXPORT_INTERVAL,
        exporter_timeout=timedelta(seconds=2),
        trace_sampling_ratio=0,
        logs=False,
        identity=identity,
    )
    return options.apply(LocustTestSpec.from_cr(cr))


def synthesize(spec: LocustTestSpec, name: str) -> list[dict[str, Any]]:
    """The test's manifests, content-addressed (``rerun_on_change``), in namespace ``perf``."""
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "watch", namespace=NAMESPACE)
    LocustTest(chart, name, spec=spec, rerun_on_change=True)
    return list(cdk8s.Testing.synth(chart))


def _job_names(manifests: list[dict[str, Any]], name: str) -> tuple[str, str, str]:
    jobs = {m["metadata"]["name"] for m in manifests if m["kind"] == "Job"}
    master = next(job for job in jobs if job.startswith(f"{name}-master-"))
    worker = next(job for job in jobs if job.startswith(f"{name}-worker-"))
    return master, worker, master.rsplit("-", 1)[1]


@contextmanager
def stage(workdir: Path, *, identity: bool) -> Iterator[tuple[OtlpReceiver, TargetServer, ExpositionServer]]:
    """A receiver, a target and the exposition of the receiver (promoted resource attributes with identity)."""
    with ExitStack() as stack:
        receiver = stack.enter_context(OtlpReceiver())
        target = stack.enter_context(TargetServer())
        exposition = stack.enter_context(ExpositionServer(receiver.recorder, promote_resource_attributes=identity))
        yield receiver, target, exposition


@attrs.frozen
class PreparedRun:
    """A test rendered (in the main thread: jsii is not thread-safe) and ready to run."""

    workdir: Path
    name: str
    staged: tuple[OtlpReceiver, TargetServer, ExpositionServer]
    manifests: list[dict[str, Any]]
    master: Container
    worker: Container
    worker_args: list[str]
    run_hash: str
    extra_env: dict[str, str]


def prepare_test(
    workdir: Path,
    name: str,
    staged: tuple[OtlpReceiver, TargetServer, ExpositionServer],
    *,
    identity: bool,
    pre_143_sdk: bool = False,
    replicas: int = 2,
    worker_args: tuple[str, ...] = (),
) -> PreparedRun:
    """Render the test for this stage; the worker's ``--master-host`` becomes the loopback address."""
    receiver, target, _ = staged
    ports = Ports()
    spec = spec_for(workdir, target.url, ports, receiver, identity=identity, replicas=replicas, worker_args=worker_args)
    manifests = synthesize(spec, name)
    master_job, worker_job, run_hash = _job_names(manifests, name)
    master = locust_container(manifests, master_job, container_name=f"{name}-master")
    worker = locust_container(manifests, worker_job, container_name=f"{name}-worker")
    worker_args = [f"--master-host={LOOPBACK}" if a == f"--master-host={master_job}" else a for a in worker.args]
    assert worker_args != worker.args, worker.args
    extra: dict[str, str] = {}
    if pre_143_sdk:
        (workdir / "sdk").mkdir()
        (workdir / "sdk" / "sitecustomize.py").write_text(PRE_143_SDK)
        extra["PYTHONPATH"] = str(workdir / "sdk")
    return PreparedRun(workdir, name, staged, manifests, master, worker, worker_args, run_hash, extra)


def run_test(prepared: PreparedRun) -> WatchedRun:
    """Run the master and two worker pods to the end (bounded, every process killed) and read Locust's totals."""
    workdir, master, worker, extra = prepared.workdir, prepared.master, prepared.worker, prepared.extra_env
    processes: list[LocustProcess] = []
    started = time.time()
    try:
        env = {**base_env(workdir), **master.pod_env(0), **extra}
        processes.append(LocustProcess("master", master.args, env, workdir))
        for index in range(worker.parallelism):
            env = {**base_env(workdir), **worker.pod_env(index), **extra}
            processes.append(LocustProcess(f"worker-{index}", prepared.worker_args, env, workdir))
        exit_code = processes[0].wait(MASTER_TIMEOUT)
        assert exit_code is not None, "\n".join(p.output() for p in processes)
        for process in processes[1:]:
            process.wait(WORKER_TIMEOUT)
    finally:
        for process in reversed(processes):
            process.kill()
    ended = time.time()
    stats = workdir / "locust_stats.csv"
    wait_until(stats.exists, 5, "Locust's CSV statistics", lambda: processes[0].output())
    return WatchedRun(
        name=prepared.name,
        manifests=prepared.manifests,
        receiver=prepared.staged[0],
        exposition=prepared.staged[2],
        totals=read_totals(stats),
        started=started,
        ended=ended,
        run_hash=prepared.run_hash,
        processes=processes,
    )

"""End to end: the Jobs a scheduled test's CronJobs create run real Locust when the two start apart.

Each CronJob fires on its own, so one Job's pods may start before the other's (a late sync, a
slow image pull, a missed starting deadline). The args are those of the Jobs the CronJob
controller would create (``tests/schedule_support.py``), with the one substitution the harness
makes (``--master-host`` to 127.0.0.1). As docs/how-to/scheduled-runs.md says:

- workers started first keep resending ``client_ready`` (every 5 s, about 5 minutes in all)
  and join the master as soon as it listens;
- a master started first waits for ``--expect-workers`` (Locust's default: without limit) and
  starts the test when they come;
- with ``--expect-workers-max-wait`` in ``master.extraArgs``, a master whose workers never
  come gives up by itself (exit 1) instead of waiting for the Job's ``activeDeadlineSeconds``.
"""

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import cdk8s
import pytest

from constructs_locust import LocustTest, LocustTestSpec, Schedule
from tests.schedule_support import jobs_from_cronjobs, locust_container_of
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT

from .harness import LocustProcess, Ports, base_env, wait_until, worker_args_for_loopback, write_locustfile
from .target import TargetServer

pytestmark = [pytest.mark.e2e, LINT_WARNINGS_BESIDE_THE_POINT]

NAME = "nightly"
WORKERS = 2
HEAD_START = 6.0
"""Seconds one role runs alone: more than one of the worker's 5 s ``client_ready`` retries."""
RUN_TIMEOUT = 40.0
"""Upper bound for a run to start, run its 2 s, autoquit (1 s) and exit."""
MAX_WAIT = 3
"""``--expect-workers-max-wait`` of the lone-master case, in seconds."""


class ScheduledRun:
    """The master and worker commands of one scheduled test, run as processes on loopback."""

    def __init__(self, workdir: Path, target: TargetServer, master_extra: tuple[str, ...] = ()) -> None:
        self.workdir = workdir
        ports = Ports()
        command = f"--locustfile {write_locustfile(workdir)} --host {target.url}"
        spec = LocustTestSpec.from_cr(
            {
                "image": "locustio/locust:2.47.0",
                "master": {
                    "command": command,
                    "autoquit": {"enabled": True, "timeout": 1},
                    "extraArgs": [
                        *ports.master_extra_args(),
                        f"--users={WORKERS}",
                        f"--spawn-rate={WORKERS * 10}",
                        "--run-time=2s",
                        *master_extra,
                    ],
                },
                "worker": {"command": command, "replicas": WORKERS, "extraArgs": ports.worker_extra_args()},
            }
        )
        app = cdk8s.Testing.app()
        chart = cdk8s.Chart(app, "e2e")
        LocustTest(chart, NAME, spec=spec, schedule=Schedule(cron="@hourly", max_run_time=timedelta(minutes=10)))
        self.jobs = jobs_from_cronjobs(list(cdk8s.Testing.synth(chart)))
        self.master_args = locust_container_of(self.jobs, f"{NAME}-master")
        self.worker_args = worker_args_for_loopback(locust_container_of(self.jobs, f"{NAME}-worker"), NAME)
        self.processes: list[LocustProcess] = []

    def start(self, role: str) -> list[LocustProcess]:
        """Start the master, or the worker Job's ``parallelism`` workers."""
        if role == "master":
            started = [LocustProcess("master", self.master_args, base_env(self.workdir), self.workdir)]
        else:
            count = next(
                job["spec"]["parallelism"] for job in self.jobs if job["metadata"]["name"].startswith(f"{NAME}-worker-")
            )
            env = base_env(self.workdir)
            started = [LocustProcess(f"worker-{i}", self.worker_args, env, self.workdir) for i in range(count)]
        self.processes += started
        return started

    def outputs(self) -> str:
        return "\n".join(f"----- {p.role} -----\n{p.output()}" for p in self.processes)

    def kill_all(self) -> None:
        for process in reversed(self.processes):
            process.kill()


@pytest.fixture
def target() -> Iterator[TargetServer]:
    with TargetServer() as server:
        yield server


@pytest.fixture
def run_factory(tmp_path: Path, target: TargetServer) -> Iterator[list[ScheduledRun]]:
    runs: list[ScheduledRun] = []
    yield runs
    for run in runs:
        run.kill_all()


def assert_completes(
    run: ScheduledRun, master: LocustProcess, workers: list[LocustProcess], target: TargetServer
) -> None:
    """The master quits by itself with 0 after the test, the workers follow with 0, the target was hit."""
    assert master.wait(RUN_TIMEOUT) == 0, run.outputs()
    assert [worker.wait(15) for worker in workers] == [0] * WORKERS, run.outputs()
    assert sum(target.hits().values()) > 0, run.outputs()
    assert f"{WORKERS} workers connected" in master.output() or "All users spawned" in master.output(), run.outputs()


def test_workers_started_well_before_the_master_join_it_and_the_run_completes(
    tmp_path: Path, target: TargetServer, run_factory: list[ScheduledRun]
) -> None:
    run = ScheduledRun(tmp_path, target)
    run_factory.append(run)
    workers = run.start("worker")
    time.sleep(HEAD_START)
    assert [worker.popen.poll() for worker in workers] == [None] * WORKERS, run.outputs()
    (master,) = run.start("master")
    assert_completes(run, master, workers, target)


def test_a_master_started_well_before_its_workers_waits_for_them_and_the_run_completes(
    tmp_path: Path, target: TargetServer, run_factory: list[ScheduledRun]
) -> None:
    run = ScheduledRun(tmp_path, target)
    run_factory.append(run)
    (master,) = run.start("master")
    wait_until(
        lambda: f"Waiting for workers to be ready, 0 of {WORKERS} connected" in master.output(),
        HEAD_START + 15,
        "the master to report that it waits for its workers",
        run.outputs,
    )
    assert master.popen.poll() is None and sum(target.hits().values()) == 0, run.outputs()
    workers = run.start("worker")
    assert_completes(run, master, workers, target)


def test_a_master_whose_workers_never_come_gives_up_after_expect_workers_max_wait(
    tmp_path: Path, target: TargetServer, run_factory: list[ScheduledRun]
) -> None:
    run = ScheduledRun(tmp_path, target, master_extra=(f"--expect-workers-max-wait={MAX_WAIT}",))
    run_factory.append(run)
    started = time.monotonic()
    (master,) = run.start("master")
    assert master.wait(MAX_WAIT + 20) == 1, run.outputs()
    assert time.monotonic() - started >= MAX_WAIT
    assert "Gave up waiting for workers to connect" in master.output(), run.outputs()


def test_the_wait_benchmark_runs_and_prints_each_case() -> None:
    """``benchmarks/scheduled_runs.py`` with short limits (its figures come from a full run, not from here)."""
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "scheduled_runs.py"
    result = subprocess.run(
        [sys.executable, str(script), "--worker-limit", "2", "--master-watch", "8", "--max-wait", "1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith("worker, no master: still retrying after"), result.stdout
    assert lines[2].startswith("master, no worker: still waiting after"), result.stdout
    assert lines[3].startswith("master, no worker, --expect-workers-max-wait=1: exit 1 after"), result.stdout
    assert result.stderr == "", result.stderr

#!/usr/bin/env python
"""Print how long a Locust worker waits for a master that is not there, and the reverse.

Usage: ``python benchmarks/scheduled_runs.py [--master-watch S] [--max-wait S] [--worker-limit S]``

The figures behind ``Schedule``'s bounds (docs/how-to/scheduled-runs.md): when one of a
scheduled test's two CronJobs fires late (or not at all), one role runs alone for a while.
Each case renders a scheduled ``LocustTest``, takes the Locust container of the Job its
CronJob would create (the e2e harness, ``tests/e2e``) and runs it as a process on 127.0.0.1,
alone:

- a worker with no master: seconds until it gives up by itself, and its exit code (Locust
  retries ``client_ready`` every ``CONNECT_TIMEOUT`` s, ``CONNECT_RETRY_COUNT`` + 1 times);
- a master with no worker (``--autostart``, ``--expect-workers``): still waiting after
  ``--master-watch`` seconds? (``--expect-workers-max-wait`` defaults to 0: forever);
- the same master with ``--expect-workers-max-wait`` in ``master.extraArgs``: seconds until it
  gives up, and its exit code.

The script prints figures and asserts nothing; the worker case takes about five minutes.
Measured with Locust 2.47.0 (2 shared cores): the worker gives up with exit code 255 after
307.2 s; the master is still waiting after 30 s; with ``--expect-workers-max-wait=5`` it exits
1 after 8.2 s.
"""

import argparse
import importlib.metadata
import os
import platform
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")  # before cdk8s starts Node

import cdk8s  # noqa: E402

from constructs_locust import LocustTest, LocustTestSpec, LocustTestWarning, MasterSpec, Schedule, WorkerSpec  # noqa: E402
from tests.e2e.harness import LocustProcess, Ports, base_env, worker_args_for_loopback, write_locustfile  # noqa: E402
from tests.schedule_support import jobs_from_cronjobs, locust_container_of  # noqa: E402

NAME = "nightly"


def rendered_args(workdir: Path, master_extra: list[str], ports: Ports) -> tuple[list[str], list[str]]:
    """The master's and the worker's args, from the Jobs the scheduled test's CronJobs would create."""
    locustfile = write_locustfile(workdir)
    spec = LocustTestSpec(
        image="locustio/locust:2.43.4",
        master=MasterSpec(
            command=f"--locustfile {locustfile}",
            extra_args=(*ports.master_extra_args(), "--users", "1", "--run-time", "2s", *master_extra),
        ),
        worker=WorkerSpec(
            command=f"--locustfile {locustfile}", replicas=1, extra_args=tuple(ports.worker_extra_args())
        ),
    )
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "bench")
    schedule = Schedule(cron="0 2 * * *", max_run_time=timedelta(hours=1))
    LocustTest(chart, NAME, spec=spec, schedule=schedule)
    jobs = jobs_from_cronjobs(list(cdk8s.Testing.synth(chart)))
    master = locust_container_of(jobs, f"{NAME}-master")
    worker = locust_container_of(jobs, f"{NAME}-worker")
    return master, worker_args_for_loopback(worker, NAME)


def alone(role: str, args: list[str], workdir: Path, limit: float) -> tuple[float, int | None, str]:
    """Run one process alone; seconds until it exits (or ``limit``), its exit code, its last line."""
    process = LocustProcess(role, args, base_env(workdir), workdir)
    started = time.monotonic()
    try:
        code = process.wait(limit)
        elapsed = time.monotonic() - started
        lines = process.output().strip().splitlines()
        return elapsed, code, lines[-1] if lines else ""
    finally:
        process.kill()


def main() -> None:
    """Run the three cases and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--master-watch", type=float, default=30.0, help="seconds to watch a lone master")
    parser.add_argument("--max-wait", type=int, default=5, help="--expect-workers-max-wait for the third case")
    parser.add_argument("--worker-limit", type=float, default=400.0, help="seconds to wait for a lone worker")
    options = parser.parse_args()
    warnings.simplefilter("ignore", LocustTestWarning)  # the ports are moved through extraArgs on purpose
    print(f"# Locust {importlib.metadata.version('locust')}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        _, worker = rendered_args(workdir, [], Ports())
        elapsed, code, last = alone("worker", worker, workdir, options.worker_limit)
        state = "still retrying" if code is None else f"exit {code}"
        print(f"worker, no master: {state} after {elapsed:.1f} s; last line: {last}")
        master, _ = rendered_args(workdir, [], Ports())
        elapsed, code, last = alone("master", master, workdir, options.master_watch)
        state = "still waiting" if code is None else f"exit {code}"
        print(f"master, no worker: {state} after {elapsed:.1f} s; last line: {last}")
        master, _ = rendered_args(workdir, [f"--expect-workers-max-wait={options.max_wait}"], Ports())
        elapsed, code, last = alone("master-max-wait", master, workdir, options.master_watch)
        print(
            f"master, no worker, --expect-workers-max-wait={options.max_wait}: exit {code} after {elapsed:.1f} s; "
            f"last line: {last}"
        )


if __name__ == "__main__":
    main()

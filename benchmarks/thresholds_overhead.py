#!/usr/bin/env python
"""Print what thresholds cost a Locust master: CPU seconds, peak memory and the judging at the end.

Usage: ``python benchmarks/thresholds_overhead.py [--quick] [--run-time S] [--users N] [--repeats R]``

Each case is one real test on 127.0.0.1, rendered as a cluster gets it: a ``LocustTest``
(with ``thresholds=`` or without) is synthesized, the thresholds ConfigMap's plugin is written
where the master mounts it, and the master and one worker Locust containers run as processes
with their rendered ``args`` and ``env`` (the e2e harness, ``tests/e2e``). The worker's users
never wait, over 10 request names, so the master aggregates a busy stream of statistics.

Per case (medians over the rounds):

- master CPU: the master's user+system CPU seconds over its whole life (start, run, judging,
  exit), and those per 1000 requests;
- master peak RSS: the largest of samples every 50 ms;
- quit: seconds from the master's "--run-time limit reached" to its exit (autoquit 1 s included),
  where the plugin judges the run and prints its verdict;
- verdict: whether the master printed one, and the requests it counted;
- judging: what the plugin's work at the end (measure every threshold, build the table) takes
  in a process of its own, for 10 request names of 10000 requests each.

Cases: no thresholds; the nine whole-run limits; those plus one limit of each kind on each of
the 10 request names (99 thresholds). The machine matters (a small shared machine runs the
worker, the target and the master on the same cores): compare rows, not machines. The script
prints figures and asserts nothing.
"""

import argparse
import csv
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import attrs  # noqa: E402
import psutil  # noqa: E402

from constructs_locust import LocustTestSpec, LocustTestWarning, RequestThresholds, Thresholds  # noqa: E402
from constructs_locust.manifests._thresholds import PLUGIN_KEY, plugin_source  # noqa: E402
from tests.e2e.harness import LocustCluster, LocustProcess, Ports  # noqa: E402

NAMES = [f"/item/{index}" for index in range(10)]
LOCUSTFILE = f"""\
from locust import HttpUser, constant, task

NAMES = {NAMES!r}


class FlatOut(HttpUser):
    wait_time = constant(0)

    @task
    def items(self):
        for name in NAMES:
            self.client.get(name)
"""
SECOND = timedelta(seconds=1)
LOOSE: dict[str, Any] = {
    "failure_ratio": 1,
    "max_failures": 10**9,
    "avg_response_time": 60 * SECOND,
    "p50_response_time": 60 * SECOND,
    "p90_response_time": 60 * SECOND,
    "p95_response_time": 60 * SECOND,
    "p99_response_time": 60 * SECOND,
    "max_response_time": 60 * SECOND,
    "min_rps": 0.001,
}
"""Every limit, set so that the run passes (the cost is the same either way)."""

CASES: list[tuple[str, Thresholds | None]] = [
    ("no thresholds", None),
    ("9 whole-run limits", Thresholds(**LOOSE)),
    (
        "9 whole-run + 90 per-request",
        Thresholds(**LOOSE, requests=[RequestThresholds(name=name, method="GET", **LOOSE) for name in NAMES]),
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


JUDGE_SCRIPT = """
import json, random, sys, time
sys.path.insert(0, sys.argv[1])
from locust.stats import RequestStats
from constructs_locust.manifests import _thresholds_plugin as plugin
config = json.loads(sys.argv[2])
stats = RequestStats()
random.seed(1)
for name in json.loads(sys.argv[3]):
    for _ in range(10000):
        stats.log_request("GET", name, random.lognormvariate(3, 1), 10)
rounds = 200
began = time.perf_counter()
for _ in range(rounds):
    plugin.table(plugin.judge(stats, config))
print((time.perf_counter() - began) / rounds * 1000)
"""
"""Time the plugin's judging (and table) in a process of its own: importing locust monkey-patches (gevent)."""


def judge_ms(thresholds: Thresholds) -> float:
    """Milliseconds the plugin takes to judge a run of 10 names x 10000 requests against ``thresholds``."""
    completed = subprocess.run(
        [sys.executable, "-c", JUDGE_SCRIPT, str(REPO), json.dumps(thresholds.config("bench")), json.dumps(NAMES)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return float(completed.stdout.strip().splitlines()[-1])


class Result(NamedTuple):
    """What one run measured."""

    cpu_seconds: float
    cpu_ms_per_1000: float
    peak_rss_mib: float
    quit_seconds: float
    requests: int
    verdict: float
    """1 when the master printed a verdict line, else 0 (a median over rounds)."""


def cr_spec(workdir: Path, target_url: str, ports: Ports, users: int, run_time: int) -> dict[str, Any]:
    """One worker, ``users`` users flat out for ``run_time`` seconds, ``--csv`` for the request count."""
    command = f"--locustfile {workdir / 'locustfile.py'} --host {target_url}"
    return {
        "image": "locustio/locust:2.47.0",
        "master": {
            "command": command,
            "autoquit": {"enabled": True, "timeout": 1},
            "extraArgs": [
                *ports.master_extra_args(),
                f"--users={users}",
                f"--spawn-rate={users}",
                f"--run-time={run_time}s",
                f"--csv={workdir / 'stats'}",
            ],
        },
        "worker": {"command": command, "replicas": 1, "extraArgs": ports.worker_extra_args()},
    }


def run_case(thresholds: Thresholds | None, workdir: Path, target_url: str, users: int, run_time: int) -> Result:
    """Run one case to its end and measure its master."""
    workdir.mkdir()
    (workdir / "locustfile.py").write_text(LOCUSTFILE)
    options: dict[str, Any] = {}
    if thresholds is not None:
        mount = workdir / "thresholds"
        options["thresholds"] = attrs.evolve(thresholds, mount_path=str(mount))
        mount.mkdir()
        (mount / PLUGIN_KEY).write_text(plugin_source())  # as the kubelet mounts the ConfigMap
    spec = LocustTestSpec.from_cr(cr_spec(workdir, target_url, Ports(), users, run_time))
    cluster = LocustCluster(spec, "bench", workdir, options=options)
    try:
        master = cluster.start_master()
        cluster.start_worker()
        cpu, peak, quit_seconds = _watch(master, timeout=run_time + 60)
        cluster.wait(30, 15)
    finally:
        cluster.kill_all()
    requests = _requests(workdir / "stats_stats.csv")
    printed = any(line.startswith('{"kind": "constructs-locust/verdict"') for line in master.output().splitlines())
    return Result(cpu, 1000 * cpu / requests if requests else float("nan"), peak, quit_seconds, requests, printed)


def _watch(master: LocustProcess, timeout: float) -> tuple[float, float, float]:
    """Sample the master every 50 ms until it exits: CPU seconds, peak RSS (MiB), seconds from run end to exit."""
    process = psutil.Process(master.popen.pid)
    cpu = 0.0
    peak = 0
    stopped: float | None = None
    deadline = time.monotonic() + timeout
    while master.popen.poll() is None and time.monotonic() < deadline:
        try:
            with process.oneshot():
                times = process.cpu_times()
                cpu = times.user + times.system
                peak = max(peak, process.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        if stopped is None and "--run-time limit reached" in master.output():
            stopped = time.monotonic()
        time.sleep(0.05)
    exited = time.monotonic()
    return cpu, peak / 2**20, exited - stopped if stopped else float("nan")


def _requests(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return int(row["Request Count"])
    return 0


def _median(runs: list[Result]) -> Result:
    return Result(*(statistics.median(values) for values in zip(*runs, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one round of 5 s runs (about a minute)")
    parser.add_argument("--run-time", type=int, help="seconds of load per case (default 10, quick 5)")
    parser.add_argument("--users", type=int, default=10, help="users on the worker (default 10)")
    parser.add_argument("--repeats", type=int, help="rounds over every case; medians shown (default 3, quick 1)")
    args = parser.parse_args()
    run_time = args.run_time or (5 if args.quick else 10)
    repeats = args.repeats or (1 if args.quick else 3)
    # The harness's extraArgs repeat --master-port on purpose; its lint warning is noise here.
    warnings.filterwarnings("ignore", category=LocustTestWarning)
    # The version from the metadata: importing locust here would monkey-patch this process (gevent).
    print(
        f"# Locust {importlib.metadata.version('locust')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {args.users} users, {run_time} s per case, median of {repeats}",
        flush=True,
    )
    target = subprocess.Popen(
        [sys.executable, "-c", TARGET_SCRIPT], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    began = time.monotonic()
    try:
        assert target.stdout is not None
        url = target.stdout.readline().strip()
        assert url.startswith("http://"), f"the target did not start: {url!r}"
        print(
            "| case | master CPU (s) | CPU ms / 1000 requests | master peak RSS (MiB) | quit after run (s) "
            "| requests | verdict printed |"
        )
        print("|---|---:|---:|---:|---:|---:|---|", flush=True)
        with tempfile.TemporaryDirectory(prefix="thresholds-overhead-") as scratch:
            results: list[list[Result]] = [[] for _ in CASES]
            for round_ in range(repeats):
                for index, (_, thresholds) in enumerate(CASES):  # rounds alternate cases: noise hits all alike
                    workdir = Path(scratch) / f"round{round_}-case{index}"
                    results[index].append(run_case(thresholds, workdir, url, args.users, run_time))
            for (label, _), runs in zip(CASES, results, strict=True):
                result = _median(runs)
                print(
                    f"| {label} | {result.cpu_seconds:.2f} | {result.cpu_ms_per_1000:.1f} | {result.peak_rss_mib:.0f} "
                    f"| {result.quit_seconds:.2f} | {result.requests:.0f} | {'yes' if result.verdict else 'no'} |",
                    flush=True,
                )
        print()
        print("| thresholds | judging + table, in the plugin (ms, 10 names x 10000 requests) |")
        print("|---|---:|")
        for label, thresholds in CASES[1:]:
            assert thresholds is not None
            print(f"| {label} | {judge_ms(thresholds):.2f} |", flush=True)
    finally:
        if target.stdin is not None:
            target.stdin.close()
        try:
            target.wait(timeout=10)
        except subprocess.TimeoutExpired:
            target.kill()
            target.wait()
    print(f"# total {time.monotonic() - began:.0f} s; " + json.dumps({"run_time": run_time, "repeats": repeats}))


if __name__ == "__main__":
    main()

"""End to end: a test rendered with thresholds, run as real Locust processes, is judged by its master.

Runs of one master and two workers against the local target, each rendered by
``LocustTest(..., thresholds=...)``: the plugin's ConfigMap is "mounted" as the kubelet would
(its keys written as files at the master's mount path, a temporary folder given through
``Thresholds.mount_path``), and the containers run with their rendered args and env.

- Limits the fast target keeps: the master exits 0, its verdict passes, ``verdict`` exits 0.
- Limits it cannot keep (no response in 0 ms, 100000 requests/s): the master exits 1 with no
  failed request at all (the thresholds alone fail it), the verdict names each breach with
  its measured value, ``verdict`` exits 1.

In both, every measured value equals what Locust itself wrote to ``--csv`` in the same run. A
third run loads the plugin on the workers too (beyond what is rendered): harmless there.
"""

import csv
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from constructs_locust import LocustTestSpec, RequestThresholds, Thresholds
from constructs_locust.cli import main
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT

from .harness import LocustCluster, Ports, RunResult, write_locustfile
from .scenarios import MASTER_TIMEOUT, WORKER_TIMEOUT, cr_spec
from .target import TargetServer

pytestmark = [pytest.mark.e2e, LINT_WARNINGS_BESIDE_THE_POINT]

WORKERS = 2
KEPT = dict(
    failure_ratio=0,
    p95_response_time=timedelta(seconds=2),
    max_response_time=timedelta(seconds=5),
    min_rps=1,
    requests=[
        RequestThresholds(name="/catalog", method="GET", max_failures=0, p99_response_time=timedelta(seconds=2)),
        RequestThresholds(name="/item/[id]", avg_response_time=timedelta(seconds=1)),
    ],
)
BROKEN = dict(
    failure_ratio=0,
    p50_response_time=timedelta(0),
    min_rps=100_000,
    requests=[RequestThresholds(name="/item/[id]", method="GET", max_response_time=timedelta(0))],
)
BREACHED = [("p50_response_time", None), ("min_rps", None), ("max_response_time", "/item/[id]")]


class Judged:
    """One finished run: its result, the master's log, and Locust's own ``--csv`` statistics."""

    def __init__(self, cluster: LocustCluster, result: RunResult, stats_csv: Path) -> None:
        self.cluster = cluster
        self.result = result
        self.master_log = result.master.log_path
        with stats_csv.open(newline="") as stream:
            self.rows = {(row["Type"], row["Name"]): row for row in csv.DictReader(stream)}

    def verdict(self) -> dict[str, Any]:
        lines = [line for line in self.master_log.read_text().splitlines() if line.startswith('{"kind": "constructs')]
        assert len(lines) == 1, self.cluster.outputs()
        value: dict[str, Any] = json.loads(lines[0])
        return value


def mount_config_maps(cluster: LocustCluster) -> None:
    """Write each ConfigMap key the master mounts as a file under its mount path, as the kubelet does."""
    pod = next(m for m in cluster.manifests if m["kind"] == "Job" and m["metadata"]["name"] == f"{cluster.name}-master")
    spec = pod["spec"]["template"]["spec"]
    volumes = {volume["name"]: volume for volume in spec["volumes"]}
    config_maps = {m["metadata"]["name"]: m for m in cluster.manifests if m["kind"] == "ConfigMap"}
    for mount in spec["containers"][0]["volumeMounts"]:
        source = volumes[mount["name"]].get("configMap")
        if source is None or source["name"] not in config_maps:
            continue  # the test-files ConfigMap of the spec is not used: the locustfile is local
        folder = Path(mount["mountPath"])
        folder.mkdir(parents=True, exist_ok=True)
        for key, text in config_maps[source["name"]]["data"].items():
            (folder / key).write_text(text)


def judged_run(
    name: str, workdir: Path, limits: dict[str, Any], *, plugin_on_workers: bool = False
) -> Iterator[Judged]:
    with TargetServer() as target:
        ports = Ports()
        cr = cr_spec(
            locustfile=write_locustfile(workdir),
            target_url=target.url,
            ports=ports,
            workers=WORKERS,
            open_telemetry={"enabled": False},
        )
        stats_prefix = workdir / "stats"
        cr["master"]["extraArgs"].append(f"--csv={stats_prefix}")
        thresholds = Thresholds(**limits, mount_path=str(workdir / "thresholds"))
        cluster = LocustCluster(LocustTestSpec.from_cr(cr), name, workdir, options={"thresholds": thresholds})
        mount_config_maps(cluster)
        if plugin_on_workers:  # not what is rendered: the plugin loaded where it has nothing to do
            index = cluster.worker_args.index("--locustfile") + 1
            cluster.worker_args[index] += f",{thresholds.plugin_path}"
        try:
            cluster.start()
            result = cluster.wait(MASTER_TIMEOUT, WORKER_TIMEOUT)
        finally:
            cluster.kill_all()
        yield Judged(cluster, result, Path(f"{stats_prefix}_stats.csv"))


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judged]:
    yield from judged_run("judge-kept", tmp_path_factory.mktemp("kept"), KEPT)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judged]:
    yield from judged_run("judge-broken", tmp_path_factory.mktemp("broken"), BROKEN)


@pytest.fixture(scope="module")
def everywhere(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judged]:
    yield from judged_run("judge-everywhere", tmp_path_factory.mktemp("everywhere"), KEPT, plugin_on_workers=True)


def test_the_plugin_on_workers_too_is_harmless(everywhere: Judged) -> None:
    """Loaded next to a worker's locustfile too, the plugin (no User class) does nothing there."""
    plugin = str(everywhere.cluster.workdir / "thresholds" / "constructs_locust_thresholds.py")
    assert all(any(arg.endswith(f",{plugin}") for arg in worker.args) for worker in everywhere.result.workers)
    assert everywhere.result.master_exit == 0, everywhere.cluster.outputs()
    assert everywhere.result.worker_exits == [0] * WORKERS, everywhere.cluster.outputs()
    assert everywhere.verdict()["result"] == "pass"
    for worker in everywhere.result.workers:
        assert "constructs-locust" not in worker.output() and "Thresholds:" not in worker.output()


def test_the_plugin_is_loaded_on_the_master_only(kept: Judged) -> None:
    plugin = str(kept.cluster.workdir / "thresholds" / "constructs_locust_thresholds.py")
    assert any(arg.endswith(f",{plugin}") for arg in kept.cluster.master_args)
    assert not any(plugin in arg for arg in kept.cluster.worker_args)


def test_limits_kept_exit_0_and_pass(kept: Judged) -> None:
    assert kept.result.master_exit == 0, kept.cluster.outputs()
    assert kept.result.worker_exits == [0] * WORKERS, kept.cluster.outputs()
    verdict = kept.verdict()
    assert verdict["result"] == "pass"
    assert {item["result"] for item in verdict["thresholds"]} == {"pass"}
    assert "Thresholds: PASS" in kept.master_log.read_text()
    assert main(["verdict", str(kept.master_log)]) == 0


def test_limits_breached_exit_non_zero_and_name_each_breach(broken: Judged, capsys: pytest.CaptureFixture[str]) -> None:
    assert broken.result.master_exit == 1, broken.cluster.outputs()
    verdict = broken.verdict()
    assert verdict["result"] == "fail"
    assert verdict["totals"]["failures"] == 0  # the thresholds alone failed the run
    failed = [(item["metric"], item["name"]) for item in verdict["thresholds"] if item["result"] == "fail"]
    assert failed == BREACHED
    for item in verdict["thresholds"]:
        if item["result"] == "fail":
            assert item["measured"] is not None and item["measured"] != item["limit"]
    capsys.readouterr()
    assert main(["verdict", str(broken.master_log)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("verdict: FAIL (test judge-broken, 3 of 4 thresholds breached)")
    assert "min_rps" in out and ">= 100000 requests/s" in out
    assert main(["verdict", "--format", "json", str(broken.master_log)]) == 1
    assert json.loads(capsys.readouterr().out)["verdict"] == verdict


CSV_COLUMNS = {
    "failure_ratio": None,
    "max_failures": "Failure Count",
    "avg_response_time": "Average Response Time",
    "p50_response_time": "50%",
    "p90_response_time": "90%",
    "p95_response_time": "95%",
    "p99_response_time": "99%",
    "max_response_time": "Max Response Time",
    "min_rps": "Requests/s",
}


def expected(row: dict[str, str], metric: str) -> float:
    """What Locust wrote to ``--csv`` for ``metric`` (the failure ratio from its two counts)."""
    if metric == "failure_ratio":
        return int(row["Failure Count"]) / int(row["Request Count"])
    return float(row[CSV_COLUMNS[metric]])  # type: ignore[index]


@pytest.mark.parametrize("run_name", ["kept", "broken"])
def test_measured_values_are_locusts_own_statistics(run_name: str, request: pytest.FixtureRequest) -> None:
    run: Judged = request.getfixturevalue(run_name)
    verdict = run.verdict()
    total = run.rows[("", "Aggregated")]
    assert verdict["totals"]["requests"] == int(total["Request Count"]) > 0
    assert verdict["totals"]["failures"] == int(total["Failure Count"])
    assert verdict["totals"]["rps"] == float(total["Requests/s"])
    assert verdict["totals"]["avg_response_time"] == float(total["Average Response Time"])
    for item in verdict["thresholds"]:
        if item["name"] is None:
            row = total
        else:
            (row,) = [r for (method, name), r in run.rows.items() if name == item["name"]]
            assert item["method"] in (None, row["Type"])
        assert item["measured"] == expected(row, item["metric"]), item

"""The gate end to end: one test with ``thresholds=`` and ``reports=``, its master pod run for real.

One ``LocustTest`` is rendered with both options (the same limits and report settings in every
run, only the target and the storage change), and its master pod runs as
:mod:`tests.e2e.reports_pod` runs it: the Locust master container (with the thresholds plugin
"mounted" from its ConfigMap) and the upload container, each with its exact command and env, in
one PID namespace, a real worker beside them, the real rclone copying to ``rclone serve
webdav``. Then ``constructs-locust verdict -`` (the real command line, in a process) reads the
pod's log as ``kubectl logs --all-containers --prefix`` prints it.

- A fast target: the master exits 0, the upload is ok, the reports are under
  ``<path>/<test>/<run>/<start>/``, the verdict passes (exit 0).
- A slow target (no request fails): the thresholds alone make the master exit 1, the reports
  are uploaded all the same, the verdict fails (exit 1) naming each breached limit, and every
  measured value equals what Locust wrote to its own CSV in that run (the uploaded copy).
- A fast target whose storage never answers: the thresholds pass, the upload ends at its
  bound with status ``timeout``, and the verdict fails (exit 1) on the upload alone.
"""

import csv
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from constructs_locust import Reports, RequestThresholds, Thresholds
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT

from .harness import LOOPBACK
from .reports_pod import UPLOAD_CONTAINER, PodRun, black_hole, job_of, run_master_pod, webdav_server
from .target import TargetServer
from .test_reports_e2e import (
    FILES,
    PASSWORD,
    PATH,
    POLL_SLACK,
    USER,
    report_run,
    secrets,
    stored_directory,
    webdav_storage,
)
from .test_thresholds_e2e import expected

pytestmark = [
    pytest.mark.e2e,
    LINT_WARNINGS_BESIDE_THE_POINT,
    pytest.mark.skipif(shutil.which("rclone") is None, reason="rclone is not installed (apt-get install rclone)"),
]

NAME = "shop"
MASTER = f"{NAME}-master"
SLOW_SECONDS = 0.5
"""How long the slow target takes to answer each request."""
LIMITS = dict(
    failure_ratio=0,
    p95_response_time=timedelta(milliseconds=300),
    min_rps=3,
    requests=[
        RequestThresholds(name="/catalog", method="GET", max_failures=0),
        RequestThresholds(name="/item/[id]", method="GET", p99_response_time=timedelta(milliseconds=300)),
    ],
)
"""What one user (``constant(0.2)`` between two requests) keeps against the fast target (about
9 requests/s in milliseconds each) and breaks against the slow one (1.2 s an iteration: about
1.7 requests/s of 500 ms each), with no request failing in either."""
BREACHED = [("p95_response_time", None), ("min_rps", None), ("p99_response_time", "/item/[id]")]
HANG_TIMEOUT = timedelta(seconds=3)


class _SlowHandler(BaseHTTPRequestHandler):
    """Answers every GET with ``200 ok`` after :data:`SLOW_SECONDS`."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    delay: ClassVar[float] = SLOW_SECONDS

    def do_GET(self) -> None:
        time.sleep(self.delay)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


class SlowTarget:
    """A loopback HTTP target that answers every request, slowly; a context manager."""

    def __init__(self) -> None:
        self._server = ThreadingHTTPServer((LOOPBACK, 0), _SlowHandler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,), daemon=True)

    @property
    def url(self) -> str:
        """The base URL, as given to Locust's ``--host``."""
        return f"http://{LOOPBACK}:{self._server.server_address[1]}"

    def __enter__(self) -> "SlowTarget":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def gate_run(workdir: Path, target_url: str, storage_url: str, **reports: Any) -> PodRun:
    """The master pod of the one test, with both options, run to its end."""
    thresholds = Thresholds(**LIMITS, mount_path=str(workdir / "thresholds"))  # type: ignore[arg-type]
    kept = Reports(storage=webdav_storage(storage_url), path=PATH, directory=str(workdir / "reports"), **reports)
    return run_master_pod(NAME, workdir, target_url, kept, secrets(), thresholds=thresholds)


@pytest.fixture(scope="module")
def dav(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """One webdav server for the runs that upload: its root and its URL."""
    root = tmp_path_factory.mktemp("dav") / "root"
    root.mkdir()
    with webdav_server(root, USER, PASSWORD) as url:
        yield root, url


@pytest.fixture(scope="module")
def passing(dav: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[PodRun, Path]:
    workdir = tmp_path_factory.mktemp("passing")
    with TargetServer() as target:
        return gate_run(workdir, target.url, dav[1]), workdir


@pytest.fixture(scope="module")
def breached(dav: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[PodRun, Path]:
    workdir = tmp_path_factory.mktemp("breached")
    with SlowTarget() as target:
        return gate_run(workdir, target.url, dav[1]), workdir


@pytest.fixture(scope="module")
def unreachable(tmp_path_factory: pytest.TempPathFactory) -> PodRun:
    with TargetServer() as target, black_hole() as url:
        return gate_run(tmp_path_factory.mktemp("unreachable"), target.url, url, upload_timeout=HANG_TIMEOUT)


def pod_log(run: PodRun) -> str:
    """The pod's log as ``kubectl logs --all-containers --prefix`` prints it: container by container,
    in the pod's order, each line ``[pod/<pod>/<container>] <line>`` (the containers run here)."""
    job = job_of(run.manifests, MASTER)
    pod = f"{job['metadata']['name']}-x7k2p"
    lines = []
    for container in job["spec"]["template"]["spec"]["containers"]:
        lines += [f"[pod/{pod}/{container['name']}] {line}" for line in run.logs[container["name"]].splitlines()]
    return "\n".join(lines) + "\n"


def verdict(run: PodRun, output_format: str = "text") -> subprocess.CompletedProcess[str]:
    """``constructs-locust verdict - --format FORMAT``, the pod's log on its standard input."""
    return subprocess.run(
        [sys.executable, "-m", "constructs_locust", "verdict", "-", "--format", output_format],
        input=pod_log(run),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def verdict_json(run: PodRun) -> tuple[int, dict[str, Any]]:
    done = verdict(run, "json")
    assert done.stderr == "", done.stderr
    return done.returncode, json.loads(done.stdout)


def upload_line(run: PodRun) -> dict[str, Any]:
    (line,) = run.upload_lines()
    return line


def assert_stored(run: PodRun, root: Path, workdir: Path) -> Path:
    """The run's reports on the server under the documented path, byte for byte what Locust wrote."""
    stored = stored_directory(run, root, PATH)
    assert {path.name for path in stored.iterdir()} == FILES
    for name in FILES:
        assert (stored / name).read_bytes() == (workdir / "reports" / "run" / name).read_bytes(), name
    return stored


def test_a_passing_run_exits_0_uploads_and_its_verdict_passes(
    passing: tuple[PodRun, Path], dav: tuple[Path, str]
) -> None:
    run, workdir = passing
    assert run.codes == {MASTER: 0, UPLOAD_CONTAINER: 0}, run.logs
    stored = assert_stored(run, dav[0], workdir)
    line = upload_line(run)
    assert (line["status"], line["destination"]) == ("ok", f"reports:{PATH}/{NAME}/{report_run(run)}/{stored.name}")
    done = verdict(run)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"verdict: PASS (test {NAME}, 0 of 5 thresholds breached)")
    assert f"upload: ok (reports:{PATH}/{NAME}/" in done.stdout
    code, document = verdict_json(run)
    assert (code, document["result"], document["upload"]) == (0, "pass", line)


def test_a_breached_run_fails_the_master_and_still_uploads(
    breached: tuple[PodRun, Path], dav: tuple[Path, str]
) -> None:
    run, workdir = breached
    assert run.codes == {MASTER: 1, UPLOAD_CONTAINER: 0}, run.logs
    assert_stored(run, dav[0], workdir)
    assert upload_line(run)["status"] == "ok"
    code, document = verdict_json(run)
    assert (code, document["result"], document["upload"]["status"]) == (1, "fail", "ok")
    judged = document["verdict"]
    assert judged["totals"]["failures"] == 0  # the thresholds alone failed the run
    failed = [(item["metric"], item["name"]) for item in judged["thresholds"] if item["result"] == "fail"]
    assert failed == BREACHED


def test_a_breached_verdict_names_each_breach_in_text(breached: tuple[PodRun, Path]) -> None:
    done = verdict(breached[0])
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith(f"verdict: FAIL (test {NAME}, 3 of 5 thresholds breached)")
    rows = [row.split() for row in done.stdout.splitlines() if row.rstrip().endswith("FAIL") and row.startswith("  ")]
    assert [(row[0], row[1]) for row in rows] == [
        ("p95_response_time", "(whole"),
        ("min_rps", "(whole"),
        ("p99_response_time", "GET"),
    ]
    assert "upload: ok" in done.stdout


@pytest.mark.parametrize("run_name", ["passing", "breached"])
def test_measured_values_equal_the_uploaded_csv_of_the_run(
    run_name: str, dav: tuple[Path, str], request: pytest.FixtureRequest
) -> None:
    run, _ = request.getfixturevalue(run_name)
    stored = stored_directory(run, dav[0], PATH)
    with (stored / "locust_stats.csv").open(newline="") as stream:
        rows = {(row["Type"], row["Name"]): row for row in csv.DictReader(stream)}
    _, document = verdict_json(run)
    judged = document["verdict"]
    total = rows[("", "Aggregated")]
    assert judged["totals"]["requests"] == int(total["Request Count"]) > 0
    assert judged["totals"]["failures"] == int(total["Failure Count"]) == 0
    assert judged["totals"]["rps"] == float(total["Requests/s"])
    for item in judged["thresholds"]:
        row = total if item["name"] is None else rows[(item["method"], item["name"])]
        assert item["measured"] == expected(row, item["metric"]), item
    entries = json.loads((stored / "stats.json").read_text())
    assert sum(entry["num_requests"] for entry in entries) == judged["totals"]["requests"]


def test_an_unreachable_storage_ends_in_bound_and_fails_the_verdict(unreachable: PodRun) -> None:
    bound = HANG_TIMEOUT.total_seconds()
    assert unreachable.codes == {MASTER: 0, UPLOAD_CONTAINER: 124}, unreachable.logs
    line = upload_line(unreachable)
    assert (line["status"], line["exit_code"]) == ("timeout", 124)
    assert bound <= line["seconds"] <= bound + 1
    after_master = unreachable.ended[UPLOAD_CONTAINER] - unreachable.ended[MASTER]
    assert after_master <= bound + POLL_SLACK, after_master
    code, document = verdict_json(unreachable)
    assert (code, document["result"], document["verdict"]["result"]) == (1, "fail", "pass")
    assert document["upload"] == line
    done = verdict(unreachable)
    assert done.returncode == 1
    assert done.stdout.startswith(f"verdict: FAIL (test {NAME}, 0 of 5 thresholds breached)")
    assert f"upload: timeout (reports:{PATH}/{NAME}/{report_run(unreachable)}/" in done.stdout
    assert done.stdout.rstrip().endswith(", exit code 124)")

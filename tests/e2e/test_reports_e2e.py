"""Reports that outlive the pod, for real: Locust writes them, rclone copies them, a server keeps them.

Each run synthesizes a one-worker test with ``reports=``, runs its master pod's two containers
with their exact command and environment in one PID namespace (:mod:`tests.e2e.reports_pod`),
and checks what reached the storage: under ``<path>/<test>/<run>/<start>/``, byte for byte
what Locust wrote, on a passing run and on a failing one; and that an upload target which
hangs or refuses ends the upload within its bound, with a failed pod and the JSON line saying so.
"""

import csv
import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from constructs_locust import ObjectStorage, Reports
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT

from .reports_pod import (
    UPLOAD_CONTAINER,
    PodRun,
    black_hole,
    closed_port_url,
    obscure,
    run_master_pod,
    webdav_server,
)
from .target import TargetServer

pytestmark = [
    pytest.mark.e2e,
    LINT_WARNINGS_BESIDE_THE_POINT,
    pytest.mark.skipif(shutil.which("rclone") is None, reason="rclone is not installed (apt-get install rclone)"),
]

NAME = "shop"
PATH = "ci/load"
USER, PASSWORD = "reports", "webdav s3cret"
SECRET = "reports-webdav"
FILES = {
    "report.html",
    "locust_stats.csv",
    "locust_stats_history.csv",
    "locust_failures.csv",
    "locust_exceptions.csv",
    "stats.json",
}
"""The documented file names of one run."""
STAMP = re.compile(r"\d{8}T\d{6}Z")
HANG_TIMEOUT = timedelta(seconds=5)
POLL_SLACK = 3.0
"""The upload container polls for the master once a second; a loaded machine adds a little."""


def webdav_storage(url: str) -> ObjectStorage:
    """The server as an rclone ``webdav`` remote; the password only from the Secret."""
    return ObjectStorage(
        type="webdav",
        options={"url": url, "vendor": "rclone", "user": USER},
        secret_name=SECRET,
        secret_options={"pass": "password"},
    )


def secrets() -> dict[str, dict[str, str]]:
    """The Secret as the cluster would hold it (decoded): rclone reads ``pass`` obscured."""
    return {SECRET: {"password": obscure(PASSWORD)}}


def stored_run(workdir: Path, target_url: str) -> Iterator[tuple[PodRun, Path]]:
    dav = workdir / "dav"
    dav.mkdir()
    with webdav_server(dav, USER, PASSWORD) as url:
        reports = Reports(storage=webdav_storage(url), path=PATH, directory=str(workdir / "reports"))
        yield run_master_pod(NAME, workdir, target_url, reports, secrets()), dav


@pytest.fixture(scope="module")
def passing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PodRun, Path]]:
    workdir = tmp_path_factory.mktemp("passing")
    with TargetServer() as target:
        yield from stored_run(workdir, target.url)


@pytest.fixture(scope="module")
def failing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PodRun, Path]]:
    """Every request fails (nothing listens at the target): Locust exits 1 (``--exit-code-on-error``)."""
    yield from stored_run(tmp_path_factory.mktemp("failing"), closed_port_url())


def upload_line(run: PodRun) -> dict[str, Any]:
    lines = run.upload_lines()
    assert len(lines) == 1, run.logs[UPLOAD_CONTAINER]
    return lines[0]


def report_run(run: PodRun) -> str:
    """The run hash the manifest gave the upload container."""
    (job,) = [m for m in run.manifests if m["kind"] == "Job" and "master" in m["metadata"]["name"]]
    (upload,) = [c for c in job["spec"]["template"]["spec"]["containers"] if c["name"] == UPLOAD_CONTAINER]
    return next(e["value"] for e in upload["env"] if e["name"] == "REPORTS_RUN")


def stored_directory(run: PodRun, root: Path, prefix: str) -> Path:
    """The one ``<start>`` directory under ``root/<prefix>/<test>/<run>/``, checked against the clock."""
    run_dir = root / prefix / NAME / report_run(run)
    (stamp_dir,) = list(run_dir.iterdir())
    assert STAMP.fullmatch(stamp_dir.name), stamp_dir.name
    start = datetime.strptime(stamp_dir.name, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp()
    assert run.started - 1 <= start <= run.ended[f"{NAME}-master"], (run.started, start)
    return stamp_dir


def assert_copied(run: PodRun, stored: Path, workdir: Path) -> None:
    assert {path.name for path in stored.iterdir()} == FILES
    for name in FILES:
        assert (stored / name).read_bytes() == (workdir / "reports" / "run" / name).read_bytes(), name


def totals(stored: Path) -> tuple[int, int]:
    """Requests and failures of the whole run: from stats.json, checked against the CSV's Aggregated row."""
    entries = json.loads((stored / "stats.json").read_text())
    requests = sum(entry["num_requests"] for entry in entries)
    failures = sum(entry["num_failures"] for entry in entries)
    with (stored / "locust_stats.csv").open() as file:
        (aggregated,) = [row for row in csv.DictReader(file) if row["Name"] == "Aggregated"]
    assert (int(aggregated["Request Count"]), int(aggregated["Failure Count"])) == (requests, failures)
    return requests, failures


def test_a_passing_run_is_copied_under_the_documented_names(passing: tuple[PodRun, Path]) -> None:
    run, dav = passing
    assert run.codes == {f"{NAME}-master": 0, UPLOAD_CONTAINER: 0}, run.logs
    stored = stored_directory(run, dav, PATH)
    assert_copied(run, stored, dav.parent)
    requests, failures = totals(stored)
    assert requests > 0
    assert failures == 0
    assert "<html" in (stored / "report.html").read_text().lower()


def test_a_passing_run_prints_one_ok_upload_line(passing: tuple[PodRun, Path]) -> None:
    run, dav = passing
    line = upload_line(run)
    stamp = stored_directory(run, dav, PATH).name
    assert line == {
        "kind": "constructs-locust/upload",
        "version": 1,
        "status": "ok",
        "destination": f"reports:{PATH}/{NAME}/{report_run(run)}/{stamp}",
        "exit_code": 0,
        "seconds": line["seconds"],
    }
    assert 0 <= line["seconds"] < 60


def test_a_failing_run_is_copied_too_and_its_master_fails(failing: tuple[PodRun, Path]) -> None:
    run, dav = failing
    assert run.codes == {f"{NAME}-master": 1, UPLOAD_CONTAINER: 0}, run.logs
    stored = stored_directory(run, dav, PATH)
    assert_copied(run, stored, dav.parent)
    requests, failures = totals(stored)
    assert requests == failures > 0
    with (stored / "locust_failures.csv").open() as file:
        assert list(csv.DictReader(file))
    assert upload_line(run)["status"] == "ok"


def test_the_upload_waits_for_the_master_to_exit(passing: tuple[PodRun, Path]) -> None:
    run, _ = passing
    assert run.ended[UPLOAD_CONTAINER] >= run.ended[f"{NAME}-master"]
    assert "the master has exited" in run.logs[UPLOAD_CONTAINER]


@pytest.fixture(scope="module")
def hanging(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PodRun]:
    """The storage accepts connections and never answers; the upload is bounded at 5 s."""
    workdir = tmp_path_factory.mktemp("hanging")
    with TargetServer() as target, black_hole() as url:
        reports = Reports(
            storage=webdav_storage(url), path=PATH, upload_timeout=HANG_TIMEOUT, directory=str(workdir / "reports")
        )
        yield run_master_pod(NAME, workdir, target.url, reports, secrets())


def test_a_hanging_upload_ends_within_its_bound_and_fails_the_pod(hanging: PodRun) -> None:
    bound = HANG_TIMEOUT.total_seconds()
    assert hanging.codes[f"{NAME}-master"] == 0
    assert hanging.codes[UPLOAD_CONTAINER] == 124, hanging.logs[UPLOAD_CONTAINER]
    line = upload_line(hanging)
    assert (line["status"], line["exit_code"]) == ("timeout", 124)
    assert bound <= line["seconds"] <= bound + 1
    after_master = hanging.ended[UPLOAD_CONTAINER] - hanging.ended[f"{NAME}-master"]
    assert after_master <= bound + POLL_SLACK, after_master


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PodRun]:
    """Nothing listens where the storage should be."""
    workdir = tmp_path_factory.mktemp("refused")
    with TargetServer() as target:
        reports = Reports(storage=webdav_storage(closed_port_url()), path=PATH, directory=str(workdir / "reports"))
        yield run_master_pod(NAME, workdir, target.url, reports, secrets())


def test_a_refused_upload_fails_the_pod_at_once(refused: PodRun) -> None:
    code = refused.codes[UPLOAD_CONTAINER]
    assert code not in (0, 124), refused.logs[UPLOAD_CONTAINER]
    line = upload_line(refused)
    assert (line["status"], line["exit_code"]) == ("failed", code)
    assert refused.ended[UPLOAD_CONTAINER] - refused.ended[f"{NAME}-master"] <= POLL_SLACK + 2


@pytest.fixture(scope="module")
def claim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PodRun, Path]]:
    """A PersistentVolumeClaim (a directory here), with ``rerun_on_change``: the run is the names' hash."""
    workdir = tmp_path_factory.mktemp("claim")
    reports = Reports(volume_claim="load-reports", path="runs", directory=str(workdir / "reports"))
    with TargetServer() as target:
        yield run_master_pod(NAME, workdir, target.url, reports, {}, rerun_on_change=True), workdir


def test_a_claim_gets_the_same_files_under_the_run_hash_of_the_names(claim: tuple[PodRun, Path]) -> None:
    run, workdir = claim
    assert run.codes == {f"{NAME}-master": 0, UPLOAD_CONTAINER: 0}, run.logs  # container names stay
    (job,) = [m for m in run.manifests if m["kind"] == "Job" and "master" in m["metadata"]["name"]]
    assert job["metadata"]["labels"]["performance-test-run"] == report_run(run)
    volume = workdir / "reports" / "volume"
    stored = stored_directory_of(run, volume)
    assert {path.name for path in stored.iterdir()} == FILES
    line = upload_line(run)
    assert (line["status"], line["destination"]) == ("ok", str(stored))


def stored_directory_of(run: PodRun, volume: Path) -> Path:
    run_dir = volume / "runs" / NAME / report_run(run)
    (stamp_dir,) = list(run_dir.iterdir())
    assert STAMP.fullmatch(stamp_dir.name)
    return stamp_dir

"""The upload script under BusyBox, the shell and applets of the Alpine-based ``rclone/rclone`` image.

The real-Locust runs (``test_reports_e2e.py``) use this machine's dash and GNU coreutils; the
image's ``/bin/sh`` is BusyBox ash, and its ``timeout`` may be BusyBox's (exit code 143 where
GNU's is 124). Here the script runs as ``busybox sh -c`` with only BusyBox applets and rclone on
its ``PATH``, beside a stand-in master: a Python process with the argument ``--master`` that
writes a report and exits, in one PID namespace (the model of Locust is named so: the real one
is in the other file). The env is the rendered upload container's.
"""

import json
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from constructs_locust import LocustTestSpec, ObjectStorage, Reports
from constructs_locust.manifests._upload_script import UPLOAD_SCRIPT
from tests.support import minimal_cr_spec

from .reports_pod import LAUNCHER, UPLOAD_CONTAINER, black_hole, container_env, container_of, job_of, synthesize

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("busybox", "rclone", "unshare")),
        reason="needs busybox, rclone and unshare (apt-get install busybox rclone)",
    ),
]

APPLETS = ("tr", "date", "sleep", "timeout", "cat")
STAND_IN_MASTER = (
    "import pathlib, sys, time; time.sleep(1.5); "
    "pathlib.Path(sys.argv[1], 'report.html').write_text('<html>stand-in</html>'); time.sleep(0.5)"
)
"""Not Locust: a process with ``--master`` in its arguments that writes a file, then exits."""


def busybox_path(directory: Path) -> str:
    """A ``PATH`` of BusyBox applets and rclone only, as in the image."""
    directory.mkdir()
    for applet in APPLETS:
        (directory / applet).symlink_to(shutil.which("busybox") or "busybox")
    (directory / "rclone").symlink_to(shutil.which("rclone") or "rclone")
    return str(directory)


def run_pod(tmp_path: Path, reports: Reports) -> tuple[dict[str, Any], str]:
    """The stand-in master and the rendered upload container under BusyBox, in one PID namespace."""
    manifests = synthesize(LocustTestSpec.from_cr(minimal_cr_spec()), "shop", reports)
    upload = container_of(job_of(manifests, "shop-master"), UPLOAD_CONTAINER)
    assert upload["command"] == ["/bin/sh", "-c", UPLOAD_SCRIPT]
    run_dir = Path(reports.directory) / "run"
    run_dir.mkdir(parents=True)
    (Path(reports.directory) / "volume").mkdir()
    env = {"PATH": busybox_path(tmp_path / "bin"), "HOME": str(tmp_path), **container_env(upload, {})}
    plan = {
        "containers": [
            {
                "name": "master",
                "argv": [sys.executable, "-c", STAND_IN_MASTER, str(run_dir), "--master"],
                "env": {"PATH": os.environ.get("PATH", "")},
                "cwd": str(tmp_path),
                "log": str(tmp_path / "master.log"),
            },
            {
                "name": UPLOAD_CONTAINER,
                "argv": [shutil.which("busybox") or "busybox", "sh", "-c", UPLOAD_SCRIPT],
                "env": env,
                "cwd": str(tmp_path),
                "log": str(tmp_path / "upload.log"),
            },
        ],
        "result": str(tmp_path / "result.json"),
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    command = ["unshare", "--pid", "--fork", "--mount-proc", sys.executable, str(LAUNCHER), str(tmp_path / "plan.json")]
    subprocess.run(command, timeout=90, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    outcome = json.loads((tmp_path / "result.json").read_text())
    log = (tmp_path / "upload.log").read_text()
    return outcome, log


def last_line(log: str) -> dict[str, Any]:
    line = json.loads(log.strip().splitlines()[-1])
    assert line["kind"] == "constructs-locust/upload"
    return dict(line)


def test_busybox_waits_for_the_master_and_copies_to_the_claim(tmp_path: Path) -> None:
    reports = Reports(volume_claim="keep", path="runs", directory=str(tmp_path / "reports"))
    outcome, log = run_pod(tmp_path, reports)
    assert outcome[UPLOAD_CONTAINER]["code"] == 0, log
    assert outcome[UPLOAD_CONTAINER]["ended"] >= outcome["master"]["ended"]
    line = last_line(log)
    assert line["status"] == "ok"
    (copied,) = (tmp_path / "reports" / "volume" / "runs" / "shop").glob("*/*/report.html")
    assert copied.read_text() == "<html>stand-in</html>"
    assert line["destination"] == str(copied.parent)


def test_busybox_timeout_is_reported_as_timeout_whatever_its_exit_code(tmp_path: Path) -> None:
    with black_hole() as url:
        storage = ObjectStorage(type="webdav", options={"url": url})
        reports = Reports(storage=storage, upload_timeout=timedelta(seconds=3), directory=str(tmp_path / "reports"))
        outcome, log = run_pod(tmp_path, reports)
    code = outcome[UPLOAD_CONTAINER]["code"]
    assert code == 143, log  # BusyBox's timeout: killed by SIGTERM (GNU's says 124)
    line = last_line(log)
    assert (line["status"], line["exit_code"]) == ("timeout", 143)
    assert outcome[UPLOAD_CONTAINER]["ended"] - outcome["master"]["ended"] <= 3 + 3

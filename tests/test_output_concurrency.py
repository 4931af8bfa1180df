"""Real processes writing one output folder: at the same time, and killed at random moments.

- 300 ``render -o SAMEDIR`` runs at once (forked from this process once the command line is
  imported: 300 fresh interpreters would cost minutes of CPU) all succeed, and whenever no run
  is writing (this test takes DIR's lock, the one runs take turns on), DIR holds exactly one
  run's complete set of files. ``OUTPUT_RUNS`` sets the number of runs.
- A child writing hundreds of files in a loop, SIGKILLed (or SIGTERMed, then SIGKILLed 50 ms
  later) at random moments: once recovered, no file is lost and DIR holds one run's complete set.
"""

import fcntl
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
import traceback
from pathlib import Path

import pytest

from constructs_locust import cli
from constructs_locust.cli._atomic_output import STAGING_PREFIX, recover

REPO = Path(__file__).parent.parent
RUNS = int(os.environ.get("OUTPUT_RUNS", "300"))

CR = """\
apiVersion: locust.io/v2
kind: LocustTest
metadata:
  name: {name}
spec:
  image: locustio/locust:run-{run}
  master:
    command: --locustfile /lotest/src/main.py --run-time 5m
  worker:
    command: --locustfile /lotest/src/main.py
    replicas: 2
"""
NAMES = ("alpha", "beta", "gamma")


def write_crs(folder: Path, run: int) -> Path:
    """The CR file of run ``run``: three tests whose image tag names the run."""
    path = folder / f"run-{run}.yaml"
    path.write_text("---\n".join(CR.format(name=name, run=run) for name in NAMES))
    return path


def run_in_child(argv: list[str], err: Path, go: tuple[int, int]) -> int:
    """Fork a child that waits for the pipe ``go`` to close, runs the command line, and exits with its status."""
    pid = os.fork()
    if pid:
        return pid
    status = 99
    try:
        os.close(go[1])
        with open(err, "w") as stream:
            sys.stdout = sys.stderr = stream
            os.read(go[0], 1)  # returns when the parent closes its end: every child starts at once
            status = cli.main(argv)
            stream.flush()
    except BaseException:
        with open(err, "a") as stream:
            traceback.print_exc(file=stream)
    finally:
        os._exit(status)


def runs_in_folder(out: Path) -> set[str]:
    """The run whose files ``out`` holds, per file (one element when the set is one run's); checks each is whole."""
    runs = set()
    for name in NAMES:
        text = (out / f"{name}.yaml").read_text()
        tags = set(re.findall(r"locustio/locust:run-(\d+)", text))
        assert len(tags) == 1, f"{name}.yaml mixes runs {tags}"
        assert text == EXPECTED[name].replace("run-0", f"run-{next(iter(tags))}"), f"{name}.yaml is not whole"
        runs |= tags
    return runs


EXPECTED: dict[str, str] = {}


def test_hundreds_of_concurrent_renders_into_one_folder_take_turns(tmp_path: Path) -> None:
    """``OUTPUT_RUNS`` (300) runs of ``render -o SAMEDIR``: all exit 0 with nothing on stderr, DIR always one run's."""
    out = tmp_path / "out"
    assert cli.main(["render", str(write_crs(tmp_path, 0)), "-o", str(out)]) == 0
    EXPECTED.update({name: (out / f"{name}.yaml").read_text() for name in NAMES})
    (out / "notes.txt").write_text("not ours\n")
    crs = [write_crs(tmp_path, run) for run in range(1, RUNS + 1)]
    go_read, go_write = os.pipe()
    children = {}
    for run, cr in enumerate(crs, start=1):
        children[run_in_child(["render", str(cr), "-o", str(out)], tmp_path / f"err-{run}", (go_read, go_write))] = run
    os.close(go_read)
    os.close(go_write)
    statuses: dict[int, int] = {}
    seen: set[str] = set()
    deadline = time.monotonic() + 240
    while children and time.monotonic() < deadline:
        lock = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)  # no run is writing now
            assert not [name for name in os.listdir(out) if name.startswith(STAGING_PREFIX)]
            assert sorted(os.listdir(out)) == sorted([*(f"{name}.yaml" for name in NAMES), "notes.txt"])
            runs = runs_in_folder(out)
            assert len(runs) == 1, f"files of runs {runs} at once"
            seen |= runs
        finally:
            os.close(lock)
        time.sleep(0.05)
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            statuses[children.pop(pid)] = os.waitstatus_to_exitcode(status)
    for pid in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert not children, f"{len(children)} runs were still running after 240 s"
    errors = {run: (tmp_path / f"err-{run}").read_text() for run in statuses}
    assert {run: (code, errors[run]) for run, code in statuses.items() if code or errors[run]} == {}
    assert len(statuses) == RUNS
    final = runs_in_folder(out)
    assert len(final) == 1 and len(seen) > 1
    assert (out / "notes.txt").read_text() == "not ours\n"


_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from constructs_locust.cli._atomic_output import recover, write_files

    out, count = Path(sys.argv[1]), int(sys.argv[2])
    recover(out)  # the files of the last complete run, before reading its number
    run = int((out / "f000.yaml").read_text().split()[1]) if (out / "f000.yaml").exists() else 0
    print("ready", flush=True)
    while True:
        run += 1
        files = {f"f{index:03}.yaml": f"run {run} file {index}\\n" for index in range(count)}
        files[f"extra-{run}.yaml"] = f"added by run {run}\\n"
        write_files(out, files)
    """
)


def check_one_complete_run(out: Path, count: int) -> int:
    """Every ``fNNN.yaml`` of one run R, every ``extra-N.yaml`` up to R and none after: return R."""
    names = set(os.listdir(out))
    assert not [name for name in names if name.startswith(STAGING_PREFIX)]
    missing = {f"f{index:03}.yaml" for index in range(count)} - names
    assert not missing, f"{len(missing)} files lost"
    runs = {(out / f"f{index:03}.yaml").read_text().split()[1] for index in range(count)}
    assert len(runs) == 1, f"files of runs {sorted(runs)} at once"
    run = int(runs.pop())
    for index in range(count):
        assert (out / f"f{index:03}.yaml").read_text() == f"run {run} file {index}\n"
    extras = {int(name[len("extra-") : -len(".yaml")]) for name in names if name.startswith("extra-")}
    assert extras == set(range(1, run + 1)), f"run {run} with the files added by runs {sorted(extras)}"
    assert (out / "notes.txt").read_text() == "not ours\n"
    return run


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM then SIGKILL 50 ms later"])
def test_a_writer_killed_at_random_moments_loses_no_file(tmp_path: Path, how: str) -> None:
    """Ten kills of a child rewriting 300 files (plus one it adds per run) in a loop, at random moments.

    Every other time this test recovers the folder itself and checks it; in between, the next
    child's first run recovers it (and may be killed while it does).
    """
    count = 300
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("not ours\n")
    for index in range(count):  # run 0, with nothing added
        (out / f"f{index:03}.yaml").write_text(f"run 0 file {index}\n")
    chance = random.Random(20)
    runs = []
    for kill in range(10):
        child = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(out), str(count)],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        time.sleep(chance.uniform(0.0, 1.5))
        if how != "SIGKILL":
            child.send_signal(signal.SIGTERM)
            time.sleep(0.05)
        child.kill()
        child.wait(timeout=60)
        child.stdout.close()
        if kill % 2:
            recover(out)
            runs.append(check_one_complete_run(out, count))
    recover(out)
    runs.append(check_one_complete_run(out, count))
    assert runs[-1] > 0, "no run ever completed: kills came too early to test anything"


def test_sigterm_while_waiting_for_another_run_ends_the_run_and_changes_nothing(tmp_path: Path) -> None:
    """A run that waits for DIR's lock (held here) ends on SIGTERM at once: one line, exit 143, DIR as it was."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "crd.yaml").write_text("old\n")
    lock = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        child = subprocess.Popen(
            [sys.executable, "-m", "constructs_locust", "crd", "-o", str(out / "crd.yaml")],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while not waits_on(child.pid, out) and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
        assert waits_on(child.pid, out), child.communicate()
        time.sleep(0.2)  # in flock by now
        child.send_signal(signal.SIGTERM)
        stdout, stderr = child.communicate(timeout=60)
    finally:
        os.close(lock)
    assert (child.returncode, stdout, stderr.decode()) == (
        128 + signal.SIGTERM,
        b"",
        f"{out / 'crd.yaml'}: -: interrupted by SIGTERM: {out / 'crd.yaml'} was left as it was\n",
    )
    assert os.listdir(out) == ["crd.yaml"]
    assert (out / "crd.yaml").read_text() == "old\n"


def waits_on(pid: int, directory: Path) -> bool:
    """Whether process ``pid`` has ``directory`` open (Linux ``/proc``): it is about to lock it."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(directory) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False

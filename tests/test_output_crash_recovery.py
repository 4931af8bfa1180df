"""A run of ``write_files`` killed at every step of its protocol is recovered to the old or the new files.

In process, the module's ``os`` is replaced by :class:`Steps`, which counts every call the
module makes to the file system; at the chosen step it "kills" the run: that call and every
later one raise :class:`Killed` (a ``BaseException``) without doing anything, and the run's
open descriptors (its locks) are closed, as a killed process's are. So no clean-up, roll back
or ``finally`` of the run can touch the directory after the kill, exactly as after SIGKILL.
Each test enumerates EVERY step, from 0 to the number of calls of a complete run, for a
scenario with files replaced (one with its own permission bits), a file added and files left
alone, with hard links and as on a file system without them.

``fsync`` calls are counted (a kill lands before or after them) but not made, and ``syncfs``
is skipped: durability against power cuts cannot be tested in process, and they would make
thousands of runs slow.
"""

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from constructs_locust.cli import _atomic_output as atomic_output
from constructs_locust.cli import _output_fs, _output_recovery
from constructs_locust.cli._atomic_output import STAGING_PREFIX, OutputError, recover, write_files

NEW = {"a.yaml": "new a\n", "b.yaml": "new b\n", "c.yaml": "new c\n"}
"""Replaces a.yaml (mode 0640) and c.yaml, adds b.yaml; notes.txt and d.yaml are left alone."""
NEXT = {"a.yaml": "next a\n", "e.yaml": "next e\n"}
"""The run after: replaces a.yaml, adds e.yaml, leaves the rest as the recovered state has it."""

Snapshot = dict[str, tuple[Any, ...]]


PROTOCOL_MODULES = (atomic_output, _output_fs, _output_recovery)
"""The modules of the output protocol: each one's ``os`` is replaced, so every file-system call is a step."""


def test_every_module_of_the_protocol_has_its_os_replaced() -> None:
    """A module of cli/ that joins the protocol (it imports the output modules and ``os``) must be listed above."""
    package = Path(atomic_output.__file__).parent
    protocol = {
        path.stem
        for path in package.glob("_*.py")
        if "import os" in (text := path.read_text()) and ("_output_fs" in text or path.stem == "_output_fs")
    }
    assert protocol == {module.__name__.rpartition(".")[2] for module in PROTOCOL_MODULES}


class Killed(BaseException):
    """The process died at this step: nothing after it runs (not an ``Exception``: no handler takes it)."""


class Steps:
    """Stands in for :mod:`os` in :mod:`constructs_locust.cli._atomic_output`: counts its file-system calls.

    At step ``kill_at`` (0 is the first call) the run dies; at ``fail_at`` that one call fails
    with EIO and the run goes on. ``calls`` lists the names and first arguments of the calls made.
    """

    FILE_SYSTEM = frozenset(
        {
            "chmod",
            "close",
            "fstat",
            "fsync",
            "link",
            "listdir",
            "lstat",
            "mkdir",
            "open",
            "read",
            "rename",
            "replace",
            "rmdir",
            "scandir",
            "stat",
            "unlink",
            "write",
        }
    )

    def __init__(self, *, kill_at: int | None = None, fail_at: int | None = None, hard_links: bool = True) -> None:
        self.kill_at = kill_at
        self.fail_at = fail_at
        self.hard_links = hard_links
        self.calls: list[tuple[str, str]] = []
        self.dead = False
        self.descriptors: set[int] = set()

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        if name not in self.FILE_SYSTEM:
            return real

        def step(*args: Any, **kwargs: Any) -> Any:
            number = len(self.calls)
            self.calls.append((name, str(args[0]) if args else ""))
            if self.dead or number == self.kill_at:
                self.dead = True
                self.release()
                raise Killed(number)
            if number == self.fail_at:
                raise OSError(errno.EIO, "Input/output error", str(args[0]) if args else None)
            if name == "fsync":
                return None
            if name == "link" and not self.hard_links:
                raise OSError(errno.EPERM, "Operation not permitted")
            result = real(*args, **kwargs)
            if name == "open":
                self.descriptors.add(result)
            elif name == "close":
                self.descriptors.discard(args[0])
            return result

        return step

    def release(self) -> None:
        """Close what the run left open: a killed process's descriptors (its locks) go with it."""
        for descriptor in self.descriptors:
            os.close(descriptor)
        self.descriptors.clear()


def snapshot(directory: Path) -> Snapshot:
    """Every entry under ``directory``, hidden ones included: type, permission bits, bytes or link target."""
    result: Snapshot = {}
    for path in sorted(directory.rglob("*")):
        info = path.lstat()
        key = str(path.relative_to(directory))
        if stat.S_ISLNK(info.st_mode):
            result[key] = ("link", os.readlink(path))
        elif stat.S_ISDIR(info.st_mode):
            result[key] = ("dir",)
        else:
            result[key] = ("file", stat.S_IMODE(info.st_mode), path.read_bytes())
    return result


def old_files(directory: Path) -> Path:
    """A fresh output folder: a.yaml (0640), c.yaml, d.yaml (a symbolic link) and notes.txt."""
    directory.mkdir(parents=True)
    (directory / "a.yaml").write_text("old a\n")
    (directory / "a.yaml").chmod(0o640)
    (directory / "c.yaml").write_text("old c\n")
    (directory / "d.yaml").symlink_to("notes.txt")
    (directory / "notes.txt").write_text("not ours\n")
    return directory


class Scenario:
    """Runs under :class:`Steps` in fresh folders, and the states a run may end in."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        self.hard_links = hard_links
        self.count = 0
        monkeypatch.setattr(atomic_output, "_sync_file_system", lambda descriptor: True, raising=False)
        self.old = snapshot(old_files(self.fresh_path()))
        complete = self.run(write_files, self.fresh(), NEW)
        self.total = len(complete.calls)
        self.calls = complete.calls
        renames = [
            n for n, (name, path) in enumerate(complete.calls) if (name, Path(path).name) == ("replace", "journal.json")
        ]
        self.commit = renames[0] if renames else -1
        """The step that renames journal.json to committed.json (-1: none, as in a protocol without a commit)."""
        self.new = snapshot(self.last)
        self.after = {"old": self.next_of(self.old), "new": self.next_of(self.new)}

    def fresh_path(self) -> Path:
        self.count += 1
        return self.root / f"run{self.count}"

    def fresh(self) -> Path:
        self.last = old_files(self.fresh_path())
        return self.last

    def run(
        self, action: Callable[..., None], *args: Any, kill_at: int | None = None, fail_at: int | None = None
    ) -> Steps:
        """``action(*args)`` with :class:`Steps` as the module's ``os``; a kill or an OutputError ends it quietly."""
        steps = Steps(kill_at=kill_at, fail_at=fail_at, hard_links=self.hard_links)
        with self.monkeypatch.context() as patch:
            for module in PROTOCOL_MODULES:
                patch.setattr(module, "os", steps)
            try:
                action(*args)
            except (Killed, OutputError):
                pass
            finally:
                steps.release()
        return steps

    def next_of(self, state: Snapshot) -> Snapshot:
        """The folder once the run after writes :data:`NEXT` over ``state``."""
        result = dict(state)
        result["a.yaml"] = ("file", 0o640, b"next a\n")
        result["e.yaml"] = ("file", self.new["b.yaml"][1], b"next e\n")
        return result

    def distinct_kills(self) -> list[int]:
        """The steps of a complete run where a kill leaves a state of its own: 0, and those after a change.

        A kill before a call that only reads (``lstat``, ``close``...) leaves what a kill after it leaves.
        """
        reads = {"close", "fstat", "fsync", "lstat", "read", "scandir", "stat", "listdir"}
        return [0] + [step + 1 for step, (name, _path) in enumerate(self.calls) if name not in reads]

    def expected(self, killed_at: int) -> str:
        """Killed before the commit step (the rename of journal.json), the old files; after it, the new."""
        return "old" if killed_at <= self.commit else "new"

    def state(self, name: str) -> Snapshot:
        return self.old if name == "old" else self.new


@pytest.fixture(params=["hard links", "no hard links"])
def scenario(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Scenario]:
    """A :class:`Scenario`, in memory (``/dev/shm``) where there is one: it makes thousands of runs."""
    memory = Path("/dev/shm")
    if not (memory.is_dir() and os.access(memory, os.W_OK)):
        yield Scenario(tmp_path, monkeypatch, hard_links=request.param == "hard links")
        return
    with tempfile.TemporaryDirectory(dir=memory) as root:
        yield Scenario(Path(root), monkeypatch, hard_links=request.param == "hard links")


def recovered(scenario: Scenario, directory: Path) -> Snapshot:
    scenario.run(recover, directory)
    assert not [name for name in os.listdir(directory) if name.startswith(STAGING_PREFIX)]
    return snapshot(directory)


def test_a_kill_at_every_step_of_a_run_is_recovered_to_the_old_or_the_new_files(scenario: Scenario) -> None:
    """Enumerates every step N of a run: killed at N, ``recover`` gives the old files up to the commit, then the new.

    And the next ``write_files`` into the killed run's folder (recovering it first) writes its files
    over exactly that state.
    """
    assert scenario.new != scenario.old
    outcomes = []
    for step in range(scenario.total + 1):
        directory = scenario.fresh()
        killed = scenario.run(write_files, directory, NEW, kill_at=step)
        assert killed.dead == (step < scenario.total)
        state = recovered(scenario, directory)
        assert state in (scenario.old, scenario.new), f"killed at step {step}: {killed.calls[-1]}"
        outcome = "old" if state == scenario.old else "new"
        outcomes.append(outcome)
        directory = scenario.fresh()
        scenario.run(write_files, directory, NEW, kill_at=step)
        complete = scenario.run(write_files, directory, NEXT)
        assert not complete.dead
        assert snapshot(directory) == scenario.after[outcome], f"killed at step {step}, then a run"
    assert scenario.total > 40
    assert outcomes == [scenario.expected(step) for step in range(scenario.total + 1)]  # new from the commit on
    assert outcomes.count("old") > 20 and outcomes.count("new") > 5


def test_a_kill_at_every_step_of_recovery_is_recovered_by_the_next_one(scenario: Scenario) -> None:
    """Enumerates every state a kill can leave (at every step N after a call that changes something) and,
    from each, a kill at every step M of the recovery that follows.

    Killed at N then at M, a further ``recover`` gives the same files as an undisturbed one.
    """
    recoveries = 0
    for step in scenario.distinct_kills():
        outcome = scenario.state(scenario.expected(step))
        for recovery_step in range(1000):
            directory = scenario.fresh()
            scenario.run(write_files, directory, NEW, kill_at=step)
            second = scenario.run(recover, directory, kill_at=recovery_step)
            assert recovered(scenario, directory) == outcome, f"killed at step {step}, then at {recovery_step}"
            recoveries += 1
            if not second.dead:
                break
    assert recoveries > scenario.total * 2


def test_a_failure_at_every_step_then_a_kill_at_every_later_step_is_recovered(scenario: Scenario) -> None:
    """Enumerates every step F that fails (EIO) and every later step K where the run, undoing, is killed.

    A failure before the commit leaves the old files once recovered (or at once, if the run
    could undo it), a failure after it the new ones; a kill during the roll back changes nothing
    to that.
    """
    for failing in range(scenario.total):
        outcome = scenario.state("old" if failing <= scenario.commit else "new")
        directory = scenario.fresh()
        failed = scenario.run(write_files, directory, NEW, fail_at=failing)
        assert recovered(scenario, directory) == outcome, f"step {failing} failed"
        for kill in range(failing + 1, len(failed.calls)):
            directory = scenario.fresh()
            scenario.run(write_files, directory, NEW, fail_at=failing, kill_at=kill)
            assert recovered(scenario, directory) == outcome, f"step {failing} failed, killed at {kill}"

"""Writing a set of files into a directory all or nothing, whatever fails, whatever kills the run, and when.

:func:`write_files` follows a write-ahead protocol; each step is a file-system call or a few,
and a process killed between any two of them (SIGKILL, or a crash) leaves a state that the
next run into the directory turns into the complete old or the complete new set of files:

1. **Lock** DIR itself (``flock`` on the directory: no lock file is added). Runs into one DIR
   wait here for each other; SIGINT or SIGTERM while waiting ends the run, nothing changed.
2. **Recover** what killed runs left (below), under the lock, before anything else.
3. **Stage**: make a staging folder ``DIR/.constructs-locust-*.tmp`` (inside DIR: same file
   system, no cross-device moves, a writable DIR under a read-only parent works), write every
   file as ``N.new`` there with the permission bits of the file it replaces.
4. **Journal**: write ``journal.json`` (the names, and whether each file existed), then rename
   it into place. Its presence means "a swap may be under way": nothing moves before it.
5. **Swap**, one file at a time: keep the current file as ``N.old`` (a hard link, or a rename
   where the file system has no hard links), then rename ``N.new`` over it. SIGINT and SIGTERM
   are held off and honoured between two moves.
6. **Commit**: rename ``journal.json`` to ``committed.json``: from here on the new set stands.
7. **Clean up**: remove the staging folder's files, the phase file last, then the folder.

If a step before the commit fails or a signal arrives, the moves are undone from the journal,
``journal.json`` is renamed to ``rolled-back.json`` and the folder removed: DIR is as it was.

Recovery reads the phase from the staging folder: no journal (killed while staging: nothing
moved), ``journal.json`` (roll back), ``committed.json`` or ``rolled-back.json`` (finished:
only remove the folder). Rolling back is idempotent: a file that existed is restored from
``N.old`` if that is still there (else it is already back, or was never moved); a file that did
not exist is removed only if its ``N.new`` is gone, which happens only when it was moved in. So
a run killed while it recovers, rolls back or cleans up is recovered again by the next one. A
staging folder locked by a live process (another version of this program) is left alone.

Durability, against a power cut and not only a killed process: before the journal is renamed
into place, the new files and the journal are flushed to disk (from :data:`_SYNCFS_FROM` files
on with one ``syncfs`` of DIR's file system, below that with an ``fsync`` each), then the
staging folder is ``fsync``-ed; DIR is ``fsync``-ed after the swap (before the commit) and after
a roll back, and the staging folder after the commit (before the old files are removed). So a
run costs at most 16 ``fsync`` calls or one ``syncfs``, plus three, whatever the number of
files; an ``fsync`` per file of a large set would cost as much again as writing the files.
Measured on ext4 on a busy two-core VM: flushing costs 60-90 ms per run of 1,000 files of
4.4 KB (writing them takes 1-4 s there) and 20-40 ms per run of 3 files; an ``fsync`` per
file added 3.5 s to the 1,000. ``render -o`` of 1,000 tests: 4.4-8.0 s, against 5.4-8.4 s
before any flushing (three runs each on a loaded machine: the difference is within the noise).
"""

import contextlib
import json
import os
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ._output_fs import (
    Interrupted,
    OutputError,
    _check,
    _deferred_signals,
    _fsync_directory,
    _fsync_path,
    _keep_old,
    _lock,
    _make_directories,
    _reason,
    _remove_directories,
    _Signals,
    _sync_file_system,
    _unlock,
    _write_new,
)
from ._output_recovery import (
    _COMMITTED,
    _JOURNAL,
    _ROLLED_BACK,
    STAGING_PREFIX,
    STAGING_SUFFIX,
    _recover_or_fail,
    _remove_staging,
    _undo,
    recover,
)

__all__ = [
    "STAGING_PREFIX",
    "STAGING_SUFFIX",
    "Interrupted",
    "OutputError",
    "as_typed",
    "recover",
    "write_files",
]


_SYNCFS_FROM = 16
"""From this many files on, one ``syncfs`` flushes them (it costs 15-35 ms on a busy disk, an ``fsync`` 1-10 ms)."""


_LOCK_ATTEMPTS = 20
"""How often a run takes DIR's lock again when DIR was removed (by a failed run) while it waited."""


_between_moves: Callable[[Path], None] | None = None
"""Test hook: called with the target after each file is moved into place."""


def write_files(directory: Path, files: Mapping[str, str]) -> None:
    """Write ``files`` (name -> UTF-8 text) into ``directory``, all of them or none.

    ``directory`` and its missing parents are created (and removed again if the run fails).
    An existing file of the same name is replaced (a symbolic link is replaced by the file, its
    target is never written) and keeps its permission bits; other entries are left alone.
    Runs into one directory take turns. Raises :class:`OutputError` (nothing changed),
    :class:`Interrupted` (rolled back, or ``completed`` when the signal came after the last
    move) or ``UnicodeEncodeError``.
    """
    directory = Path(os.path.abspath(directory))
    payload = {name: text.encode("utf-8") for name, text in files.items()}
    with _deferred_signals() as signals:
        created: list[Path] = []
        try:
            lock = _lock_directory(directory, created, signals)
        except BaseException:
            _remove_directories(created)
            raise
        try:
            _recover_or_fail(directory)
            _write_and_swap(directory, payload, signals.pending)
        except BaseException:
            _remove_directories(created)  # while DIR is locked: a run waiting for it sees it go and makes it again
            raise
        finally:
            _unlock(lock)
        if signals.pending:
            raise Interrupted(signals.pending[0], completed=True)


def as_typed(path: str, typed: Path | str) -> str:
    """``path`` (absolute, as :class:`OutputError` names it) in the form the user typed ``typed``.

    ``typed`` itself, one of its parents, or a path inside it is shown relative to what was
    typed (``manifests``, ``manifests/a.yaml``, ``out`` for ``out/sub``); any other path as is.
    """
    typed = str(typed)
    absolute = os.path.abspath(typed)
    if path == absolute:
        return typed
    if path.startswith(absolute.rstrip("/") + "/"):
        return os.path.join(typed, os.path.relpath(path, absolute))
    for parent in Path(typed).parents:
        if path == os.path.abspath(parent):
            return str(parent)
    return path


def _write_and_swap(directory: Path, payload: Mapping[str, bytes], pending: list[int]) -> None:
    """Steps 3 to 7 of the protocol, with DIR locked and recovered; undone if anything fails before the commit."""
    names = list(payload)
    try:
        modes = _plan(directory, names)
    except OSError as error:
        raise OutputError(error.filename or directory, _reason(error)) from error
    staging, lock = _staging_folder(directory)
    swap = _Swap(directory, staging, names, [mode is not None for mode in modes])
    try:
        try:
            _stage(staging, [payload[name] for name in names], modes, pending)
            swap.record(lock)
            _check(pending)
            swap.run(pending)
            swap.commit()
        except BaseException as error:
            swap.abandon(error)
            raise
        swap.finish()
    except OSError as error:
        raise OutputError(error.filename or directory, _reason(error)) from error
    finally:
        _unlock(lock)


def _plan(directory: Path, names: Sequence[str]) -> list[int | None]:
    """Per name, the permission bits its file keeps (-1: a symbolic link is replaced), or ``None`` if new.

    :class:`OutputError` if something other than a file or a symbolic link has the name.
    """
    modes: list[int | None] = []
    for name in names:
        target = directory / name
        info = _info(target)
        modes.append(None if info is None else _replaceable(target, info))
    return modes


def _info(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _replaceable(target: Path, info: os.stat_result) -> int:
    """The permission bits the new ``target`` gets (-1: the default); :class:`OutputError` if it cannot be replaced."""
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(target, "is a directory")
    if stat.S_ISLNK(info.st_mode):
        return -1
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(target, "not a regular file")
    return stat.S_IMODE(info.st_mode)


def _stage(staging: Path, contents: Sequence[bytes], modes: Sequence[int | None], pending: list[int]) -> None:
    """Write each new file as ``N.new`` with its mode (flushed to disk with the journal)."""
    for index, data in enumerate(contents):
        _check(pending)
        path = staging / f"{index}.new"
        _write_new(path, data)
        mode = modes[index]
        if mode is not None and mode >= 0:
            os.chmod(path, mode)


class _Swap:
    """The journaled moves of one run: record, run, commit, or abandon (undo), then finish (clean up)."""

    def __init__(self, directory: Path, staging: Path, names: list[str], existed: list[bool]) -> None:
        self.directory = directory
        self.staging = staging
        self.names = names
        self.existed = existed
        self.recorded = False
        self.committed = False

    def record(self, lock: int) -> None:
        """Step 4: the journal written, the new files and it flushed to disk, renamed, the staging folder flushed.

        From :data:`_SYNCFS_FROM` files on, one ``syncfs`` on ``lock`` (the staging folder's
        descriptor) flushes them all; fewer are flushed one by one.
        """
        part = self.staging / f"{_JOURNAL}.part"
        _write_new(part, json.dumps({"names": self.names, "existed": self.existed}).encode("utf-8"))
        if len(self.names) < _SYNCFS_FROM or not _sync_file_system(lock):
            for path in [*(self.staging / f"{index}.new" for index in range(len(self.names))), part]:
                _fsync_path(path, os.O_RDONLY)
        os.replace(part, self.staging / _JOURNAL)
        self.recorded = True
        _fsync_directory(self.staging)

    def run(self, pending: list[int]) -> None:
        """Step 5: move each file in, keeping the one it replaces; a signal is honoured between two moves."""
        for index, name in enumerate(self.names):
            _check(pending)
            target = self.directory / name
            try:
                self._move(index, target)
            except OSError as error:
                raise OutputError(target, _reason(error)) from error
            if _between_moves is not None:
                _between_moves(target)

    def _move(self, index: int, target: Path) -> None:
        info = _info(target)
        if info is not None:
            _replaceable(target, info)
        if (info is not None) != self.existed[index]:
            raise OutputError(target, "was created or removed by another program while writing")
        if info is not None:
            _keep_old(target, self.staging / f"{index}.old")
        os.replace(self.staging / f"{index}.new", target)

    def commit(self) -> None:
        """Step 6: DIR flushed (the moves are on disk), then the journal renamed to say the swap finished."""
        _fsync_directory(self.directory)
        os.replace(self.staging / _JOURNAL, self.staging / _COMMITTED)
        self.committed = True

    def abandon(self, error: BaseException) -> None:
        """Undo the swap after ``error`` (nothing to undo before the journal); if that fails, keep the staging folder.

        Raises :class:`OutputError` (``changed``) naming the file that could not be put back.
        Nothing is undone after the commit: the new files stand.
        """
        if self.committed:
            return
        if self.recorded:
            failure = _undo(self.directory, self.staging, self.names, self.existed)
            if failure is not None:
                where = error.path if isinstance(error, OutputError) else str(self.directory)
                raise OutputError(
                    where,
                    f"{_reason(error)}; putting back {failure.target} failed too ({_reason(failure.error)}): "
                    f"the previous files are kept in {self.staging}, and the next run into {self.directory} "
                    "restores them",
                    changed=True,
                ) from error
            with contextlib.suppress(OSError):
                _fsync_directory(self.directory)
                os.replace(self.staging / _JOURNAL, self.staging / _ROLLED_BACK)
        with contextlib.suppress(OSError):
            _remove_staging(self.staging)  # left behind (failing), the next run removes it

    def finish(self) -> None:
        """Step 7: the commit flushed, then the staging folder removed (left to the next run if that fails)."""
        with contextlib.suppress(OSError):
            _fsync_directory(self.staging)
            _remove_staging(self.staging)


def _staging_folder(directory: Path) -> tuple[Path, int]:
    """A new staging folder in ``directory``, locked; :class:`OutputError` if it cannot be made (read-only DIR)."""
    import tempfile  # here, not at start-up: only writing under -o DIR stages (validate never does)

    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, suffix=STAGING_SUFFIX, dir=directory))
    except OSError as error:
        raise OutputError(directory, _reason(error)) from error
    try:
        return staging, _lock(staging, wait=True)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.rmdir(staging)
        raise OutputError(directory, _reason(error)) from error


def _lock_directory(directory: Path, created: list[Path], signals: _Signals) -> int:
    """Create ``directory`` (recording what was made in ``created``) and lock it; return the descriptor.

    Waits for another run; SIGINT or SIGTERM while waiting raise :class:`Interrupted`. If the
    directory was removed or replaced while this run waited, it is made and locked again.
    """
    for _attempt in range(_LOCK_ATTEMPTS):
        created.extend(_make_directories(directory))
        try:
            descriptor = _lock(directory, wait=True, signals=signals)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise OutputError(directory, _reason(error)) from error
        try:
            held = os.fstat(descriptor)
            named = os.stat(directory)
            if (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino):
                return descriptor
        except FileNotFoundError:
            pass
        except OSError as error:
            _unlock(descriptor)
            raise OutputError(directory, _reason(error)) from error
        _unlock(descriptor)
    raise OutputError(directory, "removed again and again while waiting to write into it")

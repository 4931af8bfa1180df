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
import errno
import fcntl
import json
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

__all__ = [
    "STAGING_PREFIX",
    "STAGING_SUFFIX",
    "Interrupted",
    "OutputError",
    "as_typed",
    "recover",
    "write_files",
]

STAGING_PREFIX = ".constructs-locust-"
STAGING_SUFFIX = ".tmp"
_JOURNAL = "journal.json"
"""The phase file of a swap that may be under way: undo it."""
_COMMITTED = "committed.json"
"""The phase file of a swap that finished: the new files stand."""
_ROLLED_BACK = "rolled-back.json"
"""The phase file of a swap that was undone: the old files stand."""
_PHASES = (_JOURNAL, _COMMITTED, _ROLLED_BACK)
_SYNCFS_FROM = 16
"""From this many files on, one ``syncfs`` flushes them (it costs 15-35 ms on a busy disk, an ``fsync`` 1-10 ms)."""
_LOCK_ATTEMPTS = 20
"""How often a run takes DIR's lock again when DIR was removed (by a failed run) while it waited."""

_between_moves: Callable[[Path], None] | None = None
"""Test hook: called with the target after each file is moved into place."""


class OutputError(Exception):
    """A file could not be written; the directory was left as it was unless ``changed``.

    ``changed`` is true only when undoing the moves failed too: ``reason`` then says where
    the previous files are kept, and the next :func:`write_files` into the directory restores them.
    """

    def __init__(self, path: Path | str, reason: str, *, changed: bool = False) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
        self.changed = changed


class Interrupted(Exception):
    """SIGINT or SIGTERM arrived while writing: the directory was rolled back (or was complete)."""

    def __init__(self, signum: int, *, completed: bool) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum
        self.completed = completed


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


def recover(directory: Path) -> None:
    """Bring what killed runs left in ``directory`` to a complete state, and remove their staging folders.

    Waits for a run that is writing into ``directory``. ``OSError`` if a step fails,
    ``ValueError`` if a staging folder's journal is not one this module writes (nothing moved).
    """
    directory = Path(os.path.abspath(directory))
    try:
        lock = _lock(directory, wait=True)
    except FileNotFoundError:
        return
    try:
        _recover_locked(directory)
    finally:
        _unlock(lock)


def _recover_or_fail(directory: Path) -> None:
    """:func:`_recover_locked`, its failures as :class:`OutputError` (nothing of this run changed yet)."""
    try:
        _recover_locked(directory)
    except OSError as error:
        raise OutputError(
            error.filename or directory, f"cannot recover an interrupted run: {_reason(error)}"
        ) from error
    except ValueError as error:
        raise OutputError(directory, f"cannot recover an interrupted run: {error}") from error


def _recover_locked(directory: Path) -> None:
    """Recover every staging folder in ``directory`` (locked by the caller) that no live process holds."""
    try:
        with os.scandir(directory) as scan:
            entries = [entry.path for entry in scan if _is_staging(entry)]
    except FileNotFoundError:
        return
    for path in sorted(entries):
        staging = Path(path)
        try:
            lock = _lock(staging, wait=False)
        except (BlockingIOError, FileNotFoundError):
            continue  # held by a live process (another version of this program), or gone
        try:
            _recover_staging(directory, staging)
        finally:
            _unlock(lock)


def _is_staging(entry: "os.DirEntry[str]") -> bool:
    return (
        entry.name.startswith(STAGING_PREFIX)
        and entry.name.endswith(STAGING_SUFFIX)
        and entry.is_dir(follow_symlinks=False)
    )


def _recover_staging(directory: Path, staging: Path) -> None:
    """Finish what the run of ``staging`` left, from its phase file, then remove the folder.

    Finished (committed or rolled back), or never journaled: only the folder goes. Journaled:
    the swap is undone (:func:`_undo`), DIR flushed, the phase recorded as rolled back.
    """
    with os.scandir(staging) as scan:
        present = {entry.name for entry in scan}
    if _JOURNAL in present and _COMMITTED not in present and _ROLLED_BACK not in present:
        names, existed = _journal_entries(staging / _JOURNAL)
        failure = _undo(directory, staging, names, existed)
        if failure is not None:
            raise failure.error
        _fsync_directory(directory)
        os.replace(staging / _JOURNAL, staging / _ROLLED_BACK)
    _remove_staging(staging)


class _UndoFailure:
    """The first step of a roll back that failed: the file it concerned and the error."""

    def __init__(self, target: Path, error: OSError) -> None:
        self.target = target
        self.error = error


def _undo(directory: Path, staging: Path, names: Sequence[str], existed: Sequence[bool]) -> _UndoFailure | None:
    """Undo the moves of a journaled swap, whatever step it reached; idempotent.

    ``N.new`` gone means the file was moved in. A file that existed is put back from ``N.old``
    when that is there and the file was moved in or renamed away (``N.old`` absent: never kept,
    or already put back). A file that did not exist is removed if it was moved in. Every file
    is tried; the first failure is returned.
    """
    failure: _UndoFailure | None = None
    for index in reversed(range(len(names))):
        target = directory / names[index]
        try:
            moved = not _exists(staging / f"{index}.new")
            if existed[index]:
                if _exists(staging / f"{index}.old") and (moved or not _exists(target)):
                    os.replace(staging / f"{index}.old", target)
            elif moved:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target)
        except OSError as error:
            failure = failure or _UndoFailure(target, error)
    return failure


def _exists(path: Path) -> bool:
    """Whether ``path`` is there (a symbolic link is not followed); ``OSError`` other than not found passes."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    return True


def _remove_staging(staging: Path) -> None:
    """Remove the staging folder: its files, then its phase file (so that the phase outlives them), then it."""
    with os.scandir(staging) as scan:
        entries = sorted((entry.name, entry.is_dir(follow_symlinks=False)) for entry in scan)
    for name, is_dir in entries:
        if name not in _PHASES:
            if is_dir:  # never made by this module
                shutil.rmtree(staging / name)
            else:
                os.unlink(staging / name)
    for name, _is_dir in entries:
        if name in _PHASES:
            os.unlink(staging / name)
    os.rmdir(staging)


def _journal_entries(journal: Path) -> tuple[list[str], list[bool]]:
    """The file names a journal lists and whether each existed; ``ValueError`` if it is not one this module writes.

    Everything is checked before the caller moves anything: the journal must be a regular file
    (a symbolic link is not followed, a FIFO or device is never read, so recovery cannot block
    while signals are held off) of at most :data:`_JOURNAL_LIMIT` bytes, hold valid JSON (any
    nesting), list distinct names that :func:`_is_file_name` accepts and as many booleans.
    ``FileNotFoundError`` when there is no journal.
    """
    data = _read_journal(journal)
    try:
        content = json.loads(data.decode("utf-8")) if data is not None else {}
        names, existed = content["names"], content["existed"]
    except (ValueError, RecursionError, KeyError, TypeError):  # ValueError: bad UTF-8 or JSON too
        names = existed = None
    if not (
        isinstance(names, list)
        and all(_is_file_name(name) for name in names)
        and len(set(names)) == len(names)
        and isinstance(existed, list)
        and len(existed) == len(names)
        and all(isinstance(flag, bool) for flag in existed)
    ):
        raise ValueError(f"{journal} is not a journal of this program: remove its folder once you have checked it")
    return names, existed


_JOURNAL_LIMIT = 1 << 20
"""The largest journal that recovery reads (1 MiB): a journal lists file names only."""


def _read_journal(journal: Path) -> bytes | None:
    """The bytes of ``journal`` if it is a regular file within :data:`_JOURNAL_LIMIT`, else ``None``.

    ``FileNotFoundError`` if it does not exist, another ``OSError`` if it cannot be read. It is
    opened without following a symbolic link and without blocking (a FIFO), and checked to be
    regular before a byte is read.
    """
    try:
        descriptor = os.open(journal, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        if error.errno == errno.ELOOP:  # a symbolic link
            return None
        raise  # FileNotFoundError: no journal; others: cannot recover
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _JOURNAL_LIMIT:
            return None
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(descriptor, _JOURNAL_LIMIT + 1 - size):
            chunks.append(chunk)
            size += len(chunk)
            if size > _JOURNAL_LIMIT:
                return None
        return b"".join(chunks)
    finally:
        os.close(descriptor)


_NAME_MAX = 255
"""The longest file name (in bytes) that Linux file systems take."""


def _is_file_name(name: object) -> bool:
    """A name of a file directly inside the directory.

    Not empty, not ``.`` or ``..``, no ``/`` and no NUL, encodable as a file name and at most
    :data:`_NAME_MAX` bytes long, so that no step of a roll back can fail on the name itself.
    """
    if not isinstance(name, str) or name in ("", ".", "..") or "/" in name or "\0" in name:
        return False
    try:
        return len(os.fsencode(name)) <= _NAME_MAX
    except UnicodeError:
        return False


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


def _lock_directory(directory: Path, created: list[Path], signals: "_Signals") -> int:
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


def _lock(path: Path, *, wait: bool, signals: "_Signals | None" = None) -> int:
    """An exclusive ``flock`` on the directory ``path``: its descriptor (closing it unlocks).

    ``BlockingIOError`` if not ``wait`` and it is held. With ``signals``, SIGINT or SIGTERM
    while waiting raise :class:`Interrupted` (and nothing is held).
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if signals is not None:
            signals.wait()
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            if signals is not None:
                signals.waiting = False
    except BaseException:
        _unlock(descriptor)
        raise
    return descriptor


def _unlock(descriptor: int) -> None:
    """Close a lock's descriptor; a failure to close a directory cannot lose data and is ignored."""
    with contextlib.suppress(OSError):
        os.close(descriptor)


def _fsync_directory(path: Path) -> None:
    _fsync_path(path, os.O_RDONLY | os.O_DIRECTORY)


def _fsync_path(path: Path, flags: int) -> None:
    descriptor = os.open(path, flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_file_system(descriptor: int) -> bool:
    """Flush the file system that holds ``descriptor`` (Linux ``syncfs``); ``False`` where it is missing.

    ``OSError`` if it fails.
    """
    try:
        import ctypes  # here: only a run that writes pays for the import

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (ImportError, OSError, AttributeError):
        return False
    if syncfs(descriptor) != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number))
    return True


def _keep_old(target: Path, backup: Path) -> bool:
    """Keep the current ``target`` as ``backup``: a hard link if possible (True), else a rename (False)."""
    try:
        os.link(target, backup, follow_symlinks=False)
        return True
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK, errno.EOPNOTSUPP):
            raise
    os.rename(target, backup)
    return False


def _write_new(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def _check(pending: list[int]) -> None:
    if pending:
        raise Interrupted(pending[0], completed=False)


def _reason(error: BaseException) -> str:
    if isinstance(error, OutputError):
        return error.reason
    if isinstance(error, Interrupted):
        return str(error)
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return f"{type(error).__name__}: {error}"


def _make_directories(directory: Path) -> list[Path]:
    """Create ``directory`` and its missing parents; return those created, outermost first.

    Raises :class:`OutputError` when one cannot be created, or when the nearest existing
    parent (or ``directory`` itself) is no directory. One that another process makes meanwhile is used.
    """
    missing: list[Path] = []
    path = directory
    created: list[Path] = []
    try:
        while not path.exists() and path != path.parent:
            missing.append(path)
            path = path.parent
        if not path.is_dir():
            raise OutputError(path, "exists and is not a directory")
        for path in reversed(missing):
            try:
                os.mkdir(path)
            except FileExistsError:
                if not path.is_dir():
                    raise OutputError(path, "cannot create: a file is in the way") from None
                continue
            created.append(path)
    except OSError as error:
        _remove_directories(created)
        raise OutputError(error.filename or directory, f"cannot create: {_reason(error)}") from error
    except OutputError:
        _remove_directories(created)
        raise
    return created


def _remove_directories(created: list[Path]) -> None:
    for path in reversed(created):
        with contextlib.suppress(OSError):
            os.rmdir(path)


class _Signals:
    """SIGINT and SIGTERM seen while writing (``pending``); ``waiting`` while a lock is awaited (they then raise)."""

    def __init__(self) -> None:
        self.pending: list[int] = []
        self.waiting = False

    def wait(self) -> None:
        """From now on a signal raises :class:`Interrupted`; one that came already raises it now."""
        self.waiting = True
        if self.pending:
            self.waiting = False
            raise Interrupted(self.pending[0], completed=False)

    def arrived(self, signum: int, _frame: object) -> None:
        """The handler: raise :class:`Interrupted` while waiting for a lock, else record the signal."""
        if self.waiting:
            self.waiting = False
            raise Interrupted(signum, completed=False)
        self.pending.append(signum)


@contextlib.contextmanager
def _deferred_signals() -> Iterator[_Signals]:
    """Record SIGINT and SIGTERM instead of acting on them (main thread only); yield the record."""
    signals = _Signals()
    if threading.current_thread() is not threading.main_thread():
        yield signals
        return
    previous = {number: signal.signal(number, signals.arrived) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield signals
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)

"""Writing a set of files into a directory all or nothing, even when a move fails or a signal arrives.

:func:`write_files` writes every file into a staging folder *inside* the target directory
(same file system, same permissions: no cross-device moves, and a writable directory under a
read-only parent works), records the plan in a journal there, then swaps the files in one by
one: the file being replaced is first kept in the staging folder (a hard link, or a rename
where the file system has no hard links), then the new one is renamed over it. If any step
fails, or SIGINT or SIGTERM arrives (they are deferred while the swap runs and honoured between
two moves), every file moved so far is put back, files that did not exist are removed again,
directories that the run created are removed, and the directory is exactly as it was.

SIGKILL (or a power cut) cannot be caught: it can leave some files new and some old, plus the
staging folder ``.constructs-locust-*.tmp`` holding the previous versions and the journal.
The next :func:`write_files` into the same directory rolls such a swap back (restores the
previous versions, removes files the killed run created) and removes the folder, before it
writes anything. A staging folder in use by a live run is locked (``flock``) and left alone.

Nothing is ``fsync``-ed (an fsync per file made ``render -o`` of a thousand tests seconds
slower): the guarantees hold against failures and signals of this process, and a power cut
right after a run may lose its files as it may lose any recent write.
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
from collections.abc import Callable, Iterator, Mapping
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
    Raises :class:`OutputError` (nothing changed), :class:`Interrupted` (rolled back, or
    ``completed`` when the signal came after the last move) or ``UnicodeEncodeError``.
    """
    directory = Path(os.path.abspath(directory))
    payload = {name: text.encode("utf-8") for name, text in files.items()}
    with _deferred_signals() as pending:
        created = _make_directories(directory)
        try:
            try:
                recover(directory)
            except OSError as error:
                raise OutputError(
                    error.filename or directory, f"cannot recover an interrupted run: {_reason(error)}"
                ) from error
            except ValueError as error:
                raise OutputError(directory, f"cannot recover an interrupted run: {error}") from error
            _write_and_swap(directory, payload, pending)
        except BaseException:
            _remove_directories(created)
            raise
        if pending:
            raise Interrupted(pending[0], completed=True)


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
    """Roll back and remove the staging folders that killed runs left in ``directory``."""
    try:
        entries = [entry for entry in os.scandir(directory) if _is_staging(entry)]
    except FileNotFoundError:
        return
    for entry in entries:
        staging = Path(entry.path)
        try:
            lock = _lock(staging, wait=False)
        except BlockingIOError:
            continue  # a live run owns it
        except FileNotFoundError:
            continue
        try:
            _roll_back_journal(directory, staging)
            shutil.rmtree(staging)
        finally:
            os.close(lock)


def _is_staging(entry: "os.DirEntry[str]") -> bool:
    return (
        entry.name.startswith(STAGING_PREFIX)
        and entry.name.endswith(STAGING_SUFFIX)
        and entry.is_dir(follow_symlinks=False)
    )


def _roll_back_journal(directory: Path, staging: Path) -> None:
    """Undo the swap recorded in ``staging``'s journal, whatever step it reached."""
    try:
        names = _journal_names(staging / _JOURNAL)
    except FileNotFoundError:
        return  # killed while staging: nothing was moved
    for index in reversed(range(len(names))):
        target = directory / names[index]
        old, new = staging / f"{index}.old", staging / f"{index}.new"
        if old.exists() or old.is_symlink():
            os.replace(old, target)
        elif not new.exists():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)


def _journal_names(journal: Path) -> list[str]:
    """The file names a journal lists; ``ValueError`` if it is not a journal that this module writes.

    Everything is checked before the caller moves anything: the journal must be a regular file
    (a symbolic link is not followed, a FIFO or device is never read, so recovery cannot block
    while signals are held off) of at most :data:`_JOURNAL_LIMIT` bytes, hold valid JSON (any
    nesting), and list only names that :func:`_is_file_name` accepts.
    ``FileNotFoundError`` when there is no journal.
    """
    data = _read_journal(journal)
    try:
        names = json.loads(data.decode("utf-8"))["names"] if data is not None else None
    except (ValueError, RecursionError, KeyError, TypeError):  # ValueError: bad UTF-8 or JSON too
        names = None
    if not (isinstance(names, list) and all(_is_file_name(name) for name in names)):
        raise ValueError(f"{journal} is not a journal of this program: remove its folder once you have checked it")
    return names


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
    staging, lock = _staging_folder(directory)
    keep_staging = False
    try:
        names = list(payload)
        for index, name in enumerate(names):
            _check(pending)
            _write_new(staging / f"{index}.new", payload[name])
        _write_new(staging / f"{_JOURNAL}.part", json.dumps({"names": names}).encode("utf-8"))
        os.replace(staging / f"{_JOURNAL}.part", staging / _JOURNAL)
        _check(pending)
        swap = _Swap(directory, staging, names)
        try:
            swap.run(pending)
        except BaseException as error:
            failure = swap.roll_back()
            if failure is not None:
                keep_staging = True
                where = error.path if isinstance(error, OutputError) else str(directory)
                raise OutputError(
                    where,
                    f"{_reason(error)}; putting back {failure.path} failed too ({failure.reason}): "
                    f"the previous files are kept in {staging}, and the next run into {directory} restores them",
                    changed=True,
                ) from error
            raise
    except OSError as error:
        raise OutputError(directory, _reason(error)) from error
    finally:
        if not keep_staging:
            shutil.rmtree(staging, ignore_errors=True)
        os.close(lock)


def _staging_folder(directory: Path) -> tuple[Path, int]:
    """A new staging folder in ``directory``, locked; :class:`OutputError` if it cannot be made (read-only DIR)."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, suffix=STAGING_SUFFIX, dir=directory))
    except OSError as error:
        raise OutputError(directory, _reason(error)) from error
    try:
        return staging, _lock(staging, wait=True)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(directory, _reason(error)) from error


class _Swap:
    """The moves of one run, and how to undo them."""

    def __init__(self, directory: Path, staging: Path, names: list[str]) -> None:
        self.directory = directory
        self.staging = staging
        self.names = names
        self.backups: dict[int, bool] = {}  # index -> True if the old file was linked, False if renamed
        self.moved: list[int] = []

    def run(self, pending: list[int]) -> None:
        for index, name in enumerate(self.names):
            _check(pending)
            target = self.directory / name
            new = self.staging / f"{index}.new"
            try:
                self._move(index, new, target)
            except OSError as error:
                raise OutputError(target, _reason(error)) from error
            self.moved.append(index)
            if _between_moves is not None:
                _between_moves(target)

    def _move(self, index: int, new: Path, target: Path) -> None:
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            info = None
        if info is not None:
            if stat.S_ISDIR(info.st_mode):
                raise OutputError(target, "is a directory")
            if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
                raise OutputError(target, "not a regular file")
            if stat.S_ISREG(info.st_mode):
                os.chmod(new, stat.S_IMODE(info.st_mode))
            self.backups[index] = _keep_old(target, self.staging / f"{index}.old")
        os.replace(new, target)

    def roll_back(self) -> OutputError | None:
        """Put every moved file back; the first failure, if any (the rest are still tried)."""
        failure: OutputError | None = None
        for index in reversed(range(len(self.names))):
            target = self.directory / self.names[index]
            old = self.staging / f"{index}.old"
            try:
                if index in self.backups:
                    if index in self.moved or not self.backups[index]:
                        os.replace(old, target)
                elif index in self.moved:
                    os.unlink(target)
            except OSError as error:
                failure = failure or OutputError(target, _reason(error))
        return failure


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


def _lock(staging: Path, *, wait: bool) -> int:
    descriptor = os.open(staging, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


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
    parent (or ``directory`` itself) is no directory.
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
            os.mkdir(path)
            created.append(path)
    except FileExistsError:
        if not directory.is_dir():
            _remove_directories(created)
            raise OutputError(directory, "cannot create: a file is in the way") from None
    except OSError as error:
        _remove_directories(created)
        raise OutputError(error.filename or directory, f"cannot create: {_reason(error)}") from error
    return created


def _remove_directories(created: list[Path]) -> None:
    for path in reversed(created):
        with contextlib.suppress(OSError):
            os.rmdir(path)


@contextlib.contextmanager
def _deferred_signals() -> Iterator[list[int]]:
    """Record SIGINT and SIGTERM instead of acting on them (main thread only); yield the record."""
    pending: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pending
        return

    def defer(signum: int, _frame: object) -> None:
        pending.append(signum)

    previous = {number: signal.signal(number, defer) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield pending
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)

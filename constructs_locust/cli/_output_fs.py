"""The file-system steps of the output protocol (locks, flushes, moves, folders), its errors and deferred signals.

Each function is one step or a few, called by :mod:`._atomic_output` and :mod:`._output_recovery`;
the crash tests replace this module's ``os`` with theirs, as they replace the other two's.
"""

import contextlib
import errno
import fcntl
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "Interrupted",
    "OutputError",
]


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


class _UndoFailure:
    """The first step of a roll back that failed: the file it concerned and the error."""

    def __init__(self, target: Path, error: OSError) -> None:
        self.target = target
        self.error = error


def _exists(path: Path) -> bool:
    """Whether ``path`` is there (a symbolic link is not followed); ``OSError`` other than not found passes."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    return True


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

"""Recovering what a killed run left in a directory: the staging folders, their phase files and journals.

:func:`recover` reads each staging folder's phase (see :mod:`._atomic_output`) and rolls an
unfinished swap back, idempotently, or removes a finished one's folder.
"""

import contextlib
import errno
import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ._output_fs import OutputError, _exists, _fsync_directory, _lock, _reason, _UndoFailure, _unlock

__all__ = [
    "STAGING_PREFIX",
    "STAGING_SUFFIX",
    "recover",
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


def _remove_staging(staging: Path) -> None:
    """Remove the staging folder: its files, then its phase file (so that the phase outlives them), then it."""
    with os.scandir(staging) as scan:
        entries = sorted((entry.name, entry.is_dir(follow_symlinks=False)) for entry in scan)
    for name, is_dir in entries:
        if name not in _PHASES:
            if is_dir:  # never made by this module
                import shutil  # here, not at start-up: a folder in staging is rare

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

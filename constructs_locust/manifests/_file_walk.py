"""Listing and reading the local files of one ConfigMap safely: bounded, never blocking, no symlinks.

``kubectl create configmap NAME --from-file=DIR`` follows a symlink given as ``DIR`` (or as a
single file) itself, and inside ``DIR`` takes regular files only: a symlink there (to a file
inside or outside the folder, to a folder, or dangling) is left out, as is anything else that
is not a regular file. :func:`open_source` does the same with symlinks: the path given is
followed, a symlink in a folder is left out and named in :attr:`Listing.symlinks`. A sub-folder
or a special file (a pipe, a socket, a device) is refused rather than left out, as the library
documents.

Nothing here can block or grow without bound:

- every file is opened with ``O_NONBLOCK`` (a named pipe opens at once instead of waiting for
  a writer) and ``O_NOFOLLOW`` inside a folder (a file swapped for a symlink after the listing
  is refused, not followed), relative to the folder's own descriptor, and the opened
  descriptor is checked to be a regular file before a byte is read;
- a folder is listed once, one level deep (a sub-folder is refused without being entered);
  at most :data:`MAX_FOLDER_ENTRIES` entries are looked at and :data:`MAX_FILES` files taken;
- reads stop at the byte budget the caller gives (what is left of the ConfigMap's 1 MiB).
"""

import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from fnmatch import fnmatchcase
from pathlib import Path

from attrs import frozen

from .._core.errors import SpecError, show_value
from .._core.field_errors import invalid, too_many

MAX_FILES = 1000
"""The most files one ConfigMap may take from ``src`` or ``lib``.

Why 1000: the API server counts only the values against a ConfigMap's 1 MiB, but the keys are
stored too, and etcd refuses an object over 1.5 MiB (its default request limit): 1000 keys of
at most 253 bytes are 0.25 MB, so 1 MiB of content and the keys always fit. And cdk8s takes
time growing with the square of the keys of one object to synthesize it (measured: 0.5 s for
1000 one-byte files, 3.4 s for 3000, 27 s for 10,000), so the bound also keeps ``app.synth()``
of one ConfigMap near half a second (a second on a loaded machine). A Locust test folder holds a handful of files."""

MAX_FOLDER_ENTRIES = 10 * MAX_FILES
"""The most entries (excluded ones included) a folder may hold: listing stops there."""

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


@frozen
class Listing:
    """The files of a source, before anything is read.

    Attributes:
        sizes: Key (file name) -> size in bytes as listed, sorted by key.
        symlinks: Names of symlinks in the folder, left out as kubectl leaves them out, sorted.
    """

    sizes: dict[str, int]
    symlinks: tuple[str, ...] = ()


class Source:
    """A file or a folder given as ``src``/``lib``, opened: lists its files and reads them."""

    def __init__(self, path: str, root: Path, folder_fd: int | None) -> None:
        self._path = path
        self._root = root
        self._folder_fd = folder_fd

    def shown(self, key: str) -> str:
        """The file of ``key`` as the user knows it, for messages."""
        return str(self._root if self._folder_fd is None else self._root / key)

    def list(self, exclude: Sequence[str]) -> Listing:
        """The files to take: the file itself, or the folder's regular files not excluded."""
        if self._folder_fd is None:
            return Listing({self._root.name: self._file_size()})
        return self._list_folder(self._folder_fd, exclude)

    def read(self, key: str, limit: int) -> bytes:
        """The bytes of ``key``, at most ``limit + 1`` (one more tells the caller it is too long)."""
        try:
            if self._folder_fd is None:
                fd = os.open(self._root, _OPEN_FLAGS)
            else:
                fd = os.open(key, _OPEN_FLAGS | _NO_FOLLOW, dir_fd=self._folder_fd)
        except OSError as error:
            raise self._unreadable(self.shown(key), error) from None
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise self._not_regular(self.shown(key), mode)
            try:
                return _read_at_most(fd, limit + 1)
            except OSError as error:
                raise self._unreadable(self.shown(key), error) from None
        finally:
            os.close(fd)

    def _file_size(self) -> int:
        try:
            info = self._root.stat()
        except OSError as error:
            raise self._unreadable(str(self._root), error) from None
        if not stat.S_ISREG(info.st_mode):
            raise self._not_regular(str(self._root), info.st_mode)
        return info.st_size

    def _list_folder(self, fd: int, exclude: Sequence[str]) -> Listing:
        sizes: dict[str, int] = {}
        symlinks: list[str] = []
        try:
            with os.scandir(fd) as entries:
                for count, entry in enumerate(entries, start=1):
                    if count > MAX_FOLDER_ENTRIES:
                        raise self._too_many(f"more than {MAX_FOLDER_ENTRIES} entries")
                    if any(fnmatchcase(entry.name, pattern) for pattern in exclude):
                        continue
                    if entry.is_symlink():
                        symlinks.append(entry.name)
                        continue
                    sizes[entry.name] = self._entry_size(entry)
                    if len(sizes) > MAX_FILES:
                        raise self._too_many(f"more than {MAX_FILES} files")
        except OSError as error:
            raise self._unreadable(str(self._root), error) from None
        return Listing(dict(sorted(sizes.items())), tuple(sorted(symlinks)))

    def _entry_size(self, entry: "os.DirEntry[str]") -> int:
        shown = self.shown(entry.name)
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as error:
            raise self._unreadable(shown, error) from None
        if stat.S_ISDIR(info.st_mode):
            raise invalid(
                self._path,
                entry.name + "/",
                "a ConfigMap holds files, not folders "
                f"(in {show_value(str(self._root))}): move its files up, exclude it (exclude=[..., "
                f"{show_value(entry.name)}]) or build it into the image",
            )
        if not stat.S_ISREG(info.st_mode):
            raise self._not_regular(shown, info.st_mode)
        return info.st_size

    def _too_many(self, what: str) -> SpecError:
        return too_many(
            self._path,
            f"{show_value(str(self._root))} holds {what}; a ConfigMap takes at most {MAX_FILES} files "
            "(exclude what the test does not need, or build it into the image)",
        )

    def _unreadable(self, shown: str, error: OSError) -> SpecError:
        reason = error.strerror or type(error).__name__
        return invalid(self._path, shown, f"cannot read: {reason}")

    def _not_regular(self, shown: str, mode: int) -> SpecError:
        return invalid(self._path, shown, f"not a regular file ({_kind(mode)}); a ConfigMap takes regular files only")


@contextmanager
def open_source(path: str, root: Path) -> Iterator[Source]:
    """Open ``root`` (a symlink to it is followed, as kubectl follows it) as a file or a folder.

    ``path`` names the argument in errors. A folder stays open (its descriptor) until the
    ``with`` block ends, so every file read is the one listed in that folder.
    """
    try:
        info = root.stat()
    except OSError as error:
        raise invalid(path, str(root), f"cannot read: {error.strerror}") from None
    if stat.S_ISREG(info.st_mode):
        yield Source(path, root, None)
        return
    if not stat.S_ISDIR(info.st_mode):
        raise invalid(path, str(root), f"not a file or a folder ({_kind(info.st_mode)})")
    try:
        fd = os.open(root, os.O_RDONLY | _DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise invalid(path, str(root), f"cannot read: {error.strerror}") from None
    try:
        yield Source(path, root, fd)
    finally:
        os.close(fd)


def _read_at_most(fd: int, limit: int) -> bytes:
    """Up to ``limit`` bytes of the open file ``fd``, to its end or the limit."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISLNK, "a symlink"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")

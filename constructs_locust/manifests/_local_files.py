"""Local test files as ConfigMap content: the keys, text and binary data, size and content hash.

A ConfigMap volume is a flat folder: each key becomes one file named after it. So a locustfile
or a folder of files maps to a ConfigMap the way ``kubectl create configmap --from-file`` and
cdk8s-plus ``ConfigMap.addFile``/``addDirectory`` map it: one key per file, named after the
file; UTF-8 text under ``data``, anything else under ``binaryData``; sub-folders are not
descended into. Here a sub-folder that is not excluded is refused instead of silently left
out, and so is anything the API server would refuse: a file name that is not a ConfigMap key,
or more than 1 MiB of content, or more than ``_file_walk.MAX_FILES`` files. Nothing is read before the
sizes are known to fit. Symlinks are treated as kubectl treats them: the path given is followed,
a symlink inside a folder is left out (:mod:`constructs_locust.manifests._file_walk`).
"""

import base64
import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from .._core.errors import show_value
from .._core.field_errors import invalid, too_long, type_error
from ._file_walk import Listing, Source, open_source

MAX_CONFIG_MAP_BYTES = 1024 * 1024
"""``MaxSecretSize``: what a ConfigMap's ``data`` and ``binaryData`` values may total (decoded bytes)."""
MAX_KEY_BYTES = 253
DEFAULT_EXCLUDE: tuple[str, ...] = ("__pycache__", "*.pyc")
"""Names left out of a folder by default: Python's byte-code caches."""

_KEY = re.compile(r"[-._a-zA-Z0-9]+")
_KEY_RULE = (
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (at most 253), "
    "and must not be '.' or '..' or start with '..'"
)


@frozen
class ConfigMapContent:
    """What one ConfigMap holds.

    Attributes:
        data: UTF-8 text files, key -> text.
        binary_data: Other files, key -> base64.
        size: The bytes the API server counts (every file's length, decoded).
        digest: SHA-256 (hex) of the keys, kinds and bytes, independent of the file system.
        symlinks: Names of symlinks in the folder, left out as ``kubectl`` leaves them out.
    """

    data: dict[str, str]
    binary_data: dict[str, str]
    size: int
    digest: str
    symlinks: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key (file name), sorted."""
        return tuple(sorted([*self.data, *self.binary_data]))


def config_map_key_problem(key: str) -> str | None:
    """Why ``key`` cannot be a ConfigMap key (``IsConfigMapKey``), or ``None``."""
    if len(key.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES or not _KEY.fullmatch(key):
        return _KEY_RULE
    if key in (".", "..") or key.startswith(".."):
        return _KEY_RULE
    return None


def check_exclude(path: str, exclude: object) -> tuple[str, ...]:
    """The exclude patterns as a tuple of strings (``fnmatch`` patterns matched against names)."""
    if isinstance(exclude, str) or not isinstance(exclude, Sequence):
        raise invalid(path, exclude, "must be a list of name patterns")
    for index, pattern in enumerate(exclude):
        if not isinstance(pattern, str):
            raise type_error(f"{path}[{index}]", pattern, "string")
    return tuple(exclude)


def collect(path: str, location: object, exclude: Sequence[str]) -> ConfigMapContent:
    """The ConfigMap content of a file or a folder's files; ``path`` names the argument in errors.

    Symlinks are treated as ``kubectl create configmap --from-file`` treats them (see
    :mod:`constructs_locust.manifests._file_walk`): ``location`` itself is followed, one inside a folder
    is left out.
    """
    if not isinstance(location, (str, os.PathLike)):
        raise invalid(path, location, "must be a path to a file or a folder")
    root = Path(location)
    with open_source(path, root) as source:
        listing = source.list(exclude)
        if not listing.sizes:
            links = f"; {len(listing.symlinks)} symlinks left out, as kubectl does" if listing.symlinks else ""
            raise invalid(path, str(root), f"holds no files (after exclusions{links})")
        for key in listing.sizes:
            problem = config_map_key_problem(key)
            if problem is not None:
                raise invalid(
                    path,
                    key,
                    f"file {show_value(source.shown(key))} cannot be a ConfigMap "
                    f"key: {problem}; rename it or exclude it",
                )
        _check_size(path, root, listing.sizes)
        return _read(path, root, source, listing)


def _check_size(path: str, root: Path, sizes: dict[str, int]) -> None:
    total = sum(sizes.values())
    if total <= MAX_CONFIG_MAP_BYTES:
        return
    largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:3]
    listed = ", ".join(f"{key} ({size} bytes)" for key, size in largest)
    raise too_long(
        path,
        f"{show_value(str(root))} holds {total} bytes, more than a ConfigMap may hold "
        f"({MAX_CONFIG_MAP_BYTES} bytes, 1 MiB); largest: {listed}",
    )


def _read(path: str, root: Path, source: Source, listing: Listing) -> ConfigMapContent:
    data: dict[str, str] = {}
    binary: dict[str, str] = {}
    digest = hashlib.sha256()
    total = 0
    for key in listing.sizes:
        budget = MAX_CONFIG_MAP_BYTES - total  # bounded even if the files grew meanwhile
        content = source.read(key, budget)
        total += len(content)
        if len(content) > budget:
            raise too_long(
                path,
                f"{show_value(source.shown(key))} grew while being read: {show_value(str(root))} now "
                f"holds more than a ConfigMap may hold ({MAX_CONFIG_MAP_BYTES} bytes, 1 MiB)",
            )
        try:
            data[key] = content.decode("utf-8")
            kind = b"data"
        except UnicodeDecodeError:
            binary[key] = base64.b64encode(content).decode("ascii")
            kind = b"binaryData"
        for part in (key.encode(), kind, str(len(content)).encode(), content):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return ConfigMapContent(
        data=data,
        binary_data=binary,
        size=total,
        digest=digest.hexdigest(),
        symlinks=listing.symlinks,
    )

"""What the command line reads besides the CRs: folders of CR files and the operator's configuration."""

import os
from collections.abc import Iterator
from typing import NamedTuple

from .._core.errors import SpecError, show_value
from ..kube import _yaml as _kube_yaml
from ..operator import OperatorDefaults, defaults_from_env
from ..operator._env import parse_env_lines
from . import _yaml_input as yaml_input

__all__ = [
    "NO_YAML_FILE",
    "YAML_SUFFIXES",
    "InputPath",
    "document_texts",
    "expand_inputs",
    "operator_defaults_from_file",
]


YAML_SUFFIXES = (".yaml", ".yml")
"""The files of a folder that are read: ``*.yaml`` and ``*.yml``."""


class InputPath(NamedTuple):
    """One input of the command line once folders are expanded: a file to read, or a folder's problem."""

    path: str
    folder: str | None = None
    """The folder argument the file was found in; ``None`` for a file named itself (or ``-``)."""
    problem: str | None = None
    """Why ``path`` (a folder, or an entry of one) gives nothing to read; ``None`` for a file to read."""


NO_YAML_FILE = "no LocustTest found: the folder holds no *.yaml or *.yml file"
"""The problem of a folder input without YAML files."""


def expand_inputs(paths: list[str], stdin: str) -> Iterator[InputPath]:
    """Each input path, a folder replaced by its YAML files, in order.

    A folder is walked recursively in the order ``kubectl apply -R`` walks it (depth first,
    entries sorted by name, at any depth); entries whose name starts with a dot (``.git``,
    ``.github``) are left out, and symbolic links to folders are not followed. A folder (or
    sub-folder) that cannot be read, and a folder that holds no YAML file, come as an
    :class:`InputPath` with a ``problem``.
    """
    for path in paths:
        if path == stdin or not os.path.isdir(path):
            yield InputPath(path)
            continue
        found = False
        for item in _yaml_files(path, path):
            found = True
            yield item
        if not found:
            yield InputPath(path, path, NO_YAML_FILE)


def _yaml_files(folder: str, top: str) -> Iterator[InputPath]:
    """Depth first, entries sorted by name, as Go's ``filepath.Walk`` (``kubectl apply -R``) visits them.

    Iterative (a stack of the folders being listed), so a tree of any depth is walked.
    """
    stack: list[Iterator[os.DirEntry[str]]] = []
    pending: str | None = folder
    while pending is not None or stack:
        if pending is not None:
            try:
                entries = sorted(os.scandir(pending), key=lambda entry: entry.name)
            except OSError as error:
                yield InputPath(pending, top, f"cannot read: {error.strerror or error}")
            else:
                stack.append(iter(entries))
            pending = None
            continue
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
            is_yaml = not is_folder and entry.name.endswith(YAML_SUFFIXES) and entry.is_file()
        except OSError as error:
            yield InputPath(entry.path, top, f"cannot read: {error.strerror or error}")
            continue
        if is_folder:
            pending = entry.path
        elif is_yaml:
            yield InputPath(entry.path, top)


def operator_defaults_from_file(kind: str, data: bytes) -> OperatorDefaults:
    """The operator's configuration from a Helm values file (``kind`` ``values``) or an env file (``env``).

    The values file is read within :mod:`constructs_locust.cli._yaml_input`'s bounds, as the CRs are.

    Raises :class:`SpecError` (its path names the key, or the line of the env file) or
    :class:`yaml.YAMLError`.
    """
    if kind == "env":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SpecError("", f"not UTF-8 text ({error.reason} at byte {error.start})") from None
        errors: list[SpecError] = []
        env, paths = parse_env_lines(text, errors=errors)
        try:
            defaults = defaults_from_env(env, paths=paths)
        except SpecError as error:
            errors.extend(error.errors)
        if errors:
            raise SpecError.of(sorted(errors, key=_line_number))
        return defaults
    documents = [document for document in yaml_input.load_documents(data) if document is not None]
    if len(documents) > 1:
        raise SpecError("", f"a Helm values file holds one YAML document, got {len(documents)}")
    values = documents[0] if documents else None
    if values is None:  # an empty values file: the chart's defaults
        values = {}
    if not isinstance(values, dict):
        raise SpecError("", f"a Helm values file holds a mapping, got {show_value(values)}")
    return OperatorDefaults.from_helm_values(values)


def _line_number(error: SpecError) -> int:
    """The line of an env file that an error names (``line N`` or ``line N: NAME``), for reports in file order."""
    number = error.path.removeprefix("line ").partition(":")[0]
    return int(number) if number.isdigit() else 0


def document_texts(data: bytes) -> list[str] | None:
    """The exact source text of each YAML document of ``data``, in order, to pass documents through unchanged.

    Each starts with its ``---`` line (one is added where the document has none); ``None`` when
    the stream is not UTF-8 (see :func:`constructs_locust.kube._yaml.document_sources`).
    """
    return _kube_yaml.document_sources(data)

"""What the command line reads besides the CRs: folders of CR files and the operator's configuration."""

import os
from collections.abc import Iterator

import yaml

from . import yaml_input
from .defaults import OperatorDefaults
from .errors import SpecError, show_value
from .operator_env import defaults_from_env, parse_env_lines

__all__ = ["YAML_SUFFIXES", "document_texts", "expand_inputs", "operator_defaults_from_file"]

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YAML_SUFFIXES = (".yaml", ".yml")
"""The files of a folder that are read: ``*.yaml`` and ``*.yml``."""


def expand_inputs(paths: list[str], stdin: str) -> Iterator[tuple[str, bool]]:
    """Each input path, a folder replaced by its YAML files; ``(path, found)`` with ``found`` False
    for a folder that holds none.

    A folder is walked recursively in the order ``kubectl apply -R`` walks it (depth first,
    entries sorted by name); entries whose name starts with a dot (``.git``, ``.github``) are
    left out, and symbolic links to folders are not followed.
    """
    for path in paths:
        if path == stdin or not os.path.isdir(path):
            yield path, True
            continue
        files = list(_yaml_files(path))
        if not files:
            yield path, False
        for file in files:
            yield file, True


def _yaml_files(folder: str) -> Iterator[str]:
    """Depth first, entries sorted by name, as Go's ``filepath.Walk`` (``kubectl apply -R``) visits them."""
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _yaml_files(entry.path)
        elif entry.name.endswith(YAML_SUFFIXES) and entry.is_file():
            yield entry.path


def operator_defaults_from_file(kind: str, data: bytes) -> OperatorDefaults:
    """The operator's configuration from a Helm values file (``kind`` ``values``) or an env file (``env``).

    The values file is read within :mod:`constructs_locust.yaml_input`'s bounds, as the CRs are.

    Raises :class:`SpecError` (its path names the key, or the line of the env file) or
    :class:`yaml.YAMLError`.
    """
    if kind == "env":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SpecError("", f"not UTF-8 text ({error.reason} at byte {error.start})") from None
        env, paths = parse_env_lines(text)
        return defaults_from_env(env, paths=paths)
    documents = [document for document in yaml_input.load_documents(data) if document is not None]
    if len(documents) > 1:
        raise SpecError("", f"a Helm values file holds one YAML document, got {len(documents)}")
    values = documents[0] if documents else None
    if values is None:  # an empty values file: the chart's defaults
        values = {}
    if not isinstance(values, dict):
        raise SpecError("", f"a Helm values file holds a mapping, got {show_value(values)}")
    return OperatorDefaults.from_helm_values(values)


def document_texts(data: bytes) -> list[str] | None:
    """The source text of each YAML document of ``data``, in order, to pass documents through unchanged.

    A document's text runs from the start of the line where its content starts (comments
    before it and its ``---`` are not part of it) to the end of its content. ``None`` when the
    stream is not UTF-8 (the other encodings YAML allows are passed through as data instead).
    """
    try:
        text = data.decode("utf-8-sig")  # libyaml's positions leave a UTF-8 byte order mark out
    except UnicodeDecodeError:
        return None
    texts = []
    for node in yaml.compose_all(data, Loader=_LOADER):
        start, end = node.start_mark, node.end_mark
        line_start = start.index - start.column
        begin = line_start if not text[line_start : start.index].strip() else start.index
        texts.append(text[begin : end.index].rstrip() + "\n")
    return texts

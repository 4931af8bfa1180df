"""Reading the inputs: files, folders and standard input, into rendered tests, other documents and problems."""

import itertools
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from .._core.constants import KIND
from .._core.errors import SpecError, go_quote
from .._core.names import node_name
from ..manifests import render_manifests
from ..spec._document import read_locust_test
from ..spec._lint import spec_warnings
from . import _yaml_input as yaml_input
from ._inputs import InputPath, document_texts, expand_inputs
from ._reports import metadata_of
from ._results import (
    EMPTY_FILE,
    NO_DOCUMENT_IN_FOLDER,
    NO_NAME,
    STDIN,
    STDIN_LABEL,
    Entry,
    InputOptions,
    OtherDocument,
    Problem,
    RenderedTest,
)

__all__ = ["load_tests", "read_file", "read_inputs", "yaml_message"]


def read_inputs(files: Sequence[str], options: InputOptions | None = None) -> list[Entry]:
    """Read, check and render every document of ``files`` (folders: their YAML files; ``-``: stdin).

    Returns, in input order, each rendered test, each document of another kind that
    ``options.other_kinds`` skips or keeps, and each problem: per test every schema error (or
    else the webhook's first), per file a read or YAML error (a file larger than
    ``options.max_input_bytes`` is one, found without reading it to the end), and repeated tests.
    A file without YAML documents is a problem when named, and skipped inside a folder (as
    ``kubectl apply -R`` skips it), unless every YAML file of the folder is such a file.
    """
    options = options or InputOptions()
    entries: list[Entry] = []
    seen: dict[tuple[str | None, str], tuple[str, str]] = {}
    stdin: list[bytes | Problem] = []
    for folder, items in itertools.groupby(expand_inputs(list(files), STDIN), key=lambda item: item.folder):
        start = len(entries)
        for item in items:
            for result in _read_input(item, options, stdin):
                if isinstance(result, RenderedTest):
                    result = _check_unique(result, seen)
                entries.append(result)
        if folder is not None and entries[start:] and all(_is_empty_file(entry) for entry in entries[start:]):
            entries.append(Problem(folder, NO_NAME, NO_DOCUMENT_IN_FOLDER))
    return entries


def _read_input(item: InputPath, options: InputOptions, stdin: list[bytes | Problem]) -> list[Entry]:
    """The entries of one input file (``stdin`` caches standard input, read once); a folder's problem."""
    if item.problem is not None:
        return [Problem(item.path, NO_NAME, item.problem)]
    if item.path == STDIN:
        if not stdin:
            stdin.append(_read_stdin(options.max_input_bytes))
        data = stdin[0]
    else:
        data = read_file(item.path, options.max_input_bytes)
    if isinstance(data, Problem):
        return [data]
    source = STDIN_LABEL if item.path == STDIN else item.path
    return _load_source(source, data, options, in_folder=item.folder is not None)


def _is_empty_file(entry: Entry) -> bool:
    """Whether ``entry`` is a folder's file without YAML documents, skipped."""
    return isinstance(entry, OtherDocument) and entry.kind == EMPTY_FILE


def load_tests(files: Sequence[str], options: InputOptions | None = None) -> tuple[list[RenderedTest], list[Problem]]:
    """Read, check and render every LocustTest of ``files``: the tests and the problems, each in input order.

    See :func:`read_inputs`, whose skipped and kept documents this leaves out.
    """
    entries = read_inputs(files, options)
    tests = [entry for entry in entries if isinstance(entry, RenderedTest)]
    return tests, [entry for entry in entries if isinstance(entry, Problem)]


def _read_stdin(limit: int) -> bytes | Problem:
    """Standard input, at most ``limit`` bytes; closed or too large: a problem."""
    try:
        if sys.stdin is None:
            raise OSError(9, "standard input is closed")
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is not None:
            return yaml_input.read_stream(buffer, limit)
        text = sys.stdin.read(limit + 1)
        if len(text) > limit:
            raise yaml_input.InputTooLarge(f"input too large: more than {limit} characters")
        return text.encode("utf-8")
    except yaml_input.InputTooLarge as error:
        return Problem(STDIN_LABEL, NO_NAME, str(error))
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return Problem(STDIN_LABEL, NO_NAME, f"cannot read: {reason}")


def read_file(path: str, limit: int) -> bytes | Problem:
    try:
        return yaml_input.read_input(path, limit)
    except yaml_input.InputTooLarge as error:
        return Problem(path, NO_NAME, str(error))
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return Problem(path, NO_NAME, f"cannot read: {reason}")


def _load_source(source: str, data: bytes, options: InputOptions, *, in_folder: bool = False) -> list[Entry]:
    """Every entry of one file's YAML stream, in order; a file without documents is a problem
    (skipped, as an :class:`OtherDocument` of kind :data:`EMPTY_FILE`, when ``in_folder``).

    The source text of kept documents is looked up only once the whole stream has been read
    within :mod:`constructs_locust.cli._yaml_input`'s bounds.
    """
    entries: list[Entry] = []
    found = False
    index = 0
    documents = yaml_input.load_documents(data)
    while True:
        index += 1
        try:
            document = next(documents)
        except StopIteration:
            break
        except yaml.YAMLError as error:
            entries.append(Problem(source, f"document {index}", yaml_message(error, data)))
            return entries
        if document is None:
            continue
        found = True
        entries.extend(_load_document(source, index, document, options))
    if not found and in_folder:
        entries.append(OtherDocument(source, NO_NAME, EMPTY_FILE, None, kept=False))
    elif not found:
        entries.append(Problem(source, NO_NAME, "no LocustTest found: the input holds no YAML document"))
    if any(isinstance(entry, OtherDocument) and entry.kept for entry in entries):
        texts = document_texts(data)
        entries = [_with_text(entry, texts) for entry in entries]
    return entries


def _with_text(entry: Entry, texts: Sequence[str] | None) -> Entry:
    """A kept document with its source text (``texts`` by document index), when known."""
    if not (isinstance(entry, OtherDocument) and entry.kept and texts):
        return entry
    index = entry.position - 1
    return entry._replace(text=texts[index] if 0 <= index < len(texts) else None)


def yaml_message(error: yaml.YAMLError, data: bytes) -> str:
    """A one-line description of a YAML error with its (1-based) line and column."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}"
        context = f" ({error.context})" if error.context else ""
        return f"invalid YAML at {where}: {error.problem}{context}"
    if isinstance(error, yaml.reader.ReaderError):
        line = data[: error.position].count(b"\n") + 1
        return f"invalid YAML at line {line}: {error.reason} (character #x{error.character:04x})"
    return "invalid YAML: " + str(error).splitlines()[0]


def _load_document(source: str, index: int, document: Any, options: InputOptions) -> list[Entry]:
    """Check and render one YAML document (or skip or keep another kind); each problem becomes a :class:`Problem`."""
    label = _label(document, index)
    other = _other_kind(document)
    if other is not None and options.other_kinds != "error":
        return [OtherDocument(source, label, other, document, kept=options.other_kinds == "keep", position=index)]
    try:
        return [_render_document(source, document, options)]
    except SpecError as error:
        namespace = _namespace_shown(document, options)
        return [Problem(source, label, str(single), namespace) for single in error.errors]
    except MemoryError:  # not a bug: the run's own out-of-memory line says what to do
        raise
    except Exception as error:  # a bug, not bad input: still one line, no traceback
        return [Problem(source, label, f"internal error ({type(error).__name__}: {error}); please report it")]


def _other_kind(document: Any) -> str | None:
    """``apiVersion kind`` of a Kubernetes object that is no LocustTest at all; else ``None``.

    A LocustTest of an unknown version, or a document without apiVersion and kind, is no
    other kind: it stays an error whatever ``--other-kinds`` says.
    """
    if not isinstance(document, Mapping):
        return None
    api_version, kind = document.get("apiVersion"), document.get("kind")
    if not (isinstance(api_version, str) and api_version and isinstance(kind, str) and kind) or kind == KIND:
        return None
    return f"{api_version} {kind}"


def _namespace_shown(document: Any, options: InputOptions) -> str | None:
    """The namespace a document's objects would get, for reports (``None`` if unknown or invalid)."""
    namespace = metadata_of(document).get("namespace")
    if isinstance(namespace, str) and namespace:
        return namespace
    return options.namespace


def _label(document: Any, index: int) -> str:
    """The NAME of a document in error messages: its ``metadata.name``, else ``document N``."""
    name = metadata_of(document).get("name")
    return name if isinstance(name, str) and name else f"document {index}"


def _render_document(source: str, document: Any, options: InputOptions) -> RenderedTest:
    """Check a document as kubectl, the API server and the operator's webhook would, then render it.

    First the namespace against ``-n`` (kubectl refuses a mismatch before sending anything),
    then the document as :func:`constructs_locust.read_locust_test` reads it.
    """
    namespace_option = _namespace_option(document, options.namespace)
    test = read_locust_test(document)
    namespace = namespace_option or test.namespace
    manifests = render_manifests(test.spec, test.name, namespace, options.defaults)
    return RenderedTest(source, test.name, namespace, manifests, spec_warnings(test.spec, name=test.name))


def _namespace_option(document: Any, option: str | None) -> str | None:
    """``-n NS`` for a CR: NS if the CR names no namespace or the same one; ``None`` without ``-n``.

    A CR that names another namespace is refused with kubectl's own message.
    """
    if option is None:
        return None
    own = metadata_of(document).get("namespace")
    if own is None or own == "" or own == option:
        return option
    raise SpecError(
        "metadata.namespace",
        f"the namespace from the provided object {go_quote(str(own))} does not match the namespace "
        f"{go_quote(option)}. You must pass '--namespace={own}' to perform this operation.",
    )


def _check_unique(test: RenderedTest, seen: dict[tuple[str | None, str], tuple[str, str]]) -> RenderedTest | Problem:
    """A test that renders the objects of one seen before in its namespace is a problem.

    The operator holds one test of each name, and its objects are named after the test with
    dots made dashes (``a.b`` and ``a-b`` both give ``a-b-master``): the key is that name.
    ``seen`` maps (namespace, rendered name) to the first test's (source, name).
    """
    key = (test.namespace, node_name(test.name, "master"))
    first = seen.get(key)
    if first is None:
        seen[key] = (test.source, test.name)
        return test
    first_source, first_name = first
    where = f" in namespace {go_quote(test.namespace)}" if test.namespace else ""
    if first_name == test.name:
        return Problem(
            test.source, test.name, f"duplicate LocustTest {go_quote(test.name)}{where} (first in {first_source})"
        )
    return Problem(
        test.source,
        test.name,
        f"duplicate LocustTest {go_quote(test.name)}{where} "
        f"(renders the same objects as {go_quote(first_name)} in {first_source})",
    )

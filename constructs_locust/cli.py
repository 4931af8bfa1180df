"""The command line: render or validate LocustTest CR files, without the operator and without Node.

``render`` prints, for every test in input order, the master Service, the master Job and the
worker Job as multi-document YAML (or writes one file per test with ``-o DIR``); ``validate``
only checks. Both read several YAML documents per file and ``-`` for standard input, accept
``locust.io/v2`` and ``locust.io/v1`` LocustTests, and report every problem of every input as
``FILE: NAME: message`` on standard error. Nothing is written unless every input is valid.

This module never imports cdk8s (whose Node runtime takes about half a second to start):
the manifests come from the pure builders in :mod:`constructs_locust.manifests`, the very
objects that the ``LocustTest`` construct hands to cdk8s.
"""

import argparse
import importlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from . import v1
from .constants import API_VERSION, KIND
from .errors import SpecError, go_quote, show_value
from .lint import spec_warnings
from .manifests import LocustManifests, render_manifests
from .names import check_test_name
from .spec import LocustTestSpec

__all__ = ["Problem", "RenderedTest", "build_parser", "dump_tests", "load_tests", "main"]

PROG = "constructs-locust"
STDIN = "-"
"""The file argument that stands for standard input."""
STDIN_LABEL = "<stdin>"
NO_NAME = "-"
"""The NAME part of an error that concerns a whole file rather than one test."""

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_TOP_LEVEL_FIELDS = frozenset({"apiVersion", "kind", "metadata", "spec", "status"})
_API_VERSIONS = (API_VERSION, v1.API_VERSION)

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """PyYAML's safe dumper (libyaml when available) that never writes anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        """Write every object in full: Kubernetes manifests do not use YAML aliases."""
        return True


class Problem(NamedTuple):
    """One thing wrong with the input, shown as ``FILE: NAME: message``."""

    source: str
    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.name}: {self.message}"


class RenderedTest(NamedTuple):
    """A valid LocustTest from the input and the operator's objects for it."""

    source: str
    name: str
    namespace: str | None
    manifests: LocustManifests
    warnings: tuple[str, ...] = ()
    """What :func:`constructs_locust.lint.spec_warnings` says about the test."""


class _Invalid(Exception):
    """A document that is not a LocustTest at all (the message is the whole explanation)."""


HELP_EPILOG = f"""\
Input: LocustTest custom resources (apiVersion locust.io/v2, or the deprecated locust.io/v1,
which is converted to v2 as the operator converts it), several YAML documents per file; '-'
reads standard input. Empty documents are skipped. The namespace of the objects is the CR's
metadata.namespace (none if absent).

Errors: every problem of every input is reported on standard error as 'FILE: NAME: message'
(NAME is the CR's metadata.name, 'document N' when it has none, '{NO_NAME}' for a whole file),
one line each: for each test the first error, in the operator's own words where it has them.
Nothing is written unless every input is valid.

Exit status: 0 success, 1 invalid input (or an output that cannot be written), 2 usage error.

Run '{PROG} COMMAND --help' for the options of a command."""

RENDER_EPILOG = f"""\
Output: for each test in input order, its master Service, master Job and worker Job,
exactly the objects the LocustTest construct synthesizes (defaults: a default Helm install
of the operator). Without -o, one multi-document YAML stream on standard output. With -o DIR,
one file DIR/<metadata.name>.yaml per test (DIR and its parents are created if missing, other
files in DIR are left alone, a file of the same name is replaced); the files are written to a
temporary directory first and moved into place only when every input is valid, so a failed run
leaves DIR as it was. Two tests of the same name (in different namespaces) cannot share DIR.

Input: LocustTest CRs (locust.io/v2, or locust.io/v1 converted as the operator converts it),
several YAML documents per file, '-' for standard input. Errors: one 'FILE: NAME: message'
line per problem on standard error, for every input (see '{PROG} --help').

Examples:
  {PROG} render tests/*.yaml -o manifests/
  cat tests/*.yaml | {PROG} render - | kubectl apply -f -

Exit status: 0 success, 1 invalid input or unwritable output, 2 usage error."""

VALIDATE_EPILOG = f"""\
Checks what 'render' checks (the CRD schema and the operator's webhook rules, duplicate
tests) and writes nothing but one 'FILE: NAME: valid' line per test on standard output.
Errors: one 'FILE: NAME: message' line per problem on standard error, for every input.

Example:
  {PROG} validate tests/*.yaml

Exit status: 0 every test valid, 1 invalid input, 2 usage error."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``constructs-locust`` with its ``render``, ``validate`` and ``crd`` commands."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Render what the Locust k8s operator creates for LocustTest CRs, without the operator.",
        epilog=HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    render = commands.add_parser(
        "render",
        help="print (or write under -o DIR) the Service, master Job and worker Job of each test",
        description="Render the master Service, master Job and worker Job of each LocustTest.",
        epilog=RENDER_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_files_argument(render)
    render.add_argument(
        "-o",
        "--output-dir",
        metavar="DIR",
        type=Path,
        help="write one file per test, DIR/<name>.yaml, instead of printing (DIR is created if missing)",
    )
    validate = commands.add_parser(
        "validate",
        help="check LocustTest CRs as the CRD and the operator's webhook would; write nothing",
        description="Validate LocustTest CRs without rendering anything.",
        epilog=VALIDATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_files_argument(validate)
    commands.add_parser(
        "crd",
        help="print the LocustTest CustomResourceDefinition (see 'crd --help' for its options)",
        description="Print the LocustTest CustomResourceDefinition.",
        add_help=False,
    )
    return parser


def _add_files_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (specs that run but not as meant, see README) as errors: exit 1, write nothing",
    )
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help="a YAML file of LocustTest CRs (several documents allowed); '-' for standard input",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
        if args.command != "crd" and extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        if args.command == "crd":
            return _crd(extra)
        if args.command == "validate":
            return _validate(args.files, strict=args.strict)
        return _render(args.files, args.output_dir, strict=args.strict)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def _crd(argv: list[str]) -> int:
    """Hand the ``crd`` command and its own arguments to :mod:`constructs_locust.crd`."""
    try:
        crd = importlib.import_module(f"{__package__}.crd")
    except ModuleNotFoundError as error:
        if error.name != f"{__package__}.crd":
            raise
        _report([Problem(PROG, "crd", "not available in this installation")])
        return EXIT_INVALID
    status: int = crd.main(argv)
    return status


def _render(files: Sequence[str], output_dir: Path | None, *, strict: bool = False) -> int:
    tests, problems = load_tests(files)
    if _report_warnings(tests) and strict:
        problems.append(Problem(PROG, NO_NAME, "warnings are errors with --strict: nothing written"))
    if output_dir is not None:
        problems += _output_dir_problems(output_dir, tests)
    if problems:
        _report(problems)
        return EXIT_INVALID
    if output_dir is None:
        sys.stdout.write(dump_tests(tests))
        sys.stdout.flush()
        return EXIT_OK
    try:
        write_files(output_dir, {f"{test.name}.yaml": dump_tests([test]) for test in tests})
    except OSError as error:
        _report([Problem(str(output_dir), NO_NAME, f"cannot write: {error.strerror or error}")])
        return EXIT_INVALID
    return EXIT_OK


def _validate(files: Sequence[str], *, strict: bool = False) -> int:
    tests, problems = load_tests(files)
    if _report_warnings(tests) and strict:
        problems.append(Problem(PROG, NO_NAME, "warnings are errors with --strict"))
    if problems:
        _report(problems)
        return EXIT_INVALID
    sys.stdout.write("".join(f"{test.source}: {test.name}: valid\n" for test in tests))
    return EXIT_OK


def _report_warnings(tests: Sequence[RenderedTest]) -> bool:
    """Print every test's warnings as ``FILE: NAME: warning: ...`` on stderr; tell whether there were any."""
    lines = [f"{test.source}: {test.name}: warning: {message}\n" for test in tests for message in test.warnings]
    sys.stderr.write("".join(lines))
    sys.stderr.flush()
    return bool(lines)


def _report(problems: Sequence[Problem]) -> None:
    sys.stderr.write("".join(f"{problem}\n" for problem in problems))
    sys.stderr.flush()


def _silence_stdout() -> None:
    """After a broken pipe (``render ... | head``), keep Python from complaining at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


def load_tests(files: Sequence[str]) -> tuple[list[RenderedTest], list[Problem]]:
    """Read, check and render every LocustTest of ``files`` (``-``: standard input).

    Returns the rendered tests in input order and every problem found, also in input order:
    per test its first error, per file a read or YAML error, and repeated tests.
    """
    tests: list[RenderedTest] = []
    problems: list[Problem] = []
    seen: dict[tuple[str | None, str], str] = {}
    stdin_data: bytes | None = None
    for path in files:
        source = STDIN_LABEL if path == STDIN else path
        if path == STDIN:
            stdin_data = _read_stdin() if stdin_data is None else stdin_data
            data: bytes | Problem = stdin_data
        else:
            data = _read_file(path)
        if isinstance(data, Problem):
            problems.append(data)
            continue
        for result in _load_source(source, data):
            if isinstance(result, RenderedTest):
                result = _check_unique(result, seen)
            if isinstance(result, RenderedTest):
                tests.append(result)
            else:
                problems.append(result)
    return tests, problems


def _read_stdin() -> bytes:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        data: bytes = buffer.read()
        return data
    return sys.stdin.read().encode("utf-8")


def _read_file(path: str) -> bytes | Problem:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        return Problem(path, NO_NAME, f"cannot read: {error.strerror or error}")


def _load_source(source: str, data: bytes) -> Iterator[RenderedTest | Problem]:
    """Every test or problem of one file's YAML stream, in order; a file without tests is a problem."""
    found = False
    index = 0
    documents = yaml.load_all(data, Loader=_Loader)
    while True:
        index += 1
        try:
            document = next(documents)
        except StopIteration:
            break
        except yaml.YAMLError as error:
            yield Problem(source, f"document {index}", _yaml_message(error, data))
            return
        if document is None:
            continue
        found = True
        yield _load_document(source, index, document)
    if not found:
        yield Problem(source, NO_NAME, "no LocustTest found: the input holds no YAML document")


def _yaml_message(error: yaml.YAMLError, data: bytes) -> str:
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


def _load_document(source: str, index: int, document: Any) -> RenderedTest | Problem:
    """Check and render one YAML document; any problem becomes a :class:`Problem`."""
    label = _label(document, index)
    try:
        return _render_document(source, document)
    except SpecError as error:
        return Problem(source, label, str(error))
    except _Invalid as error:
        return Problem(source, label, str(error))
    except Exception as error:  # a bug, not bad input: still one line, no traceback
        return Problem(source, label, f"internal error ({type(error).__name__}: {error}); please report it")


def _label(document: Any, index: int) -> str:
    """The NAME of a document in error messages: its ``metadata.name``, else ``document N``."""
    metadata = document.get("metadata") if isinstance(document, Mapping) else None
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    return name if isinstance(name, str) and name else f"document {index}"


def _render_document(source: str, document: Any) -> RenderedTest:
    """Check a document as the API server and the operator's webhook would, then render it.

    The name is checked first (the webhook's first rule), then the spec: schema, then the
    webhook's spec rules, in the webhook's order.
    """
    api_version = _check_locust_test(document)
    metadata = document.get("metadata")
    if metadata is not None and not isinstance(metadata, Mapping):
        raise SpecError("metadata", f"Invalid value: {show_value(metadata)}: must be of type object")
    metadata = metadata or {}
    name = check_test_name(metadata.get("name"))
    namespace = metadata.get("namespace")
    if namespace == "":  # as kubectl reads it: no namespace given
        namespace = None
    if document.get("spec") is None:
        raise SpecError("spec", "Required value")
    spec_mapping = document["spec"]
    if api_version == v1.API_VERSION:
        spec_mapping = v1.v1_spec_to_v2(spec_mapping)
    spec = LocustTestSpec.from_cr(spec_mapping)
    manifests = render_manifests(spec, name, namespace)
    return RenderedTest(source, name, namespace, manifests, spec_warnings(spec, name=name))


def _check_locust_test(document: Any) -> str:
    """Refuse anything but a LocustTest object; return its ``apiVersion``."""
    if not isinstance(document, Mapping):
        raise _Invalid(
            f"not a Kubernetes object: expected a mapping with apiVersion and kind, got {show_value(document)}"
        )
    api_version, kind = document.get("apiVersion"), document.get("kind")
    if kind != KIND or api_version not in _API_VERSIONS:
        raise _Invalid(
            f"not a LocustTest: apiVersion {_shown(api_version)}, kind {_shown(kind)} "
            f"(expected kind {KIND} with apiVersion {' or '.join(_API_VERSIONS)})"
        )
    for key in document:
        if key not in _TOP_LEVEL_FIELDS:
            raise SpecError(str(key), f'unknown field "{key}"')
    return str(api_version)


def _shown(value: Any) -> str:
    return "(none)" if value is None else go_quote(value) if isinstance(value, str) else show_value(value)


def _check_unique(test: RenderedTest, seen: dict[tuple[str | None, str], str]) -> RenderedTest | Problem:
    """A test whose name and namespace were seen before is a problem (the operator holds one of each)."""
    key = (test.namespace, test.name)
    first = seen.get(key)
    if first is None:
        seen[key] = test.source
        return test
    where = f" in namespace {go_quote(test.namespace)}" if test.namespace else ""
    return Problem(test.source, test.name, f"duplicate LocustTest {go_quote(test.name)}{where} (first in {first})")


def _output_dir_problems(output_dir: Path, tests: Sequence[RenderedTest]) -> list[Problem]:
    """An output directory that is a file, or two tests that would share one output file."""
    problems: list[Problem] = []
    if output_dir.exists() and not output_dir.is_dir():
        problems.append(Problem(str(output_dir), NO_NAME, "cannot write: exists and is not a directory"))
    owners: dict[str, RenderedTest] = {}
    for test in tests:
        first = owners.setdefault(test.name, test)
        if first is not test:
            file = output_dir / f"{test.name}.yaml"
            problems.append(
                Problem(
                    test.source,
                    test.name,
                    f"{file} would hold two tests: this one and the one in namespace "
                    f"{go_quote(first.namespace or '')} from {first.source}; render them to different directories",
                )
            )
    return problems


def dump_tests(tests: Sequence[RenderedTest]) -> str:
    """The tests' objects as one multi-document YAML stream: per test its Service, master Job, worker Job."""
    documents = [manifest for test in tests for manifest in test.manifests]
    text: str = yaml.dump_all(
        documents,
        Dumper=_Dumper,
        sort_keys=False,
        explicit_start=True,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31 - 1,
    )
    return text


def write_files(directory: Path, files: Mapping[str, str]) -> None:
    """Write ``files`` (name -> text) into ``directory``, all or nothing as far as the file system allows.

    The files are written to a temporary directory beside ``directory`` (in its nearest
    existing ancestor), then ``directory`` is created if missing and each file is moved into
    place with an atomic rename. If writing fails, ``directory`` is left untouched.
    """
    directory = directory.absolute()
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=_existing_ancestor(directory)))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        directory.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.replace(staging / name, directory / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _existing_ancestor(path: Path) -> Path:
    """The closest existing parent of ``path`` (the staging area stays on its file system)."""
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return parent

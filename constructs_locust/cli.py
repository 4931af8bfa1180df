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
import signal
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from . import yaml_input
from ._display import shown_text
from ._stdio import silence_stdout, write_stdout
from .atomic_output import Interrupted, OutputError, write_files
from .document import read_locust_test
from .errors import SpecError, go_quote
from .lint import spec_warnings
from .manifests import LocustManifests, render_manifests

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
        """One line: every part escaped (no raw control character) and bounded in length."""
        return f"{shown_text(self.source, 1024)}: {shown_text(self.name, 256)}: {shown_text(self.message, 4096)}"


class RenderedTest(NamedTuple):
    """A valid LocustTest from the input and the operator's objects for it."""

    source: str
    name: str
    namespace: str | None
    manifests: LocustManifests
    warnings: tuple[str, ...] = ()
    """What :func:`constructs_locust.lint.spec_warnings` says about the test."""


HELP_EPILOG = f"""\
Input: LocustTest custom resources (apiVersion locust.io/v2, or the deprecated locust.io/v1,
which is converted to v2 as the operator converts it), several YAML documents per file; '-'
reads standard input. Empty documents are skipped. The namespace of the objects is the CR's
metadata.namespace (none if absent).

Errors: every problem of every input is reported on standard error as 'FILE: NAME: message'
(NAME is the CR's metadata.name, 'document N' when it has none, '{NO_NAME}' for a whole file),
one line each: for each test every schema error, or else the webhook's first error, in the
operator's own words where it has them.
Nothing is written unless every input is valid.

Exit status: 0 success, 1 invalid input (or an output that cannot be written), 2 usage error.

Run '{PROG} COMMAND --help' for the options of a command."""

RENDER_EPILOG = f"""\
Output: for each test in input order, its master Service, master Job and worker Job,
exactly the objects the LocustTest construct synthesizes (defaults: a default Helm install
of the operator). Without -o, one multi-document YAML stream on standard output. With -o DIR,
one file DIR/<metadata.name>.yaml per test (DIR and its parents are created if missing, other
files in DIR are left alone, a file of the same name is replaced), only when every input is
valid, and all or nothing: staged inside DIR, then swapped in; a failed move, SIGINT or SIGTERM
rolls every move back, so a failed run leaves DIR as it was (after a SIGKILL, the next run
restores it). Two tests of the same name (in different namespaces) cannot share DIR.

Limits: an input file larger than --max-input-size (default 4Mi) is refused; YAML aliases may
add at most 100000 values to a document, nesting at most 100 levels.

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
    parser.add_argument(
        "--max-input-size",
        metavar="SIZE",
        type=_size,
        default=yaml_input.DEFAULT_MAX_INPUT_BYTES,
        help="refuse an input file larger than SIZE bytes (suffixes K, M, G, Ki, Mi, Gi; default 4Mi)",
    )


def _size(text: str) -> int:
    try:
        return yaml_input.parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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
            return _validate(args.files, args.max_input_size, strict=args.strict)
        return _render(args.files, args.output_dir, args.max_input_size, strict=args.strict)
    except BrokenPipeError:
        silence_stdout()
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 128 + signal.SIGINT


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


def _render(files: Sequence[str], output_dir: Path | None, max_input_bytes: int, *, strict: bool = False) -> int:
    tests, problems = load_tests(files, max_input_bytes=max_input_bytes)
    if _report_warnings(tests) and strict:
        problems.append(Problem(PROG, NO_NAME, "warnings are errors with --strict: nothing written"))
    if output_dir is not None:
        problems += _output_dir_problems(output_dir, tests)
    if problems:
        _report(problems)
        return EXIT_INVALID
    try:
        if output_dir is None:
            return _write_stdout(dump_tests(tests))
        outputs = {f"{test.name}.yaml": dump_tests([test]) for test in tests}
    except (RecursionError, ValueError, yaml.YAMLError) as error:
        _report([Problem(PROG, NO_NAME, f"cannot render: {type(error).__name__}: {error}")])
        return EXIT_INVALID
    return _write_output_dir(output_dir, outputs)


def _write_output_dir(output_dir: Path, outputs: Mapping[str, str]) -> int:
    """Write the files all or nothing (see :mod:`constructs_locust.atomic_output`); report a failure."""
    try:
        write_files(output_dir, outputs)
    except OutputError as error:
        outcome = "" if error.changed else " (nothing was changed)"
        _report([Problem(error.path, NO_NAME, f"cannot write: {error.reason}{outcome}")])
        return EXIT_INVALID
    except Interrupted as error:
        state = "every file was written" if error.completed else f"{output_dir} was left as it was"
        _report([Problem(str(output_dir), NO_NAME, f"{error}: {state}")])
        return 128 + error.signum
    except UnicodeEncodeError as error:
        _report([Problem(str(output_dir), NO_NAME, f"cannot write: {error.reason} in the output")])
        return EXIT_INVALID
    return EXIT_OK


def _write_stdout(text: str) -> int:
    """Write ``text`` to standard output; a closed or full output is one problem line."""
    reason = write_stdout(text)
    if reason is None:
        return EXIT_OK
    _report([Problem("<stdout>", NO_NAME, f"cannot write: {reason}")])
    return EXIT_INVALID


def _validate(
    files: Sequence[str], max_input_bytes: int = yaml_input.DEFAULT_MAX_INPUT_BYTES, *, strict: bool = False
) -> int:
    tests, problems = load_tests(files, max_input_bytes=max_input_bytes)
    if _report_warnings(tests) and strict:
        problems.append(Problem(PROG, NO_NAME, "warnings are errors with --strict"))
    if problems:
        _report(problems)
        return EXIT_INVALID
    return _write_stdout("".join(f"{Problem(test.source, test.name, 'valid')}\n" for test in tests))


def _report_warnings(tests: Sequence[RenderedTest]) -> bool:
    """Print every test's warnings as ``FILE: NAME: warning: ...`` on stderr; tell whether there were any."""
    lines = [
        f"{Problem(test.source, test.name, f'warning: {message}')}\n" for test in tests for message in test.warnings
    ]
    _write_stderr("".join(lines))
    return bool(lines)


def _report(problems: Sequence[Problem]) -> None:
    _write_stderr("".join(f"{problem}\n" for problem in problems))


def _write_stderr(text: str) -> None:
    try:
        if sys.stderr is not None:
            sys.stderr.write(text)
            sys.stderr.flush()
    except (OSError, ValueError):
        pass  # nowhere left to tell: the exit status still says it


def load_tests(
    files: Sequence[str], *, max_input_bytes: int = yaml_input.DEFAULT_MAX_INPUT_BYTES
) -> tuple[list[RenderedTest], list[Problem]]:
    """Read, check and render every LocustTest of ``files`` (``-``: standard input).

    Returns the rendered tests in input order and every problem found, also in input order:
    per test every schema error (or else the webhook's first), per file a read or YAML error,
    and repeated tests. A file
    larger than ``max_input_bytes`` is a problem, found without reading it to the end.
    """
    tests: list[RenderedTest] = []
    problems: list[Problem] = []
    seen: dict[tuple[str | None, str], str] = {}
    stdin_data: bytes | Problem | None = None
    for path in files:
        source = STDIN_LABEL if path == STDIN else path
        if path == STDIN:
            stdin_data = _read_stdin(max_input_bytes) if stdin_data is None else stdin_data
            data: bytes | Problem = stdin_data
        else:
            data = _read_file(path, max_input_bytes)
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


def _read_file(path: str, limit: int) -> bytes | Problem:
    try:
        return yaml_input.read_input(path, limit)
    except yaml_input.InputTooLarge as error:
        return Problem(path, NO_NAME, str(error))
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return Problem(path, NO_NAME, f"cannot read: {reason}")


def _load_source(source: str, data: bytes) -> Iterator[RenderedTest | Problem]:
    """Every test or problem of one file's YAML stream, in order; a file without tests is a problem."""
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
            yield Problem(source, f"document {index}", _yaml_message(error, data))
            return
        if document is None:
            continue
        found = True
        yield from _load_document(source, index, document)
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


def _load_document(source: str, index: int, document: Any) -> Iterator[RenderedTest | Problem]:
    """Check and render one YAML document; each of its problems becomes a :class:`Problem`."""
    label = _label(document, index)
    try:
        yield _render_document(source, document)
    except SpecError as error:
        yield from (Problem(source, label, str(single)) for single in error.errors)
    except Exception as error:  # a bug, not bad input: still one line, no traceback
        yield Problem(source, label, f"internal error ({type(error).__name__}: {error}); please report it")


def _label(document: Any, index: int) -> str:
    """The NAME of a document in error messages: its ``metadata.name``, else ``document N``."""
    metadata = document.get("metadata") if isinstance(document, Mapping) else None
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    return name if isinstance(name, str) and name else f"document {index}"


def _render_document(source: str, document: Any) -> RenderedTest:
    """Read a document as the API server and the operator's webhook would, then render it."""
    test = read_locust_test(document)
    manifests = render_manifests(test.spec, test.name, test.namespace)
    return RenderedTest(source, test.name, test.namespace, manifests, spec_warnings(test.spec, name=test.name))


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

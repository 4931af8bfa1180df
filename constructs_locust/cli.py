"""The command line: render or validate LocustTest CR files, without the operator and without Node.

``render`` prints, for every test in input order, the master Service, the master Job and the
worker Job as multi-document YAML (or writes one file per test with ``-o DIR``); ``validate``
only checks, and reports every input. Both read several YAML documents per file, folders of
YAML files and ``-`` for standard input, accept ``locust.io/v2`` and ``locust.io/v1``
LocustTests, render with the user's operator configuration (``--operator-values``,
``--operator-env``) and namespace (``-n``), and report every problem of every input as
``FILE: NAME: message`` on standard error (or as JSON with ``--output json``). Nothing is
written unless every input is valid.

This module never imports cdk8s (whose Node runtime takes about half a second to start):
the manifests come from the pure builders in :mod:`constructs_locust.manifests`, the very
objects that the ``LocustTest`` construct hands to cdk8s.
"""

import argparse
import importlib
import json
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from . import v1
from .cli_inputs import document_texts, expand_inputs, operator_defaults_from_file
from .constants import API_VERSION, KIND
from .defaults import OperatorDefaults
from .errors import SpecError, go_quote, show_value
from .manifests import LocustManifests, render_manifests
from .names import check_namespace, check_test_name
from .operator_env import OperatorConfigWarning
from .spec import LocustTestSpec

__all__ = [
    "InputOptions",
    "OtherDocument",
    "Problem",
    "RenderedTest",
    "build_parser",
    "dump_tests",
    "load_tests",
    "main",
    "read_inputs",
]

PROG = "constructs-locust"
"""The program name of the installed console script."""
PYTHON_M_PROG = "python -m constructs_locust"
"""The program name when run as ``python -m constructs_locust``."""
OTHER_KINDS = ("error", "skip", "keep")
"""What ``--other-kinds`` does with documents that are not LocustTests."""
KEPT_FILE = "_other-kinds.yaml"
"""With ``--other-kinds keep -o DIR``, the file that holds the kept documents (no test can be named so)."""
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
    """One thing wrong with the input, shown as ``FILE: NAME: message``; ``namespace`` if known."""

    source: str
    name: str
    message: str
    namespace: str | None = None

    def __str__(self) -> str:
        return f"{self.source}: {self.name}: {self.message}"


class RenderedTest(NamedTuple):
    """A valid LocustTest from the input and the operator's objects for it."""

    source: str
    name: str
    namespace: str | None
    manifests: LocustManifests
    spec: LocustTestSpec | None = None


class OtherDocument(NamedTuple):
    """A document that is not a LocustTest, skipped or kept (``--other-kinds skip|keep``)."""

    source: str
    name: str
    kind: str
    """``apiVersion kind``, as shown in reports."""
    document: Any
    kept: bool
    text: str | None = None
    """A kept document's source text, written out as it is (else its data is)."""


class InputOptions(NamedTuple):
    """How the inputs are read: ``-n``, ``--other-kinds`` and the operator's configuration."""

    namespace: str | None = None
    other_kinds: str = "error"
    defaults: OperatorDefaults | None = None


Entry = RenderedTest | OtherDocument | Problem
"""One result of reading the inputs, in input order."""


class _Invalid(Exception):
    """A document that is not a LocustTest at all (the message is the whole explanation)."""


HELP_EPILOG = """\
Input: LocustTest custom resources (apiVersion locust.io/v2, or the deprecated locust.io/v1,
which is converted to v2 as the operator converts it), several YAML documents per file; a
folder stands for its *.yaml and *.yml files (recursively, in kubectl apply -R's order,
dot-entries left out); '-' reads standard input. Empty documents are skipped. The namespace of the objects is the
CR's metadata.namespace, else the one given with -n (none if neither).

Operator configuration: by default, that of a default Helm install of the operator. Give
your install's values file (--operator-values) or the operator's environment variables
(--operator-env) to render what your operator creates.

Errors: every problem of every input is reported on standard error as 'FILE: NAME: message'
(NAME is the CR's metadata.name, 'document N' when it has none, '-' for a whole file),
one line each: for each test the first error, in the operator's own words where it has them.
Nothing is written unless every input is valid. With --output json, the report is JSON.

Exit status: 0 success, 1 invalid input (or an output that cannot be written), 2 usage error.

Run '{prog} COMMAND --help' for the options of a command; '{prog} --version' prints the version."""

COMMON_EPILOG = """\
Input: LocustTest CRs (locust.io/v2, or locust.io/v1 converted as the operator converts it),
several YAML documents per file, folders of *.yaml/*.yml files (recursive, names sorted), '-' for
standard input. Documents of other kinds are an error unless --other-kinds says otherwise.

Operator configuration (one of, default: a default Helm install of the operator):
  --operator-values FILE  the values file the operator was installed with (helm install -f FILE):
                          locustPods.*, kafka.*, the deprecated config.* keys and extraEnv,
                          over the chart's defaults, as the chart turns them into settings
  --operator-env FILE     the operator's environment, NAME=VALUE lines ('#' comments allowed),
                          e.g. from: kubectl get deploy/locust-operator -n NS -o jsonpath=
                          '{range .spec.template.spec.containers[0].env[*]}{.name}={.value}{"\\n"}{end}'
Values the operator refuses at startup (quantities, runtimeClassName), unknown keys and
unknown variables are errors ('FILE: -: KEY: message')."""

JSON_EPILOG = """\
--output json: one JSON object {"valid": true|false, "results": [...]}, one result per test,
per other document and per input that could not be read, in input order, each with "file",
"test" (metadata.name, 'document N', or null for a whole file), "namespace", "status"
("valid", "invalid", "skipped" or "kept"), "errors" and "warnings" (lists of strings)."""

RENDER_EPILOG = """\
Output: for each test in input order, its master Service, master Job and worker Job,
exactly the objects the LocustTest construct synthesizes with the operator configuration
given. Without -o, one multi-document YAML stream on standard output. With -o DIR,
one file DIR/<metadata.name>.yaml per test (DIR and its parents are created if missing, other
files in DIR are left alone, a file of the same name is replaced); the files are written to a
temporary directory first and moved into place only when every input is valid, so a failed run
leaves DIR as it was. Two tests of the same name (in different namespaces) cannot share DIR.

--other-kinds keep passes every other document through unchanged (as written, from the
line where its content starts), in input order among the tests' objects, so that
'{prog} render -n NS --other-kinds keep DIR | kubectl apply -n NS -f -' applies a whole
folder (-n fills in no namespace of the kept documents: kubectl's -n does); with -o DIR they
go, in input order, to DIR/_other-kinds.yaml.

{common}

Errors: one 'FILE: NAME: message' line per problem on standard error, for every input; with
--output json, the JSON report below on standard error instead.

{json}

Examples:
  {prog} render tests/ -o manifests/
  {prog} render -n perf --operator-values ops/locust-operator.yaml tests/*.yaml
  cat tests/*.yaml | {prog} render - | kubectl apply -f -

Exit status: 0 success, 1 invalid input or unwritable output, 2 usage error."""

VALIDATE_EPILOG = """\
Checks what 'render' checks (the CRD schema, the operator's webhook rules, the operator
configuration, duplicate tests) and writes nothing. Reports every input on standard output:
'FILE: NAME: valid' for each valid test ('skipped' or 'kept' for other documents with
--other-kinds), and one 'FILE: NAME: message' line per problem on standard error.

{common}

{json} With --output json, the report goes to standard output.

Examples:
  {prog} validate tests/
  {prog} validate --output json --other-kinds skip gitops/ > report.json

Exit status: 0 every test valid, 1 invalid input, 2 usage error."""


class _VersionAction(argparse.Action):
    """``--version``: looked up only when asked (package metadata costs time at every start)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        sys.stdout.write(f"{parser.prog} {package_version()}\n")
        parser.exit()


def package_version() -> str:
    """The installed package's version, else (a source checkout) the package's own version."""
    import importlib.metadata

    try:
        return importlib.metadata.version("constructs-locust")
    except importlib.metadata.PackageNotFoundError:
        pass
    own = getattr(sys.modules.get(__package__ or ""), "__version__", None)
    if isinstance(own, str):
        return own
    import tomllib

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    """The argument parser of ``constructs-locust`` with its ``render``, ``validate`` and ``crd`` commands.

    ``prog`` is the program name shown in every help text (``python -m constructs_locust``
    when run so).
    """

    def text(template: str) -> str:
        return template.replace("{common}", COMMON_EPILOG).replace("{json}", JSON_EPILOG).replace("{prog}", prog)

    parser = argparse.ArgumentParser(
        prog=prog,
        description="Render what the Locust k8s operator creates for LocustTest CRs, without the operator.",
        epilog=text(HELP_EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction, help="print the program's version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    render = commands.add_parser(
        "render",
        help="print (or write under -o DIR) the Service, master Job and worker Job of each test",
        description="Render the master Service, master Job and worker Job of each LocustTest.",
        epilog=text(RENDER_EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input_arguments(render)
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
        epilog=text(VALIDATE_EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input_arguments(validate)
    commands.add_parser(
        "crd",
        help=f"print the LocustTest CustomResourceDefinition (see '{prog} crd --help' for its options)",
        description="Print the LocustTest CustomResourceDefinition.",
        add_help=False,
    )
    return parser


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help="a YAML file of LocustTest CRs (several documents allowed), a folder of them; '-' for standard input",
    )
    parser.add_argument(
        "-n",
        "--namespace",
        metavar="NS",
        help="namespace of the CRs that set none (a CR that sets another one is an error, as with kubectl -n)",
    )
    config = parser.add_mutually_exclusive_group()
    config.add_argument(
        "--operator-values",
        metavar="FILE",
        help="the operator's Helm values file: render what an operator installed with it creates",
    )
    config.add_argument(
        "--operator-env",
        metavar="FILE",
        help="the operator's environment variables (NAME=VALUE lines): render what that operator creates",
    )
    parser.add_argument(
        "--other-kinds",
        choices=OTHER_KINDS,
        default="error",
        help="documents that are not LocustTests: an error (default), skipped, or kept in the output",
    )
    parser.add_argument(
        "--output",
        choices=("text", "json"),
        default="text",
        help="report format: 'FILE: NAME: message' lines (default) or one JSON object",
    )


def main(argv: Sequence[str] | None = None, *, prog: str = PROG) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status.

    ``prog`` is the program name shown in help and usage texts.
    """
    parser = build_parser(prog)
    try:
        args, extra = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
        if args.command != "crd" and extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        if args.command != "crd" and args.namespace is not None:
            try:
                check_namespace(args.namespace)
            except SpecError as error:
                parser.error(f"argument -n/--namespace: {error.reason}")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        if args.command == "crd":
            return _crd(extra, f"{prog} crd")
        return _run(args)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def _crd(argv: list[str], prog: str) -> int:
    """Hand the ``crd`` command and its own arguments to :mod:`constructs_locust.crd`."""
    try:
        crd = importlib.import_module(f"{__package__}.crd")
    except ModuleNotFoundError as error:
        if error.name != f"{__package__}.crd":
            raise
        _report([Problem(prog, "crd", "not available in this installation")])
        return EXIT_INVALID
    status: int = crd.main(argv, prog=prog)
    return status


class _Run(NamedTuple):
    """One command's inputs read: its entries in order, plus the operator configuration's problems."""

    entries: list[Entry]
    config: list[Problem]
    config_warnings: list[Problem]


def _run(args: argparse.Namespace) -> int:
    defaults, config, config_warnings = _operator_defaults(args.operator_values, args.operator_env)
    entries: list[Entry] = []
    if not config:
        options = InputOptions(namespace=args.namespace, other_kinds=args.other_kinds, defaults=defaults)
        entries = read_inputs(args.files, options)
    run = _Run(entries, config, config_warnings)
    if args.command == "validate":
        return _validate(run, json_output=args.output == "json")
    return _render(run, args.output_dir, json_output=args.output == "json")


def _operator_defaults(
    values_file: str | None, env_file: str | None
) -> tuple[OperatorDefaults | None, list[Problem], list[Problem]]:
    """The operator configuration of ``--operator-values``/``--operator-env``, or its problems and warnings."""
    path, kind = (values_file, "values") if values_file is not None else (env_file, "env")
    if path is None:
        return None, [], []
    data = _read_file(path)
    if isinstance(data, Problem):
        return None, [data], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", OperatorConfigWarning)
        try:
            defaults = operator_defaults_from_file(kind, data, _Loader)
        except SpecError as error:
            return None, [Problem(path, NO_NAME, str(error))], []
        except yaml.YAMLError as error:
            return None, [Problem(path, NO_NAME, _yaml_message(error, data))], []
    notes = [Problem(path, NO_NAME, f"warning: {w.message}") for w in caught if w.category is OperatorConfigWarning]
    return defaults, [], notes


def _render(run: _Run, output_dir: Path | None, *, json_output: bool) -> int:
    tests = [entry for entry in run.entries if isinstance(entry, RenderedTest)]
    kept = [entry for entry in run.entries if isinstance(entry, OtherDocument) and entry.kept]
    late = _output_dir_problems(output_dir, tests) if output_dir is not None and not run.config else []
    problems = run.config + [entry for entry in run.entries if isinstance(entry, Problem)] + late
    if problems:
        _report_run(run, problems, late, json_output=json_output, stream=sys.stderr)
        return EXIT_INVALID
    _report_run(run, [], [], json_output=json_output, stream=sys.stderr, only_notes=True)
    if output_dir is None:
        printed = [
            entry
            for entry in run.entries
            if isinstance(entry, RenderedTest) or (isinstance(entry, OtherDocument) and entry.kept)
        ]
        sys.stdout.write(dump_tests(printed))
        sys.stdout.flush()
        return EXIT_OK
    files = {f"{test.name}.yaml": dump_tests([test]) for test in tests}
    if kept:
        files[KEPT_FILE] = dump_tests(kept)
    try:
        write_files(output_dir, files)
    except OSError as error:
        failure = Problem(str(output_dir), NO_NAME, f"cannot write: {error.strerror or error}")
        _report_run(run, [failure], [failure], json_output=json_output, stream=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _validate(run: _Run, *, json_output: bool) -> int:
    problems = run.config + [entry for entry in run.entries if isinstance(entry, Problem)]
    if json_output:
        _report_run(run, problems, [], json_output=True, stream=sys.stdout)
        return EXIT_INVALID if problems else EXIT_OK
    _report(run.config_warnings)
    lines = []
    for entry in run.entries:
        if isinstance(entry, RenderedTest):
            lines.append(f"{entry.source}: {entry.name}: valid\n")
        elif isinstance(entry, OtherDocument):
            lines.append(f"{entry.source}: {entry.name}: {'kept' if entry.kept else 'skipped'} ({entry.kind})\n")
    sys.stdout.write("".join(lines))
    sys.stdout.flush()
    _report(problems)
    return EXIT_INVALID if problems else EXIT_OK


def _report_run(
    run: _Run,
    problems: Sequence[Problem],
    late: Sequence[Problem],
    *,
    json_output: bool,
    stream: Any,
    only_notes: bool = False,
) -> None:
    """Write the run's problems (and the configuration's warnings) as text lines or as one JSON report.

    ``late`` are the problems found after reading (with the output): in JSON, each marks the
    result of its test invalid, or is a result of its own.
    """
    if not json_output:
        _report([*run.config_warnings, *problems])
        return
    results = json_results(run.config, run.config_warnings, run.entries, late)
    if only_notes and not any(result["warnings"] for result in results):
        return
    report = {"valid": not problems, "results": results}
    stream.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    stream.flush()


def json_results(
    config: Sequence[Problem],
    config_warnings: Sequence[Problem],
    entries: Sequence[Entry],
    late: Sequence[Problem] = (),
) -> list[dict[str, Any]]:
    """One JSON-ready result per test, other document, unreadable input and configuration file with news.

    ``late`` problems (about the output) go to the result of their test, else to one of their own.
    """
    results: list[dict[str, Any]] = []
    for problem in config:
        results.append(_result(problem.source, None, None, "invalid", [problem.message], []))
    for note in config_warnings:
        text = note.message.removeprefix("warning: ")
        if results and results[-1]["file"] == note.source and results[-1]["test"] is None:
            results[-1]["warnings"].append(text)
        else:
            results.append(_result(note.source, None, None, "valid", [], [text]))
    for entry in entries:
        if isinstance(entry, RenderedTest):
            results.append(_result(entry.source, entry.name, entry.namespace, "valid", [], _spec_warnings(entry)))
        elif isinstance(entry, OtherDocument):
            namespace = _metadata(entry.document).get("namespace")
            status = "kept" if entry.kept else "skipped"
            results.append(_result(entry.source, entry.name, namespace, status, [], []))
        else:
            test = None if entry.name == NO_NAME else entry.name
            last = results[-1] if results else None
            if last and last["status"] == "invalid" and (last["file"], last["test"]) == (entry.source, test):
                last["errors"].extend(entry.message.splitlines())  # more errors of the same test
            else:
                results.append(_result(entry.source, test, entry.namespace, "invalid", entry.message.splitlines(), []))
    for problem in late:
        test = None if problem.name == NO_NAME else problem.name
        owners = [result for result in results if (result["file"], result["test"]) == (problem.source, test)]
        if owners:
            owners[-1]["status"] = "invalid"
            owners[-1]["errors"].append(problem.message)
        else:
            results.append(_result(problem.source, test, None, "invalid", [problem.message], []))
    return results


def _result(
    file: str, test: str | None, namespace: str | None, status: str, errors: list[str], found: list[str]
) -> dict[str, Any]:
    return {"file": file, "test": test, "namespace": namespace, "status": status, "errors": errors, "warnings": found}


def _spec_warnings(test: RenderedTest) -> list[str]:
    """The library's warnings about a valid test (``constructs_locust.lint``, where installed)."""
    try:
        lint = importlib.import_module(f"{__package__}.lint")
    except ModuleNotFoundError:
        return []
    if test.spec is None:
        return []
    return list(lint.spec_warnings(test.spec, name=test.name))


def _metadata(document: Any) -> Mapping[str, Any]:
    metadata = document.get("metadata") if isinstance(document, Mapping) else None
    return metadata if isinstance(metadata, Mapping) else {}


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


def read_inputs(files: Sequence[str], options: InputOptions | None = None) -> list[Entry]:
    """Read, check and render every document of ``files`` (folders: their YAML files; ``-``: stdin).

    Returns, in input order, each rendered test, each document of another kind that
    ``options.other_kinds`` skips or keeps, and each problem: per test its first error, per
    file a read or YAML error, and repeated tests.
    """
    options = options or InputOptions()
    entries: list[Entry] = []
    seen: dict[tuple[str | None, str], str] = {}
    stdin_data: bytes | None = None
    for path, found in expand_inputs(list(files), STDIN):
        if not found:
            entries.append(Problem(path, NO_NAME, "no LocustTest found: the folder holds no *.yaml or *.yml file"))
            continue
        source = STDIN_LABEL if path == STDIN else path
        if path == STDIN:
            stdin_data = _read_stdin() if stdin_data is None else stdin_data
            data: bytes | Problem = stdin_data
        else:
            data = _read_file(path)
        if isinstance(data, Problem):
            entries.append(data)
            continue
        for result in _load_source(source, data, options):
            if isinstance(result, RenderedTest):
                result = _check_unique(result, seen)
            entries.append(result)
    return entries


def load_tests(files: Sequence[str], options: InputOptions | None = None) -> tuple[list[RenderedTest], list[Problem]]:
    """Read, check and render every LocustTest of ``files``: the tests and the problems, each in input order.

    See :func:`read_inputs`, whose skipped and kept documents this leaves out.
    """
    entries = read_inputs(files, options)
    tests = [entry for entry in entries if isinstance(entry, RenderedTest)]
    return tests, [entry for entry in entries if isinstance(entry, Problem)]


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


def _load_source(source: str, data: bytes, options: InputOptions) -> Iterator[Entry]:
    """Every entry of one file's YAML stream, in order; a file without documents is a problem."""
    found = False
    index = 0
    texts: list[str] | None = None
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
        entry = _load_document(source, index, document, options)
        if isinstance(entry, OtherDocument) and entry.kept:
            texts = document_texts(data, _Loader) if texts is None else texts
            entry = entry._replace(text=texts[index - 1] if texts and index <= len(texts) else None)
        yield entry
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


def _load_document(source: str, index: int, document: Any, options: InputOptions) -> Entry:
    """Check and render one YAML document (or skip or keep another kind); a problem becomes a :class:`Problem`."""
    label = _label(document, index)
    other = _other_kind(document)
    if other is not None and options.other_kinds != "error":
        return OtherDocument(source, label, other, document, kept=options.other_kinds == "keep")
    try:
        return _render_document(source, document, options)
    except SpecError as error:
        return Problem(source, label, str(error), _namespace_shown(document, options))
    except _Invalid as error:
        return Problem(source, label, str(error), _namespace_shown(document, options))
    except Exception as error:  # a bug, not bad input: still one line, no traceback
        return Problem(source, label, f"internal error ({type(error).__name__}: {error}); please report it")


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
    namespace = _metadata(document).get("namespace")
    if isinstance(namespace, str) and namespace:
        return namespace
    return options.namespace


def _label(document: Any, index: int) -> str:
    """The NAME of a document in error messages: its ``metadata.name``, else ``document N``."""
    metadata = document.get("metadata") if isinstance(document, Mapping) else None
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    return name if isinstance(name, str) and name else f"document {index}"


def _render_document(source: str, document: Any, options: InputOptions) -> RenderedTest:
    """Check a document as kubectl, the API server and the operator's webhook would, then render it.

    First the namespace against ``-n`` (kubectl refuses a mismatch before sending anything),
    then the name (the webhook's first rule), then the spec: schema, then the webhook's spec
    rules, in the webhook's order.
    """
    api_version = _check_locust_test(document)
    namespace_option = _namespace_option(document, options.namespace)
    metadata = document.get("metadata")
    if metadata is not None and not isinstance(metadata, Mapping):
        raise SpecError("metadata", f"Invalid value: {show_value(metadata)}: must be of type object")
    metadata = metadata or {}
    name = check_test_name(metadata.get("name"))
    namespace = metadata.get("namespace")
    if namespace == "":  # as kubectl reads it: no namespace given
        namespace = None
    namespace = namespace_option or namespace
    if document.get("spec") is None:
        raise SpecError("spec", "Required value")
    spec_mapping = document["spec"]
    if api_version == v1.API_VERSION:
        spec_mapping = v1.v1_spec_to_v2(spec_mapping)
    spec = LocustTestSpec.from_cr(spec_mapping)
    return RenderedTest(source, name, namespace, render_manifests(spec, name, namespace, options.defaults), spec)


def _namespace_option(document: Any, option: str | None) -> str | None:
    """``-n NS`` for a CR: NS if the CR names no namespace or the same one; ``None`` without ``-n``.

    A CR that names another namespace is refused with kubectl's own message.
    """
    if option is None:
        return None
    own = _metadata(document).get("namespace")
    if own is None or own == "" or own == option:
        return option
    raise SpecError(
        "metadata.namespace",
        f"the namespace from the provided object {go_quote(str(own))} does not match the namespace "
        f"{go_quote(option)}. You must pass '--namespace={own}' to perform this operation.",
    )


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


def dump_tests(tests: Sequence[RenderedTest | OtherDocument]) -> str:
    """One multi-document YAML stream: per test its Service, master Job, worker Job; other documents as they are."""
    chunks: list[str] = []
    documents: list[Any] = []
    for item in tests:
        if isinstance(item, RenderedTest):
            documents.extend(item.manifests)
        elif item.text is None:
            documents.append(item.document)
        else:
            chunks.append(_dump(documents))
            documents = []
            chunks.append(f"---\n{item.text}")
    chunks.append(_dump(documents))
    return "".join(chunks)


def _dump(documents: Sequence[Any]) -> str:
    if not documents:
        return ""
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

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
import itertools
import json
import signal
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .._core.constants import KIND
from .._core.display import shown_text
from .._core.errors import SpecError, go_quote
from .._core.names import check_namespace, node_name
from ..kube import _yaml as _kube_yaml
from ..manifests import LocustManifests, render_manifests
from ..operator import OperatorDefaults
from ..operator._env import OperatorConfigWarning
from ..spec._document import read_locust_test
from ..spec._lint import spec_warnings
from . import _yaml_input as yaml_input
from ._atomic_output import Interrupted, OutputError, as_typed, write_files
from ._inputs import InputPath, document_texts, expand_inputs, operator_defaults_from_file
from ._overwrite import overwritten_inputs
from ._stdio import STDOUT_LABEL, StdoutArgumentParser, print_or_exit, silence_stdout, write_stdout

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
EMPTY_FILE = "no YAML document"
"""The ``kind`` of a folder's file that holds no YAML document (skipped, as kubectl apply -R does)."""
NO_DOCUMENT_IN_FOLDER = "no LocustTest found: the folder's *.yaml and *.yml files hold no YAML document"
"""The problem of a folder input whose YAML files are all empty."""

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """PyYAML's safe dumper (libyaml when available) that never writes anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        """Write every object in full: Kubernetes manifests do not use YAML aliases."""
        return True


_Dumper.add_representer(str, _kube_yaml.represent_str)  # no string is read back by kubectl as another type


class Problem(NamedTuple):
    """One thing wrong with the input, shown as ``FILE: NAME: message``; ``namespace`` if known."""

    source: str
    name: str
    message: str
    namespace: str | None = None

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


class OtherDocument(NamedTuple):
    """A document that is not a LocustTest, skipped or kept (``--other-kinds skip|keep``)."""

    source: str
    name: str
    kind: str
    """``apiVersion kind``, as shown in reports (:data:`EMPTY_FILE` for a folder's empty file)."""
    document: Any
    kept: bool
    text: str | None = None
    """A kept document's exact source text, ``---`` first, written out as it is (else its data is)."""
    position: int = 0
    """Its position in its file's YAML stream (1 for the first document)."""


class InputOptions(NamedTuple):
    """How the inputs are read: ``-n``, ``--other-kinds`` and the operator's configuration."""

    namespace: str | None = None
    other_kinds: str = "error"
    defaults: OperatorDefaults | None = None
    max_input_bytes: int = yaml_input.DEFAULT_MAX_INPUT_BYTES


Entry = RenderedTest | OtherDocument | Problem
"""One result of reading the inputs, in input order."""


HELP_EPILOG = """\
Input: LocustTest custom resources (apiVersion locust.io/v2, or the deprecated locust.io/v1,
which is converted to v2 as the operator converts it), several YAML documents per file; a
folder stands for its *.yaml and *.yml files (recursively, in kubectl apply -R's order,
dot-entries left out); '-' reads standard input. Empty documents are skipped, and so are
a folder's files that hold none, as kubectl apply -R skips them (a file named itself, or
standard input, must hold one). The namespace of the objects is the CR's metadata.namespace,
else the one given with -n (none if neither).

Operator configuration: by default, that of a default Helm install of the operator. Give
your install's values file (--operator-values) or the operator's environment variables
(--operator-env) to render what your operator creates.

Errors: every problem of every input is reported on standard error as 'FILE: NAME: message'
(NAME is the CR's metadata.name, 'document N' when it has none, '-' for a whole file),
one line each: for each test every schema error, or else the webhook's first error, in the
operator's own words where it has them; 'FILE: NAME: warning: ...' lines for specs that run
but not as meant, 'FILE: -: warning: ...' for operator configuration that the operator
ignores (--strict makes both errors). Nothing is written unless every input is
valid. With --output json, the report is JSON.

Limits: an input file larger than --max-input-size (default 4Mi, at most 1Gi) is refused; YAML
aliases may add at most 100000 values to an input (all its documents), nesting at most 100 levels.

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
"test" (the NAME of the text report: metadata.name, 'document N', also for a YAML error, or
null for a whole file), "namespace", "status" ("valid", "invalid", "skipped" or "kept"),
"errors" and "warnings" (lists of strings)."""

RENDER_EPILOG = """\
Output: for each test in input order, its master Service, master Job and worker Job,
exactly the objects the LocustTest construct synthesizes with the operator configuration
given. Without -o, one multi-document YAML stream on standard output. With -o DIR,
one file DIR/<metadata.name>.yaml per test (DIR and its parents are created if missing, other
files in DIR are left alone, a file of the same name is replaced), only when every input is
valid, and all or nothing: staged inside DIR, then swapped in; a failed move, SIGINT or SIGTERM
rolls every move back, so a failed run leaves DIR as it was (after a SIGKILL, the next run
restores it). Two tests of the same name (in different namespaces) cannot share DIR.

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
        print_or_exit(parser, f"{parser.prog} {package_version()}\n")
        parser.exit()


def package_version() -> str:
    """The installed package's version, else (a source checkout) the package's own version."""
    import importlib.metadata

    try:
        return importlib.metadata.version("constructs-locust")
    except importlib.metadata.PackageNotFoundError:
        pass
    own = getattr(sys.modules.get("constructs_locust"), "__version__", None)
    if isinstance(own, str):
        return own
    import tomllib

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
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

    parser = StdoutArgumentParser(
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
    parser.set_defaults(command_parser=parser)  # usage errors found after parsing show this command's usage
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (specs that run but not as meant, values the operator ignores; see README) as errors: "
        "exit 1, write nothing",
    )
    parser.add_argument(
        "--max-input-size",
        metavar="SIZE",
        type=_size,
        default=yaml_input.DEFAULT_MAX_INPUT_BYTES,
        help="refuse an input file larger than SIZE bytes (a whole number, suffixes K, M, G, Ki, Mi, Gi; default 4Mi)",
    )
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
        type=_namespace,
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


def _namespace(text: str) -> str:
    try:
        check_namespace(text)
    except SpecError as error:
        raise argparse.ArgumentTypeError(error.reason) from None
    return text


def _size(text: str) -> int:
    try:
        return yaml_input.parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: Sequence[str] | None = None, *, prog: str = PROG) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status.

    ``prog`` is the program name shown in help and usage texts.
    """
    parser = build_parser(prog)
    try:
        args, extra = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
        if args.command != "crd" and extra:
            args.command_parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        if args.command == "crd":
            return _crd(extra, f"{prog} crd")
        return _run(args, prog)
    except BrokenPipeError:
        silence_stdout()
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 128 + signal.SIGINT


def _crd(argv: list[str], prog: str) -> int:
    """Hand the ``crd`` command and its own arguments to :mod:`._crd` (imported only for it)."""
    crd = importlib.import_module(f"{__package__}._crd")
    status: int = crd.main(argv, prog=prog)
    return status


class _Run(NamedTuple):
    """One command's inputs read: its entries in order, plus the operator configuration's problems."""

    entries: list[Entry]
    config: list[Problem]
    config_warnings: list[Problem]
    prog: str = PROG
    """The program name as run, the FILE of problems that concern the whole run."""


def _run(args: argparse.Namespace, prog: str = PROG) -> int:
    defaults, config, config_warnings = _operator_defaults(args.operator_values, args.operator_env, args.max_input_size)
    entries: list[Entry] = []
    if not config:
        options = InputOptions(args.namespace, args.other_kinds, defaults, args.max_input_size)
        entries = read_inputs(args.files, options)
    run = _Run(entries, config, config_warnings, prog)
    if args.strict:
        run = _strict(run, summary=args.output == "text", render=args.command == "render")
    if args.command == "validate":
        return _validate(run, json_output=args.output == "json")
    return _render(run, args.output_dir, json_output=args.output == "json")


def _strict(run: _Run, *, summary: bool, render: bool) -> _Run:
    """``--strict``: every warning, the operator configuration's included, is a problem of its file or test.

    With ``summary``, one more line says why the run failed (and, for ``render``, that nothing was written).
    """
    warned = bool(run.config_warnings) or any(
        isinstance(entry, RenderedTest) and entry.warnings for entry in run.entries
    )
    entries = _warnings_as_problems(run.entries)
    if warned and summary:
        written = ": nothing written" if render else ""
        entries.append(Problem(run.prog, NO_NAME, f"warnings are errors with --strict{written}"))
    config = sorted([*run.config, *run.config_warnings], key=_config_line)  # an env file's in line order
    return run._replace(entries=entries, config=config, config_warnings=[])


def _config_line(problem: Problem) -> int:
    """The line of an env file that a configuration problem or warning names (``line N: ...``); else 0."""
    number = problem.message.removeprefix("warning: ").removeprefix("line ").partition(":")[0]
    return int(number) if number.isdigit() else 0


def _warnings_as_problems(entries: list[Entry]) -> list[Entry]:
    """``--strict``: a test with warnings is invalid, each warning one of its problems."""
    strict: list[Entry] = []
    for entry in entries:
        if isinstance(entry, RenderedTest) and entry.warnings:
            strict.extend(
                Problem(entry.source, entry.name, f"warning: {message}", entry.namespace) for message in entry.warnings
            )
        else:
            strict.append(entry)
    return strict


def _operator_defaults(
    values_file: str | None, env_file: str | None, max_input_bytes: int
) -> tuple[OperatorDefaults | None, list[Problem], list[Problem]]:
    """The operator configuration of ``--operator-values``/``--operator-env``, or its problems and warnings."""
    path, kind = (values_file, "values") if values_file is not None else (env_file, "env")
    if path is None:
        return None, [], []
    data = _read_file(path, max_input_bytes)
    if isinstance(data, Problem):
        return None, [data], []
    defaults: OperatorDefaults | None = None
    problems: list[Problem] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", OperatorConfigWarning)
        try:
            defaults = operator_defaults_from_file(kind, data)
        except SpecError as error:
            problems = [Problem(path, NO_NAME, str(single)) for single in error.errors]
        except yaml.YAMLError as error:
            problems = [Problem(path, NO_NAME, _yaml_message(error, data))]
    # the warnings come with the errors too: --strict reports every problem in one run
    notes = [Problem(path, NO_NAME, f"warning: {w.message}") for w in caught if w.category is OperatorConfigWarning]
    return defaults, problems, notes


def _render(run: _Run, output_dir: Path | None, *, json_output: bool) -> int:
    tests = [entry for entry in run.entries if isinstance(entry, RenderedTest)]
    kept = [entry for entry in run.entries if isinstance(entry, OtherDocument) and entry.kept]
    late = _output_dir_problems(output_dir, tests) if output_dir is not None and not run.config else []
    if output_dir is not None and not run.config:
        late += _overwrite_problems(output_dir, run.entries)
    problems = run.config + [entry for entry in run.entries if isinstance(entry, Problem)] + late
    if problems:
        _report_run(run, problems, late, json_output=json_output, stream=sys.stderr)
        return EXIT_INVALID
    _report_run(run, [], [], json_output=json_output, stream=sys.stderr, only_notes=True)
    try:
        if output_dir is None:
            printed = [
                entry
                for entry in run.entries
                if isinstance(entry, RenderedTest) or (isinstance(entry, OtherDocument) and entry.kept)
            ]
            return _write_stdout(run, dump_tests(printed), json_output=json_output)
        files = {f"{test.name}.yaml": dump_tests([test]) for test in tests}
        if kept:
            files[KEPT_FILE] = dump_tests(kept)
    except (RecursionError, ValueError, yaml.YAMLError) as error:
        failure = Problem(run.prog, NO_NAME, f"cannot render: {type(error).__name__}: {error}")
        _report_run(run, [failure], [failure], json_output=json_output, stream=sys.stderr)
        return EXIT_INVALID
    return _write_output_dir(run, output_dir, files, json_output=json_output)


def _write_output_dir(run: _Run, output_dir: Path, files: Mapping[str, str], *, json_output: bool) -> int:
    """Write the files all or nothing (see :mod:`constructs_locust.atomic_output`); report a failure."""
    status = EXIT_INVALID
    try:
        write_files(output_dir, files)
        return EXIT_OK
    except OutputError as error:
        outcome = "" if error.changed else " (nothing was changed)"
        failure = Problem(as_typed(error.path, output_dir), NO_NAME, f"cannot write: {error.reason}{outcome}")
    except Interrupted as error:
        state = "every file was written" if error.completed else f"{output_dir} was left as it was"
        failure = Problem(str(output_dir), NO_NAME, f"{error}: {state}")
        status = 128 + error.signum
    except UnicodeEncodeError as error:
        failure = Problem(str(output_dir), NO_NAME, f"cannot write: {error.reason} in the output")
    _report_run(run, [failure], [failure], json_output=json_output, stream=sys.stderr)
    return status


def _write_stdout(run: _Run, text: str, *, json_output: bool) -> int:
    """Write ``text`` to standard output; a closed or full output is one problem."""
    reason = write_stdout(text)
    if reason is None:
        return EXIT_OK
    failure = Problem(STDOUT_LABEL, NO_NAME, f"cannot write: {reason}")
    _report_run(run, [failure], [failure], json_output=json_output, stream=sys.stderr)
    return EXIT_INVALID


def _validate(run: _Run, *, json_output: bool) -> int:
    problems = run.config + [entry for entry in run.entries if isinstance(entry, Problem)]
    if json_output:
        report = _json_report(run, problems, [])
        if write_stdout(report) is not None:
            return EXIT_INVALID
        return EXIT_INVALID if problems else EXIT_OK
    _report([*run.config_warnings, *_warning_lines(run.entries)])
    lines = []
    for entry in run.entries:
        if isinstance(entry, RenderedTest):
            lines.append(f"{Problem(entry.source, entry.name, 'valid')}\n")
        elif isinstance(entry, OtherDocument):
            state = f"{'kept' if entry.kept else 'skipped'} ({entry.kind})"
            lines.append(f"{Problem(entry.source, entry.name, state)}\n")
    unwritable = write_stdout("".join(lines))
    if unwritable is not None:
        problems = [*problems, Problem(STDOUT_LABEL, NO_NAME, f"cannot write: {unwritable}")]
    _report(problems)
    return EXIT_INVALID if problems else EXIT_OK


def _warning_lines(entries: Sequence[Entry]) -> list[Problem]:
    """Each valid test's warnings, as ``FILE: NAME: warning: ...`` lines."""
    return [
        Problem(entry.source, entry.name, f"warning: {message}", entry.namespace)
        for entry in entries
        if isinstance(entry, RenderedTest)
        for message in entry.warnings
    ]


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
        _report([*run.config_warnings, *_warning_lines(run.entries), *problems])
        return
    if only_notes and not run.config_warnings and not _warning_lines(run.entries):
        return
    _write_text(stream, _json_report(run, problems, late))


def _json_report(run: _Run, problems: Sequence[Problem], late: Sequence[Problem]) -> str:
    """The ``--output json`` report of a run (see ``JSON_EPILOG``)."""
    report = {"valid": not problems, "results": json_results(run.config, run.config_warnings, run.entries, late)}
    return json.dumps(report, indent=2, ensure_ascii=True) + "\n"


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
        if results and results[-1]["file"] == problem.source and results[-1]["test"] is None:
            results[-1]["errors"].append(problem.message)  # more errors of the same file
        else:
            results.append(_result(problem.source, None, None, "invalid", [problem.message], []))
    for note in config_warnings:
        text = note.message.removeprefix("warning: ")
        if results and results[-1]["file"] == note.source and results[-1]["test"] is None:
            results[-1]["warnings"].append(text)
        else:
            results.append(_result(note.source, None, None, "valid", [], [text]))
    for entry in entries:
        if isinstance(entry, RenderedTest):
            results.append(_result(entry.source, entry.name, entry.namespace, "valid", [], list(entry.warnings)))
        elif isinstance(entry, OtherDocument):
            namespace = _metadata(entry.document).get("namespace")
            status = "kept" if entry.kept else "skipped"
            test = None if entry.name == NO_NAME else entry.name
            results.append(_result(entry.source, test, namespace, status, [], []))
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


def _metadata(document: Any) -> Mapping[str, Any]:
    metadata = document.get("metadata") if isinstance(document, Mapping) else None
    return metadata if isinstance(metadata, Mapping) else {}


def _report(problems: Sequence[Problem]) -> None:
    _write_text(sys.stderr, "".join(f"{problem}\n" for problem in problems))


def _write_text(stream: Any, text: str) -> None:
    """Write ``text`` to ``stream`` (standard error): a closed or broken one is not an error of its own."""
    try:
        if stream is not None and text:
            stream.write(text)
            stream.flush()
    except (OSError, ValueError):
        pass  # nowhere left to tell: the exit status still says it


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
        data = _read_file(item.path, options.max_input_bytes)
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


def _read_file(path: str, limit: int) -> bytes | Problem:
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
    within :mod:`constructs_locust.yaml_input`'s bounds.
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
            entries.append(Problem(source, f"document {index}", _yaml_message(error, data)))
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
    namespace = _metadata(document).get("namespace")
    if isinstance(namespace, str) and namespace:
        return namespace
    return options.namespace


def _label(document: Any, index: int) -> str:
    """The NAME of a document in error messages: its ``metadata.name``, else ``document N``."""
    name = _metadata(document).get("name")
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
    own = _metadata(document).get("namespace")
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


def _output_dir_problems(output_dir: Path, tests: Sequence[RenderedTest]) -> list[Problem]:
    """An output directory that is a file, or two tests that would share one output file."""
    problems: list[Problem] = []
    if output_dir.exists() and not output_dir.is_dir():
        problems.append(
            Problem(str(output_dir), NO_NAME, "cannot write: exists and is not a directory (nothing was changed)")
        )
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


def _overwrite_problems(output_dir: Path, entries: Sequence[Entry]) -> list[Problem]:
    """``render DIR -o DIR``: each input file that an output file would replace, named (nothing is written)."""
    outputs = {f"{entry.name}.yaml" for entry in entries if isinstance(entry, RenderedTest)}
    if any(isinstance(entry, OtherDocument) and entry.kept for entry in entries):
        outputs.add(KEPT_FILE)
    sources = [entry.source for entry in entries if entry.source != STDIN_LABEL]
    return [
        Problem(
            source,
            NO_NAME if output == KEPT_FILE else output.removesuffix(".yaml"),
            f"output would overwrite an input: -o {output_dir} writes {output_dir / output}; "
            "render into another directory",
        )
        for source, output in overwritten_inputs(output_dir, outputs, sources)
    ]


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
            chunks.append(item.text)
    chunks.append(_dump(documents))
    return _kube_yaml.join_documents(chunks)


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

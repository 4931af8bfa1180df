"""The argument parser of every command, with its help texts."""

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import _sizes
from ._dashboard import add_dashboard_command
from ._init_command import add_init_command
from ._results import OTHER_KINDS, PROG
from ._stdio import StdoutArgumentParser, print_or_exit
from ._verdict import VERDICT_EPILOG
from ._verdict import add_arguments as add_verdict_arguments

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "COMMON_EPILOG",
    "HELP_EPILOG",
    "JSON_EPILOG",
    "RENDER_EPILOG",
    "VALIDATE_EPILOG",
    "build_parser",
    "package_version",
]


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
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    """The parser of ``constructs-locust``: ``render``, ``validate``, ``crd``, ``init``, ``verdict``, ``dashboard``.

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
        type=_path,
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
    add_init_command(commands)
    verdict = commands.add_parser(
        "verdict",
        help="read a master's log: print its thresholds verdict; exit 0 on pass, 1 on fail",
        description="Print the thresholds verdict of a run from its master's log.",
        epilog=VERDICT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verdict.set_defaults(command_parser=verdict)
    add_verdict_arguments(verdict)
    add_dashboard_command(commands, prog)
    return parser


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(command_parser=parser)  # usage errors found after parsing show this command's usage
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (specs that run but not as meant, values the operator ignores; listed in the "
        "documentation's Reference > Warnings page) as errors: exit 1, write nothing",
    )
    parser.add_argument(
        "--max-input-size",
        metavar="SIZE",
        type=_size,
        default=_sizes.DEFAULT_MAX_INPUT_BYTES,
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


def _path(text: str) -> "Path":
    """``-o DIR`` as a :class:`~pathlib.Path` (pathlib imported here: --help does not need it)."""
    from pathlib import Path

    return Path(text)


def _namespace(text: str) -> str:
    from .._core.errors import SpecError  # here, not at start-up: --help checks no namespace
    from .._core.names import check_namespace

    try:
        check_namespace(text)
    except SpecError as error:
        raise argparse.ArgumentTypeError(error.reason) from None
    return text


def _size(text: str) -> int:
    try:
        return _sizes.parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None

"""``constructs-locust dashboard [-o FILE] [--title T] [--uid U]``: the Grafana dashboard as a JSON file.

The text is :func:`constructs_locust.locust_dashboard_json`'s, byte for byte (sorted keys,
two-space indent, a final newline): the file to import in Grafana (Dashboards, New, Import) or
to provision from disk, the same JSON the ``LocustDashboard`` ConfigMap holds. Grafana's
foundation SDK, which builds it, is imported only when this command runs, so the other
commands do not pay for it; cdk8s is never imported.
"""

import argparse
from typing import Any

from ._results import EXIT_USAGE

__all__ = ["DASHBOARD_EPILOG", "DEFAULT_TITLE", "DEFAULT_UID", "add_dashboard_command", "run_dashboard"]

DEFAULT_TITLE = "Locust load tests"
"""The dashboard's title when ``--title`` is not given, as the help shows it (the library's default)."""
DEFAULT_UID = "constructs-locust"
"""The dashboard's uid when ``--uid`` is not given, as the help shows it (the library's default)."""

DASHBOARD_EPILOG = """\
Output: Grafana's JSON model of the Locust dashboard (Grafana's foundation SDK; keys sorted,
two-space indent, a final newline: the same bytes on every run), exactly what
locust_dashboard_json() returns and the LocustDashboard ConfigMap holds. Its queries read the
series the OpenTelemetry collector's Prometheus exporters write for Locust's metrics
(locust_client_duration_seconds_*, locust_users_count) with the identity labels of OtelOptions.
Import it in Grafana (Dashboards, New, Import) or provision it from disk.

Without -o, on standard output. With -o FILE, written atomically: a complete new file or the old
one (staged in FILE's directory, then renamed over FILE; missing parent directories are
created; a symbolic link at FILE is replaced, its target never written).

Examples:
  {prog} dashboard -o grafana/locust-dashboard.json
  {prog} dashboard --title "Checkout load" --uid checkout-load > checkout.json

Exit status: 0 written, 1 the output cannot be written, 2 usage error (a bad --title or --uid)."""


def add_dashboard_command(commands: "argparse._SubParsersAction[Any]", prog: str) -> None:
    """Add the ``dashboard`` command and its options to the command line's sub-commands."""
    parser = commands.add_parser(
        "dashboard",
        help="print (or write to -o FILE) the Grafana dashboard of Locust's OpenTelemetry metrics as JSON",
        description="Print the Grafana dashboard for Locust's OpenTelemetry metrics, as Grafana's JSON model.",
        epilog=DASHBOARD_EPILOG.replace("{prog}", prog),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(command_parser=parser)
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the JSON to FILE (atomically) instead of standard output"
    )
    parser.add_argument(
        "--title",
        metavar="TITLE",
        default=DEFAULT_TITLE,
        help=f"the dashboard's title ('{DEFAULT_TITLE}' when not given)",
    )
    parser.add_argument(
        "--uid",
        metavar="UID",
        default=DEFAULT_UID,
        help="the dashboard's uid, 1 to 40 letters, digits, '-' or '_': Grafana replaces a dashboard "
        f"of the same uid on import (default: {DEFAULT_UID})",
    )


def run_dashboard(args: argparse.Namespace) -> int:
    """Run ``dashboard`` with the parsed arguments; return the exit status."""
    from .._core.errors import SpecError  # here, not at start-up: the parser imports this module for --help

    try:
        text = _dashboard_json(args.title, args.uid, args.output)
    except SpecError as error:
        try:
            args.command_parser.error(str(error))  # usage and the error on standard error, as argparse's own
        except SystemExit as stop:
            return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    from ._one_file import write_output  # the atomic writer only when the command runs, never for --help

    return write_output(args.output, text)


def _dashboard_json(title: str, uid: str, output: str | None) -> str:
    """The JSON text; ``SpecError`` naming the option for a bad ``--title``, ``--uid`` or ``-o``."""
    from .._core.errors import SpecError
    from .._core.field_errors import invalid, required

    if output == "":
        raise required("--output", "name the file to write")
    if not _is_utf8(title):
        raise invalid("--title", title, "is not valid UTF-8")
    from ..manifests._dashboard import locust_dashboard_json  # Grafana's SDK: loaded for this command only

    try:
        return locust_dashboard_json(title=title, uid=uid)
    except SpecError as error:
        raise error.moved("title", "--title").moved("uid", "--uid") from None


def _is_utf8(text: str) -> bool:
    """False for a command-line argument holding bytes that are not UTF-8 (kept by Python as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

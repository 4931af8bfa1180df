"""``constructs-locust crd [-o FILE]``: the LocustTest CRD generated from the spec classes, as YAML."""

import argparse
import os
import sys
from pathlib import Path

from .._core.display import escape
from ..spec._crd import dump_crd
from . import _atomic_output as atomic_output
from ._stdio import STDOUT_LABEL, StdoutArgumentParser, write_stdout

__all__ = ["build_parser", "main"]


def main(argv: list[str], *, prog: str = "constructs-locust crd") -> int:
    """``crd [-o FILE]``: print the CRD as YAML, or write it to FILE. Returns the exit status.

    ``prog`` is the program name its help shows (the command line passes its own).
    """
    parser = build_parser(prog)
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse's usage errors (2) and --help (0)
        return stop.code if isinstance(stop.code, int) else 2
    text = dump_crd()
    if args.output is None:
        reason = write_stdout(text)
        if reason is not None:
            _report(STDOUT_LABEL, f"cannot write: {reason}")
            return 1
        return 0
    path = Path(os.path.abspath(args.output))
    try:  # atomically, in FILE's directory; a symbolic link at FILE is replaced, its target never written
        atomic_output.write_files(path.parent, {path.name: text})
    except atomic_output.OutputError as error:
        where = "" if error.path == str(path) else f"{atomic_output.as_typed(error.path, args.output)}: "
        outcome = "" if error.changed else " (nothing was changed)"
        _report(args.output, f"cannot write: {where}{error.reason}{outcome}")
        return 1
    except atomic_output.Interrupted as error:
        state = f"{args.output} was written" if error.completed else f"{args.output} was left as it was"
        _report(args.output, f"{error}: {state}")
        return 128 + error.signum
    return 0


def build_parser(prog: str = "constructs-locust crd") -> argparse.ArgumentParser:
    """The ``crd`` command's own argument parser: what ``crd --help`` prints (the CLI reference shows it too)."""
    parser = StdoutArgumentParser(
        prog=prog,
        description="Print the LocustTest CustomResourceDefinition generated from the spec classes.",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the CRD to FILE instead of stdout")
    return parser


def _report(file: str, message: str) -> None:
    """One ``FILE: -: message`` line on standard error, as the other commands report a whole file."""
    print(f"{escape(file)}: -: {escape(message)}", file=sys.stderr)

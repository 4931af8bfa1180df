"""``constructs-locust crd [-o FILE]``: the LocustTest CRD generated from the spec classes, as YAML."""

import argparse

from ..spec._crd import dump_crd
from ._one_file import write_output
from ._stdio import StdoutArgumentParser

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
    return write_output(args.output, dump_crd())


def build_parser(prog: str = "constructs-locust crd") -> argparse.ArgumentParser:
    """The ``crd`` command's own argument parser: what ``crd --help`` prints (the CLI reference shows it too)."""
    parser = StdoutArgumentParser(
        prog=prog,
        description="Print the LocustTest CustomResourceDefinition generated from the spec classes.",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the CRD to FILE instead of stdout")
    return parser

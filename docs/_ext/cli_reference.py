"""The command-line reference, generated from ``constructs_locust.cli.build_parser()``.

For the program and each command: its usage and help exactly as ``--help`` prints them, then a
table of its options (flags, value, default, choices). A small generator rather than
sphinx-argparse: the page then shows the very text users see in their terminal, and the
documentation needs no extra dependency in the hash-locked dev requirements.
"""

import argparse
import os
from collections.abc import Iterator
from unittest import mock

from constructs_locust.cli import build_parser

PROG = "constructs-locust"


def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's sub-commands by name, in the order they were added."""
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def _options(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str, str, str]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction | argparse._HelpAction) or action.help == argparse.SUPPRESS:
            continue
        flags = ", ".join(f"`{flag}`" for flag in action.option_strings) or f"`{action.metavar or action.dest}`"
        value = "" if action.nargs == 0 else f"`{action.metavar or action.dest.upper()}`"
        default = "" if action.default in (None, False, argparse.SUPPRESS) else f"`{action.default}`"
        choices = ", ".join(f"`{choice}`" for choice in action.choices) if action.choices else ""
        yield flags, value, default, choices


def _fenced(text: str) -> list[str]:
    return ["```text", *text.rstrip("\n").splitlines(), "```"]


def markdown(heading_level: int = 2) -> list[str]:
    """The reference as Markdown lines: one section per command."""
    with mock.patch.dict(os.environ, {"COLUMNS": "100"}):  # argparse wraps at the terminal's width
        return _markdown(heading_level)


def _markdown(heading_level: int) -> list[str]:
    parser = build_parser(PROG)
    lines = [f"{'#' * heading_level} `{PROG}`", "", *_fenced(parser.format_help()), ""]
    for name, command in commands(parser).items():
        lines += [f"{'#' * heading_level} `{PROG} {name}`", "", *_fenced(command.format_help()), ""]
        options = list(_options(command))
        if options:
            lines += ["| argument | value | default | choices |", "|---|---|---|---|"]
            lines += ["| " + " | ".join(cells) + " |" for cells in options]
            lines.append("")
    return lines

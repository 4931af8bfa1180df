"""The command-line reference, generated from ``constructs_locust.cli.build_parser()``.

For the program and each command: its usage and help exactly as ``--help`` prints them, then a
table of its options (flags, value or choices, default, help). A small generator rather than
sphinx-argparse: the page then shows the very text users see in their terminal, and the
documentation needs no extra dependency in the hash-locked dev requirements.
"""

import argparse
import os
import re
from collections.abc import Iterator
from unittest import mock

from _internals import crd_parser, escape_markdown

from constructs_locust.cli import build_parser

PROG = "constructs-locust"


def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's sub-commands by name, in the order they were added.

    ``crd`` is the command's real parser: the main parser holds only a placeholder that hands
    ``crd``'s arguments on, so its help would not be what ``crd --help`` prints.
    """
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    if "crd" in found:
        found["crd"] = crd_parser(f"{parser.prog} crd")
    return found


def _options(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str, str, str]]:
    formatter = parser._get_formatter()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction | argparse._HelpAction) or action.help == argparse.SUPPRESS:
            continue
        flags = ", ".join(f"`{flag}`" for flag in action.option_strings) or f"`{action.metavar or action.dest}`"
        help_text = formatter._expand_help(action) if action.help else ""
        yield flags, _value(action), _default(action, help_text), escape_markdown(help_text)


def _value(action: argparse.Action) -> str:
    """The value an argument takes: its metavar, else one of its choices (as ``--help`` shows them)."""
    if action.nargs == 0:
        return ""
    if action.metavar is None and action.choices:
        return "one of " + ", ".join(f"`{choice}`" for choice in action.choices)
    return f"`{action.metavar or action.dest.upper()}`"


_HELP_DEFAULT = re.compile(r"\bdefault:? ([^\s,;)]+)")


def _default(action: argparse.Action, help_text: str) -> str:
    """The default as the help writes it (``4Mi``, not the parsed ``4194304``), else as parsed."""
    if action.default in (None, False, argparse.SUPPRESS):
        return ""
    written = _HELP_DEFAULT.search(help_text)
    return f"`{written.group(1) if written else action.default}`"


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
            lines += ["| argument | value | default | help |", "|---|---|---|---|"]
            lines += ["| " + " | ".join(cells) + " |" for cells in options]
            lines.append("")
    return lines

"""What each command leaves out of its start-up: modules imported only where they are used.

``--help`` builds the whole parser, yet needs neither pathlib, json, datetime nor shutil;
``render`` and ``validate`` of v2 CRs need no v1 model, no ``init`` code and no difflib; and
only writing under ``-o DIR`` stages (tempfile). Each case runs the command in a fresh
interpreter (as ``tests/test_cli_imports.py`` does) and asserts on the modules it imported,
so a later top-level import cannot silently bring one back. Import assertions, not timings:
``benchmarks/run.py`` prints how fast the command line starts.
"""

import argparse
import os
import shutil
from pathlib import Path

import pytest

from constructs_locust.cli._parser import build_parser
from constructs_locust.cli._stdio import StdoutArgumentParser, help_width
from tests.support import CR_FIXTURES, modules_after
from tests.test_cli_imports import CR

V1_CR = str(CR_FIXTURES / "locust_v1_locusttest_basic.yaml")

NOT_FOR_HELP = (
    "pathlib",  # -o DIR is a Path only once parsed; --version's pyproject look-up imports it itself
    "json",  # the verdict log and the init pin read JSON when those commands run
    "datetime",  # the error display checks for dates only where a date can be met
    "shutil",  # argparse imports it for the terminal width alone: help_width() computes it
    "zlib",
    "bz2",
    "lzma",
    "tempfile",
    "difflib",
    "importlib.metadata",
    "constructs_locust._core.errors",
    "constructs_locust._core.names",
    "constructs_locust.cli._init_pin",
)
"""Modules that ``--help`` (and each command's ``--help``) must not import."""

NOT_FOR_V2_CRS = (
    "constructs_locust.spec._v1",  # only a locust.io/v1 CR is converted
    "constructs_locust.cli._init",  # the init command's code, imported when init runs
    "constructs_locust.cli._init_code",
    "constructs_locust.cli._init_project",
    "constructs_locust.cli._init_pin",
    "difflib",  # only a misspelt field gets a suggestion
)
"""Modules that reading valid v2 CRs (render, validate) must not import."""


@pytest.mark.parametrize("arguments", [["--help"], ["render", "--help"], ["verdict", "--help"]], ids=" ".join)
def test_help_leaves_out_what_only_running_a_command_needs(arguments: list[str], tmp_path: Path) -> None:
    status, modules = modules_after(arguments, tmp_path)
    assert status == 0
    assert sorted(set(NOT_FOR_HELP) & modules) == []


@pytest.mark.parametrize(
    "arguments",
    [
        ["render", CR, "-o", "out"],
        ["render", CR],
        ["validate", CR],
        ["validate", CR, str(CR_FIXTURES / "locust_v2_locusttest_with_otel.yaml")],
    ],
    ids=" ".join,
)
def test_reading_v2_crs_leaves_out_v1_init_and_suggestions(arguments: list[str], tmp_path: Path) -> None:
    status, modules = modules_after(arguments, tmp_path)
    assert status == 0
    assert sorted(set(NOT_FOR_V2_CRS) & modules) == []


@pytest.mark.parametrize("arguments", [["render", CR], ["validate", CR]], ids=" ".join)
def test_only_writing_under_an_output_dir_stages(arguments: list[str], tmp_path: Path) -> None:
    status, modules = modules_after(arguments, tmp_path)
    assert status == 0
    assert sorted({"tempfile", "shutil"} & modules) == []


def test_a_v1_cr_still_loads_its_model_when_read(tmp_path: Path) -> None:
    status, modules = modules_after(["render", V1_CR, "-o", "out"], tmp_path)
    assert status == 0
    assert "constructs_locust.spec._v1" in modules
    (written,) = (tmp_path / "out").glob("*.yaml")
    assert written.read_text(encoding="utf-8").count("\nkind: Job\n") == 2


def test_a_misspelt_field_still_gets_its_suggestion(tmp_path: Path) -> None:
    cr = tmp_path / "typo.yaml"
    cr.write_text(Path(CR).read_text(encoding="utf-8").replace("  image:", "  imag:", 1), encoding="utf-8")
    status, modules = modules_after(["validate", str(cr)], tmp_path)
    assert status == 1
    assert "difflib" in modules  # imported on first use, for the suggestion


@pytest.mark.parametrize("columns", [None, "", "0", "-5", "wide", "40", "100", "200"])
@pytest.mark.parametrize("terminal", [None, 0, 57, 132])
def test_help_width_is_argparses_rule(
    columns: str | None, terminal: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.delenv("LINES", raising=False)

    def get_terminal_size(fd: int = 1) -> os.terminal_size:
        if terminal is None:
            raise OSError(25, "Inappropriate ioctl for device")
        return os.terminal_size((terminal, 24))

    monkeypatch.setattr(os, "get_terminal_size", get_terminal_size)
    assert help_width() == shutil.get_terminal_size().columns - 2


@pytest.mark.parametrize("columns", [None, "30", "60", "100", "250"])
@pytest.mark.parametrize("command", [[], ["render"], ["validate"], ["init"], ["verdict"], ["dashboard"]], ids=str)
def test_help_texts_are_argparses_own(columns: str | None, command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    parser = build_parser("constructs-locust")
    if command:
        parser = next(
            action.choices[command[0]] for action in parser._actions if isinstance(action, argparse._SubParsersAction)
        )
    ours = parser.format_help()
    monkeypatch.setattr(StdoutArgumentParser, "_get_formatter", argparse.ArgumentParser._get_formatter)
    assert ours == parser.format_help()

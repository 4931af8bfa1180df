"""The generated command-line reference shows what each command's ``--help`` really prints."""

import re
import sys

import pytest

from constructs_locust.cli import main
from tests.support import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import cli_reference

PROG = cli_reference.PROG


def sections() -> dict[str, list[str]]:
    """The reference's sections: heading (the command line) to the lines under it."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in cli_reference.markdown():
        heading = re.fullmatch(r"## `(.+)`", line)
        if heading:
            current = found.setdefault(heading.group(1), [])
        else:
            current.append(line)
    return found


def fenced(lines: list[str]) -> str:
    start = lines.index("```text")
    return "\n".join(lines[start + 1 : lines.index("```", start)]) + "\n"


def help_output(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main([*argv, "--help"], prog=PROG) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", ["", "render", "validate", "crd"])
def test_each_section_is_the_commands_real_help(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # the width the reference is generated at
    heading = f"{PROG} {command}".strip()
    assert fenced(sections()[heading]) == help_output([command] if command else [], capsys)


def test_the_crd_section_shows_its_options() -> None:
    crd = "\n".join(sections()[f"{PROG} crd"])
    assert f"usage: {PROG} crd [-h] [-o FILE]" in crd
    assert "| `-o`, `--output` | `FILE` |  | write the CRD to FILE instead of stdout |" in crd


def test_the_table_shows_defaults_as_written_choices_and_help() -> None:
    render = sections()[f"{PROG} render"]
    rows = {line.split(" | ")[0].removeprefix("| "): line for line in render if line.startswith("| `")}
    assert "| `SIZE` | `4Mi` | refuse an input file larger than SIZE bytes" in rows["`--max-input-size`"]
    assert "| one of `error`, `skip`, `keep` | `error` |" in rows["`--other-kinds`"]
    assert "| one of `text`, `json` | `text` |" in rows["`--output`"]
    assert "OTHER_KINDS" not in "\n".join(render) and "`OUTPUT`" not in "\n".join(render)
    assert "DIR/\\<name\\>.yaml" in rows["`-o`, `--output-dir`"]  # escaped: not an HTML tag

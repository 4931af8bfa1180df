"""``constructs-locust dashboard``: the Grafana dashboard's JSON file from the command line, byte for byte."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from constructs_locust import locust_dashboard, locust_dashboard_json
from constructs_locust.cli import _atomic_output as atomic_output
from constructs_locust.cli import _dashboard as dashboard_command
from constructs_locust.cli import build_parser, main
from constructs_locust.manifests._dashboard import DEFAULT_DASHBOARD_TITLE, DEFAULT_DASHBOARD_UID
from tests.support import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import cli_reference

OLD = b'{"kept": "the previous dashboard"}\n'


def run_cli(*argv: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    """The command line in its own process, as a user runs it (bytes out, nothing decoded)."""
    return subprocess.run(
        [sys.executable, "-m", "constructs_locust", "dashboard", *argv],
        cwd=ROOT,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )


def decoded_by_the_sdk(text: bytes) -> dict[str, object]:
    """The JSON decoded into the SDK's dashboard model and encoded back: it must come back unchanged."""
    from grafana_foundation_sdk.cog.encoder import JSONEncoder
    from grafana_foundation_sdk.cog.plugins import register_default_plugins
    from grafana_foundation_sdk.models.dashboard import Dashboard

    register_default_plugins()
    data = json.loads(text)
    model = Dashboard.from_json(data)
    assert json.loads(JSONEncoder(sort_keys=False).encode(model)) == data
    assert isinstance(data, dict)
    return data


def test_standard_output_is_the_librarys_json_byte_for_byte() -> None:
    completed = run_cli()
    assert (completed.returncode, completed.stderr) == (0, b"")
    assert completed.stdout == locust_dashboard_json().encode("utf-8")
    assert completed.stdout.endswith(b"}\n")
    assert decoded_by_the_sdk(completed.stdout) == locust_dashboard()


def test_the_file_is_the_librarys_json_with_the_title_and_uid_given(tmp_path: Path) -> None:
    target = tmp_path / "grafana" / "checkout.json"  # missing folders are created
    assert main(["dashboard", "-o", str(target), "--title", "Checkout load", "--uid", "checkout-load"]) == 0
    written = target.read_bytes()
    assert written == locust_dashboard_json(title="Checkout load", uid="checkout-load").encode("utf-8")
    data = decoded_by_the_sdk(written)
    assert (data["title"], data["uid"]) == ("Checkout load", "checkout-load")


def test_the_bytes_are_the_same_on_every_run_and_every_way(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["dashboard"]) == 0
    printed = capsysbinary.readouterr().out
    assert main(["dashboard", "--output", str(tmp_path / "a.json")]) == 0
    assert main(["dashboard", "-o", str(tmp_path / "b.json")]) == 0
    assert printed == (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert printed == json.dumps(json.loads(printed), indent=2, sort_keys=True).encode("ascii") + b"\n"


def test_a_non_ascii_title_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "d.json"
    assert main(["dashboard", "-o", str(target), "--title", "Kasse \u00e9t\u00e9"]) == 0
    assert json.loads(target.read_bytes())["title"] == "Kasse \u00e9t\u00e9"


def test_an_existing_file_is_replaced_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "d.json"
    target.write_bytes(OLD)
    target.chmod(0o640)
    assert main(["dashboard", "-o", str(target)]) == 0
    assert target.read_bytes() == locust_dashboard_json().encode("utf-8")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_symbolic_link_is_replaced_and_its_target_never_written(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(OLD)
    link = tmp_path / "d.json"
    link.symlink_to(elsewhere)
    assert main(["dashboard", "-o", str(link)]) == 0
    assert not link.is_symlink() and link.read_bytes() == locust_dashboard_json().encode("utf-8")
    assert elsewhere.read_bytes() == OLD


def test_a_failed_write_leaves_the_existing_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "d.json"
    target.write_bytes(OLD)

    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_output, "_write_new", full)
    assert main(["dashboard", "-o", str(target)]) == 1
    error = f"{target}: -: cannot write: {tmp_path}: No space left on device (nothing was changed)\n"
    assert capsys.readouterr().err == error
    assert target.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["d.json"]  # no staging folder left behind


def test_a_failure_after_the_new_file_was_moved_in_puts_the_old_one_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "d.json"
    target.write_bytes(OLD)
    moved_in: list[bytes] = []

    def fail_after_the_move(path: Path) -> None:
        moved_in.append(path.read_bytes())
        raise OSError(5, "Input/output error", str(path))

    monkeypatch.setattr(atomic_output, "_between_moves", fail_after_the_move)
    assert main(["dashboard", "-o", str(target)]) == 1
    assert moved_in == [locust_dashboard_json().encode("utf-8")]  # it was in place, then rolled back
    assert capsys.readouterr().err == f"{target}: -: cannot write: Input/output error (nothing was changed)\n"
    assert target.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["d.json"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("folder", "cannot write: is a directory (nothing was changed)"),
        ("new/", "cannot write: names a directory, not a file (nothing was changed)"),
    ],
)
def test_an_output_that_is_a_folder_is_one_line_and_exit_1(
    name: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "folder").mkdir()
    output = f"{tmp_path}/{name}"
    assert main(["dashboard", "-o", output]) == 1
    assert capsys.readouterr().err == f"{output}: -: {message}\n"
    assert sorted(os.listdir(tmp_path)) == ["folder"] and os.listdir(tmp_path / "folder") == []


def test_a_full_standard_output_is_one_line_and_exit_1() -> None:
    with open("/dev/full", "wb") as full:
        completed = run_cli(stdout=full.fileno())
    assert completed.returncode == 1
    assert completed.stderr == b"<stdout>: -: cannot write: No space left on device\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--uid", "a b"],
            "--uid: Invalid value: \"a b\": a Grafana dashboard uid is 1 to 40 letters, digits, '-' or '_'",
        ),
        (["--uid", "x" * 41], "--uid: Invalid value: "),
        (["--title", " "], '--title: Invalid value: " ": must be a non-empty string'),
        (["--title", "\udcff"], '--title: Invalid value: "\\udcff": is not valid UTF-8'),
        (["-o", ""], "--output: Required value: name the file to write"),
        (["--colour"], "unrecognized arguments: --colour"),
        (["--uid"], "argument --uid: expected one argument"),
    ],
)
def test_a_usage_error_exits_2_with_the_usage_and_writes_nothing(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["dashboard", *argv], prog="constructs-locust") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: constructs-locust dashboard [-h] [-o FILE]")
    assert f"constructs-locust dashboard: error: {message}" in captured.err
    assert os.listdir(tmp_path) == []


def test_no_error_is_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    for argv in (["--uid", "a b"], ["-o", str(tmp_path / "folder")], ["-o", "/proc/no/such/file.json"]):
        completed = run_cli(*argv)
        assert completed.returncode in (1, 2), argv
        assert b"Traceback" not in completed.stderr and completed.stdout == b""


def test_the_command_imports_no_cdk8s_jsii_or_constructs(tmp_path: Path) -> None:
    code = (
        "import sys; from constructs_locust.cli import main\n"
        f"status = main(['dashboard', '-o', {str(tmp_path / 'd.json')!r}])\n"
        "print(status, sorted({m.split('.')[0] for m in sys.modules} & {'cdk8s', 'jsii', 'constructs'}))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.stdout.splitlines()[-1] == "0 []", completed.stderr
    assert (tmp_path / "d.json").read_text() == locust_dashboard_json()


def test_the_other_commands_do_not_load_grafanas_sdk() -> None:
    """The SDK is imported by ``dashboard`` alone: ``render``, ``validate``... start no slower."""
    code = (
        "import sys; from constructs_locust.cli import main\n"
        "main(['validate', '-'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('grafana_foundation_sdk') or m.endswith('_dashboard')))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, input="", capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.stdout.splitlines()[-1] == "['constructs_locust.cli._dashboard']", completed.stderr


def test_the_help_shows_the_librarys_defaults() -> None:
    """The parser writes the defaults without importing the SDK; they must stay the library's own."""
    assert (dashboard_command.DEFAULT_TITLE, dashboard_command.DEFAULT_UID) == (
        DEFAULT_DASHBOARD_TITLE,
        DEFAULT_DASHBOARD_UID,
    )
    arguments = build_parser().parse_args(["dashboard"])
    assert (arguments.title, arguments.uid, arguments.output) == (DEFAULT_DASHBOARD_TITLE, DEFAULT_DASHBOARD_UID, None)


def test_the_cli_reference_shows_the_commands_real_help(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # the width the reference is generated at
    lines = cli_reference.markdown()
    start = lines.index(f"## `{cli_reference.PROG} dashboard`")
    fence = lines.index("```text", start)
    shown = "\n".join(lines[fence + 1 : lines.index("```", fence + 1)]) + "\n"
    assert main(["dashboard", "--help"], prog=cli_reference.PROG) == 0
    assert shown == capsys.readouterr().out
    rows = [line for line in lines[fence:] if line.startswith("| `")][:3]
    assert rows == [
        "| `-o`, `--output` | `FILE` |  | write the JSON to FILE (atomically) instead of standard output |",
        "| `--title` | `TITLE` | `Locust load tests` | the dashboard's title ('Locust load tests' when not given) |",
        "| `--uid` | `UID` | `constructs-locust` | the dashboard's uid, 1 to 40 letters, digits, '-' or '\\_': "
        "Grafana replaces a dashboard of the same uid on import (default: constructs-locust) |",
    ]


def test_the_reference_page_counts_and_names_every_command() -> None:
    commands = list(cli_reference.commands(build_parser()))
    assert commands[-1] == "dashboard"
    words = {5: "five", 6: "six", 7: "seven", 8: "eight"}
    text = (ROOT / "docs" / "reference" / "cli.md").read_text()
    intro = " ".join(text.split("```")[0].split())
    said = re.search(r"has (\w+) commands: (.*?)\. ", intro)
    assert said is not None
    assert said.group(1) == words[len(commands)]
    assert re.findall(r"`(\w+)`", said.group(2)) == commands


def test_the_how_to_shows_the_command(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "how-to" / "dashboard.md").read_text()
    assert "constructs-locust dashboard -o locust-dashboard.json" in page
    example = re.search(r'constructs-locust dashboard --title "([^"]+)" --uid (\S+)', page)
    assert example is not None
    assert (
        main(["dashboard", "--title", example.group(1), "--uid", example.group(2), "-o", str(tmp_path / "d.json")]) == 0
    )

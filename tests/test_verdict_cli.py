"""``constructs-locust verdict``: a log in, the verdict out, the exit status a CI job can gate on."""

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from constructs_locust.cli import _verdict_log as verdict_log
from constructs_locust.cli import main
from tests.support import ROOT

REFERENCE = ROOT / "docs" / "reference" / "verdict.md"


def documented(marker: str) -> dict[str, Any]:
    """The JSON example that follows ``<!-- marker -->`` in the reference page."""
    text = REFERENCE.read_text()
    block = re.search(rf"<!-- {marker} -->\n```json\n(.*?)```", text, re.S)
    assert block is not None, marker
    value: dict[str, Any] = json.loads(block.group(1))
    return value


VERDICT = documented("verdict-example")
UPLOAD = documented("upload-example")


def line(value: dict[str, Any]) -> str:
    return json.dumps(value, separators=(", ", ": "))


def passing() -> dict[str, Any]:
    return {
        **VERDICT,
        "result": "pass",
        "thresholds": [{**item, "result": "pass"} for item in VERDICT["thresholds"]],
    }


def log(*lines: str) -> str:
    return "".join(f"{text}\n" for text in ("[2026-12-07 03:44:30,973] vm/INFO/locust.main: Starting", *lines))


def run(tmp_path: Path, text: str | bytes, *args: str) -> int:
    path = tmp_path / "master.log"
    if isinstance(text, str):
        path.write_text(text)
    else:
        path.write_bytes(text)
    return main(["verdict", str(path), *args])


def test_the_documented_example_is_what_the_reader_reads() -> None:
    assert list(VERDICT)[:2] == ["kind", "version"]
    assert VERDICT["kind"] == verdict_log.VERDICT_KIND
    assert UPLOAD["kind"] == verdict_log.UPLOAD_KIND
    text = REFERENCE.read_text()
    for status in verdict_log.UPLOAD_STATUSES:
        assert f'`"{status}"`' in text
    for limit in ("256 MiB", "1 MiB"):
        assert limit in text
    assert verdict_log.MAX_LOG_BYTES == 256 << 20
    assert verdict_log.MAX_LINE_BYTES == 1 << 20


def test_a_pass_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str], snapshot: SnapshotAssertion) -> None:
    assert run(tmp_path, log(line(passing()))) == 0
    out = capsys.readouterr().out
    assert out.startswith("verdict: PASS (test shop, 0 of 2 thresholds breached)\n")
    assert {"stdout": out} == snapshot


def test_a_fail_exits_1_naming_the_breach(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], snapshot: SnapshotAssertion
) -> None:
    assert run(tmp_path, log(line(VERDICT))) == 1
    out = capsys.readouterr().out
    assert "  max_failures       POST /checkout  <= 0       3         FAIL" in out
    assert {"stdout": out} == snapshot


@pytest.mark.parametrize("output_format", ["json", "markdown"])
def test_each_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], snapshot: SnapshotAssertion, output_format: str
) -> None:
    assert run(tmp_path, log(line(VERDICT), line(UPLOAD)), "--format", output_format) == 1
    out = capsys.readouterr().out
    if output_format == "json":
        assert json.loads(out) == {"result": "fail", "verdict": VERDICT, "upload": UPLOAD}
    assert {"stdout": out} == snapshot


def test_kubectl_prefixes_and_timestamps_are_read_through(tmp_path: Path) -> None:
    text = log(
        f"[pod/shop-master-x7k2p/shop-master] 2026-12-07T03:44:35.989Z {line(passing())}",
        f"[pod/shop-master-x7k2p/upload] {line({**UPLOAD, 'status': 'ok'})}",
    )
    assert run(tmp_path, text) == 0


def test_the_last_verdict_counts(tmp_path: Path) -> None:
    assert run(tmp_path, log(line(VERDICT), line(passing()))) == 0
    assert run(tmp_path, log(line(passing()), line(VERDICT))) == 1


@pytest.mark.parametrize(("status", "code"), [("ok", 0), ("failed", 1), ("timeout", 1)])
def test_an_upload_that_did_not_succeed_fails_a_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], status: str, code: int
) -> None:
    assert run(tmp_path, log(line({**UPLOAD, "status": status}), line(passing()))) == code
    out = capsys.readouterr().out
    assert f"upload: {status} (s3://perf-reports/shop/, exit code 1)" in out
    assert out.startswith(f"verdict: {'PASS' if code == 0 else 'FAIL'} ")


def test_standard_input(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "constructs_locust", "verdict", "--format", "json", "-"],
        input=log(line(passing())),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["result"] == "pass"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (log("no verdict here"), "no constructs-locust verdict in this log"),
        ("", "no constructs-locust verdict in this log"),
        (log(line({**VERDICT, "version": 2})), "line 2: constructs-locust/verdict version 2 is not 1"),
        (log(line({**VERDICT, "result": "maybe"})), 'line 2: the verdict has no result "pass" or "fail"'),
        (log(line({**VERDICT, "totals": {}})), "line 2: the verdict has no totals"),
        (log(line({**VERDICT, "thresholds": [{"metric": 1}]})), "line 2: the verdict's threshold 0 is malformed"),
        (log(line({**UPLOAD, "status": "meh"}), line(VERDICT)), "line 2: the upload result has no status"),
        (log(line({**VERDICT, "totals": {**VERDICT["totals"], "rps": 10**4000}})), "line 2: the verdict has no totals"),
        (
            log(line({**VERDICT, "thresholds": [{**VERDICT["thresholds"][0], "measured": 10**19}]})),
            "line 2: the verdict's threshold 0 is malformed",
        ),
    ],
)
def test_no_usable_verdict_is_one_line_and_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    assert run(tmp_path, text) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"{tmp_path / 'master.log'}: -: {message}")


def test_a_missing_file_and_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verdict", str(tmp_path / "nope.log")]) == 3
    assert main(["verdict", str(tmp_path)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{tmp_path / 'nope.log'}: -: cannot read: No such file or directory",
        f"{tmp_path}: -: is a folder, not a log",
    ]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verdict", "--format", "yaml"]) == 2
    assert main(["verdict", "a", "b"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_hostile_lines_cost_little_and_raise_nothing(tmp_path: Path) -> None:
    deep = '{"kind": "constructs-locust/verdict", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    long_line = '{"kind": "constructs-locust/verdict"' + " " * (verdict_log.MAX_LINE_BYTES + 10) + "}"
    text = log(deep, long_line, "\x00\xff{not json", '{"kind": "constructs-locust/verdict", "version": NaN}')
    assert run(tmp_path, text) == 3
    # A verdict after all of that is still found, on its own line number.
    assert run(tmp_path, text + line(passing()) + "\n") == 0
    invalid_utf8 = log(line(passing())).encode() + b"\xff\xfe\n"
    assert run(tmp_path, invalid_utf8) == 0


def test_an_over_long_line_is_skipped_even_when_it_holds_a_verdict(tmp_path: Path) -> None:
    padded = " " * verdict_log.MAX_LINE_BYTES + line(passing())
    assert run(tmp_path, log(padded)) == 3


def test_a_log_over_the_size_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verdict_log, "MAX_LOG_BYTES", 1000)
    assert run(tmp_path, log("x" * 2000, line(passing()))) == 3
    assert "the log is larger than" in capsys.readouterr().err


def test_names_from_the_log_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = {**VERDICT["thresholds"][1], "name": "/x\x1b[2J|`<b>`"}
    assert run(tmp_path, log(line({**VERDICT, "thresholds": [hostile]})), "--format", "markdown") == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "/x\\\\x1b\\[2J\\|\\`\\<b\\>\\`" in out


def test_the_command_never_imports_cdk8s() -> None:
    code = (
        "import sys; from constructs_locust.cli import main\n"
        "main(['verdict', '--help'])\n"
        "assert 'cdk8s' not in sys.modules and 'locust' not in sys.modules\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr


def test_the_cli_reference_shows_verdicts_real_help(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    import cli_reference

    monkeypatch.setenv("COLUMNS", "100")  # the width the reference is generated at
    lines = cli_reference.markdown()
    start = lines.index(f"## `{cli_reference.PROG} verdict`")
    fence = lines.index("```text", start)
    shown = "\n".join(lines[fence + 1 : lines.index("```", fence + 1)]) + "\n"
    assert main(["verdict", "--help"], prog=cli_reference.PROG) == 0
    assert shown == capsys.readouterr().out
    assert "| `--format` | one of `text`, `json`, `markdown` | `text` |" in "\n".join(lines[start:])

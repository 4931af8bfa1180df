"""``constructs-locust verdict [FILE|-] [--format text|json|markdown]``: judge a run from its log.

Reads a master's log (or ``kubectl logs --all-containers [--prefix]`` of the master pod), finds
the thresholds verdict and any report-upload result (:mod:`._verdict_log`), prints them, and
exits :data:`EXIT_PASS` (0) on a pass, :data:`EXIT_FAIL` (1) on a fail (a failed or timed-out
upload fails the result), :data:`EXIT_USAGE` (2) on a usage error, :data:`EXIT_NO_VERDICT` (3)
when the log holds no verdict, a malformed one, or cannot be read.
"""

import argparse
import contextlib
import sys
from collections.abc import Mapping
from typing import Any

from .._core.display import escape
from ._stdio import STDOUT_LABEL, write_stdout
from ._verdict_log import MAX_LINE_BYTES, MAX_LOG_BYTES, Found, LogError, scan

__all__ = ["EXIT_FAIL", "EXIT_NO_VERDICT", "EXIT_PASS", "VERDICT_EPILOG", "add_arguments", "report", "run"]

EXIT_PASS = 0
EXIT_FAIL = 1
EXIT_USAGE = 2
EXIT_NO_VERDICT = 3
FORMATS = ("text", "json", "markdown")
_STDIN = "-"
_STDIN_LABEL = "<stdin>"

VERDICT_EPILOG = f"""\
Input: a log holding the verdict line the thresholds plugin prints at the end of a run
({{"kind": "constructs-locust/verdict", "version": 1, ...}}), e.g. 'kubectl logs job/NAME-master',
or 'kubectl logs --all-containers --prefix' of the master pod, which also holds the report
upload's line ({{"kind": "constructs-locust/upload", ...}}). The last verdict and the last upload
line count. At most {MAX_LOG_BYTES >> 20} MiB are read; lines over {MAX_LINE_BYTES >> 20} MiB are skipped.

Output: text (a table), json ({{"result": "pass"|"fail", "verdict": {{...}}, "upload": {{...}}|null}}),
or markdown (for a CI job summary, e.g. >> "$GITHUB_STEP_SUMMARY").

Exit status: 0 pass, 1 fail (a limit breached, or the upload failed or timed out), 2 usage error,
3 no verdict (none in the log, a malformed one, or a log that cannot be read)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``verdict`` command's arguments."""
    parser.add_argument(
        "file", metavar="FILE", nargs="?", default=_STDIN, help="the log to read ('-', the default: standard input)"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="how to print the verdict (default: text)",
    )


def run(file: str, output_format: str) -> int:
    """Read ``file`` (``-``: standard input), print the verdict in ``output_format``; the exit status."""
    label = _STDIN_LABEL if file == _STDIN else file
    try:
        found = _read(file)
    except LogError as error:
        return _problem(label, str(error), EXIT_NO_VERDICT)
    except OSError as error:
        return _problem(label, f"cannot read: {error.strerror or error}", EXIT_NO_VERDICT)
    except MemoryError:
        return _problem(label, "out of memory", EXIT_NO_VERDICT)
    if found.verdict is None:
        return _problem(
            label,
            "no constructs-locust verdict in this log: "
            "was the test rendered with thresholds, and did the master finish?",
            EXIT_NO_VERDICT,
        )
    text = report(found, output_format)
    reason = write_stdout(text)
    if reason is not None:
        return _problem(STDOUT_LABEL, f"cannot write: {reason}", EXIT_NO_VERDICT)
    return EXIT_PASS if result(found) == "pass" else EXIT_FAIL


def _read(file: str) -> Found:
    if file == _STDIN:
        return scan(sys.stdin.buffer)
    from pathlib import Path  # here, not at start-up: the parser imports this module for --help

    if Path(file).is_dir():
        raise LogError("is a folder, not a log")
    with open(file, "rb") as stream:
        return scan(stream)


def result(found: Found) -> str:
    """``pass`` when the verdict passed and no upload failed; else ``fail``."""
    assert found.verdict is not None
    upload_failed = found.upload is not None and found.upload["status"] != "ok"
    return "fail" if upload_failed or found.verdict["result"] != "pass" else "pass"


def report(found: Found, output_format: str) -> str:
    """The verdict (and upload) of ``found`` as ``text``, ``json`` or ``markdown``."""
    if output_format == "json":
        import json  # here, not at start-up: the parser imports this module for --help

        document = {"result": result(found), "verdict": found.verdict, "upload": found.upload}
        return json.dumps(document, indent=2) + "\n"
    if output_format == "markdown":
        return _markdown(found)
    return _text(found)


def _request(item: Mapping[str, Any]) -> str:
    if item["name"] is None:
        return "(whole run)"
    return " ".join(part for part in (item["method"], item["name"]) if part)


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "none"
    if unit == "ratio":
        return f"{value:.4f}"
    shown = str(int(value)) if float(value).is_integer() else f"{value:.2f}"
    return shown if unit == "requests" else f"{shown} {unit}"


def _rows(verdict: Mapping[str, Any]) -> list[tuple[str, ...]]:
    return [
        (
            escape(item["metric"]),
            escape(_request(item)),
            f"{escape(item['comparison'])} {_value(item['limit'], escape(item['unit']))}",
            _value(item["measured"], escape(item["unit"])),
            item["result"].upper(),
        )
        for item in verdict["thresholds"]
    ]


_HEADER = ("threshold", "request", "limit", "measured", "result")


def _summary(found: Found) -> str:
    verdict = found.verdict
    assert verdict is not None
    breached = sum(item["result"] == "fail" for item in verdict["thresholds"])
    test = f"test {escape(verdict['test'])}, " if verdict.get("test") else ""
    return f"{test}{breached} of {len(verdict['thresholds'])} thresholds breached"


def _totals(verdict: Mapping[str, Any]) -> str:
    totals = verdict["totals"]
    return (
        f"{totals['requests']} requests, {totals['failures']} failures "
        f"({totals['failure_ratio'] * 100:.2f}%), {totals['rps']:.2f} requests/s over {totals['duration']:.1f} s"
    )


def _upload(upload: Mapping[str, Any]) -> str:
    code = upload.get("exit_code")
    suffix = "" if code is None else f", exit code {code}"
    return f"{escape(upload['status'])} ({escape(upload['destination'])}{suffix})"


def _text(found: Found) -> str:
    verdict = found.verdict
    assert verdict is not None
    rows = [_HEADER, *_rows(verdict)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(_HEADER))]
    lines = [f"verdict: {result(found).upper()} ({_summary(found)})"]
    for row in rows:
        lines.append("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    lines.append(f"totals: {_totals(verdict)}")
    if found.upload is not None:
        lines.append(f"upload: {_upload(found.upload)}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: no pipe, backtick, angle bracket or emphasis acts."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


def _markdown(found: Found) -> str:
    verdict = found.verdict
    assert verdict is not None
    mark = "✅" if result(found) == "pass" else "❌"
    lines = [f"### {mark} Load test verdict: {result(found).upper()}", "", _cell(_summary(found)) + ".", ""]
    lines += ["| " + " | ".join(_HEADER) + " |", "|" + "---|" * len(_HEADER)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in _rows(verdict)]
    lines += ["", f"Totals: {_cell(_totals(verdict))}."]
    if found.upload is not None:
        lines.append(f"Reports upload: {_cell(_upload(found.upload))}.")
    return "\n".join(lines) + "\n"


def _problem(file: str, message: str, status: int) -> int:
    """One ``FILE: -: message`` line on standard error (as every command reports a whole file)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(f"{escape(file)}: -: {escape(message)}", file=sys.stderr)
    return status

"""The types tell the truth: mypy --strict and pyright report exactly the wrong uses in tests/typecheck/usage.py.

Each checker must report every line marked ``# wrong`` and no other line; the run time must
accept the file's right part and refuse each wrong line, so a type and its run-time rule agree.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USAGE = ROOT / "tests" / "typecheck" / "usage.py"
WRONG_MARK = "# wrong"
WRONG_SECTION = "# Wrong:"


def marked_lines() -> set[int]:
    lines = USAGE.read_text().splitlines()
    return {number for number, line in enumerate(lines, start=1) if line.rstrip().endswith(WRONG_MARK)}


def reported_lines(output: str, pattern: str) -> set[int]:
    return {int(match) for match in re.findall(pattern, output, flags=re.MULTILINE)}


def run(command: list[str]) -> str:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode in (0, 1), result.stdout + result.stderr  # 1: errors found; anything else: a crash
    return result.stdout


def test_the_usage_file_marks_wrong_uses() -> None:
    assert len(marked_lines()) >= 20


def test_mypy_strict_reports_exactly_the_wrong_uses() -> None:
    output = run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(USAGE.relative_to(ROOT))])
    assert reported_lines(output, r"^tests/typecheck/usage\.py:(\d+): error:") == marked_lines(), output


def test_pyright_reports_exactly_the_wrong_uses() -> None:
    output = run([sys.executable, "-m", "pyright", "--pythonpath", sys.executable, str(USAGE)])
    assert reported_lines(output, r"usage\.py:(\d+):\d+ - error:") == marked_lines(), output


def test_the_run_time_accepts_the_right_uses_and_refuses_each_wrong_one() -> None:
    source = USAGE.read_text()
    right, wrong = source.split(WRONG_SECTION, 1)
    namespace: dict[str, object] = {}
    exec(compile(right, str(USAGE), "exec"), namespace)  # the right part runs through
    statements = [line.strip() for line in wrong.splitlines() if line.rstrip().endswith(WRONG_MARK)]
    accepted = []
    for statement in statements:
        try:
            exec(compile(statement, str(USAGE), "exec"), dict(namespace))
        except (ValueError, TypeError, AttributeError):
            continue
        accepted.append(statement)
    assert len(statements) == len(marked_lines())
    assert accepted == [], "the types refuse these, the run time does not"

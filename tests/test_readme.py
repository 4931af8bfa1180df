"""The README's Python snippets run as they are written.

Unmarked ```python blocks run in order, as one program, in an empty directory holding the CR
file they read, with no jsii variable set: they must succeed and print no Node end-of-life
banner. A block after ``<!-- readme-test: pytest -->`` is a test file (its first line names it)
run by pytest twice: writing its snapshots, then checking them. A block after
``<!-- readme-test: skip (reason) -->`` is not run.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import CR_FIXTURES, ROOT

README = ROOT / "README.md"
MARKER = re.compile(r"<!-- readme-test: (?P<kind>pytest|skip \([^)]+\)) -->")
FENCE = re.compile(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
FILES_THE_SNIPPETS_READ = {"checkout-locusttest.yaml": CR_FIXTURES / "locust_v2_locusttest.yaml"}
FOLDERS_THE_SNIPPETS_READ = {"locust": ROOT / "locust"}
EOL_VARIABLE = "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"
EOL_BANNER = "end-of-life"


def python_blocks() -> list[tuple[str, str]]:
    """Each ```python block of the README as ``(kind, code)``; kind ``run``, ``pytest`` or ``skip (...)``."""
    text = README.read_text()
    blocks = []
    for fence in FENCE.finditer(text):
        if fence["lang"] != "python":
            continue
        before = text[: fence.start()].rstrip().rsplit("\n", 1)[-1]
        marker = MARKER.fullmatch(before.strip())
        blocks.append((marker["kind"] if marker else "run", fence["body"]))
    return blocks


def run_python(args: list[str], cwd: Path, env_changes: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def node_major() -> int:
    version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout
    return int(version.strip().lstrip("v").split(".")[0])


def test_every_python_block_is_run_or_says_why_not() -> None:
    kinds = [kind for kind, _ in python_blocks()]
    assert kinds.count("run") >= 3
    assert kinds.count("pytest") == 1
    assert all(kind in ("run", "pytest") or kind.startswith("skip (") for kind in kinds)


def test_the_readme_program_runs_and_prints_no_node_banner(tmp_path: Path) -> None:
    for name, source in FILES_THE_SNIPPETS_READ.items():
        shutil.copy(source, tmp_path / name)
    for name, folder in FOLDERS_THE_SNIPPETS_READ.items():
        shutil.copytree(folder, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    program = "\n\n".join(code for kind, code in python_blocks() if kind == "run")
    (tmp_path / "readme_program.py").write_text(program)
    result = run_python(["readme_program.py"], tmp_path, {EOL_VARIABLE: None})
    assert result.returncode == 0, result.stderr
    assert EOL_BANNER not in result.stderr
    assert "Warning" not in result.stderr  # the examples show specs that do what they mean
    assert (tmp_path / "dist" / "load.k8s.yaml").exists()


def test_the_end_of_life_banner_comes_back_when_the_variable_is_empty(tmp_path: Path) -> None:
    if node_major() != 20:
        pytest.skip("jsii prints its end-of-life banner on Node 20 only among the Node versions it runs on")
    program = "import constructs_locust\nimport cdk8s\n"
    assert EOL_BANNER in run_python(["-c", program], tmp_path, {EOL_VARIABLE: ""}).stderr
    assert EOL_BANNER not in run_python(["-c", program], tmp_path, {EOL_VARIABLE: None}).stderr


def test_setting_the_variable_above_sorted_imports_silences_the_banner_and_passes_ruff(tmp_path: Path) -> None:
    (code,) = [code for kind, code in python_blocks() if "os.environ.setdefault(" in code]
    (tmp_path / "sorted_imports.py").write_text(code)
    result = run_python(["sorted_imports.py"], tmp_path, {EOL_VARIABLE: None})
    assert result.returncode == 0, result.stderr
    assert EOL_BANNER not in result.stderr
    ruff = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "I,E402", "sorted_imports.py"]
    lint = subprocess.run(ruff, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert lint.returncode == 0, lint.stdout


def test_the_snapshot_example_writes_then_checks_a_yaml_snapshot(tmp_path: Path) -> None:
    (code,) = [code for kind, code in python_blocks() if kind == "pytest"]
    name = code.splitlines()[0].removeprefix("# ").strip()
    (tmp_path / name).write_text(code)
    pytest_args = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), name]
    written = run_python([*pytest_args, "--snapshot-update"], tmp_path, {})
    assert written.returncode == 0, written.stdout + written.stderr
    snapshot = tmp_path / "__snapshots__" / Path(name).stem / "test_checkout_chart_matches_its_snapshot.yaml"
    assert "activeDeadlineSeconds: 3600" in snapshot.read_text()
    checked = run_python(pytest_args, tmp_path, {})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "1 snapshot passed" in checked.stdout
    snapshot.write_text(snapshot.read_text().replace("activeDeadlineSeconds: 3600", "activeDeadlineSeconds: 60"))
    assert run_python(pytest_args, tmp_path, {}).returncode == 1  # a changed chart fails

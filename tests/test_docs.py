"""Every Python block of the documentation and the README runs on its own (see tests/docs_blocks.py).

Each runnable block is run alone, as a program, in an empty folder holding only its page's
``file`` blocks and a copy of ``locust/`` (the example load test the test-file examples ship),
with ``python -W error`` and without the jsii variable: it must succeed and write nothing to
stderr (no warning, no Node end-of-life banner).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docs_blocks import DOCS, Block, blocks, page_files, pages, program, python_blocks
from tests.support import ROOT

FOLDERS_THE_BLOCKS_READ = {"locust": ROOT / "locust"}
EOL_VARIABLE = "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"
EOL_BANNER = "end-of-life"
SECTION = "\u00a7"  # the section sign, spelt so that this file cites no section itself
README_LIMIT = 8 * 1024


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


def runnable() -> list[Block]:
    return [block for block in python_blocks() if block.kind == "run" or block.kind.startswith("continues ")]


def prepare(folder: Path, page: Path) -> None:
    for name, text in page_files(page).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    for name, source in FOLDERS_THE_BLOCKS_READ.items():
        shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))


def test_every_python_block_runs_or_says_why_not() -> None:
    kinds = [block.kind for block in python_blocks()]
    assert kinds.count("run") >= 10
    assert kinds.count("pytest") == 1
    for block in python_blocks():
        assert re.fullmatch(r"run|pytest|file \S+|continues \d+|skip \(.+\)", block.kind), block.name
        if block.kind.startswith("continues "):
            number = int(block.kind.split()[1])
            assert 0 < number < block.python_index, f"{block.name} continues a block that does not precede it"


def test_the_readme_python_blocks_are_complete_programs() -> None:
    readme = [block for block in python_blocks() if block.page.name == "README.md"]
    assert readme and all(block.kind == "run" for block in readme)


@pytest.mark.parametrize("block", runnable(), ids=lambda block: block.name)
def test_the_block_runs_alone_with_warnings_as_errors(block: Block, tmp_path: Path) -> None:
    prepare(tmp_path, block.page)
    (tmp_path / "block.py").write_text(program(block))
    result = run_python(["-W", "error", "block.py"], tmp_path, {EOL_VARIABLE: None})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no warning, no Node banner: the examples do what they mean


def test_a_continued_block_runs_after_the_block_it_continues(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```python\nanswer = 42\n```\n\n<!-- docs-test: continues 1 -->\n```python\nprint(answer)\n```\n")
    first, second = blocks(page)
    assert (first.kind, second.kind) == ("run", "continues 1")
    assert program(second) == "answer = 42\n\nprint(answer)\n"


def test_a_block_that_warns_fails_the_check(tmp_path: Path) -> None:
    code = "import warnings\nwarnings.warn('not what you meant', UserWarning)\n"
    (tmp_path / "block.py").write_text(code)
    assert run_python(["-W", "error", "block.py"], tmp_path, {EOL_VARIABLE: None}).returncode != 0


@pytest.mark.parametrize(
    "block", [block for block in python_blocks() if block.kind.startswith("file ")], ids=lambda block: block.name
)
def test_a_python_file_block_compiles(block: Block) -> None:
    compile(block.body, block.kind.split()[1], "exec")


def test_the_end_of_life_banner_comes_back_when_the_variable_is_empty(tmp_path: Path) -> None:
    if node_major() != 20:
        pytest.skip("jsii prints its end-of-life banner on Node 20 only among the Node versions it runs on")
    program_text = "import constructs_locust\nimport cdk8s\n"
    assert EOL_BANNER in run_python(["-c", program_text], tmp_path, {EOL_VARIABLE: ""}).stderr
    assert EOL_BANNER not in run_python(["-c", program_text], tmp_path, {EOL_VARIABLE: None}).stderr


def test_setting_the_variable_above_sorted_imports_silences_the_banner_and_passes_ruff(tmp_path: Path) -> None:
    (block,) = [block for block in python_blocks() if "os.environ.setdefault(" in block.body]
    (tmp_path / "sorted_imports.py").write_text(block.body)
    result = run_python(["sorted_imports.py"], tmp_path, {EOL_VARIABLE: None})
    assert result.returncode == 0, result.stderr
    assert EOL_BANNER not in result.stderr
    ruff = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "I,E402", "sorted_imports.py"]
    lint = subprocess.run(ruff, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert lint.returncode == 0, lint.stdout


def test_the_snapshot_example_writes_then_checks_a_yaml_snapshot(tmp_path: Path) -> None:
    (block,) = [block for block in python_blocks() if block.kind == "pytest"]
    name = block.body.splitlines()[0].removeprefix("# ").strip()
    (tmp_path / name).write_text(block.body)
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


def test_the_readme_is_a_short_front_page_with_the_ci_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    assert len(readme.encode()) < README_LIMIT
    ci_command = next(line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.startswith("npm ci"))
    assert ci_command in readme  # .ci/run runs the README's test command verbatim
    assert "python -m pip install -r requirements.txt && python main.py" in readme


def test_every_relative_link_of_the_readme_reaches_a_file() -> None:
    readme = (ROOT / "README.md").read_text()
    targets = re.findall(r"\]\(((?!https?:)[^)#]+)(?:#[^)]*)?\)", readme)
    assert targets
    assert [target for target in targets if not (ROOT / target).exists()] == []


def operator_behaviour_sections() -> set[str]:
    text = (DOCS / "explanation" / "operator-behaviour.md").read_text()
    return set(re.findall(rf"^#+ {SECTION}(\d+(?:\.\d+)?) ", text, re.MULTILINE))


def cited_sections() -> set[str]:
    found: set[str] = set()
    for folder in ("constructs_locust", "tests", "benchmarks", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(re.findall(rf"{SECTION}(\d+(?:\.\d+)?)", path.read_text()))
    return found


def test_every_section_the_code_cites_is_explained_in_the_repository() -> None:
    cited = cited_sections()
    assert {"2", "5.1", "11", "12"} <= cited
    assert cited - operator_behaviour_sections() == set()


def test_the_explanation_keeps_the_numbering_of_the_shared_reference() -> None:
    candidates = [folder / "shared" / "reference" / "operator-behaviour.md" for folder in ROOT.parents[:2]]
    shared = next((path for path in candidates if path.exists()), None)
    if shared is None:
        pytest.skip("the shared design documents are not beside this checkout")
    numbered = set(re.findall(r"^#+ (\d+(?:\.\d+)?)\.? ", shared.read_text(), re.MULTILINE))
    assert numbered == operator_behaviour_sections()


def test_every_page_is_in_the_site_and_every_block_is_closed() -> None:
    assert {page.name for page in pages()} >= {"README.md", "index.md", "first-load-test.md", "operator-behaviour.md"}
    for page in pages():
        assert page.read_text().count("```") % 2 == 0, page
        blocks(page)  # every opened fence is closed

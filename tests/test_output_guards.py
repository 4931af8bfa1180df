"""Output that would destroy or silently cut what the user has: ``render DIR -o DIR``, ``render | head -c 100``."""

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from constructs_locust import cli
from constructs_locust.cli._stdio import write_stdout
from tests.support import bounded_cr_text

REPO = Path(__file__).parent.parent
SAMPLE = REPO / "tests" / "fixtures" / "crs" / "locust_v2_locusttest.yaml"
"""A CR of one test named ``sample-test``."""
SAMPLE_TEXT = bounded_cr_text(SAMPLE.read_text())
"""Its text, with a run time (so no warning that it never ends)."""


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (hidden ones too) and its bytes."""
    return {str(path.relative_to(directory)): path.read_bytes() for path in directory.rglob("*") if path.is_file()}


@pytest.fixture
def crs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder ``crs`` (the working directory's) whose ``sample-test.yaml`` holds the test ``sample-test``."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "crs"
    folder.mkdir()
    (folder / "sample-test.yaml").write_text(SAMPLE_TEXT)
    return folder


@pytest.mark.parametrize("output", ["crs", "./crs/", "crs/../crs", "link"])
def test_rendering_a_folder_into_itself_is_refused_naming_the_file(
    crs: Path, output: str, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("link").symlink_to("crs")
    before = tree(crs)
    assert cli.main(["render", "crs", "-o", output]) == 1
    shown = Path(output)  # as argparse hands it over: "./crs/" is "crs"
    assert capsys.readouterr() == (
        "",
        f"crs/sample-test.yaml: sample-test: output would overwrite an input: -o {shown} "
        f"writes {shown / 'sample-test.yaml'}; render into another directory\n",
    )
    assert tree(crs) == before


def test_a_file_input_whose_test_writes_over_it_is_refused(crs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = crs / "other.yaml"
    other.write_text(SAMPLE_TEXT.replace("name: sample-test", "name: other"))
    before = tree(crs)
    assert cli.main(["render", "crs/other.yaml", str(crs / "sample-test.yaml"), "-o", "crs"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": output would overwrite an input")[0] for line in lines] == [
        "crs/other.yaml: other",
        f"{crs / 'sample-test.yaml'}: sample-test",
    ]
    assert tree(crs) == before


def test_the_kept_documents_file_as_an_input_is_refused(crs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (crs / "_other-kinds.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n")
    (crs / "sample-test.yaml").unlink()
    before = tree(crs)
    assert cli.main(["render", "crs", "--other-kinds", "keep", "-o", "crs"]) == 1
    assert capsys.readouterr().err == (
        "crs/_other-kinds.yaml: -: output would overwrite an input: -o crs writes crs/_other-kinds.yaml; "
        "render into another directory\n"
    )
    assert tree(crs) == before


def test_another_folder_or_a_name_no_input_has_is_written(crs: Path) -> None:
    assert cli.main(["render", "crs", "-o", "out"]) == 0
    (crs / "sample-test.yaml").rename(crs / "renamed.yaml")
    assert cli.main(["render", "crs/renamed.yaml", "-o", "crs"]) == 0  # writes sample-test.yaml: not an input
    assert sorted(os.listdir(crs)) == ["renamed.yaml", "sample-test.yaml"]
    assert (crs / "sample-test.yaml").read_bytes() == (Path("out") / "sample-test.yaml").read_bytes()


def test_output_cut_short_by_the_reader_is_one_line_and_exit_1(tmp_path: Path) -> None:
    """``render big | head -c 100``: the output (260 KB, past any pipe's buffer) is cut: exit 1, one line."""
    text = SAMPLE_TEXT
    big = tmp_path / "big.yaml"
    big.write_text("---\n".join(text.replace("name: sample-test", f"name: test-{index}") for index in range(60)))
    process = subprocess.Popen(
        [sys.executable, "-m", "constructs_locust", "render", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert process.stdout is not None and process.stderr is not None
    head = process.stdout.read(100)
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert head.startswith(b"---\napiVersion: v1\n")
    assert err == "<stdout>: -: cannot write: Broken pipe\n"


def test_a_short_write_is_not_taken_for_a_whole_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A buffer that takes 7 bytes a call gets them all, in order."""

    class Slow(io.BytesIO):
        def write(self, data: Any) -> int:
            return super().write(bytes(data)[:7])

    raw = Slow()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="utf-8"))
    assert write_stdout("x" * 50 + "é\n") is None
    assert raw.getvalue() == ("x" * 50 + "é\n").encode()

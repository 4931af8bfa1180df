"""``crd`` and ``dashboard`` write one FILE the same way (``cli/_one_file.py``): a FILE ending in ``/`` is refused."""

import os
from pathlib import Path

import pytest

from constructs_locust.cli._main import main


@pytest.mark.parametrize("command", ["crd", "dashboard"])
def test_a_file_named_like_a_directory_is_refused_and_nothing_is_written(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([command, "-o", "out/"]) == 1
    assert capsys.readouterr().err == "out/: -: cannot write: names a directory, not a file (nothing was changed)\n"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("command", ["crd", "dashboard"])
def test_the_file_is_written_whole(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command]) == 0
    printed = capsys.readouterr().out
    assert main([command, "-o", str(tmp_path / "deep" / "file")]) == 0
    assert (tmp_path / "deep" / "file").read_text(encoding="utf-8") == printed

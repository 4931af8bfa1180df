"""All-or-nothing output: a failed move, SIGINT, SIGTERM and SIGKILL leave (or bring back) DIR byte for byte."""

import fcntl
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from constructs_locust.cli import _atomic_output as atomic_output
from constructs_locust.cli import _main as cli
from constructs_locust.cli._atomic_output import STAGING_PREFIX, Interrupted, OutputError, recover, write_files
from constructs_locust.cli._crd import main as crd_main
from constructs_locust.spec._crd import dump_crd
from tests.support import bounded_cr_text

REPO = Path(__file__).parent.parent
NEW = {"a.yaml": "new a\n", "b.yaml": "new b\n", "c.yaml": "new c\n"}


def without_warnings(stderr: str) -> str:
    """``stderr`` without the inputs' lint warnings (the every-field fixture has one): the output errors only."""
    return "".join(line for line in stderr.splitlines(keepends=True) if ": warning: " not in line)


def snapshot(directory: Path) -> dict[str, Any]:
    """Every entry under ``directory`` (hidden ones too): type, permission bits, bytes or link target."""
    result: dict[str, Any] = {}
    for path in sorted(directory.rglob("*")):
        info = path.lstat()
        key = str(path.relative_to(directory))
        if stat.S_ISLNK(info.st_mode):
            result[key] = ("link", os.readlink(path))
        elif stat.S_ISDIR(info.st_mode):
            result[key] = ("dir", stat.S_IMODE(info.st_mode))
        elif not stat.S_ISREG(info.st_mode):  # a FIFO: reading it would block
            result[key] = ("other", stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
        else:
            result[key] = ("file", stat.S_IMODE(info.st_mode), path.read_bytes())
    return result


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder with an old a.yaml (mode 0640), no b.yaml, an old c.yaml and a file of someone else."""
    directory = tmp_path / "out"
    directory.mkdir()
    (directory / "a.yaml").write_text("old a\n")
    (directory / "a.yaml").chmod(0o640)
    (directory / "c.yaml").write_text("old c\n")
    (directory / "notes.txt").write_text("not ours\n")
    return directory


def test_files_are_written_and_replaced_files_keep_their_permissions(out: Path) -> None:
    write_files(out, NEW)
    after = snapshot(out)
    assert after["a.yaml"] == ("file", 0o640, b"new a\n")
    assert after["b.yaml"][2] == b"new b\n"
    assert after["notes.txt"][2] == b"not ours\n"
    assert sorted(after) == ["a.yaml", "b.yaml", "c.yaml", "notes.txt"]  # no staging folder left


def test_a_failed_move_rolls_back_every_earlier_move(out: Path, links: str) -> None:
    (out / "c.yaml").unlink()
    (out / "c.yaml").mkdir()  # the third move cannot replace a directory
    before = snapshot(out)
    with pytest.raises(OutputError) as caught:
        write_files(out, NEW)
    assert (caught.value.path, caught.value.reason) == (str(out / "c.yaml"), "is a directory")
    assert snapshot(out) == before


@pytest.fixture(params=["hard links", "no hard links"])
def links(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with hard links, and as on a file system without them (old files are then renamed away)."""
    if request.param == "no hard links":

        def no_link(*args: Any, **kwargs: Any) -> None:
            raise OSError(1, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_link)
    return str(request.param)


def test_a_failing_rename_rolls_back(out: Path, monkeypatch: pytest.MonkeyPatch, links: str) -> None:
    before = snapshot(out)
    real_replace = os.replace
    calls: list[str] = []

    def replace(source: Any, target: Any) -> None:
        calls.append(str(target))
        if len(calls) == 3:  # journal, a.yaml, then b.yaml fails
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match="Input/output error"):
        write_files(out, NEW)
    assert snapshot(out) == before


def test_the_cli_reports_a_failed_move_in_one_line(
    out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = REPO / "tests" / "fixtures" / "crs"
    crs = sorted(source.glob("*.yaml"))[:1]
    code = cli.main(["render", str(crs[0]), "-o", str(out)])
    assert code == 0
    name = next(path.name for path in out.iterdir() if path.name not in ("a.yaml", "c.yaml", "notes.txt"))
    (out / name).unlink()
    (out / name).mkdir()
    before = snapshot(out)
    capsys.readouterr()
    assert cli.main(["render", str(crs[0]), "-o", str(out)]) == 1
    assert (
        without_warnings(capsys.readouterr().err)
        == f"{out / name}: -: cannot write: is a directory (nothing was changed)\n"
    )
    assert snapshot(out) == before


def test_sigint_between_moves_rolls_back(out: Path, monkeypatch: pytest.MonkeyPatch, links: str) -> None:
    before = snapshot(out)
    monkeypatch.setattr(atomic_output, "_between_moves", lambda target: os.kill(os.getpid(), signal.SIGINT))
    with pytest.raises(Interrupted) as caught:
        write_files(out, NEW)
    assert (caught.value.signum, caught.value.completed) == (signal.SIGINT, False)
    assert snapshot(out) == before
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers restored


_PAUSING_RUN = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from constructs_locust.cli import _atomic_output as atomic_output
    from constructs_locust.cli._main import main

    flag = Path(sys.argv[1])
    moves = []

    def pause(target):
        moves.append(target)
        if {kill_after}:
            if len(moves) == {kill_after}:
                os.kill(os.getpid(), 9)
            return
        flag.with_suffix(".moved").write_text(str(target))
        deadline = time.monotonic() + 30
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.02)

    atomic_output._between_moves = pause
    sys.exit(main(sys.argv[2:]))
    """
)


def start_paused_run(tmp_path: Path, out: Path, kill_after: int = 0) -> tuple[subprocess.Popen[bytes], Path]:
    crs = tmp_path / "crs.yaml"
    fixtures = sorted((REPO / "tests" / "fixtures" / "crs").glob("*.yaml"))
    crs.write_text(bounded_cr_text("---\n".join(path.read_text() for path in fixtures[:3])))
    flag = tmp_path / "go"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _PAUSING_RUN.format(kill_after=kill_after),
            str(flag),
            "render",
            str(crs),
            "-o",
            str(out),
        ],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    return process, flag


def test_sigterm_mid_swap_leaves_dir_byte_identical(tmp_path: Path, out: Path) -> None:
    before = snapshot(out)
    process, flag = start_paused_run(tmp_path, out)
    moved = flag.with_suffix(".moved")
    deadline = time.monotonic() + 60
    while not moved.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    assert moved.exists(), process.communicate()
    assert snapshot(out) != before  # one file is in place: the swap is under way
    assert any(name.startswith(STAGING_PREFIX) for name in os.listdir(out))  # staging inside DIR
    process.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    flag.write_text("go")
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert (stdout, without_warnings(stderr.decode())) == (
        b"",
        f"{out}: -: interrupted by SIGTERM: {out} was left as it was\n",
    )
    assert snapshot(out) == before


def test_after_sigkill_the_next_run_restores_dir_first(tmp_path: Path, out: Path) -> None:
    before = snapshot(out)
    process, _flag = start_paused_run(tmp_path, out, kill_after=2)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    left = snapshot(out)
    assert left != before
    assert any(name.startswith(STAGING_PREFIX) for name in left)
    recover(out)
    assert snapshot(out) == before


def test_a_live_staging_folder_is_left_alone(out: Path) -> None:
    staging = out / f"{STAGING_PREFIX}live{atomic_output.STAGING_SUFFIX}"
    staging.mkdir()
    descriptor = os.open(staging, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        write_files(out, {"a.yaml": "x\n"})
        assert staging.is_dir()
    finally:
        os.close(descriptor)
    write_files(out, {"a.yaml": "y\n"})
    assert not staging.exists()


def test_missing_directories_are_created_and_removed_again_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_output, "_write_new", fail)
    with pytest.raises(OutputError, match="No space left on device"):
        write_files(tmp_path / "x" / "y" / "out", NEW)
    assert list(tmp_path.iterdir()) == []


def test_nothing_is_staged_outside_dir(tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parent_before = sorted(os.listdir(tmp_path))
    seen: list[list[str]] = []
    monkeypatch.setattr(atomic_output, "_between_moves", lambda target: seen.append(sorted(os.listdir(tmp_path))))
    write_files(out, NEW)
    assert seen == [parent_before] * 3


def read_only(directory: Path, on: bool) -> None:
    """Make ``directory`` read-only: its permission bits, or (root ignores those) the immutable attribute."""
    if os.geteuid() != 0:
        directory.chmod(0o555 if on else 0o755)
        return
    result = subprocess.run(["chattr", "+i" if on else "-i", str(directory)], capture_output=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot make a directory read-only here: {result.stderr.decode().strip()}")


def test_a_writable_dir_under_a_read_only_parent_works(tmp_path: Path, out: Path) -> None:
    read_only(tmp_path, True)
    try:
        with pytest.raises(OSError):
            (tmp_path / "probe").write_text("")
        write_files(out, NEW)
    finally:
        read_only(tmp_path, False)
    assert (out / "b.yaml").read_text() == "new b\n"
    assert sorted(os.listdir(out)) == ["a.yaml", "b.yaml", "c.yaml", "notes.txt"]


def test_crd_output_replaces_a_symlink_and_never_writes_its_target(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yaml"
    target.write_text("precious\n")
    link = tmp_path / "crd.yaml"
    link.symlink_to(target)
    assert crd_main(["-o", str(link)]) == 0
    assert not link.is_symlink()
    assert link.read_text() == dump_crd()
    assert target.read_text() == "precious\n"


def test_crd_output_is_all_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "crd.yaml"
    path.write_text("old\n")
    real_replace = os.replace

    def replace(source: Any, target: Any) -> None:
        if Path(target) == path:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    assert crd_main(["-o", str(path)]) == 1
    assert (
        without_warnings(capsys.readouterr().err)
        == f"{path}: -: cannot write: No space left on device (nothing was changed)\n"
    )
    assert sorted(os.listdir(tmp_path)) == ["crd.yaml"]
    assert path.read_text() == "old\n"


def test_when_undoing_fails_too_the_next_run_restores_dir(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(out)
    real_replace = os.replace
    calls: list[str] = []

    def replace(source: Any, target: Any) -> None:
        calls.append(str(target))
        if len(calls) >= 3:  # journal, a.yaml; then b.yaml fails, and so does putting a.yaml back
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError) as caught:
        write_files(out, NEW)
    monkeypatch.setattr(os, "replace", real_replace)
    assert caught.value.changed
    assert caught.value.path == str(out / "b.yaml")
    assert caught.value.reason.startswith(
        f"Input/output error; putting back {out / 'a.yaml'} failed too (Input/output error): "
        f"the previous files are kept in {out}/{STAGING_PREFIX}"
    )
    assert snapshot(out) != before
    recover(out)
    assert snapshot(out) == before


def refuse_staging(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the staging folder fail as in a read-only DIR (root writes into read-only folders)."""

    def mkdtemp(*args: Any, dir: Any = None, **kwargs: Any) -> str:
        raise PermissionError(13, "Permission denied", os.path.join(str(dir), f"{STAGING_PREFIX}x.tmp"))

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)  # the module imports tempfile when it stages


def test_a_read_only_output_dir_is_one_line_and_nothing_changes(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(out)
    refuse_staging(monkeypatch)
    crs = sorted((REPO / "tests" / "fixtures" / "crs").glob("*.yaml"))[0]
    assert cli.main(["render", str(crs), "-o", str(out)]) == 1
    assert (
        without_warnings(capsys.readouterr().err)
        == f"{out}: -: cannot write: Permission denied (nothing was changed)\n"
    )
    assert crd_main(["-o", str(out / "crd.yaml")]) == 1
    assert without_warnings(capsys.readouterr().err) == (
        f"{out / 'crd.yaml'}: -: cannot write: {out}: Permission denied (nothing was changed)\n"
    )
    assert snapshot(out) == before


def test_missing_directories_are_removed_again_when_staging_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_staging(monkeypatch)
    with pytest.raises(OutputError, match="Permission denied"):
        write_files(tmp_path / "x" / "y", NEW)
    assert list(tmp_path.iterdir()) == []


def test_a_staging_folder_that_cannot_be_locked_is_removed(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(out)

    def lock(path: Path, *, wait: bool, signals: object = None) -> int:
        raise OSError(37, "No locks available")

    monkeypatch.setattr(atomic_output, "_lock", lock)
    with pytest.raises(OutputError) as caught:
        write_files(out, NEW)
    assert (caught.value.path, caught.value.reason) == (str(out), "No locks available")
    assert snapshot(out) == before


def test_a_parent_that_cannot_be_searched_is_an_output_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    real_exists = Path.exists

    def exists(path: Path) -> bool:
        if locked in path.parents:
            raise PermissionError(13, "Permission denied", str(path))
        return real_exists(path)

    monkeypatch.setattr(Path, "exists", exists)
    with pytest.raises(OutputError) as caught:
        write_files(locked / "out", NEW)
    assert caught.value.reason == "cannot create: Permission denied"


def test_a_parent_that_is_a_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "afile"
    afile.write_text("not a folder\n")
    for target in (afile, afile / "sub"):
        with pytest.raises(OutputError) as caught:
            write_files(target, NEW)
        assert (caught.value.path, caught.value.reason) == (str(afile), "exists and is not a directory")
    for output in (afile / "sub.yaml", afile / "sub" / "crd.yaml"):
        assert cli.main(["crd", "-o", str(output)]) == 1
        assert without_warnings(capsys.readouterr().err) == (
            f"{output}: -: cannot write: {afile}: exists and is not a directory (nothing was changed)\n"
        )
    assert sorted(os.listdir(tmp_path)) == ["afile"]
    assert afile.read_text() == "not a folder\n"


@pytest.mark.parametrize("journal", ["{not json", '{"names": "a.yaml"}', '{"names": ["../escape"]}', "[]"])
def test_a_journal_that_is_not_ours_is_an_output_error(out: Path, journal: str) -> None:
    staging = out / f"{STAGING_PREFIX}old{atomic_output.STAGING_SUFFIX}"
    staging.mkdir()
    (staging / "journal.json").write_text(journal)
    before = snapshot(out)
    with pytest.raises(OutputError) as caught:
        write_files(out, NEW)
    assert caught.value.reason.startswith(f"cannot recover an interrupted run: {staging / 'journal.json'} is not")
    assert snapshot(out) == before


@pytest.mark.parametrize(
    "journal",
    [
        "[" * 200_000,  # RecursionError in the JSON decoder
        '{"names": ["a.yaml", "a\\u0000b"]}',  # NUL: a.yaml would be removed before the NUL failed
        '{"names": ["a.yaml", "' + "x" * 256 + '"]}',
        '{"names": ["a.yaml", "\\ud800"]}',  # not encodable as a file name
        '{"names": ["a.yaml", ""]}',
        b"\xff\xfe",
    ],
)
def test_a_hostile_journal_is_refused_before_anything_moves(
    out: Path, journal: str | bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    staging = out / f"{STAGING_PREFIX}x{atomic_output.STAGING_SUFFIX}"
    staging.mkdir()
    data = journal.encode() if isinstance(journal, str) else journal
    (staging / "journal.json").write_bytes(data)
    before = snapshot(out)
    assert crd_main(["-o", str(out / "crd.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is not a journal of this program" in err and err.endswith("(nothing was changed)\n")
    assert snapshot(out) == before


def test_a_journal_too_large_is_refused(out: Path) -> None:
    staging = out / f"{STAGING_PREFIX}x{atomic_output.STAGING_SUFFIX}"
    staging.mkdir()
    names = [f"{index}.yaml" for index in range(100_000)]
    (staging / "journal.json").write_text(json.dumps({"names": names}))
    assert (staging / "journal.json").stat().st_size > 1 << 20
    before = snapshot(out)
    with pytest.raises(OutputError, match="is not a journal of this program"):
        write_files(out, NEW)
    assert snapshot(out) == before


@pytest.mark.parametrize("kind", ["fifo", "symlink", "directory"])
def test_a_journal_that_is_no_regular_file_is_never_read(out: Path, tmp_path: Path, kind: str) -> None:
    staging = out / f"{STAGING_PREFIX}x{atomic_output.STAGING_SUFFIX}"
    staging.mkdir()
    journal = staging / "journal.json"
    if kind == "fifo":
        os.mkfifo(journal)  # reading it would block with SIGINT and SIGTERM held off
    elif kind == "symlink":
        (tmp_path / "elsewhere.json").write_text('{"names": ["a.yaml"]}')
        journal.symlink_to(tmp_path / "elsewhere.json")
    else:
        journal.mkdir()
    before = snapshot(out)
    script = textwrap.dedent(
        f"""
        import sys
        from constructs_locust.cli._crd import main
        sys.exit(main(["-o", {str(out / "crd.yaml")!r}]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1, done.stderr
    assert "is not a journal of this program" in done.stderr and done.stderr.count("\n") == 1
    assert snapshot(out) == before


def test_output_errors_name_paths_as_they_were_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    crs = str(sorted((REPO / "tests" / "fixtures" / "crs").glob("*.yaml"))[0])
    Path("manifests").mkdir()
    refuse_staging(monkeypatch)
    assert cli.main(["render", crs, "-o", "manifests"]) == 1
    assert (
        without_warnings(capsys.readouterr().err)
        == "manifests: -: cannot write: Permission denied (nothing was changed)\n"
    )
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    Path("afile").write_text("not a folder\n")
    assert cli.main(["render", crs, "-o", "afile"]) == 1
    assert (
        without_warnings(capsys.readouterr().err)
        == "afile: -: cannot write: exists and is not a directory (nothing was changed)\n"
    )
    assert cli.main(["render", crs, "-o", "afile/sub"]) == 1
    assert (
        without_warnings(capsys.readouterr().err)
        == "afile: -: cannot write: exists and is not a directory (nothing was changed)\n"
    )
    assert cli.main(["crd", "-o", "afile/sub/crd.yaml"]) == 1
    assert without_warnings(capsys.readouterr().err) == (
        "afile/sub/crd.yaml: -: cannot write: afile: exists and is not a directory (nothing was changed)\n"
    )
    Path("manifests", "taken.yaml").mkdir()
    assert cli.main(["crd", "-o", "manifests/taken.yaml"]) == 1
    assert (
        without_warnings(capsys.readouterr().err)
        == "manifests/taken.yaml: -: cannot write: is a directory (nothing was changed)\n"
    )
    assert cli.main(["render", crs, "-o", "good"]) == 0
    (name,) = os.listdir("good")
    Path("manifests", name).mkdir()
    assert cli.main(["render", crs, "-o", "manifests"]) == 1
    assert (
        without_warnings(capsys.readouterr().err)
        == f"manifests/{name}: -: cannot write: is a directory (nothing was changed)\n"
    )
    assert sorted(os.listdir(tmp_path)) == ["afile", "good", "manifests"]

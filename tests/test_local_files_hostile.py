"""LocustTestFiles against hostile local files: symlinks as kubectl treats them, pipes, permissions, bounds.

Each test names the issue #20 defect it pins down. The kubectl comparisons run the real
``kubectl create configmap --from-file=DIR --dry-run=client`` (no cluster) and are skipped
without kubectl on the PATH.
"""

import json
import os
import pwd
import select
import shutil
import stat
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cdk8s
import pytest

from constructs_locust import LocustTestFiles, SpecError
from constructs_locust.constructs import _locust_test_files as files_module
from constructs_locust.manifests import _file_walk
from constructs_locust.manifests import _local_files as local_files
from constructs_locust.manifests._file_walk import MAX_FILES
from constructs_locust.manifests._local_files import MAX_CONFIG_MAP_BYTES, ConfigMapContent, collect

KUBECTL = shutil.which("kubectl")
SECRET = "root:x:0:0:not-for-a-configmap\n"


def build(tmp_path: Path) -> tuple[Path, Path]:
    """``src`` with a file, a binary file, and every kind of symlink; ``outside`` beside it."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text(SECRET)
    (outside / "folder" / "inner.txt").write_text("inner\n")
    src = tmp_path / "src"
    src.mkdir()
    (src / "locustfile.py").write_text("from locust import HttpUser\n")
    (src / "ids.bin").write_bytes(b"\x07\xc8\xff")
    (src / "inside-link.py").symlink_to("locustfile.py")
    (src / "outside-link.txt").symlink_to(outside / "secret.txt")
    (src / "relative-out.txt").symlink_to(Path("..") / "outside" / "secret.txt")
    (src / "passwd").symlink_to("/etc/passwd")
    (src / "folder-link").symlink_to(outside / "folder")
    (src / "dangling").symlink_to(src / "nowhere")
    return src, outside


def plain(tmp_path: Path) -> Path:
    """A ``src`` folder with two regular files and nothing else."""
    src = tmp_path / "plain"
    src.mkdir()
    (src / "locustfile.py").write_text("from locust import HttpUser\n")
    (src / "ids.bin").write_bytes(b"\x07\xc8\xff")
    return src


def synth(**kwargs: Any) -> tuple[LocustTestFiles, list[dict[str, Any]]]:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "files", namespace="load")
    files = LocustTestFiles(chart, "shop", **kwargs)
    return files, list(cdk8s.Testing.synth(chart))


# 8. Symlinks -------------------------------------------------------------------------------


def test_symlinks_inside_a_folder_are_left_out_and_nothing_outside_is_read(tmp_path: Path) -> None:
    src, _ = build(tmp_path)
    files, [config_map] = synth(src=src)
    assert files.src_content.keys == ("ids.bin", "locustfile.py")
    assert files.src_content.symlinks == (
        "dangling",
        "folder-link",
        "inside-link.py",
        "outside-link.txt",
        "passwd",
        "relative-out.txt",
    )
    assert config_map["data"] == {"locustfile.py": "from locust import HttpUser\n"}
    assert config_map["binaryData"] == {"ids.bin": "B8j/"}
    assert "root:" not in json.dumps(config_map)


def test_a_symlink_to_etc_passwd_does_not_put_it_into_the_config_map(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "locustfile.py").write_text("pass\n")
    (src / "passwd").symlink_to("/etc/passwd")
    files, [config_map] = synth(src=src)
    assert config_map["data"] == {"locustfile.py": "pass\n"}
    assert files.src_content.symlinks == ("passwd",)


def test_the_src_path_itself_is_followed_when_a_symlink(tmp_path: Path) -> None:
    src, outside = build(tmp_path)
    (tmp_path / "src-link").symlink_to(src)
    (tmp_path / "file-link.py").symlink_to(src / "locustfile.py")
    linked, _ = synth(src=tmp_path / "src-link")
    assert linked.src_content.keys == ("ids.bin", "locustfile.py")
    single, [config_map, _] = synth(src=tmp_path / "file-link.py", lib=outside / "secret.txt")
    assert config_map["data"] == {"file-link.py": "from locust import HttpUser\n"}  # named after the link
    assert single.lib_content is not None and single.lib_content.data == {"secret.txt": SECRET}


def test_a_dangling_src_symlink_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    with pytest.raises(SpecError, match=r'^src: Invalid value: ".*gone": cannot read: No such file or directory$'):
        synth(src=tmp_path / "gone")


def test_src_path_says_a_left_out_symlink_is_one(tmp_path: Path) -> None:
    src, _ = build(tmp_path)
    files, _ = synth(src=src)
    with pytest.raises(SpecError, match=r'^src: Invalid value: "inside-link.py": a symlink, left out of the ConfigMap'):
        files.src_path("inside-link.py")


def test_a_folder_of_symlinks_only_holds_no_files(tmp_path: Path) -> None:
    src, _ = build(tmp_path)
    with pytest.raises(SpecError) as error:
        synth(src=src, exclude=["*.py", "*.bin"])
    assert str(error.value) == (
        f'src: Invalid value: "{src}": holds no files (after exclusions; 5 symlinks left out, as kubectl does)'
    )


def kubectl_config_map(source: Path, home: Path) -> dict[str, Any]:
    """What ``kubectl create configmap --from-file=SOURCE --dry-run=client -o json`` makes of ``source``."""
    assert KUBECTL is not None
    result = subprocess.run(
        [KUBECTL, "create", "configmap", "x", f"--from-file={source}", "--dry-run=client", "-o", "json"],
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(home), "KUBECONFIG": str(home / "no-kubeconfig")},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    made: dict[str, Any] = json.loads(result.stdout)
    return made


def ours(content: ConfigMapContent) -> dict[str, Any]:
    both: dict[str, Any] = {"data": content.data, "binaryData": content.binary_data}
    return {key: value for key, value in both.items() if value}


@pytest.mark.skipif(KUBECTL is None, reason="kubectl is not on the PATH")
@pytest.mark.parametrize("case", ["folder", "symlinked folder", "symlinked file", "symlink to a file outside"])
def test_symlinks_are_treated_as_kubectl_create_configmap_treats_them(tmp_path: Path, case: str) -> None:
    src, _ = build(tmp_path)
    (tmp_path / "src-link").symlink_to(src)
    (tmp_path / "file-link.py").symlink_to(src / "locustfile.py")
    source = {
        "folder": src,
        "symlinked folder": tmp_path / "src-link",
        "symlinked file": tmp_path / "file-link.py",
        "symlink to a file outside": src / "outside-link.txt",
    }[case]
    theirs = kubectl_config_map(source, tmp_path)
    assert ours(collect("src", source, ())) == {key: theirs[key] for key in ("data", "binaryData") if key in theirs}


@pytest.mark.skipif(KUBECTL is None, reason="kubectl is not on the PATH")
def test_kubectl_leaves_sub_folders_out_where_the_library_refuses_them(tmp_path: Path) -> None:
    src, _ = build(tmp_path)
    (src / "pkg").mkdir()
    (src / "pkg" / "mod.py").write_text("X = 1\n")
    assert set(kubectl_config_map(src, tmp_path)["data"]) == {"locustfile.py"}  # pkg/ silently dropped
    with pytest.raises(SpecError, match=r'^src: Invalid value: "pkg/": a ConfigMap holds files, not folders'):
        collect("src", src, ())


def swap_after_listing(monkeypatch: pytest.MonkeyPatch, swap: Callable[[], None]) -> None:
    """Run ``swap`` between the listing (sizes known) and the reading: where a race would strike."""
    check = local_files._check_size

    def check_then_swap(path: str, root: Path, sizes: dict[str, int]) -> None:
        check(path, root, sizes)
        swap()

    monkeypatch.setattr(local_files, "_check_size", check_then_swap)


def test_a_file_swapped_for_a_symlink_after_the_listing_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = plain(tmp_path)
    target = src / "locustfile.py"

    def swap() -> None:
        target.unlink()
        target.symlink_to("/etc/passwd")

    swap_after_listing(monkeypatch, swap)
    with pytest.raises(SpecError, match=r'^src: Invalid value: ".*locustfile.py": cannot read: Too many levels'):
        collect("src", src, ())


# 11. Special files ---------------------------------------------------------------------------


def collect_in_thread(monkeypatch: pytest.MonkeyPatch, source: Path, fifo: Path) -> BaseException | None:
    """``collect(source)`` in a thread bounded to 20 s; a reader blocked on ``fifo`` is released, and fails."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            collect("src", source, ())
            outcome.append(None)
        except BaseException as error:  # handed to the test thread
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # a writer that leaves at once: open() returns
        thread.join(20)
        pytest.fail(f"open() blocked on the named pipe {fifo}")
    return outcome[0]


def test_a_file_swapped_for_a_named_pipe_after_the_listing_does_not_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = plain(tmp_path)
    fifo = src / "locustfile.py"

    def swap() -> None:
        fifo.unlink()
        os.mkfifo(fifo)

    swap_after_listing(monkeypatch, swap)
    error = collect_in_thread(monkeypatch, src, fifo)
    assert isinstance(error, SpecError)
    assert str(error) == (
        f'src: Invalid value: "{fifo}": not a regular file (a named pipe); a ConfigMap takes regular files only'
    )


def test_a_single_file_swapped_for_a_named_pipe_does_not_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = plain(tmp_path)
    fifo = src / "locustfile.py"

    def swap() -> None:
        fifo.unlink()
        os.mkfifo(fifo)

    swap_after_listing(monkeypatch, swap)
    error = collect_in_thread(monkeypatch, fifo, fifo)
    assert isinstance(error, SpecError)
    assert "not a regular file (a named pipe)" in str(error)


def test_special_files_are_refused_by_what_they_are(tmp_path: Path) -> None:
    src = plain(tmp_path)
    os.mkfifo(src / "pipe")
    with pytest.raises(SpecError, match=r'^src: Invalid value: ".*pipe": not a regular file \(a named pipe\)'):
        collect("src", src, ())
    with pytest.raises(SpecError, match=r'^src: Invalid value: ".*pipe": not a file or a folder \(a named pipe\)$'):
        collect("src", src / "pipe", ())


# 10. Permissions -----------------------------------------------------------------------------


def test_a_folder_that_cannot_be_listed_is_a_spec_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated by patching ``os.scandir`` (the tests run as root, who may list anything)."""
    src = plain(tmp_path)

    def refuse(*args: object) -> Iterator[os.DirEntry[str]]:
        raise PermissionError(13, "Permission denied", str(src))

    monkeypatch.setattr(os, "scandir", refuse)
    with pytest.raises(SpecError) as error:
        collect("lib", src, ())
    assert str(error.value) == f'lib: Invalid value: "{src}": cannot read: Permission denied'


def nobody() -> int | None:
    try:
        return pwd.getpwnam("nobody").pw_uid
    except KeyError:
        return None


def collect_as_nobody(location: Path, uid: int) -> str:
    """``collect("lib", location)`` in a forked child that gave up root for ``uid``; its outcome."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no root, no return
        code = 0
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            try:
                collect("lib", location, ())
                outcome = "no error"
            except Exception as error:  # what the user would see
                outcome = f"{type(error).__name__}: {error}"
            os.write(write_end, outcome.encode())
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 30)
        outcome = os.read(read_end, 65536).decode() if ready else "timed out"
    finally:
        os.close(read_end)
        if not ready:
            os.kill(pid, 9)
        os.waitpid(pid, 0)
    return outcome


def test_an_unreadable_folder_is_a_spec_error_for_a_user_who_is_not_root() -> None:
    """Really unreadable: as root, the check runs in a forked child that drops to ``nobody``."""
    uid = nobody() if os.geteuid() == 0 else os.geteuid()
    if uid is None:
        pytest.skip("running as root and there is no user nobody to drop to")
    base = Path(tempfile.mkdtemp(prefix="locked-lib-", dir="/tmp"))
    try:
        base.chmod(0o755)
        locked = base / "lib"
        locked.mkdir()
        (locked / "shop.py").write_text("X = 1\n")
        locked.chmod(0)
        if os.geteuid() == 0:
            outcome = collect_as_nobody(locked, uid)
        else:
            try:
                collect("lib", locked, ())
                outcome = "no error"
            except Exception as error:
                outcome = f"{type(error).__name__}: {error}"
        assert outcome == f'SpecError: lib: Invalid value: "{locked}": cannot read: Permission denied'
    finally:
        (base / "lib").chmod(stat.S_IRWXU)
        shutil.rmtree(base)


# 12. Arguments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"immutable": "no"}, 'immutable: Invalid value: "no": must be of type boolean'),
        ({"immutable": None}, "immutable: Invalid value: null: must be of type boolean"),
        ({"src_mount_path": 5}, "src_mount_path: Invalid value: 5: must be of type string"),
        ({"lib_mount_path": ["/x"]}, "lib_mount_path: Invalid value: "),
        ({"exclude": "*.pyc"}, 'exclude: Invalid value: "*.pyc": must be a list of name patterns'),
        ({"name": 5}, "name: Invalid value: 5: must be a lowercase RFC 1123 subdomain"),
        ({"lib": 5}, "lib: Invalid value: 5: must be a path to a file or a folder"),
    ],
)
def test_a_wrong_argument_is_a_spec_error_at_its_keyword_and_the_tree_stays_unchanged(
    tmp_path: Path, kwargs: dict[str, Any], message: str
) -> None:
    src = plain(tmp_path)
    chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
    with pytest.raises(SpecError) as error:
        LocustTestFiles(chart, "files", src=src, **kwargs)
    assert str(error.value).startswith(message)
    assert chart.node.children == []
    LocustTestFiles(chart, "files", src=src)  # the retry finds the id free


def test_an_id_that_is_not_a_string_is_a_spec_error(tmp_path: Path) -> None:
    src = plain(tmp_path)
    chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
    with pytest.raises(SpecError, match=r"^id: Invalid value: 5: must be of type string$"):
        LocustTestFiles(chart, 5, src=src, name="shop")  # type: ignore[arg-type]
    assert chart.node.children == []


def test_a_failure_after_the_construct_is_in_the_tree_takes_it_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = plain(tmp_path)
    make = files_module._config_map

    def fail_on_lib(scope: Any, id: str, *args: Any) -> Any:
        if id == "Lib":
            raise RuntimeError("jsii failed")
        return make(scope, id, *args)

    monkeypatch.setattr(files_module, "_config_map", fail_on_lib)
    chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
    with pytest.raises(RuntimeError, match="jsii failed"):
        LocustTestFiles(chart, "files", src=src, lib=src / "ids.bin")
    assert chart.node.children == []
    monkeypatch.undo()
    LocustTestFiles(chart, "files", src=src, lib=src / "ids.bin")
    assert [child.node.id for child in chart.node.children] == ["files"]


# 16 and the other bounds ---------------------------------------------------------------------


def many_files(root: Path, count: int) -> Path:
    root.mkdir()
    for index in range(count):
        (root / f"f{index}").write_bytes(b"x")
    return root


def test_more_than_max_files_are_refused_before_anything_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = many_files(tmp_path / "many", MAX_FILES + 1)

    def no_read(*args: object) -> bytes:
        raise AssertionError("a file was read")

    monkeypatch.setattr(_file_walk.Source, "read", no_read)
    chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
    with pytest.raises(SpecError) as error:
        LocustTestFiles(chart, "files", src=root)
    assert str(error.value) == (
        f'src: Too many: "{root}" holds more than 1000 files; a ConfigMap takes at most 1000 files (exclude what '
        "the test does not need, or build it into the image)"
    )
    assert chart.node.children == []


def test_max_files_fit(tmp_path: Path) -> None:
    root = many_files(tmp_path / "many", MAX_FILES)
    assert len(collect("src", root, ()).keys) == MAX_FILES


def counting_scandir(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every entry any ``os.scandir`` hands out, and every call's argument as ``"scandir <arg>"``."""
    seen: list[str] = []
    real = os.scandir

    class Counted:
        def __init__(self, target: Any) -> None:
            seen.append(f"scandir {target}")
            self._entries = real(target)

        def __enter__(self) -> "Counted":
            return self

        def __exit__(self, *exc: object) -> None:
            self._entries.close()

        def __iter__(self) -> Iterator[os.DirEntry[str]]:
            for entry in self._entries:
                seen.append(entry.name)
                yield entry

    monkeypatch.setattr(os, "scandir", Counted)
    return seen


def test_listing_stops_at_max_folder_entries_even_when_they_are_excluded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = many_files(tmp_path / "many", 50)
    monkeypatch.setattr(_file_walk, "MAX_FOLDER_ENTRIES", 10)
    seen = counting_scandir(monkeypatch)
    with pytest.raises(SpecError, match=r'^src: Too many: ".*many" holds more than 10 entries; a ConfigMap takes'):
        collect("src", root, ["f*"])
    assert len(seen) == 1 + 11  # one listing, stopped at the first entry over the bound


def test_a_deep_tree_is_refused_at_its_first_sub_folder_without_being_entered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "deep"
    deep = root.joinpath(*["level"] * 60)
    deep.mkdir(parents=True)
    (deep / "bottom.py").write_text("")
    seen = counting_scandir(monkeypatch)
    with pytest.raises(SpecError, match=r'^src: Invalid value: "level/": a ConfigMap holds files, not folders'):
        collect("src", root, ())
    assert len(seen) == 2 and seen[1] == "level"  # one listing, one entry: the first sub-folder


def test_a_file_that_grows_after_the_listing_is_read_no_further_than_the_config_map_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "growing"
    root.mkdir()
    for name in ("a.bin", "b.bin", "c.bin"):
        (root / name).write_bytes(b"\x00")

    def grow() -> None:
        for name in ("a.bin", "b.bin", "c.bin"):
            (root / name).write_bytes(b"\x00" * MAX_CONFIG_MAP_BYTES)

    swap_after_listing(monkeypatch, grow)
    read: list[int] = []
    real_read = os.read

    def counted_read(fd: int, size: int) -> bytes:
        chunk = real_read(fd, size)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "read", counted_read)
    with pytest.raises(SpecError) as error:
        collect("src", root, ())
    assert str(error.value) == (
        f'src: Too long: "{root / "b.bin"}" grew while being read: "{root}" now holds more than a ConfigMap '
        "may hold (1048576 bytes, 1 MiB)"
    )
    assert sum(read) == MAX_CONFIG_MAP_BYTES + 1  # a.bin whole, then one byte of b.bin: no more

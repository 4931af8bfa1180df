"""LocustTestFiles: local files into cdk8s-plus ConfigMaps, named by content, refused when they cannot fit."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import cdk8s
import cdk8s_plus_27 as kplus
import kubernetes_validate
import pytest
from syrupy.assertion import SnapshotAssertion

from constructs_locust import (
    EnvConfig,
    LocustTest,
    LocustTestFiles,
    SpecError,
    TestFiles,
)
from constructs_locust.manifests._local_files import MAX_CONFIG_MAP_BYTES, config_map_key_problem
from tests.support import files_spec
from tests.test_schema import KUBERNETES_VERSIONS

ROOT = Path(__file__).resolve().parent.parent


def make_tree(root: Path, files: dict[str, bytes | str]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_tree(
        tmp_path / "repo",
        {
            "src/locustfile.py": "from helpers import paths\n",
            "src/helpers.py": "def paths():\n    return ['/']\n",
            "src/__pycache__/helpers.cpython-311.pyc": b"\x00cache",
            "src/old.pyc": b"\x00cache",
            "lib/shop.py": "BASE = '/shop'\n",
            "lib/logo.png": b"\x89PNG\r\n\x1a\n\x00\xff",
        },
    )


def synth_files(**kwargs: Any) -> tuple[LocustTestFiles, list[dict[str, Any]]]:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "files", namespace="load")
    files = LocustTestFiles(chart, "shop", **kwargs)
    return files, list(cdk8s.Testing.synth(chart))


def test_src_folder_and_lib_folder_become_two_config_maps(repo: Path) -> None:
    files, manifests = synth_files(src=repo / "src", lib=repo / "lib")
    src, lib = manifests
    assert (src["kind"], lib["kind"]) == ("ConfigMap", "ConfigMap")
    assert src["data"] == {
        "helpers.py": "def paths():\n    return ['/']\n",
        "locustfile.py": "from helpers import paths\n",
    }
    assert "binaryData" not in src
    assert lib["data"] == {"shop.py": "BASE = '/shop'\n"}
    assert lib["binaryData"] == {"logo.png": "iVBORw0KGgoA/w=="}
    assert src["immutable"] is True
    assert src["metadata"] == {"name": files.test_files.config_map_ref, "namespace": "load"}
    assert isinstance(files.src_config_map, kplus.ConfigMap)
    assert files.src_config_map.name == files.test_files.config_map_ref


def test_pycache_and_pyc_are_left_out_by_default_and_exclude_replaces_the_patterns(repo: Path) -> None:
    files, _ = synth_files(src=repo / "lib")
    assert files.src_content.keys == ("logo.png", "shop.py")
    files, _ = synth_files(src=repo / "lib", exclude=["*.png"])
    assert files.src_content.keys == ("shop.py",)
    with pytest.raises(SpecError, match=r'^src: Invalid value: "__pycache__/": a ConfigMap holds files, not folders'):
        synth_files(src=repo / "src", exclude=[])


def test_a_single_locustfile_is_one_key_named_after_the_file(repo: Path) -> None:
    files, [config_map] = synth_files(src=repo / "src" / "locustfile.py")
    assert config_map["data"] == {"locustfile.py": "from helpers import paths\n"}
    assert files.lib_config_map is None
    assert files.test_files == TestFiles(config_map_ref=files.test_files.config_map_ref)
    assert files.python_path is None


def test_test_files_names_the_config_maps_and_the_mount_paths(repo: Path) -> None:
    files, _ = synth_files(src=repo / "src", lib=repo / "lib", src_mount_path="/mnt/src", lib_mount_path="/mnt/lib")
    assert files.test_files.to_cr() == {
        "configMapRef": files.src_config_map.name,
        "libConfigMapRef": files.lib_config_map.name if files.lib_config_map else None,
        "srcMountPath": "/mnt/src",
        "libMountPath": "/mnt/lib",
    }
    assert files.python_path == {"name": "PYTHONPATH", "value": "/mnt/lib"}
    assert files.src_path("locustfile.py") == "/mnt/src/locustfile.py"


def test_default_mount_paths_put_python_path_at_opt_locust_lib(repo: Path) -> None:
    files, _ = synth_files(src=repo / "src", lib=repo / "lib")
    assert files.python_path == {"name": "PYTHONPATH", "value": "/opt/locust/lib"}
    assert files.src_path("locustfile.py") == "/lotest/src/locustfile.py"
    assert "srcMountPath" not in files.test_files.to_cr()
    with pytest.raises(
        SpecError, match=r'^src: Invalid value: "main.py": no such file; the ConfigMap holds "helpers.py"'
    ):
        files.src_path("main.py")


def test_names_are_the_id_plus_a_content_hash(repo: Path) -> None:
    files, _ = synth_files(src=repo / "src", lib=repo / "lib")
    src_name, lib_name = files.test_files.config_map_ref, files.test_files.lib_config_map_ref
    assert src_name is not None and lib_name is not None
    assert src_name.startswith("shop-") and len(src_name) == len("shop-") + 10
    assert lib_name.startswith("shop-lib-") and len(lib_name) == len("shop-lib-") + 10
    assert src_name[-10:] == files.src_content.digest[:10]


def test_changed_content_changes_the_name_and_unrelated_changes_do_not(repo: Path) -> None:
    before, _ = synth_files(src=repo / "src", lib=repo / "lib")
    os.utime(repo / "src" / "helpers.py", (1, 1))
    (repo / "src" / "__pycache__" / "new.pyc").write_bytes(b"x")
    same, _ = synth_files(src=repo / "src", lib=repo / "lib")
    assert same.test_files == before.test_files
    (repo / "src" / "helpers.py").write_text("def paths():\n    return ['/a']\n")
    after, _ = synth_files(src=repo / "src", lib=repo / "lib")
    assert after.test_files.config_map_ref != before.test_files.config_map_ref
    assert after.test_files.lib_config_map_ref == before.test_files.lib_config_map_ref


def test_a_text_file_and_a_binary_file_with_the_same_bytes_hash_differently(tmp_path: Path) -> None:
    first, _ = synth_files(src=make_tree(tmp_path / "a", {"a.txt": "ab"}) / "a.txt")
    second, _ = synth_files(src=make_tree(tmp_path / "b", {"b.txt": "ab"}) / "b.txt")
    assert first.src_content.digest != second.src_content.digest  # the key is hashed too


NAME_SCRIPT = """
import os, sys
os.environ["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
import cdk8s
from constructs_locust import LocustTestFiles
chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
files = LocustTestFiles(chart, "shop", src=sys.argv[1], lib=sys.argv[2])
print(files.test_files.config_map_ref, files.test_files.lib_config_map_ref)
"""


def test_names_are_the_same_in_another_process(repo: Path) -> None:
    files, _ = synth_files(src=repo / "src", lib=repo / "lib")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", NAME_SCRIPT, str(repo / "src"), str(repo / "lib")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    assert out == [files.test_files.config_map_ref, files.test_files.lib_config_map_ref]


def test_name_overrides_the_id_and_ids_are_made_into_names(repo: Path) -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    named = LocustTestFiles(chart, "Files", src=repo / "src", name="checkout.tests")
    made = LocustTestFiles(chart, "My_Shop..Files-", src=repo / "src")
    assert str(named.test_files.config_map_ref).startswith("checkout.tests-")
    assert str(made.test_files.config_map_ref).startswith("my-shop.files-")
    with pytest.raises(SpecError, match=r'^name: Invalid value: "Bad_Name": must be a lowercase RFC 1123 subdomain'):
        LocustTestFiles(chart, "x", src=repo / "src", name="Bad_Name")
    with pytest.raises(SpecError, match=r'^id: Invalid value: "___": cannot be made into a ConfigMap name; give name='):
        LocustTestFiles(chart, "___", src=repo / "src")


def test_content_above_one_mib_is_refused_with_the_sizes(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "big", {"a.bin": b"\x00" * 600_000, "b.csv": "x" * 500_000, "c.py": "pass\n"})
    with pytest.raises(SpecError) as error:
        synth_files(src=root)
    assert str(error.value) == (
        f'src: Too long: "{root}" holds 1100005 bytes, more than a ConfigMap may hold (1048576 bytes, 1 MiB); '
        "largest: a.bin (600000 bytes), b.csv (500000 bytes), c.py (5 bytes)"
    )


def test_exactly_one_mib_fits(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "edge", {"data.bin": b"\xff" * MAX_CONFIG_MAP_BYTES})
    files, [config_map] = synth_files(src=root)
    assert files.src_content.size == MAX_CONFIG_MAP_BYTES
    assert list(config_map["binaryData"]) == ["data.bin"]


def test_a_too_big_lib_is_reported_as_lib(repo: Path) -> None:
    (repo / "lib" / "huge.bin").write_bytes(b"\x01" * (MAX_CONFIG_MAP_BYTES + 1))
    with pytest.raises(SpecError) as error:
        synth_files(src=repo / "src", lib=repo / "lib")
    assert str(error.value) == (
        f'lib: Too long: "{repo / "lib"}" holds 1048602 bytes, more than a ConfigMap may hold (1048576 bytes, '
        "1 MiB); largest: huge.bin (1048577 bytes), shop.py (15 bytes), logo.png (10 bytes)"
    )


@pytest.mark.parametrize("name", ["my file.py", "über.py", "a:b.py", "..hidden"])
def test_file_names_that_are_not_config_map_keys_are_refused(tmp_path: Path, name: str) -> None:
    root = make_tree(tmp_path / "keys", {"ok.py": "", name: ""})
    with pytest.raises(SpecError) as error:
        synth_files(src=root)
    assert str(error.value).startswith(
        f'src: Invalid value: "{name}": file "{root / name}" cannot be a ConfigMap key: '
    )
    assert str(error.value).endswith("; rename it or exclude it")


def test_config_map_key_rule() -> None:
    assert config_map_key_problem("locust-file_1.py") is None
    assert config_map_key_problem(".env") is None
    for bad in (".", "..", "..x", "a/b", "a b", "x" * 254, ""):
        assert config_map_key_problem(bad) is not None, bad


def test_nested_folders_are_refused_naming_the_folder(repo: Path) -> None:
    (repo / "lib" / "pkg").mkdir()
    (repo / "lib" / "pkg" / "__init__.py").write_text("")
    with pytest.raises(SpecError) as error:
        synth_files(src=repo / "src", lib=repo / "lib")
    assert str(error.value) == (
        f'lib: Invalid value: "pkg/": a ConfigMap holds files, not folders (in "{repo / "lib"}"): move its files '
        'up, exclude it (exclude=[..., "pkg"]) or build it into the image'
    )


def test_missing_paths_empty_folders_and_bad_arguments_are_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(SpecError, match=r'^src: Invalid value: ".*nowhere": cannot read: No such file or directory$'):
        synth_files(src=tmp_path / "nowhere")
    with pytest.raises(SpecError, match=r'^src: Invalid value: ".*empty": holds no files \(after exclusions\)$'):
        synth_files(src=tmp_path / "empty")
    with pytest.raises(SpecError, match=r"^src: Invalid value: 42: must be a path to a file or a folder$"):
        synth_files(src=42)
    with pytest.raises(SpecError, match=r'^exclude: Invalid value: "\*.pyc": must be a list of name patterns$'):
        synth_files(src=tmp_path, exclude="*.pyc")
    with pytest.raises(SpecError, match=r'^metadata.namespace: Invalid value: "Perf"'):
        synth_files(src=tmp_path, namespace="Perf")


def test_refusal_adds_nothing_to_the_tree(tmp_path: Path) -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    with pytest.raises(SpecError):
        LocustTestFiles(chart, "files", src=tmp_path / "nowhere")
    assert chart.node.children == []


def test_duplicate_id_is_a_spec_error(repo: Path) -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    LocustTestFiles(chart, "files", src=repo / "src")
    with pytest.raises(SpecError, match="already has a child"):
        LocustTestFiles(chart, "files", src=repo / "src")


def test_immutable_can_be_turned_off(repo: Path) -> None:
    _, [config_map] = synth_files(src=repo / "src", immutable=False)
    assert config_map["immutable"] is False


def full_app(repo: Path) -> list[dict[str, Any]]:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "files", namespace="load")
    files = LocustTestFiles(chart, "shop-files", src=repo / "src", lib=repo / "lib", name="shop")
    spec = files_spec(files, env=EnvConfig(variables=(files.python_path,)))
    LocustTest(chart, "shop", spec=spec)
    return list(cdk8s.Testing.synth(chart))


def test_the_test_mounts_both_config_maps_and_gets_python_path(repo: Path) -> None:
    config_src, config_lib, _, master, _ = full_app(repo)
    pod = master["spec"]["template"]["spec"]
    assert [v["configMap"]["name"] for v in pod["volumes"]] == [
        config_src["metadata"]["name"],
        config_lib["metadata"]["name"],
    ]
    container = pod["containers"][0]
    assert [m["mountPath"] for m in container["volumeMounts"]] == ["/lotest/src", "/opt/locust/lib"]
    assert container["env"][-1] == {"name": "PYTHONPATH", "value": "/opt/locust/lib"}


def test_snapshot_of_a_test_with_its_files(repo: Path, snapshot: SnapshotAssertion) -> None:
    manifests = full_app(repo)
    assert manifests == snapshot


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_config_maps_and_test_pass_strict_validation(repo: Path, version: str) -> None:
    for manifest in full_app(repo):
        kubernetes_validate.validate(manifest, version, strict=True)


def test_the_config_maps_serve_a_cr_for_the_operator_too(repo: Path) -> None:
    from constructs_locust import LocustTestResource

    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "files", namespace="load")
    files = LocustTestFiles(chart, "shop-files", name="shop", src=repo / "src", lib=repo / "lib")
    spec = files_spec(files, replicas=1, env=EnvConfig(variables=(files.python_path,)))
    LocustTestResource(chart, "shop", spec=spec)
    *config_maps, cr = cdk8s.Testing.synth(chart)
    assert cr["spec"]["testFiles"] == {
        "configMapRef": config_maps[0]["metadata"]["name"],
        "libConfigMapRef": config_maps[1]["metadata"]["name"],
    }
    assert cr["spec"]["env"] == {"variables": [{"name": "PYTHONPATH", "value": "/opt/locust/lib"}]}

"""End to end: a locustfile importing from ``lib`` runs from the ConfigMaps ``LocustTestFiles`` synthesizes.

1. ``LocustTestFiles`` turns a local ``src`` folder (the locustfile) and ``lib`` folder (a
   module and a binary data file) into ConfigMaps; ``LocustTest`` mounts them. Both are
   synthesized in one chart, in-process.
2. Each Locust container's ``volumeMounts`` are followed to their ConfigMap volumes, and every
   key of the synthesized ConfigMap is written as a file at the mount path (``data`` as UTF-8
   text, ``binaryData`` base64-decoded), as the kubelet does. The mount paths are temporary
   folders, given through the spec (``testFiles.srcMountPath``/``libMountPath``), which stand
   for ``/lotest/src`` and ``/opt/locust/lib``.
3. One master and one worker run with the rendered args and env; the env carries
   ``PYTHONPATH=<lib mount>`` from ``LocustTestFiles.python_path``. The target must see the
   requests whose paths only ``lib`` knows; without ``PYTHONPATH`` the import fails.
"""

import base64
from pathlib import Path
from typing import Any

import cdk8s
import pytest

from constructs_locust import (
    Autoquit,
    EnvConfig,
    LocustTest,
    LocustTestFiles,
    LocustTestSpec,
    MasterSpec,
    WorkerSpec,
)
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT

from .harness import (
    LocustProcess,
    Ports,
    base_env,
    locust_container,
    worker_args_for_loopback,
)
from .target import TargetServer

# The harness moves Locust's ports through extraArgs, repeating --master-port on purpose.
pytestmark = [pytest.mark.e2e, LINT_WARNINGS_BESIDE_THE_POINT]

NAME = "shop-files"

LOCUSTFILE = '''\
"""Requests paths that only the library knows."""

from locust import HttpUser, constant, task

from shop_paths import item_paths


class Shopper(HttpUser):
    wait_time = constant(0.2)

    @task
    def browse(self):
        for path in item_paths():
            self.client.get(path)
'''

LIB_MODULE = '''\
"""Library code, imported by the locustfile from the lib mount; reads a binary file beside it."""

from pathlib import Path


def item_paths():
    ids = (Path(__file__).parent / "item-ids.bin").read_bytes()
    return [f"/lib-item/{byte}" for byte in ids]
'''

ITEM_IDS = bytes([7, 200, 255])
"""Not UTF-8: it must travel as ``binaryData`` and come back byte for byte."""
EXPECTED_PATHS = {f"/lib-item/{byte}" for byte in ITEM_IDS}


def write_sources(root: Path) -> tuple[Path, Path]:
    """The user's repository: ``src/locustfile.py`` and ``lib/`` (a module, a binary file, a cache)."""
    src = root / "repo" / "src"
    lib = root / "repo" / "lib"
    src.mkdir(parents=True)
    (lib / "__pycache__").mkdir(parents=True)
    (src / "locustfile.py").write_text(LOCUSTFILE)
    (lib / "shop_paths.py").write_text(LIB_MODULE)
    (lib / "item-ids.bin").write_bytes(ITEM_IDS)
    (lib / "__pycache__" / "shop_paths.cpython-311.pyc").write_bytes(b"\x00stale")
    return src, lib


def synthesize(
    root: Path, sources: tuple[Path, Path], target_url: str, ports: Ports, *, with_python_path: bool
) -> list[dict[str, Any]]:
    """One chart: the test files' ConfigMaps and the test that mounts them at temporary paths."""
    src, lib = sources
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "e2e", namespace="load")
    files = LocustTestFiles(
        chart,
        "shop",
        src=src,
        lib=lib,
        src_mount_path=str(root / "mnt" / "src"),
        lib_mount_path=str(root / "mnt" / "lib"),
    )
    command = f"--locustfile {files.src_path('locustfile.py')} --host {target_url}"
    spec = LocustTestSpec(
        image="locustio/locust:2.47.0",
        master=MasterSpec(
            command=command,
            autoquit=Autoquit(enabled=True, timeout=1),
            extra_args=(*ports.master_extra_args(), "--users=1", "--spawn-rate=10", "--run-time=2s"),
        ),
        worker=WorkerSpec(command=command, replicas=1, extra_args=tuple(ports.worker_extra_args())),
        test_files=files.test_files,
        env=EnvConfig(variables=(files.python_path,)) if with_python_path else None,
    )
    LocustTest(chart, NAME, spec=spec)
    return list(cdk8s.Testing.synth(chart))


def mount_config_maps(manifests: list[dict[str, Any]], job_name: str) -> list[Path]:
    """Write each ConfigMap a container of ``job_name`` mounts at its mount path, as the kubelet would."""
    config_maps = {m["metadata"]["name"]: m for m in manifests if m["kind"] == "ConfigMap"}
    job = next(m for m in manifests if m["kind"] == "Job" and m["metadata"]["name"] == job_name)
    pod = job["spec"]["template"]["spec"]
    volumes = {volume["name"]: volume for volume in pod.get("volumes", [])}
    container = next(c for c in pod["containers"] if c["name"] == job_name)
    mounted = []
    for mount in container.get("volumeMounts", []):
        source = volumes[mount["name"]].get("configMap")
        if source is None:
            continue
        config_map = config_maps[source["name"]]
        target = Path(mount["mountPath"])
        target.mkdir(parents=True, exist_ok=True)
        for key, text in config_map.get("data", {}).items():
            (target / key).write_text(text, encoding="utf-8")
        for key, encoded in config_map.get("binaryData", {}).items():
            (target / key).write_bytes(base64.b64decode(encoded))
        mounted.append(target)
    return mounted


def run(
    root: Path, sources: tuple[Path, Path], *, with_python_path: bool = True
) -> tuple[LocustProcess, LocustProcess, TargetServer]:
    """Synthesize, mount, run one master and one worker to the end (bounded); return them."""
    workdir = root / "work"
    workdir.mkdir(parents=True)
    with TargetServer() as target:
        ports = Ports()
        manifests = synthesize(root, sources, target.url, ports, with_python_path=with_python_path)
        master_container = locust_container(manifests, f"{NAME}-master")
        worker_container = locust_container(manifests, f"{NAME}-worker")
        assert len(mount_config_maps(manifests, f"{NAME}-master")) == 2
        assert len(mount_config_maps(manifests, f"{NAME}-worker")) == 2
        master = LocustProcess("master", master_container.args, {**base_env(workdir), **master_container.env}, workdir)
        worker_args = worker_args_for_loopback(worker_container.args, NAME)
        worker = LocustProcess("worker", worker_args, {**base_env(workdir), **worker_container.env}, workdir)
        try:
            master.wait(30.0)
            worker.wait(15.0)
        finally:
            worker.kill()
            master.kill()
        return master, worker, target


def test_locustfile_imports_from_lib_mount_and_runs(tmp_path: Path) -> None:
    master, worker, target = run(tmp_path, write_sources(tmp_path))
    context = f"\n----- master -----\n{master.output()}\n----- worker -----\n{worker.output()}"
    hits = target.hits()
    assert set(hits) >= EXPECTED_PATHS, f"target hits {dict(hits)}{context}"
    assert master.popen.returncode == 0, context
    assert worker.popen.returncode == 0, context


def test_without_python_path_the_lib_import_fails(tmp_path: Path) -> None:
    master, worker, target = run(tmp_path, write_sources(tmp_path), with_python_path=False)
    assert "No module named 'shop_paths'" in master.output() + worker.output()
    assert not EXPECTED_PATHS & set(target.hits())


def test_mounted_files_are_the_local_files_byte_for_byte(tmp_path: Path) -> None:
    ports = Ports()
    manifests = synthesize(tmp_path, write_sources(tmp_path), "http://127.0.0.1:9", ports, with_python_path=True)
    mount_config_maps(manifests, f"{NAME}-worker")
    mounted = tmp_path / "mnt"
    assert sorted(p.name for p in (mounted / "lib").iterdir()) == ["item-ids.bin", "shop_paths.py"]
    assert (mounted / "lib" / "item-ids.bin").read_bytes() == ITEM_IDS
    assert (mounted / "lib" / "shop_paths.py").read_text() == LIB_MODULE
    assert (mounted / "src" / "locustfile.py").read_text() == LOCUSTFILE


def test_the_example_apps_locust_folder_runs_from_its_config_maps(tmp_path: Path) -> None:
    """main.py's ``storefront`` test files: this repository's ``locust/`` folder, lib imported as main.py does."""
    folder = Path(__file__).resolve().parents[2] / "locust"
    master, worker, target = run(tmp_path, (folder / "locustfile.py", folder / "lib"))
    context = f"\n----- master -----\n{master.output()}\n----- worker -----\n{worker.output()}"
    hits = target.hits()
    assert hits["/catalog"] + sum(n for path, n in hits.items() if path.startswith("/item/")) > 0, context
    assert set(hits) <= {"/catalog", "/item/17", "/item/42", "/item/108", "/item/256"}, context
    assert (master.popen.returncode, worker.popen.returncode) == (0, 0), context

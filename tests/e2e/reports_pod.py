"""Run a master pod with ``reports=`` for real: Locust, the upload container, and a storage server.

The master Job's two regular containers are taken from the synthesized manifest, each with its
exact ``command``/``args`` and ``env`` (``secretKeyRef`` entries resolved from the Secrets given,
as the kubelet would), and run as processes in one PID namespace of their own (``unshare
--pid --fork --mount-proc``, :mod:`tests.e2e.pod_launcher` as PID 1), as
``shareProcessNamespace: true`` runs them. The Locust container is the image's entrypoint
(``locust``) with its args; the upload container runs its ``/bin/sh -c`` script with the
machine's ``rclone`` (Debian's 1.60), ``timeout`` and ``date``. The worker runs beside them, as
in :mod:`tests.e2e.harness`. What stands in for the kubelet: the reports' ``emptyDir`` (and the
claim) are directories under ``Reports.directory``, created before the pod starts; a ConfigMap
of the same test that the Locust container mounts (the thresholds plugin's) is written as files
at its mount path (:func:`mount_config_maps`); the container's user and read-only mounts are not
modelled.

The storage servers are real and local: ``rclone serve webdav`` (the same tool, serving), and
a black hole that accepts connections and never answers (the upload target that hangs).
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import cdk8s

from constructs_locust import LocustTest, LocustTestSpec, Reports

from . import kubelet
from .harness import LOOPBACK, LocustProcess, Ports, base_env, free_port, wait_until, write_locustfile
from .scenarios import cr_spec

LAUNCHER = Path(__file__).with_name("pod_launcher.py")
POD_TIMEOUT = 120.0
"""Upper bound for the whole pod: Locust's run and autoquit, then the upload (bounded itself)."""
UPLOAD_CONTAINER = "upload-reports"


def synthesize(spec: LocustTestSpec, name: str, reports: Reports, **kwargs: Any) -> list[dict[str, Any]]:
    """The manifests of one ``LocustTest`` with ``reports``, synthesized in-process."""
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "e2e")
    LocustTest(chart, name, spec=spec, reports=reports, **kwargs)
    return list(cdk8s.Testing.synth(chart))


def job_of(manifests: list[dict[str, Any]], prefix: str) -> dict[str, Any]:
    """The one Job whose name starts with ``prefix`` (``<name>-master``, or with its run hash)."""
    (job,) = [m for m in manifests if m["kind"] == "Job" and m["metadata"]["name"].startswith(prefix)]
    return job


def container_of(job: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The container ``name`` of ``job``'s pod, as synthesized."""
    (container,) = [c for c in job["spec"]["template"]["spec"]["containers"] if c["name"] == name]
    return dict(container)


def container_env(container: Mapping[str, Any], secrets: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The container's env as the kubelet gives it (:mod:`.kubelet`): literals, Secret keys, the downward API."""
    pod = kubelet.Pod(name=f"{container['name']}-00000", namespace="default")
    return kubelet.container_env(list(container.get("env", [])), pod, secrets, container["name"])


@attrs.frozen
class PodRun:
    """What one master pod left behind."""

    manifests: list[dict[str, Any]]
    codes: dict[str, int]
    """Each container's exit code (the Locust container is ``<name>-master``)."""
    ended: dict[str, float]
    """Each container's end, wall-clock seconds."""
    logs: dict[str, str]
    worker_exit: int | None
    started: float
    """The pod's start, wall-clock seconds."""

    def upload_lines(self) -> list[dict[str, Any]]:
        """The upload container's JSON lines (``kind: constructs-locust/upload``)."""
        lines = []
        for line in self.logs[UPLOAD_CONTAINER].splitlines():
            if line.startswith("{"):
                data = json.loads(line)
                if data.get("kind") == "constructs-locust/upload":
                    lines.append(data)
        return lines


def run_master_pod(
    name: str,
    workdir: Path,
    target_url: str,
    reports: Reports,
    secrets: Mapping[str, Mapping[str, str]],
    **kwargs: Any,
) -> PodRun:
    """Synthesize a one-worker test with ``reports``, run its master pod and worker to the end."""
    ports = Ports()
    cr = cr_spec(
        locustfile=write_locustfile(workdir),
        target_url=target_url,
        ports=ports,
        workers=1,
        open_telemetry={"enabled": False},
    )
    cr["master"]["extraArgs"][-1] = "--run-time=2s"
    manifests = synthesize(LocustTestSpec.from_cr(cr), name, reports, **kwargs)
    master_job, worker_job = job_of(manifests, f"{name}-master"), job_of(manifests, f"{name}-worker")
    master = container_of(master_job, f"{name}-master")
    upload = container_of(master_job, UPLOAD_CONTAINER)
    worker = container_of(worker_job, f"{name}-worker")
    mount_config_maps(manifests, master_job, master)
    directory = Path(reports.directory)
    (directory / "run").mkdir(parents=True)  # the kubelet's emptyDir
    if reports.volume_claim is not None:
        (directory / "volume").mkdir(parents=True, exist_ok=True)  # the claim's volume
    result = workdir / "codes.json"
    plan = {
        "containers": [
            {
                "name": master["name"],
                "argv": [sys.executable, "-m", "locust", *master["args"]],
                "env": {**base_env(workdir), **container_env(master, secrets)},
                "cwd": str(workdir),
                "log": str(workdir / "master.log"),
            },
            {
                "name": UPLOAD_CONTAINER,
                "argv": [*upload["command"], *upload.get("args", [])],
                "env": {**base_env(workdir), **container_env(upload, secrets)},
                "cwd": str(workdir),
                "log": str(workdir / "upload.log"),
            },
        ],
        "result": str(result),
    }
    (workdir / "plan.json").write_text(json.dumps(plan))
    started = time.time()
    pod = subprocess.Popen(
        ["unshare", "--pid", "--fork", "--mount-proc", sys.executable, str(LAUNCHER), str(workdir / "plan.json")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "launcher.log").open("wb"),
        start_new_session=True,
    )
    service_flag = f"--master-host={master_job['metadata']['name']}"
    assert worker["args"].count(service_flag) == 1, worker["args"]
    worker_args = [f"--master-host={LOOPBACK}" if arg == service_flag else arg for arg in worker["args"]]
    worker_env = {**base_env(workdir), **container_env(worker, secrets)}
    worker_process = LocustProcess("worker", worker_args, worker_env, workdir)
    try:
        try:
            pod.wait(timeout=POD_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the master pod did not end within {POD_TIMEOUT}s") from None
        worker_exit = worker_process.wait(15.0)
    finally:
        if pod.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pod.pid, signal.SIGKILL)
            pod.wait(timeout=10)
        worker_process.kill()
    outcome = json.loads(result.read_text()) if result.exists() else {}
    logs = {
        master["name"]: (workdir / "master.log").read_text(),
        UPLOAD_CONTAINER: (workdir / "upload.log").read_text(),
    }
    assert outcome, f"the pod left no exit codes\n{(workdir / 'launcher.log').read_text()}\n{logs}"
    return PodRun(
        manifests=manifests,
        codes={key: value["code"] for key, value in outcome.items()},
        ended={key: value["ended"] for key, value in outcome.items()},
        logs=logs,
        worker_exit=worker_exit,
        started=started,
    )


def mount_config_maps(manifests: list[dict[str, Any]], job: Mapping[str, Any], container: Mapping[str, Any]) -> None:
    """Write each key of the test's ConfigMaps that ``container`` mounts as a file at its mount path.

    ConfigMaps that are not among ``manifests`` (the spec's test files: the locustfile is local
    here) are left out.
    """
    volumes = {volume["name"]: volume for volume in job["spec"]["template"]["spec"].get("volumes", [])}
    config_maps = {m["metadata"]["name"]: m for m in manifests if m["kind"] == "ConfigMap"}
    for mount in container.get("volumeMounts", []):
        source = volumes[mount["name"]].get("configMap")
        if source is None or source["name"] not in config_maps:
            continue
        folder = Path(mount["mountPath"])
        folder.mkdir(parents=True, exist_ok=True)
        for key, text in config_maps[source["name"]]["data"].items():
            (folder / key).write_text(text)


def obscure(password: str) -> str:
    """``rclone obscure``: the form rclone reads a webdav ``pass`` in, as the Secret holds it."""
    done = subprocess.run(["rclone", "obscure", password], capture_output=True, text=True, timeout=30, check=True)
    return done.stdout.strip()


@contextlib.contextmanager
def webdav_server(root: Path, user: str, password: str) -> Iterator[str]:
    """``rclone serve webdav`` of ``root`` on a free loopback port, with a user; yields its URL."""
    port = free_port()
    log = (root.parent / "webdav.log").open("wb")
    server = subprocess.Popen(
        ["rclone", "serve", "webdav", str(root), "--addr", f"{LOOPBACK}:{port}", "--user", user, "--pass", password],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until(lambda: _accepts(port), 20.0, "rclone serve webdav to listen", lambda: str(server.poll()))
        yield f"http://{LOOPBACK}:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        log.close()


@contextlib.contextmanager
def black_hole() -> Iterator[str]:
    """A loopback port that completes TCP handshakes (the kernel's backlog) and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        sock.listen(64)
        yield f"http://{LOOPBACK}:{sock.getsockname()[1]}"


def closed_port_url() -> str:
    """A loopback URL nothing listens on (connections are refused)."""
    return f"http://{LOOPBACK}:{free_port()}"


def _accepts(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((LOOPBACK, port)) == 0

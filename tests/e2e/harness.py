"""Run a synthesized ``LocustTest`` as real Locust processes on this machine.

The path from spec to processes is the one a cluster takes, minus Kubernetes:

1. ``LocustTest`` is synthesized in a cdk8s chart, in-process (``cdk8s.Testing``).
2. The master and worker Locust containers are taken from the synthesized Jobs: their
   ``args`` exactly as rendered, their ``env`` resolved for each pod as the kubelet would
   (:mod:`.kubelet`: literals with ``$(NAME)`` expanded, the downward API from the pod's name
   ``<job>-<index>``, namespace, labels and annotations, Secret keys given by the test).
3. The image's entrypoint (``locust``) is run with those args: one master and
   ``parallelism`` workers, each in its own process group, with a minimal base environment
   plus its pod's env.

The only substitution is ``--master-host=<name>-master`` -> ``--master-host=127.0.0.1`` (there
is no Service DNS here). Ports, the locustfile and the target host are moved through the spec
itself (``master.extraArgs``/``worker.extraArgs``, ``command``), never by editing the output.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import cdk8s

from constructs_locust import LocustTest, LocustTestSpec

from .kubelet import Pod, container_env

LOOPBACK = "127.0.0.1"

LOCUSTFILE = '''\
"""The e2e locustfile: two named requests per iteration, a short pause between iterations."""

from locust import HttpUser, constant, task


class ShopUser(HttpUser):
    wait_time = constant(0.2)

    @task
    def browse(self):
        self.client.get("/catalog")
        self.client.get("/item/42", name="/item/[id]")
'''
"""What the workers run; two request names so the spans can be told apart."""

REQUEST_PATHS = ("/catalog", "/item/42")
"""The paths the locustfile requests, as the target server sees them."""

REQUEST_NAMES = ("/catalog", "/item/[id]")
"""The request names Locust reports (its stats and the OTel span names use them)."""


def free_port() -> int:
    """A TCP port that was free on the loopback interface a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def write_locustfile(directory: Path) -> Path:
    """Write :data:`LOCUSTFILE` into ``directory``; the path must survive ``command.split()``."""
    path = directory / "locustfile.py"
    path.write_text(LOCUSTFILE)
    assert not any(ch.isspace() for ch in str(path)), f"locustfile path {path} contains whitespace"
    return path


@attrs.frozen
class Ports:
    """The loopback ports one run moves Locust to (passed in through ``extraArgs``)."""

    master_bind: int = attrs.field(factory=free_port)
    web: int = attrs.field(factory=free_port)

    def master_extra_args(self) -> list[str]:
        """Master flags that keep the run on loopback and off the default ports."""
        return [
            f"--master-bind-host={LOOPBACK}",
            f"--master-bind-port={self.master_bind}",
            f"--web-host={LOOPBACK}",
            f"--web-port={self.web}",
        ]

    def worker_extra_args(self) -> list[str]:
        """Worker flags: connect to the master's moved port (overrides the operator's 5557)."""
        return [f"--master-port={self.master_bind}"]


def synthesize(spec: LocustTestSpec, name: str, **options: Any) -> list[dict[str, Any]]:
    """The manifests of one ``LocustTest`` (``options``: its further keywords), synthesized in-process."""
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "e2e")
    LocustTest(chart, name, spec=spec, **options)
    return list(cdk8s.Testing.synth(chart))


@attrs.frozen
class Container:
    """The Locust container of one synthesized Job, and the Job's ``parallelism``."""

    name: str
    args: list[str]
    env: dict[str, str]
    """The environment of the Job's first pod (see :meth:`pod_env`)."""
    parallelism: int
    entries: list[dict[str, Any]] = attrs.field(factory=list)
    """The container's ``env`` as rendered."""
    job_name: str = ""
    namespace: str = "default"
    labels: dict[str, str] = attrs.field(factory=dict)
    annotations: dict[str, str] = attrs.field(factory=dict)
    secrets: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)

    def pod(self, index: int) -> Pod:
        """The ``index``-th pod of the Job as the downward API sees it (named ``<job>-<index>``)."""
        return Pod(
            name=f"{self.job_name}-{index:05d}",
            namespace=self.namespace,
            labels=self.labels,
            annotations=self.annotations,
        )

    def pod_env(self, index: int) -> dict[str, str]:
        """The environment of the Job's ``index``-th pod, resolved as the kubelet would."""
        return container_env(self.entries, self.pod(index), self.secrets, self.job_name)


def locust_container(
    manifests: list[dict[str, Any]],
    job_name: str,
    secrets: Mapping[str, Mapping[str, str]] | None = None,
    container_name: str | None = None,
) -> Container:
    """The container called ``container_name`` (default: ``job_name``) in the Job called ``job_name``.

    Its env is resolved per pod the way the kubelet would (:mod:`.kubelet`): literals with their
    ``$(NAME)`` references expanded, the downward API from the pod's name, namespace, labels
    and annotations, ``valueFrom.secretKeyRef`` from ``secrets`` (Secret name -> its data,
    decoded); any other reference, or a Secret or key that is not given, fails: it could not
    run here.
    """
    jobs = [m for m in manifests if m["kind"] == "Job" and m["metadata"]["name"] == job_name]
    assert len(jobs) == 1, f"expected one Job {job_name}, found {len(jobs)}"
    job = jobs[0]
    wanted = container_name or job_name
    containers = [c for c in job["spec"]["template"]["spec"]["containers"] if c["name"] == wanted]
    assert len(containers) == 1, f"expected one container {wanted} in Job {job_name}"
    container = containers[0]
    template = job["spec"]["template"]["metadata"]
    found = Container(
        name=wanted,
        args=list(container["args"]),
        env={},
        parallelism=int(job["spec"]["parallelism"]),
        entries=list(container.get("env", [])),
        job_name=job_name,
        namespace=job["metadata"].get("namespace", "default"),
        labels=dict(template.get("labels", {})),
        annotations=dict(template.get("annotations", {})),
        secrets=dict(secrets or {}),
    )
    return attrs.evolve(found, env=found.pod_env(0))


def worker_args_for_loopback(args: list[str], name: str) -> list[str]:
    """The worker's args with the master Service name replaced by the loopback address.

    This is the only edit made to rendered output; it must match exactly once.
    """
    service_flag = f"--master-host={name}-master"
    assert args.count(service_flag) == 1, f"{service_flag} not found exactly once in {args}"
    return [f"--master-host={LOOPBACK}" if arg == service_flag else arg for arg in args]


def base_env(home: Path) -> dict[str, str]:
    """The environment a container starts from here: no OTEL_* or LOCUST_* leaks from pytest."""
    venv_bin = str(Path(sys.executable).parent)
    return {
        "PATH": os.pathsep.join([venv_bin, "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(home),
        "LANG": "C.UTF-8",
    }


class LocustProcess:
    """One running ``locust`` (the image's entrypoint), its own process group, output in a file."""

    def __init__(self, role: str, args: list[str], env: dict[str, str], workdir: Path) -> None:
        self.role = role
        self.args = args
        self.env = env
        self.log_path = workdir / f"{role}.log"
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "locust", *args],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        """Everything the process wrote so far (stdout and stderr)."""
        return self.log_path.read_text(errors="replace")

    def wait(self, timeout: float) -> int | None:
        """The exit code, or ``None`` if the process is still running after ``timeout`` seconds."""
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        """Kill the process group if the process is still running, reap it; idempotent.

        Only a live (unreaped) leader is signalled, so its pid cannot have been reused.
        """
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=10)
        self._log.close()


def wait_until(condition: Callable[[], bool], timeout: float, what: str, on_timeout: Callable[[], str]) -> None:
    """Poll ``condition`` every 50 ms; fail naming ``what`` (and some context) after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{on_timeout()}")
        time.sleep(0.05)


@attrs.frozen
class RunResult:
    """What a finished run left behind."""

    master: LocustProcess
    workers: list[LocustProcess]
    master_exit: int | None
    """The master's exit code; ``None``: it did not quit by itself in time (it was killed)."""
    worker_exits: list[int | None]
    """Each worker's exit code, in start order; ``None`` as for the master."""
    duration: float
    """Seconds from the master's start to the end of the wait."""


class LocustCluster:
    """The master and workers of one synthesized test, started and stopped as a cluster would.

    ``kill_all`` must be called (the fixture does it) so no process outlives the test.
    """

    def __init__(
        self,
        spec: LocustTestSpec,
        name: str,
        workdir: Path,
        secrets: Mapping[str, Mapping[str, str]] | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        self.spec = spec
        self.name = name
        self.workdir = workdir
        self.manifests = synthesize(spec, name, **(options or {}))
        self.master_container = locust_container(self.manifests, f"{name}-master", secrets)
        self.worker_container = locust_container(self.manifests, f"{name}-worker", secrets)
        self.master_args = list(self.master_container.args)
        self.worker_args = worker_args_for_loopback(self.worker_container.args, name)
        self.master: LocustProcess | None = None
        self.workers: list[LocustProcess] = []
        self._started = 0.0

    @property
    def worker_count(self) -> int:
        """The worker Job's ``parallelism``: how many worker processes to run."""
        return self.worker_container.parallelism

    def _env(self, container: Container, index: int = 0) -> dict[str, str]:
        return {**base_env(self.workdir), **container.pod_env(index)}

    def start_master(self) -> LocustProcess:
        """Start the master (its Job's parallelism is 1)."""
        assert self.master_container.parallelism == 1
        self._started = time.monotonic()
        self.master = LocustProcess("master", self.master_args, self._env(self.master_container), self.workdir)
        return self.master

    def start_worker(self) -> LocustProcess:
        """Start one more worker (a worker Job pod)."""
        index = len(self.workers)
        worker = LocustProcess(
            f"worker-{index}", self.worker_args, self._env(self.worker_container, index), self.workdir
        )
        self.workers.append(worker)
        return worker

    def start(self) -> None:
        """Start the master and ``parallelism`` workers at once."""
        self.start_master()
        for _ in range(self.worker_count):
            self.start_worker()

    def wait(self, master_timeout: float = 30.0, worker_timeout: float = 15.0) -> RunResult:
        """Wait for the master to quit by itself, then for every worker to follow.

        Nothing is signalled: whatever is still running afterwards is left for :meth:`kill_all`.
        """
        assert self.master is not None, "start the master first"
        master_exit = self.master.wait(master_timeout)
        worker_exits = [worker.wait(worker_timeout) for worker in self.workers]
        return RunResult(
            master=self.master,
            workers=list(self.workers),
            master_exit=master_exit,
            worker_exits=worker_exits,
            duration=time.monotonic() - self._started,
        )

    def outputs(self) -> str:
        """Every process's output so far, labelled (for failure messages)."""
        parts = [self.master, *self.workers]
        return "\n".join(f"----- {p.role} -----\n{p.output()}" for p in parts if p is not None)

    def kill_all(self) -> None:
        """Kill whatever is still running, workers first; idempotent."""
        for process in [*self.workers, self.master]:
            if process is not None:
                process.kill()

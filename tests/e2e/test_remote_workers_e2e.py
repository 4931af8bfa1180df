"""End to end: a master in one "cluster", a worker group in another, joined through a veth pair.

The test makes two network namespaces of its own (``ip netns add``): the master's, holding the
master, one local worker and the target, and a remote group's, holding one worker. A veth pair
joins them with two private addresses, 10.213.0.1/30 (master side) and 10.213.0.2/30; neither
namespace has any other interface or route, so the only traffic is between the test's own
addresses. Inside the master's namespace the Service name ``<name>-master`` resolves to the
loopback (``/etc/netns/<ns>/hosts``, which ``ip netns exec`` mounts over ``/etc/hosts``), so every
command runs exactly as rendered: the master's from its ``LocustTest`` (with ``remote_workers``),
the local worker's from the same chart, the remote worker's from a ``LocustWorkerGroup``
synthesized alone in another app, dialling 10.213.0.1 as a load balancer's address would be.

It shows that the master's ``--autostart`` waits for every group (nothing is requested while
only the local worker is connected) and that the run then completes with requests from both
namespaces. Needs root and ``ip`` (iproute2); skipped, saying why, otherwise. Everything it
creates (processes, namespaces, the veth pair, ``/etc/netns`` entries) is removed in a finally.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cdk8s
import pytest

from constructs_locust import ExternalMaster, LocustTest, LocustTestSpec, LocustWorkerGroup, RemoteWorkers
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT

from .harness import base_env, wait_until, write_locustfile
from .scenarios import AUTOQUIT_SECONDS, CONNECT_TIMEOUT, IMAGE, MASTER_TIMEOUT, STAGGER_SECONDS, WORKER_TIMEOUT

pytestmark = [pytest.mark.e2e, LINT_WARNINGS_BESIDE_THE_POINT]

IP = shutil.which("ip")
MASTER_ADDRESS, REMOTE_ADDRESS = "10.213.0.1", "10.213.0.2"
PREFIX = 30
TARGET_PORT = 8000
NAME = "shop"
NETNS_ETC = Path("/etc/netns")


def _skip_reason() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root to create network namespaces (ip netns add)"
    if IP is None:
        return "needs the ip command (iproute2) to create network namespaces"
    return None


def run_ip(*args: str) -> str:
    """``ip ARGS``; fail with its output."""
    assert IP is not None
    result = subprocess.run([IP, *args], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, f"ip {' '.join(args)}: {result.stderr}"
    return result.stdout


class Namespaces:
    """The master's and the remote group's network namespaces and the veth pair between them."""

    def __init__(self) -> None:
        tag = os.getpid()
        self.master, self.remote = f"lcst-m-{tag}", f"lcst-w-{tag}"
        self.links = (f"lcm{tag}"[:15], f"lcw{tag}"[:15])
        self.created: list[str] = []

    def create(self) -> None:
        """Make both namespaces, the veth pair with its two addresses, and the master's hosts file."""
        for netns in (self.master, self.remote):
            run_ip("netns", "add", netns)
            self.created.append(netns)
        master_link, remote_link = self.links
        run_ip("link", "add", master_link, "type", "veth", "peer", "name", remote_link)
        for netns, link, address in (
            (self.master, master_link, MASTER_ADDRESS),
            (self.remote, remote_link, REMOTE_ADDRESS),
        ):
            run_ip("link", "set", link, "netns", netns)
            run_ip("-n", netns, "addr", "add", f"{address}/{PREFIX}", "dev", link)
            run_ip("-n", netns, "link", "set", "lo", "up")
            run_ip("-n", netns, "link", "set", link, "up")
        hosts = NETNS_ETC / self.master
        hosts.mkdir(parents=True, exist_ok=True)
        (hosts / "hosts").write_text(f"127.0.0.1 localhost\n127.0.0.1 {NAME}-master\n")

    def delete(self) -> None:
        """Remove what :meth:`create` made (deleting a namespace deletes its end of the veth pair)."""
        for netns in self.created:
            subprocess.run([IP or "ip", "netns", "del", netns], capture_output=True, timeout=30, check=False)
        shutil.rmtree(NETNS_ETC / self.master, ignore_errors=True)


class Process:
    """One command in a namespace, its own process group, output in a file."""

    def __init__(self, role: str, netns: str, command: list[str], env: dict[str, str], workdir: Path) -> None:
        assert IP is not None
        self.role = role
        self.log_path = workdir / f"{role}.log"
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            [IP, "netns", "exec", netns, *command],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait(self, timeout: float) -> int | None:
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        """Kill the process group if it still runs; reap it."""
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        self._log.close()


def container(manifests: list[dict[str, Any]], job_name: str) -> tuple[list[str], dict[str, str]]:
    """The Locust container's args and literal env of the Job called ``job_name``."""
    (job,) = [m for m in manifests if m["kind"] == "Job" and m["metadata"]["name"] == job_name]
    locust = job["spec"]["template"]["spec"]["containers"][0]
    return list(locust["args"]), {entry["name"]: entry.get("value", "") for entry in locust.get("env", [])}


def spec_for(locustfile: Path) -> LocustTestSpec:
    """A short run: two users for 3 s against the target in the master's namespace."""
    command = f"--locustfile {locustfile} --host http://{MASTER_ADDRESS}:{TARGET_PORT}"
    return LocustTestSpec.from_cr(
        {
            "image": IMAGE,
            "master": {
                "command": command,
                "autoquit": {"enabled": True, "timeout": AUTOQUIT_SECONDS},
                "extraArgs": ["--users=2", "--spawn-rate=20", "--run-time=3s"],
            },
            "worker": {"command": command, "replicas": 1},
        }
    )


def synthesize(spec: LocustTestSpec) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The master's chart and, in another app, the remote group's chart."""
    master_app = cdk8s.Testing.app()
    master_chart = cdk8s.Chart(master_app, "master-cluster")
    remote = RemoteWorkers(groups={"far": 1}, service=ExternalMaster(source_ranges=(f"{REMOTE_ADDRESS}/32",)))
    LocustTest(master_chart, NAME, spec=spec, remote_workers=remote)
    group_app = cdk8s.Testing.app()
    group_chart = cdk8s.Chart(group_app, "remote-cluster")
    LocustWorkerGroup(group_chart, "far", test=NAME, spec=spec, master_address=MASTER_ADDRESS, replicas=1)
    return list(cdk8s.Testing.synth(master_chart)), list(cdk8s.Testing.synth(group_chart))


@pytest.fixture
def namespaces() -> Iterator[Namespaces]:
    reason = _skip_reason()
    if reason is not None:
        pytest.skip(reason)
    made = Namespaces()
    try:
        made.create()
        yield made
    finally:
        made.delete()


def test_the_master_waits_for_every_group_and_the_run_completes(namespaces: Namespaces, tmp_path: Path) -> None:
    spec = spec_for(write_locustfile(tmp_path))
    master_objects, group_objects = synthesize(spec)
    master_args, master_env = container(master_objects, f"{NAME}-master")
    local_args, local_env = container(master_objects, f"{NAME}-worker")
    remote_args, remote_env = container(group_objects, f"{NAME}-worker-far")
    assert "--expect-workers=2" in master_args
    assert f"--master-host={NAME}-master" in local_args and f"--master-host={MASTER_ADDRESS}" in remote_args
    assert run_ip("-n", namespaces.remote, "route").split("\n")[0].startswith(f"10.213.0.0/{PREFIX} ")
    assert len([line for line in run_ip("-n", namespaces.remote, "route").splitlines() if line]) == 1

    env = base_env(tmp_path)
    python = [sys.executable, "-m"]
    target_log = tmp_path / "target.log"
    processes: list[Process] = []

    def start(role: str, netns: str, args: list[str], extra_env: dict[str, str]) -> Process:
        process = Process(role, netns, [*python, *args], {**env, **extra_env}, tmp_path)
        processes.append(process)
        return process

    def outputs() -> str:
        return "\n".join(f"----- {p.role} -----\n{p.output()}" for p in processes) + f"\n{read(target_log)}"

    try:
        start(
            "target",
            namespaces.master,
            ["tests.e2e.address_target", MASTER_ADDRESS, str(TARGET_PORT), str(target_log)],
            {"PYTHONPATH": str(Path(__file__).parents[2])},
        )
        wait_until(lambda: read(target_log).startswith("ready"), CONNECT_TIMEOUT, "the target to listen", outputs)
        master = start("master", namespaces.master, ["locust", *master_args], master_env)
        start("local-worker", namespaces.master, ["locust", *local_args], local_env)
        wait_until(lambda: "1 workers connected" in master.output(), CONNECT_TIMEOUT, "the local worker", outputs)
        time.sleep(STAGGER_SECONDS)
        assert master.popen.poll() is None, outputs()
        assert read(target_log).splitlines() == ["ready"], "the test started with one group missing\n" + outputs()
        remote = start("remote-worker", namespaces.remote, ["locust", *remote_args], remote_env)
        wait_until(lambda: "2 workers connected" in master.output(), CONNECT_TIMEOUT, "the remote worker", outputs)
        master_exit = master.wait(MASTER_TIMEOUT)
        worker_exits = [processes[2].wait(WORKER_TIMEOUT), remote.wait(WORKER_TIMEOUT)]
        assert master_exit == 0 and worker_exits == [0, 0], f"exits {master_exit} {worker_exits}\n{outputs()}"
        callers = {line.split()[0] for line in read(target_log).splitlines()[1:]}
        assert callers == {MASTER_ADDRESS, REMOTE_ADDRESS}, outputs()
    finally:
        for process in reversed(processes):
            process.kill()


def read(path: Path) -> str:
    """A file's text, or nothing yet."""
    return path.read_text(errors="replace") if path.exists() else ""

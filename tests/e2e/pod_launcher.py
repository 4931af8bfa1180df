"""Run one pod's regular containers as processes sharing a PID namespace: a stand-in for ``pause``.

Started as ``unshare --pid --fork --mount-proc python pod_launcher.py PLAN`` it is PID 1 of a new
PID namespace with its own ``/proc``, as ``shareProcessNamespace: true`` makes a pod: each
container sees the others' processes and nothing else of the machine. ``PLAN`` is a JSON file:
``{"containers": [{"name", "argv", "env", "cwd", "log"}...], "result": PATH}``. The containers are
started in order (as the kubelet starts them), each with its output in its own log; when all
have exited, their exit codes and end times go to ``result`` as ``{name: {"code", "ended"}}``.
The caller bounds the time and kills the namespace (killing PID 1 kills every process in it).
"""

import json
import subprocess
import sys
import threading
import time
from pathlib import Path


def main(plan_path: str) -> None:
    """Start every container of the plan, wait for all, write their exit codes."""
    plan = json.loads(Path(plan_path).read_text())
    running = []
    for container in plan["containers"]:
        log = Path(container["log"]).open("wb")  # noqa: SIM115 (closed once the container exits)
        process = subprocess.Popen(
            container["argv"],
            env=container["env"],
            cwd=container["cwd"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        running.append((container["name"], process, log))
    outcome: dict[str, dict[str, float]] = {}

    def wait(name: str, process: "subprocess.Popen[bytes]") -> None:
        code = process.wait()
        outcome[name] = {"code": code, "ended": time.time()}

    waiters = [threading.Thread(target=wait, args=(name, process)) for name, process, _ in running]
    for waiter in waiters:
        waiter.start()
    for waiter in waiters:
        waiter.join()
    for _, _, log in running:
        log.close()
    Path(plan["result"]).write_text(json.dumps(outcome))


if __name__ == "__main__":
    main(sys.argv[1])

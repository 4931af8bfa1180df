"""A small, long-lived process that starts the timed processes and reports on each.

Why: on Linux a new process's peak RSS (``ru_maxrss``) starts from the memory of the process
that spawned it, shared until ``exec``. Spawning from this process, which imports almost
nothing (run it with ``python -S``), keeps that starting point near a bare interpreter's
instead of the benchmark driver's.

Protocol, one JSON object per line: the driver writes ``{"argv": [...], "env": {...},
"stderr": PATH}``; this process runs it (stdout to /dev/null, stderr to PATH), waits with
``wait4`` and answers ``{"seconds": wall, "maxrss_kib": peak, "exit": code}``.
"""

import json
import os
import sys
import time


def serve() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        actions = [
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        ]
        start = time.perf_counter()
        pid = os.posix_spawn(request["argv"][0], request["argv"], request["env"], file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - start
        reply = {"seconds": seconds, "maxrss_kib": usage.ru_maxrss, "exit": os.waitstatus_to_exitcode(status)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()

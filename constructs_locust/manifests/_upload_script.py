"""The upload container's program: wait for the Locust master to exit, copy its reports once.

A POSIX shell script (``/bin/sh -c``: busybox ash in the ``rclone/rclone`` image, dash or bash
elsewhere) that reads everything it needs from its environment, so the manifest shows every
setting as an env entry. The pod shares one process namespace (``shareProcessNamespace``), so
the script sees the Locust master's process without any help from the Locust container:

1. It takes the start time (``date -u``, UTC, ``YYYYMMDDTHHMMSSZ``) as it starts, which the
   kubelet does right after starting the Locust container.
2. It waits up to ``REPORTS_START_SECONDS`` for a process with the argument
   ``REPORTS_AFTER_ARGUMENT`` (``--master``) to appear, then for every such process to be gone:
   whatever ended it (a pass, a failed threshold, a crash, an OOM kill, SIGTERM).
3. It copies ``REPORTS_DIRECTORY`` to ``REPORTS_DESTINATION/REPORTS_RUN/<start>`` with
   ``rclone copy`` under ``timeout REPORTS_TIMEOUT`` (rclone's own timeouts and retries come
   from its ``RCLONE_*`` environment), prints one JSON line and exits with rclone's code.

SIGTERM (the pod deleted, the Job's ``activeDeadlineSeconds`` reached) does not stop it: the
master gets the same signal, writes what it can and exits, and the script uploads that within
the pod's grace period. The argument it looks for is compared with whole arguments inside the
shell (never passed to another program), and the script itself contains no line equal to it,
so neither the script nor its helpers can be taken for the master.
"""

UPLOAD_LINE_KIND = "constructs-locust/upload"
"""The ``kind`` of the upload container's JSON line."""

UPLOAD_LINE_VERSION = 1
"""The ``version`` of the upload container's JSON line (a new shape gets a new number)."""

TIMEOUT_EXIT_CODE = 124
"""The exit code of GNU ``timeout`` when it stopped the upload. BusyBox's exits 143 (SIGTERM); the
script also counts a copy that lasted ``REPORTS_TIMEOUT`` as timed out, so both read ``timeout``."""

_LINE_FORMAT = (
    f'{{"kind": "{UPLOAD_LINE_KIND}", "version": {UPLOAD_LINE_VERSION}, "status": "%s", '
    '"destination": "%s", "exit_code": %d, "seconds": %d}'
)
"""The JSON line, as a ``printf`` format: status, destination, exit code, seconds."""

UPLOAD_SCRIPT = f"""\
# constructs-locust: upload the Locust master's reports once it has exited.
set -f
trap 'echo "upload: SIGTERM received; uploading once the master has exited" >&2' TERM
stamp=$(date -u +%Y%m%dT%H%M%SZ)
destination="$REPORTS_DESTINATION/$REPORTS_RUN/$stamp"
master_running() {{
  set +f
  for proc in /proc/[0-9]*; do
    set -f
    [ "${{proc#/proc/}}" = "$$" ] && continue
    args=$(tr '\\000' '\\n' < "$proc/cmdline" 2>/dev/null) || continue
    saved_ifs=$IFS
    IFS='
'
    for arg in $args; do
      if [ "$arg" = "$REPORTS_AFTER_ARGUMENT" ]; then
        IFS=$saved_ifs
        return 0
      fi
    done
    IFS=$saved_ifs
  done
  set -f
  return 1
}}
waited=0
until master_running; do
  if [ "$waited" -ge "$REPORTS_START_SECONDS" ]; then
    echo "upload: no Locust master seen within ${{waited}}s; uploading what is there" >&2
    break
  fi
  sleep 1
  waited=$((waited + 1))
done
while master_running; do
  sleep 1
done
echo "upload: the master has exited; copying $REPORTS_DIRECTORY to $destination" >&2
began=$(date +%s)
timeout "$REPORTS_TIMEOUT" rclone copy "$REPORTS_DIRECTORY" "$destination"
code=$?
seconds=$(($(date +%s) - began))
if [ "$code" -eq 0 ]; then
  status=ok
elif [ "$code" -eq {TIMEOUT_EXIT_CODE} ] || [ "$seconds" -ge "$REPORTS_TIMEOUT" ]; then
  status=timeout
else
  status=failed
fi
printf '{_LINE_FORMAT}\\n' "$status" "$destination" "$code" "$seconds"
exit "$code"
"""
"""The upload container's ``/bin/sh -c`` program (see the module docstring)."""

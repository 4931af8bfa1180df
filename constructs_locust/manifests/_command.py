"""The Locust containers' args (``internal/resources/command.go``)."""

import logging
import re

from .._core.constants import DEFAULT_AUTOQUIT_TIMEOUT, MASTER, MASTER_PORT, OTEL_FLAG
from .._core.names import node_name
from ..spec._classes import LocustTestSpec

LOGGER = logging.getLogger("constructs_locust")

# Go's strings.Fields splits on unicode.IsSpace; Python's str.split also splits on \x1c-\x1f.
_GO_SPACE = re.compile("[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")

OPERATOR_FLAGS = (
    "--master",
    "--worker",
    "--master-port",
    "--master-host",
    "--expect-workers",
    "--autostart",
    "--autoquit",
    OTEL_FLAG,
    "--enable-rebalancing",
    "--only-summary",
)


def master_args(spec: LocustTestSpec) -> list[str]:
    """``BuildMasterCommand``: seed, [--otel], master flags, autostart/autoquit, extraArgs last."""
    master = spec.master
    args = go_fields(master.command)
    if spec.open_telemetry_enabled:
        args.append(OTEL_FLAG)
    args += ["--master", f"--master-port={MASTER_PORT}", f"--expect-workers={spec.worker.replicas}"]
    if master.autostart is not False:
        args.append("--autostart")
    autoquit = master.autoquit
    if autoquit is None or autoquit.enabled:
        timeout = DEFAULT_AUTOQUIT_TIMEOUT if autoquit is None or autoquit.timeout is None else autoquit.timeout
        args += ["--autoquit", str(timeout)]
    args += ["--enable-rebalancing", "--only-summary"]
    args += list(master.extra_args or ())
    return args


def worker_args(spec: LocustTestSpec, test_name: str) -> list[str]:
    """``BuildWorkerCommand``: seed, [--otel], worker flags pointing at the master Service, extraArgs."""
    args = go_fields(spec.worker.command)
    if spec.open_telemetry_enabled:
        args.append(OTEL_FLAG)
    args += ["--worker", f"--master-port={MASTER_PORT}", f"--master-host={node_name(test_name, MASTER)}"]
    args += list(spec.worker.extra_args or ())
    return args


def go_fields(command: str) -> list[str]:
    """``strings.Fields``: the command split on (Unicode) white space, empty parts dropped."""
    return [part for part in _GO_SPACE.split(command) if part]


def conflicting_flags(extra_args: tuple[str, ...] | None) -> list[str]:
    """``detectFlagConflicts``: extraArgs that repeat a flag the operator sets itself."""
    return [arg for arg in extra_args or () if arg.split("=", 1)[0] in OPERATOR_FLAGS]


def warn_about_flag_conflicts(spec: LocustTestSpec, test_name: str) -> None:
    """Log, as the operator does, extraArgs that overlap its flags; they stay in the args."""
    for role, role_spec in ((MASTER, spec.master), ("worker", spec.worker)):
        for flag in conflicting_flags(role_spec.extra_args):
            LOGGER.warning(
                "%s: spec.%s.extraArgs: %s overlaps a flag the operator sets; kept, and Locust takes the last value",
                test_name,
                role,
                flag,
            )

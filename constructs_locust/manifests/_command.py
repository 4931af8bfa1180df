"""The Locust containers' args (``internal/resources/command.go``)."""

from .._core.constants import DEFAULT_AUTOQUIT_TIMEOUT, MASTER, MASTER_PORT, OTEL_FLAG
from .._core.names import node_name
from ..spec._classes import LocustTestSpec
from ..spec._flags import go_fields


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

"""The warning about a test that never ends on its own (:class:`UnboundedRunWarning`).

The operator starts the master with ``--autostart`` and ``--autoquit 60``, and Locust stops a
run only at its ``--run-time`` (``-t``, or the ``LOCUST_RUN_TIME`` variable): without one it
"defaults to run forever" (``locust --help``), so the master Job never completes, its
``ttlSecondsAfterFinished`` never starts, and the pods keep their nodes. With
``autoquit.enabled: false`` the master stays up after the run instead, with the same effect.
A test started from the web UI (``autostart: false``) is run and stopped by a person and is
left alone, as is one whose run time may come from somewhere no check can read
(``--config FILE``, ``LOCUST_CONFIG``). A locustfile can end a run itself (a ``LoadTestShape``
whose ``tick()`` returns ``None``, ``runner.quit()``): the message says so, and the output is
the operator's either way.
"""

from collections.abc import Iterator

from ._classes import LocustTestSpec
from ._flags import go_fields

__all__ = ["unbounded_run_warnings"]

_RUN_TIME_FLAGS = ("-t", "--run-time")
_CONFIG_FLAGS = ("--config",)
_RUN_TIME_VARIABLES = ("LOCUST_RUN_TIME", "LOCUST_CONFIG")

EXAMPLE_BOUND = 'e.g. extraArgs: ["--users", "10", "--spawn-rate", "2", "--run-time", "5m"]'
"""How the warning suggests bounding a run."""


def unbounded_run_warnings(spec: LocustTestSpec) -> Iterator[str]:
    """``spec.master...`` warnings for a master that never ends on its own; none for a web UI test."""
    master = spec.master
    if master.autostart is False:
        return
    args = [*go_fields(master.command), *(master.extra_args or ())]
    variables = {str(variable["name"]) for variable in spec.env.variables or ()} if spec.env else set()
    bounded = _has_flag(args, _RUN_TIME_FLAGS) or _has_flag(args, _CONFIG_FLAGS)
    if not bounded and not variables & set(_RUN_TIME_VARIABLES):
        yield (
            "spec.master.extraArgs: the test never ends on its own: no --run-time (-t) in spec.master.command or "
            "spec.master.extraArgs and no LOCUST_RUN_TIME in spec.env.variables, so Locust runs until it is stopped "
            "(unless the locustfile stops it: a LoadTestShape or runner.quit()); the master Job never completes "
            f"and its ttlSecondsAfterFinished never starts; bound the run, {EXAMPLE_BOUND}"
        )
    if master.autoquit is not None and master.autoquit.enabled is False:
        yield (
            "spec.master.autoquit.enabled: false keeps the master running after the test is over, so the master "
            "Job never completes and its ttlSecondsAfterFinished never starts; leave autoquit on"
        )


def _has_flag(args: list[str], flags: tuple[str, ...]) -> bool:
    """Whether one of ``flags`` is given (``--run-time 5m``, ``--run-time=5m``, ``-t5m``)."""
    for arg in args:
        name = arg.split("=", 1)[0]
        if name in flags:
            return True
        if any(flag.startswith("-") and not flag.startswith("--") and arg.startswith(flag) for flag in flags):
            return True
    return False

"""The flags the operator sets on the Locust command line, and Go's way of splitting a command.

Both the renderer (:mod:`constructs_locust.manifests`) and the warnings (:mod:`._lint`) read a
spec's ``command`` and ``extraArgs`` the way the operator does (``internal/resources/command.go``).
"""

import re

from .._core.constants import OTEL_FLAG

__all__ = ["OPERATOR_FLAGS", "conflicting_flags", "go_fields"]

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
"""Every flag the operator puts on a master or worker command line itself."""


def go_fields(command: str) -> list[str]:
    """``strings.Fields``: the command split on (Unicode) white space, empty parts dropped."""
    return [part for part in _GO_SPACE.split(command) if part]


def conflicting_flags(extra_args: tuple[str, ...] | None) -> list[str]:
    """``detectFlagConflicts``: extraArgs that repeat a flag the operator sets itself."""
    return [arg for arg in extra_args or () if arg.split("=", 1)[0] in OPERATOR_FLAGS]

"""The one exception type that every bad input raises."""

import json
from typing import Any


class SpecError(ValueError):
    """A LocustTest spec (or its name, namespace or defaults) is invalid.

    ``path`` is the field path in the CR's camelCase form (``spec.worker.replicas``);
    ``reason`` says what is wrong. Where the operator has a message of its own for the
    problem, ``reason`` is that message, verbatim. ``str(error)`` is ``"<path>: <reason>"``.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason

    def at(self, path: str) -> "SpecError":
        """Return the same error reported at ``path`` instead of its own."""
        return SpecError(path, self.reason)


def go_quote(value: str) -> str:
    """Quote ``value`` the way Go's ``%q`` does for printable text."""
    return json.dumps(value, ensure_ascii=False)


def show_value(value: Any) -> str:
    """Render a bad value for an error message, as the Kubernetes API server does."""
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."

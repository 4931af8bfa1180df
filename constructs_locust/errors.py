"""The one exception type that every bad input raises."""

from ._display import go_quote, show_value

__all__ = ["SpecError", "go_quote", "show_value"]


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

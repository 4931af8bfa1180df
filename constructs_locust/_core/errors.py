"""Every exception and warning the package raises, in one place.

The hierarchy::

    ValueError
      SpecError                 bad input: a LocustTest spec, its name, its defaults, an option
                                (``path`` and ``reason``; several field errors in one, ``errors``)
    UserWarning
      LocustTestWarning         input that works, but most likely not as its author means
        OperatorConfigWarning   (constructs_locust.operator) a setting the operator ignores,
                                logging a warning and keeping its default
        UnboundedRunWarning     a test that never ends on its own: its Jobs never complete
        GitOpsWarning           (constructs_locust.gitops) a preset on a test it does not fit

The command line's ``--strict`` turns every ``LocustTestWarning`` into an error; one
``warnings.simplefilter("error", LocustTestWarning)`` does the same in Python. The field
errors themselves are made by :mod:`.field_errors`, in the API server's wording.
"""

from collections.abc import Iterable
from typing import Any

from .display import go_quote, show_value

__all__ = [
    "ForkedProcessesWarning",
    "GitOpsWarning",
    "LocustTestWarning",
    "SpecError",
    "UnboundedRunWarning",
    "go_quote",
    "show_value",
]


class SpecError(ValueError):
    """A LocustTest spec (or its name, namespace or defaults) is invalid.

    ``path`` is the field path in the CR's camelCase form (``spec.worker.replicas``);
    ``reason`` says what is wrong. Where the operator has a message of its own for the
    problem, ``reason`` is that message, verbatim. ``str(error)`` is ``"<path>: <reason>"``.

    One error may stand for several: ``errors`` holds every field error found, in the order
    the checks found them (as the API server lists all field errors of an object), each a
    single ``SpecError``; ``path`` and ``reason`` are those of the first, and ``str(error)``
    joins them all with ``"; "``. A single error's ``errors`` is ``(error,)``.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason
        self.errors: tuple[SpecError, ...] = (self,)

    @classmethod
    def of(cls, errors: Iterable["SpecError"]) -> "SpecError":
        """One ``SpecError`` for ``errors`` (each possibly several), flattened, in order.

        Raises:
            ValueError: ``errors`` is empty (a bug in the caller, not bad input).
        """
        flat = tuple(single for error in errors for single in error.errors)
        if not flat:
            raise ValueError("SpecError.of() needs at least one error")
        if len(flat) == 1:
            return flat[0]
        combined = cls(flat[0].path, flat[0].reason)
        combined.args = ("; ".join(str(single) for single in flat),)
        combined.errors = flat
        return combined

    def at(self, path: str) -> "SpecError":
        """Return the same error reported at ``path`` instead of its own (the first's, if several)."""
        return SpecError.of((SpecError(path, self.reason), *self.errors[1:]))

    def moved(self, old: str, new: str) -> "SpecError":
        """Return the same errors with the path prefix ``old`` replaced by ``new`` where it occurs."""
        if old == new:
            return self
        return SpecError.of(_moved(single, old, new) for single in self.errors)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (tuple((single.path, single.reason) for single in self.errors),))


def _moved(error: SpecError, old: str, new: str) -> SpecError:
    """``error`` at its moved path; a reason that quotes the old path (``unknown field "..."``) quotes the new."""
    path = _move(error.path, old, new)
    return SpecError(path, error.reason.replace(f'"{error.path}"', f'"{path}"'))


def _move(path: str, old: str, new: str) -> str:
    """``path`` with its prefix ``old`` (a whole path segment) replaced by ``new``."""
    if path == old or path.startswith((old + ".", old + "[")):
        return new + path[len(old) :]
    return path


def _rebuild(errors: tuple[tuple[str, str], ...]) -> SpecError:
    """Unpickle a :class:`SpecError` (its ``__init__`` takes a path and a reason, not a message)."""
    return SpecError.of(SpecError(path, reason) for path, reason in errors)


class LocustTestWarning(UserWarning):
    """A LocustTest spec that runs, but not as its author most likely means.

    The base of every warning the package emits (:class:`OperatorConfigWarning` included), so
    one filter on it covers them all.
    """


class UnboundedRunWarning(LocustTestWarning):
    """A test that never ends on its own: no run time bounds it, or the master never quits.

    Its master Job never completes, so the Jobs' ``ttlSecondsAfterFinished`` never starts and
    the pods hold their nodes until someone deletes them. The output is the operator's all the
    same; a locustfile can still end the run itself (a ``LoadTestShape``, ``runner.quit()``),
    which no check can see. Filter this class alone to accept such tests.
    """


class GitOpsWarning(LocustTestWarning):
    """A GitOps preset applied to a test it was not made for (see :mod:`constructs_locust.gitops`)."""


class ForkedProcessesWarning(LocustTestWarning):
    """OpenTelemetry identity on, and a role that forks Locust with ``--processes``.

    Locust sets OpenTelemetry up before it forks: the children share the pod's resource (with
    an OpenTelemetry Python SDK before 1.43 their series collide; from 1.43 each child reports a
    random ``service.instance.id`` instead of the pod's).
    """

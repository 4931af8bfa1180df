"""Field errors in the API server's words: one constructor per kind of error.

As Kubernetes' ``field.Error`` (k8s.io/apimachinery/pkg/util/validation/field), each function
takes the field's path and, where the error is about a value, the value, and returns a
:class:`~.errors.SpecError` whose reason starts with the kind's fixed words::

    invalid(path, value, detail)      Invalid value: <value>: <detail>
    type_error(path, value, "string") Invalid value: <value>: must be of type string
    required(path[, detail])          Required value[: <detail>]
    not_supported(path, value, valid) Unsupported value: <value>: supported values: "a", "b"
    duplicate(path, value[, detail])  Duplicate value: <value>[: <detail>]
    forbidden(path, detail)           Forbidden: <detail>
    too_long(path, detail)            Too long: <detail>
    too_many(path, detail)            Too many: <detail>

The value is shown as the API server shows it (:func:`~.display.show_value`: strings quoted as
Go's ``%q``, bounded in length, control characters escaped); ``OMITTED`` leaves it out
(``Invalid value: <detail>``, as ``field.OmitValueType``), and ``shown=`` gives its text where a
value has a text of its own (a ``timedelta`` as ``0:00:01``). Every message of the package is
made here, so the wording is the same wherever the same kind of error is found.
"""

import enum
from collections.abc import Iterable
from typing import Any

from .display import go_quote, show_value
from .errors import SpecError

__all__ = [
    "OMITTED",
    "duplicate",
    "forbidden",
    "invalid",
    "not_supported",
    "required",
    "too_long",
    "too_many",
    "type_error",
]


class _Omitted(enum.Enum):
    OMITTED = enum.auto()

    def __repr__(self) -> str:
        return "OMITTED"


OMITTED: Any = _Omitted.OMITTED
"""The value of an error that shows no value (Kubernetes' ``field.OmitValueType``)."""


def _with_value(kind: str, value: Any, shown: str | None) -> str:
    if shown is not None:
        return f"{kind}: {shown}"
    if value is OMITTED:
        return kind
    return f"{kind}: {show_value(value)}"


def _with_detail(head: str, detail: str | None) -> str:
    return f"{head}: {detail}" if detail else head


def invalid(path: str, value: Any, detail: str, *, shown: str | None = None) -> SpecError:
    """``Invalid value: <value>: <detail>``: the value breaks the rule ``detail`` states."""
    return SpecError(path, _with_detail(_with_value("Invalid value", value, shown), detail))


def type_error(path: str, value: Any, type_name: str) -> SpecError:
    """``Invalid value: <value>: must be of type <type_name>`` (the OpenAPI type: string, integer, object...)."""
    return invalid(path, value, f"must be of type {type_name}")


def required(path: str, detail: str | None = None) -> SpecError:
    """``Required value``: the field is missing (or empty where it may not be)."""
    return SpecError(path, _with_detail("Required value", detail))


def not_supported(path: str, value: Any, supported: Iterable[str], *, shown: str | None = None) -> SpecError:
    """``Unsupported value: <value>: supported values: "a", "b"``: not one of the values ``supported``."""
    listed = ", ".join(go_quote(option) for option in supported)
    return SpecError(path, f"{_with_value('Unsupported value', value, shown)}: supported values: {listed}")


def duplicate(path: str, value: Any, detail: str | None = None) -> SpecError:
    """``Duplicate value: <value>``: the value is given more than once where it must be unique."""
    return SpecError(path, _with_detail(_with_value("Duplicate value", value, None), detail))


def forbidden(path: str, detail: str) -> SpecError:
    """``Forbidden: <detail>``: the field may not be given here."""
    return SpecError(path, f"Forbidden: {detail}")


def too_long(path: str, detail: str) -> SpecError:
    """``Too long: <detail>``: the value is longer (or bigger) than allowed."""
    return SpecError(path, f"Too long: {detail}")


def too_many(path: str, detail: str) -> SpecError:
    """``Too many: <detail>``: the list (or the folder) holds more items than allowed."""
    return SpecError(path, f"Too many: {detail}")

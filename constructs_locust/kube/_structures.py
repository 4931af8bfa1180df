"""Shape of a passed-through core/v1 structure, as ``kubectl apply`` checks it.

``kubectl apply`` asks the API server for strict field validation by default: an unknown key
anywhere in the object (``efect`` in a toleration, ``nodeAfinity`` in an affinity) is refused
with ``unknown field "<path>"``, a value of the wrong JSON type with a type error, and a
missing required key with ``Required value``. :func:`check_structure` applies the same
checks to one structure of the CR, using the key table generated from the Kubernetes
schemas (``_schema.py``), and raises :class:`~constructs_locust.SpecError` with the
CR path of the first problem.
"""

import datetime
import re
from collections.abc import Mapping
from typing import Any

from .._core.errors import SpecError
from .._core.field_errors import invalid, required, type_error
from ._quantity import is_quantity
from ._schema import TYPES

__all__ = ["UnknownFieldError", "check_structure"]


class UnknownFieldError(SpecError):
    """``unknown field "<path>"``: a key the Kubernetes type does not have (its message names the
    path, so reporting it at another path rewrites the message too)."""

    def __init__(self, path: str) -> None:
        super().__init__(path, f'unknown field "{path}"')

    def at(self, path: str) -> SpecError:
        """The same error at ``path``, naming ``path`` in its message."""
        return UnknownFieldError(path)


_INT_BITS = {"int32": 32, "int64": 64}
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
"""What ``metav1.Time`` parses (Go's ``time.RFC3339``, fractional seconds allowed)."""


def check_structure(type_name: str, path: str, value: Any) -> None:
    """Refuse ``value`` unless it is a well-formed ``type_name`` (``Toleration``, ``Volume`` ...)."""
    if not isinstance(value, Mapping):
        raise type_error(path, value, "object")
    keys, required_keys = TYPES[type_name]
    for key, item in value.items():
        where = f"{path}.{key}"
        kind = keys.get(key)
        if kind is None:
            raise UnknownFieldError(where)
        if item is None:
            if key in required_keys:
                raise required(where)
            continue
        _check_value(kind, where, item)
    for key in required_keys:
        if key not in value:
            raise required(f"{path}.{key}")


def _check_value(kind: str, path: str, value: Any) -> None:
    """Refuse ``value`` unless it matches ``kind`` (a description from the generated table)."""
    if kind.startswith("@"):
        check_structure(kind[1:], path, value)
    elif kind.startswith("[]"):
        if not isinstance(value, (list, tuple)):
            raise _type_error(path, value, "array")
        for index, item in enumerate(value):
            _check_value(kind[2:], f"{path}[{index}]", item)
    elif kind.startswith("{}"):
        if not isinstance(value, Mapping):
            raise _type_error(path, value, "object")
        for key, item in value.items():
            if not isinstance(key, str):  # JSON has only string keys; YAML reads ~, 1, true as others
                raise invalid(path, key, "keys must be strings")
            _check_value(kind[2:], f"{path}.{key}", item)
    else:
        _check_scalar(kind, path, value)


def _check_scalar(kind: str, path: str, value: Any) -> None:
    if kind == "string":
        if not isinstance(value, str):
            raise _type_error(path, value, "string")
    elif kind == "time":  # YAML reads an unquoted timestamp as a datetime; kubectl sends it as a string
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            value = value.isoformat()  # a date alone, which metav1.Time does not parse
        elif not isinstance(value, (str, datetime.datetime)):
            raise _type_error(path, value, "string")
        if isinstance(value, str) and not _RFC3339.fullmatch(value):
            reason = "must be an RFC 3339 time (2006-01-02T15:04:05Z)"
            raise invalid(path, value, reason)
    elif kind in ("integer", "int32", "int64"):
        if type(value) is not int:
            raise _type_error(path, value, "integer")
        bits = _INT_BITS.get(kind)
        if bits is not None and not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
            raise invalid(path, value, f"must fit in a {bits}-bit signed integer")
    elif kind == "boolean":
        if type(value) is not bool:
            raise _type_error(path, value, "boolean")
    elif kind == "number":
        if type(value) not in (int, float):
            raise _type_error(path, value, "number")
    elif kind == "quantity":
        if not is_quantity(value):
            raise invalid(path, value, "must be a Kubernetes quantity")
    elif kind == "int-or-string" and type(value) is not int and not isinstance(value, str):
        raise _type_error(path, value, "integer or string")


def _type_error(path: str, value: Any, expected: str) -> SpecError:
    return type_error(path, value, expected)

"""Checked copies of JSON values passed through to Kubernetes, at a bounded cost.

A Kubernetes object is JSON: mappings with string keys, lists, strings, booleans, null,
64-bit integers and finite numbers. :func:`json_copy` copies such a value into plain dicts and
lists and refuses, with ``SpecError`` at the path of the offending value, anything else: NaN
and infinity (which the Node runtime behind cdk8s cannot read back), integers past 64 bits,
nesting deeper than :data:`MAX_DEPTH` (a structure that contains itself included) and more than
:data:`MAX_VALUES` values in one field (a Python structure that shares its parts many times
over, like a YAML alias bomb, is refused before it is expanded).
"""

import math
from collections.abc import Mapping
from typing import Any

from .field_errors import OMITTED, invalid, too_long

__all__ = ["INT64_MAX", "INT64_MIN", "MAX_DEPTH", "MAX_VALUES", "json_copy"]

MAX_DEPTH = 100
"""The deepest nesting of mappings and lists accepted in one field."""
MAX_VALUES = 100_000
"""The most values (mappings, lists and scalars) accepted in one field."""
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def json_copy(value: Any, path: str) -> Any:
    """Deep-copy a JSON-like structure into plain dicts and lists, refusing anything else."""
    budget = [MAX_VALUES]
    return _copy(value, path, 0, budget, path)


def _copy(value: Any, path: str, depth: int, budget: list[int], top: str) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise too_long(top, f"more than {MAX_VALUES} values")
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise invalid(path, value, "must fit in a 64-bit signed integer")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise invalid(path, value, "must be a finite number")
        return value
    if isinstance(value, (Mapping, list, tuple)) and depth >= MAX_DEPTH:
        raise invalid(path, OMITTED, f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, Mapping):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise invalid(path, key, "keys must be strings")
            result[key] = _copy(item, f"{path}.{key}", depth + 1, budget, top)
        return result
    if isinstance(value, (list, tuple)):
        return [_copy(item, f"{path}[{index}]", depth + 1, budget, top) for index, item in enumerate(value)]
    raise invalid(path, value, "not a JSON value")

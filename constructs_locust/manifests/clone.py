"""Copies of the user's Kubernetes structures, so rendered output never aliases the spec."""

from collections.abc import Mapping
from typing import Any


def clone(value: Any) -> Any:
    """Deep-copy plain JSON data (dicts, lists and scalars), faster than ``copy.deepcopy``."""
    if isinstance(value, Mapping):
        return {key: clone(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [clone(item) for item in value]
    return value

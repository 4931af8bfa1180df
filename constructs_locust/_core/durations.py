"""Durations: a ``datetime.timedelta`` wherever the package takes a number of seconds.

:func:`check_duration` is the rule every duration option shares (``OtelOptions``' export
interval and timeout, a test's TTL): a ``timedelta``, not negative (positive unless zero is
allowed), in whole units. :func:`whole_seconds` turns one into the ``int`` of seconds that the
Kubernetes field holds and leaves every other value as it is, for the field's own check.
"""

from datetime import timedelta
from typing import Any

from .field_errors import invalid

__all__ = ["SECOND", "check_duration", "whole_seconds"]

SECOND = timedelta(seconds=1)


def check_duration(path: str, value: object, unit: timedelta, unit_name: str, *, allow_zero: bool = False) -> None:
    """Refuse a value that is not a ``timedelta`` of whole ``unit`` s, positive (or zero with ``allow_zero``)."""
    if not isinstance(value, timedelta):
        raise invalid(path, value, "must be a datetime.timedelta")
    if value < timedelta(0) or (value == timedelta(0) and not allow_zero):
        raise invalid(path, value, "must not be negative" if allow_zero else "must be positive", shown=str(value))
    if value % unit:
        raise invalid(path, value, f"must be a whole number of {unit_name}", shown=str(value))


def whole_seconds(path: str, value: Any) -> Any:
    """A ``timedelta`` as its ``int`` of seconds (zero or more, whole); any other value unchanged."""
    if not isinstance(value, timedelta):
        return value
    check_duration(path, value, SECOND, "seconds", allow_zero=True)
    return value // SECOND

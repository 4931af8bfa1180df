"""``LocustTestSpec.from_cr`` remembers the specs it built from CRs it has seen.

Apps and folders of CRs repeat the same spec under many names (one shape per environment or
per load level), and structuring and checking a spec costs more than a cdk8s ``ApiObject``
round trip's share of a test. A spec is immutable (frozen attrs classes holding tuples and
frozen mappings: it hashes), so an equal input can be handed the very same object.

The key is the input's ``repr`` (exact for plain data: ``1``, ``1.0``, ``True``, ``"1"``, a
list and a tuple all differ), taken only for inputs made of plain data (``dict``, ``list``,
``str``, ``int``, ``float``, ``bool``, ``None``, exact types); anything else is built each time.
It includes whether the webhook's rules were deferred (:func:`._webhook.webhook_rules_deferred`),
which changes what building checks. A failed build raises as before and is not remembered.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from ._webhook import webhook_rules_are_deferred

__all__ = ["cached_from_cr"]

T = TypeVar("T")

_HELD = 512
"""At most this many specs are remembered; past that the memory starts over."""
_SPECS: dict[tuple[type, bool, str], Any] = {}
_SCALARS = frozenset({str, int, float, bool, type(None)})


def cached_from_cr(cls: type[T], cr: Any, build: Callable[[Any], T]) -> T:
    """``build(cr)``, or the spec it gave for an equal plain-data ``cr`` before."""
    text = _plain_repr(cr)
    if text is None:
        return build(cr)
    key = (cls, webhook_rules_are_deferred(), text)
    spec = _SPECS.get(key)
    if spec is None:
        spec = build(cr)
        try:
            hash(spec)  # immutable all through: safe to share
        except TypeError:
            return spec
        if len(_SPECS) >= _HELD:
            _SPECS.clear()
        _SPECS[key] = spec
    return spec


def _plain_repr(cr: Any) -> str | None:
    """``repr(cr)`` if ``cr`` is plain data all through, else ``None`` (also when it has no ``repr``:
    too deep, or an integer past Python's digit limit, which building then reports as it does)."""
    try:
        return repr(cr) if _plain(cr) else None
    except (RecursionError, ValueError):
        return None


def _plain(value: Any) -> bool:
    kind = type(value)
    if kind is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    if kind is list:
        return all(_plain(item) for item in value)
    return kind in _SCALARS

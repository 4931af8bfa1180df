"""Read-only, hashable JSON-like data: how a spec holds the mappings and lists it was given.

A spec is a frozen value: ``spec.master.labels["a"] = "x"`` must not change it, and
``hash(spec)`` must work (specs as dict keys, in sets, in ``functools.cache``). So every
mapping a field stores is a :class:`FrozenDict` and every list a tuple, all the way down;
:func:`thaw` turns them back into the plain dicts and lists that YAML, JSON and jsii expect.
"""

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V]):
    """A read-only mapping that hashes by its items and equals any mapping with the same items.

    It keeps the insertion order of the mapping it was built from, as ``dict`` does, and has
    no method that changes it; item assignment raises ``TypeError``.
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data or {})
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: K, default: Any = None) -> Any:
        """The value of ``key``, else ``default``."""
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        """A view of the keys, in order."""
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        """A view of the values, in order."""
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        """A view of the ``(key, value)`` pairs, in order."""
        return self._data.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (self._data,))


_SCALARS = (str, int, float, bool, type(None))


def freeze(value: Any) -> Any:
    """``value`` with every mapping made a :class:`FrozenDict` and every list a tuple, recursively."""
    kind = type(value)
    if kind in _SCALARS:  # the common case first: most values are strings
        return value
    if kind is dict or (kind is not FrozenDict and isinstance(value, Mapping)):
        return FrozenDict({key: freeze(item) for key, item in value.items()})
    if kind is list or kind is tuple:
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """Plain ``dict``/``list`` copies of frozen (or any JSON-like) data, recursively.

    Also the deep copy of plain JSON data wherever rendered output must not alias its source
    (the spec's structures, the module-level default contexts), faster than ``copy.deepcopy``.
    """
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [thaw(item) for item in value]
    return value

"""Reading YAML input at a bounded cost: file size, alias expansion, nesting depth, integers, keys.

Input files come from anyone's repository, so reading one must cost time and memory in
proportion to a limit, never to what the file can make PyYAML build:

- :func:`read_input` and :func:`read_stream` read at most ``limit`` bytes (plus one, to tell
  that there is more) and refuse a larger input, endless ones (``/dev/zero``, a pipe that never
  closes) included, without reading them to the end.
- :func:`load_documents` builds each document from the parser's event stream (libyaml when
  available) without recursion, its plain scalars typed as kubectl types them (true for ``y``, 1000
  for ``1e3``, the string ``1:00``: see :mod:`constructs_locust.kube._yaml`). Every alias is a fresh copy,
  and the nodes that aliases add to a document are counted: past :data:`MAX_ALIAS_NODES` the
  document is refused, so an alias bomb fails after a bounded amount of work. Nesting deeper
  than :data:`MAX_DEPTH`, integers written with more than :data:`MAX_INT_CHARS` characters and
  a mapping key given twice (which ``kubectl`` refuses too) are refused with their line.

Every refusal of a document is a :class:`yaml.MarkedYAMLError` with the line and column.
"""

import copy
import os
import re
import stat
from collections.abc import Iterator
from typing import Any, BinaryIO

import yaml

from .._core.display import show_value
from ..kube._yaml import KubeLoader

__all__ = [
    "DEFAULT_MAX_INPUT_BYTES",
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_INT_CHARS",
    "InputTooLarge",
    "format_size",
    "load_documents",
    "parse_size",
    "read_input",
    "read_stream",
]

DEFAULT_MAX_INPUT_BYTES = 4 * 1024 * 1024
"""The largest input file read by default (4 MiB, above the API server's 3 MiB request limit)."""
MAX_DEPTH = 100
"""The deepest nesting of mappings and sequences a document may have."""
MAX_ALIAS_NODES = 100_000
"""How many values the aliases of one document may add to it, all aliases together."""
MAX_INT_CHARS = 64
"""The longest integer literal read (the Kubernetes API has 64-bit integers: 19 digits)."""

_CHUNK = 64 * 1024
_SIZE = re.compile(r"(?P<number>[0-9]+)(?P<unit>|[KMG]i?)")
_UNITS = {"": 1, "K": 1000, "M": 1000**2, "G": 1000**3, "Ki": 1024, "Mi": 1024**2, "Gi": 1024**3}
_SURROGATE = re.compile("[\ud800-\udfff]")
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"

_Loader: Any = KubeLoader


class InputTooLarge(Exception):
    """An input is larger than the size limit (the message says by how much and how to raise it)."""


def parse_size(text: str) -> int:
    """``"4194304"``, ``"4Mi"``, ``"16M"`` -> a number of bytes (K/M/G: powers of 1000, Ki/Mi/Gi: of 1024)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None or int(match["number"]) == 0:
        raise ValueError(
            f"not a size: {text!r} (expected a positive whole number of bytes, optionally with K, M, G, Ki, Mi or Gi)"
        )
    return int(match["number"]) * _UNITS[match["unit"]]


def format_size(size: int) -> str:
    """``4194304`` -> ``"4194304 bytes (4Mi)"``; sizes that are no whole binary unit stay in bytes."""
    for unit in ("Gi", "Mi", "Ki"):
        if size >= _UNITS[unit] and size % _UNITS[unit] == 0:
            return f"{size} bytes ({size // _UNITS[unit]}{unit})"
    return f"{size} bytes"


def _too_large(limit: int, size: int | None) -> InputTooLarge:
    what = f"is {size} bytes" if size is not None else "is larger than that"
    return InputTooLarge(
        f"input too large: the limit is {format_size(limit)} and the input {what}; "
        "raise the limit with --max-input-size"
    )


def read_input(path: str, limit: int) -> bytes:
    """The bytes of the file at ``path``, refused with :class:`InputTooLarge` past ``limit`` bytes.

    A regular file larger than the limit is refused before reading; anything else (a device,
    a pipe) is read in chunks and refused as soon as it passes the limit. ``OSError`` passes.
    """
    with open(path, "rb") as file:
        info = os.fstat(file.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise _too_large(limit, info.st_size)
        return read_stream(file, limit)


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit`` bytes of ``stream`` up to its end; :class:`InputTooLarge` if there is more."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_large(limit, None)


class _Refused(yaml.MarkedYAMLError):
    """A document refused by a bound or rule of this module (``problem`` says which)."""


def _refuse(problem: str, mark: Any) -> _Refused:
    return _Refused(problem=problem, problem_mark=mark)


class _Anchor:
    """A finished anchored value, with what an alias to it adds to its document."""

    __slots__ = ("height", "size", "value")

    def __init__(self, value: Any, size: int, height: int) -> None:
        self.value = value
        self.size = size
        self.height = height


class _Collection:
    """A mapping or sequence being built."""

    __slots__ = ("anchor", "first_lines", "height", "is_mapping", "key", "key_mark", "merges", "start", "value")

    def __init__(self, is_mapping: bool, anchor: str | None, start: int) -> None:
        self.is_mapping = is_mapping
        self.anchor = anchor
        self.start = start
        self.height = 1
        self.value: Any = {} if is_mapping else []
        self.key: Any = _NO_KEY
        self.key_mark: Any = None
        self.first_lines: dict[Any, int] = {}
        self.merges: list[tuple[Any, Any]] = []


_NO_KEY = object()


def load_documents(data: bytes | str) -> Iterator[Any]:
    """Every document of a YAML stream as plain Python values, in order (``None`` for an empty one).

    Raises :class:`yaml.YAMLError` (with a mark) for bad YAML and for anything past the bounds.
    """
    loader = _Loader(data)
    try:
        loader.get_event()  # StreamStartEvent
        while not loader.check_event(yaml.StreamEndEvent):
            yield _DocumentBuilder(loader).build()
    finally:
        loader.dispose()


class _DocumentBuilder:
    """Builds one document from the loader's events, with the bounds of this module."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: set[str] = set()
        self.nodes = 0
        self.alias_nodes = 0
        self.stack: list[_Collection] = []

    def build(self) -> Any:
        """Consume the events of one document and return its value."""
        loader = self.loader
        loader.get_event()  # DocumentStartEvent
        result: Any = None
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.DocumentEndEvent):
                return result
            done, value, height = self._value(event)
            if not done:
                continue
            if not self.stack:
                result = value
                continue
            parent = self.stack[-1]
            parent.height = max(parent.height, height + 1)
            self._add(parent, value, event)

    def _value(self, event: Any) -> tuple[bool, Any, int]:
        """Handle one event; return (a value is complete, the value, its nesting height)."""
        if isinstance(event, yaml.ScalarEvent):
            self.nodes += 1
            value = self._scalar(event)
            if event.anchor is not None:
                self.anchors[event.anchor] = _Anchor(value, 1, 0)
            return True, value, 0
        if isinstance(event, yaml.AliasEvent):
            return (True, *self._alias(event))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._start(event)
            return False, None, 0
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            collection = self.stack.pop()
            value = self._finish(collection, event)
            if collection.anchor is not None:
                self.open_anchors.discard(collection.anchor)
                self.anchors[collection.anchor] = _Anchor(value, self.nodes - collection.start, collection.height)
            return True, value, collection.height
        raise _refuse(f"unexpected YAML event {type(event).__name__}", event.start_mark)

    def _start(self, event: Any) -> None:
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        default = _MAP_TAG if is_mapping else _SEQ_TAG
        if event.tag not in (None, "!", default):
            raise _refuse(
                f"unsupported tag {event.tag!s} on a {'mapping' if is_mapping else 'sequence'}", event.start_mark
            )
        if self.stack and self.stack[-1].is_mapping and self.stack[-1].key is _NO_KEY:
            raise _refuse("a mapping key must be a scalar, not a mapping or sequence", event.start_mark)
        if len(self.stack) >= MAX_DEPTH:
            raise _refuse(f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
        self.nodes += 1
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Collection(is_mapping, event.anchor, self.nodes - 1))

    def _alias(self, event: Any) -> tuple[Any, int]:
        name = event.anchor
        if name in self.open_anchors:
            raise _refuse(f"alias *{name} refers to a node that contains it", event.start_mark)
        anchor = self.anchors.get(name)
        if anchor is None:
            raise _refuse(f"found undefined alias *{name}", event.start_mark)
        if len(self.stack) + anchor.height > MAX_DEPTH:
            raise _refuse(f"nesting deeper than {MAX_DEPTH} levels (through alias *{name})", event.start_mark)
        self.alias_nodes += anchor.size
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise _refuse(
                f"aliases expand to more than {MAX_ALIAS_NODES} values (at alias *{name}); "
                "refusing what looks like an alias bomb",
                event.start_mark,
            )
        self.nodes += anchor.size
        value = anchor.value if anchor.height == 0 else copy.deepcopy(anchor.value)
        return value, anchor.height

    def _add(self, parent: _Collection, value: Any, event: Any) -> None:
        """Put a finished value into the collection being built (as a key or an item)."""
        if not parent.is_mapping:
            parent.value.append(value)
            return
        if parent.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise _refuse("a mapping key must be a scalar, not a mapping or sequence", event.start_mark)
            parent.key = value
            parent.key_mark = event.start_mark
            return
        key, mark = parent.key, parent.key_mark
        parent.key = _NO_KEY
        if key is _MERGE:
            parent.merges.append((value, event.start_mark))
            return
        first = parent.first_lines.get(key)
        if first is not None:
            raise _refuse(f"mapping key {show_value(key)} already defined at line {first}", mark)
        parent.first_lines[key] = mark.line + 1
        parent.value[key] = value

    def _finish(self, collection: _Collection, event: Any) -> Any:
        if not collection.merges:
            return collection.value
        merged: dict[Any, Any] = {}
        sources: list[dict[Any, Any]] = []
        for value, mark in collection.merges:
            items = value if isinstance(value, list) else [value]
            for item in items:
                if not isinstance(item, dict):
                    raise _refuse("a merge key (<<) needs a mapping or a list of mappings", mark)
            sources.extend(items)
        for source in reversed(sources):
            merged.update(source)
        merged.update(collection.value)
        return merged

    def _scalar(self, event: Any) -> Any:
        value: str = event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _STR_TAG:
            if not value.isascii() and _SURROGATE.search(value):
                raise _refuse("a string holds a lone surrogate, which is not a Unicode character", event.start_mark)
            return value
        if tag == _MERGE_TAG:
            in_key = bool(self.stack) and self.stack[-1].is_mapping and self.stack[-1].key is _NO_KEY
            return _MERGE if in_key else value
        if tag == _INT_TAG and len(value) > MAX_INT_CHARS:
            raise _refuse(
                f"integer of {len(value)} characters is too large (the Kubernetes API has 64-bit integers)",
                event.start_mark,
            )
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        constructor = self.loader.yaml_constructors.get(tag, self.loader.yaml_constructors[None])
        try:
            return constructor(self.loader, node)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as error:
            raise _refuse(f"cannot read {tag} value {show_value(value)}: {error}", event.start_mark) from None


class _Merge:
    """The ``<<`` merge key, kept apart from every real key."""

    def __repr__(self) -> str:
        return "<<"


_MERGE: Any = _Merge()

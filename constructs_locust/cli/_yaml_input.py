"""Reading YAML input at a bounded cost: file size, alias expansion, nesting depth, integers, keys.

Input files come from anyone's repository, so reading one must cost time and memory in
proportion to a limit, never to what the file can make PyYAML build:

- :func:`read_input` and :func:`read_stream` read at most ``limit`` bytes (plus one, to tell
  that there is more) and refuse a larger input, endless ones (``/dev/zero``, a pipe that never
  closes) included, without reading them to the end.
- :func:`load_documents` builds each document from the parser's event stream (libyaml when
  available) without recursion, its plain scalars typed as kubectl types them (true for ``y``, 1000
  for ``1e3``, the string ``1:00``: see :mod:`constructs_locust.kube._yaml`). Every alias is a fresh
  copy, and the nodes that aliases add to the input, all its documents together, are counted: past
  :data:`MAX_ALIAS_NODES` the document being built is refused, so an alias bomb (or a file of
  many small ones) fails after a bounded amount of work. Nesting deeper than :data:`MAX_DEPTH`,
  integers written with more than :data:`MAX_INT_CHARS` characters, a mapping key given twice
  (which ``kubectl`` refuses too) and an explicit tag that does not fit its value
  (:mod:`._yaml_tags`) are refused with their line.
- Running out of memory (a limit raised past what the machine has) is :class:`InputTooLarge`
  while reading and a YAML error while building, once what was built is freed.

Every refusal of a document is a :class:`yaml.MarkedYAMLError` with the line and column (but
for running out of memory, which has no line).
"""

import copy
import os
import re
import stat
from collections.abc import Iterator
from typing import Any, BinaryIO

import yaml

from .._core.display import show_value
from . import _yaml_tags
from ._sizes import DEFAULT_MAX_INPUT_BYTES, MAX_INPUT_LIMIT, format_size, parse_size

__all__ = [
    "DEFAULT_MAX_INPUT_BYTES",
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_INPUT_LIMIT",
    "MAX_INT_CHARS",
    "InputTooLarge",
    "format_size",
    "load_documents",
    "parse_size",
    "read_input",
    "read_stream",
]

MAX_DEPTH = 100
"""The deepest nesting of mappings and sequences a document may have."""
MAX_ALIAS_NODES = 100_000
"""How many values the aliases of one input may add to it, all aliases of all its documents together."""
MAX_INT_CHARS = 64
"""The longest integer literal read (the Kubernetes API has 64-bit integers: 19 digits)."""

_CHUNK = 64 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class InputTooLarge(Exception):
    """An input is larger than the size limit (the message says by how much and how to raise it)."""


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
    """At most ``limit`` bytes of ``stream`` up to its end; :class:`InputTooLarge` if there is more,
    or if the memory runs out before (a limit raised past the memory available)."""
    chunks: list[bytes] = []
    total = 0
    try:
        while True:
            chunk = stream.read(min(_CHUNK, limit + 1 - total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _too_large(limit, None)
    except MemoryError:
        pass  # the error is raised once what was read is freed
    chunks.clear()
    raise InputTooLarge(
        f"input too large for the memory available: out of memory after reading {total} bytes "
        f"(the limit is {format_size(limit)}); lower --max-input-size"
    )


_OUT_OF_MEMORY = (
    "out of memory building a document: the input is too large for the memory available; lower --max-input-size"
)


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
    from ..kube._yaml import KubeLoader  # here: the parser imports this module, and --help loads no checks

    loader = KubeLoader(data)
    budget = _Budget()
    try:
        loader.get_event()  # StreamStartEvent
        while not loader.check_event(yaml.StreamEndEvent):
            yield _DocumentBuilder(loader, budget).build()
        return
    except MemoryError:
        pass  # the error is raised once the document being built is freed
    finally:
        loader.dispose()
    raise _Refused(problem=_OUT_OF_MEMORY)


class _Budget:
    """What one input's aliases have added so far, shared by its documents: many documents that
    each stay under :data:`MAX_ALIAS_NODES` cost as much as one document past it."""

    __slots__ = ("alias_nodes",)

    def __init__(self) -> None:
        self.alias_nodes = 0


class _DocumentBuilder:
    """Builds one document from the loader's events, with the bounds of this module."""

    def __init__(self, loader: Any, budget: _Budget) -> None:
        self.loader = loader
        self.budget = budget
        self.earlier_alias_nodes = budget.alias_nodes
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: set[str] = set()
        self.nodes = 0
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
        self.budget.alias_nodes += anchor.size
        if self.budget.alias_nodes > MAX_ALIAS_NODES:
            together = " in this input's documents together" if self.earlier_alias_nodes else ""
            raise _refuse(
                f"aliases expand to more than {MAX_ALIAS_NODES} values{together} (at alias *{name}); "
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
        else:
            tag = self._explicit(tag, value, event)
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
        except (ValueError, TypeError, ArithmeticError, LookupError, AttributeError) as error:
            raise _refuse(f"cannot read {tag} value {show_value(value)}: {error}", event.start_mark) from None

    def _explicit(self, tag: str, value: str, event: Any) -> str:
        """The tag that builds a scalar written with an explicit ``tag`` (see :mod:`._yaml_tags`)."""
        try:
            return _yaml_tags.constructible_tag(
                tag, value, lambda text: str(self.loader.resolve(yaml.ScalarNode, text, (True, False)))
            )
        except _yaml_tags.ExplicitTagError as error:
            raise _refuse(str(error), event.start_mark) from None


class _Merge:
    """The ``<<`` merge key, kept apart from every real key."""

    def __repr__(self) -> str:
        return "<<"


_MERGE: Any = _Merge()

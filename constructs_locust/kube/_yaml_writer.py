"""A fast writer for plain data: the exact YAML of PyYAML's safe dumper with :func:`represent_str`.

``yaml.dump_all(..., Dumper=CSafeDumper)`` spends most of its time in Python, not in libyaml:
the representer builds a node for every value and the serializer asks PyYAML's resolver (a
list of regular expressions) twice per scalar whether it may be written plain. This module
hands libyaml's emitter the same events directly (each scalar's tag, style and "implicit"
flags computed once per distinct text and cached), so the bytes are those of the dumper by
construction: same events in, same emitter, same output.

Only plain data takes this path: ``dict``, ``list``, ``str``, ``int``, ``bool``, ``float``
and ``None`` (exact types, as the safe representer looks them up). :func:`dump_plain` returns
``None`` for anything else (a subclass, bytes, a date, a tuple...) or without libyaml, and
the caller dumps through PyYAML as before, with its own results and errors.
"""

import functools
import math
from collections.abc import Sequence
from io import StringIO
from typing import Any

import yaml

from ._yaml import STR_TAG, needs_quotes

__all__ = ["dump_plain"]

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_NULL_TAG = "tag:yaml.org,2002:null"
_WIDTH = 2**31 - 1
"""No folding: every line as long as its value."""

_CEmitter: Any = getattr(getattr(yaml, "cyaml", None), "CEmitter", None)
"""libyaml's emitter, as the C dumpers use it (``None`` when PyYAML was built without libyaml)."""
_RESOLVER: Any = yaml.resolver.Resolver()
"""The resolver every PyYAML dumper has: what the serializer asks before writing a scalar plain."""

_MAPPING_START = yaml.MappingStartEvent(None, yaml.resolver.Resolver.DEFAULT_MAPPING_TAG, True, flow_style=False)
_MAPPING_END = yaml.MappingEndEvent()
_SEQUENCE_START = yaml.SequenceStartEvent(None, yaml.resolver.Resolver.DEFAULT_SEQUENCE_TAG, True, flow_style=False)
_SEQUENCE_END = yaml.SequenceEndEvent()
_DOCUMENT_START = yaml.DocumentStartEvent(explicit=True)
_DOCUMENT_END = yaml.DocumentEndEvent(explicit=False)
"""libyaml copies what it needs of an event, so these constant ones are shared by every dump."""

_BREAKS_OF_YAML_11 = frozenset("\x85\u2028\u2029")
"""As in :func:`constructs_locust.kube._yaml.represent_str`: such a string is double-quoted."""
_CACHED_LENGTH = 256
"""The longest string whose event is cached (keys and most values repeat from object to object)."""


class _NotPlain(Exception):
    """A value this writer does not write: the caller falls back to PyYAML's dumper."""


def _scalar(tag: str, value: str, style: str | None) -> yaml.ScalarEvent:
    """The event PyYAML's serializer emits for a node of ``tag``, ``value`` and ``style``."""
    implicit = (_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == tag, tag == STR_TAG)
    return yaml.ScalarEvent(None, tag, implicit, value, style=style)


def _string_event(text: str) -> yaml.ScalarEvent:
    """What :func:`~constructs_locust.kube._yaml.represent_str` and the serializer make of ``text``."""
    if not _BREAKS_OF_YAML_11.isdisjoint(text):
        return _scalar(STR_TAG, text, '"')
    return _scalar(STR_TAG, text, "'" if needs_quotes(text) else None)


_STRINGS: dict[str, yaml.ScalarEvent] = {}
"""Each short string's event, made once (keys and most values repeat from object to object)."""
_STRINGS_HELD = 65536
"""At most this many strings are kept: past that, new ones are made each time."""


def _string(text: str) -> yaml.ScalarEvent:
    """:func:`_string_event`, cached for short strings."""
    event = _STRINGS.get(text)
    if event is None:
        event = _string_event(text)
        if len(text) <= _CACHED_LENGTH and len(_STRINGS) < _STRINGS_HELD:
            _STRINGS[text] = event
    return event


def _float_text(value: float) -> str:
    """``SafeRepresenter.represent_float``'s text for ``value``."""
    if math.isnan(value):
        return ".nan"
    if value == math.inf:
        return ".inf"
    if value == -math.inf:
        return "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


@functools.lru_cache(maxsize=1024)
def _int_event(value: int) -> yaml.ScalarEvent:
    return _scalar(_INT_TAG, str(value), None)


_TRUE = _scalar(_BOOL_TAG, "true", None)
_FALSE = _scalar(_BOOL_TAG, "false", None)
_NULL = _scalar(_NULL_TAG, "null", None)


def _emit(data: Any, emit: Any) -> None:
    """Hand ``emit`` the serializer's events for ``data`` (depth first, keys in the mapping's order).

    Raises :class:`_NotPlain` on a value of any other type (the events so far are then thrown
    away with their emitter); a container that holds itself ends in a ``RecursionError``.
    String keys and values are handled in the loops, without a call each: most scalars are.
    """
    kind = type(data)
    if kind is dict:
        emit(_MAPPING_START)
        for key, value in data.items():
            if type(key) is str:
                emit(_STRINGS.get(key) or _string(key))
            else:
                _emit(key, emit)
            if type(value) is str:
                emit(_STRINGS.get(value) or _string(value))
            else:
                _emit(value, emit)
        emit(_MAPPING_END)
    elif kind is list:
        emit(_SEQUENCE_START)
        for item in data:
            if type(item) is str:
                emit(_STRINGS.get(item) or _string(item))
            else:
                _emit(item, emit)
        emit(_SEQUENCE_END)
    elif kind is str:
        emit(_string(data))
    elif kind is bool:
        emit(_TRUE if data else _FALSE)
    elif kind is int:
        emit(_int_event(data))
    elif data is None:
        emit(_NULL)
    elif kind is float:
        emit(_scalar(_FLOAT_TAG, _float_text(data), None))
    else:
        raise _NotPlain


def dump_plain(documents: Sequence[Any]) -> str | None:
    """``documents`` as ``yaml.dump_all`` writes them with the command line's dumper, or ``None``.

    The dumper: libyaml's emitter, the safe representer with :func:`represent_str`, no aliases,
    keys in order, ``explicit_start``, ``allow_unicode``, block style and no line folding.
    ``None`` when a document holds anything but plain data (see the module's docstring) or
    libyaml is missing: then dump them with PyYAML.
    """
    if _CEmitter is None:
        return None
    stream = StringIO()
    emitter = _CEmitter(stream, width=_WIDTH, allow_unicode=True, explicit_start=True)
    try:
        emitter.open()
        emit = emitter.emit
        for document in documents:
            emit(_DOCUMENT_START)
            _emit(document, emit)
            emit(_DOCUMENT_END)
        emitter.close()
    except (_NotPlain, RecursionError):
        return None
    finally:
        emitter.dispose()
    return stream.getvalue()

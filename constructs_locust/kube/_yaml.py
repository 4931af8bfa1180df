"""YAML as ``kubectl`` reads it: scalar typing on input, quoting on output, kept documents' source.

How kubectl reads a manifest (kubectl v1.32, sigs.k8s.io/yaml v1.4.0, commit c3772b51 of
github.com/kubernetes-sigs/yaml): cli-runtime's stream visitor decodes each document into a
``runtime.RawExtension``, a ``json.Unmarshaler``, so sigs.k8s.io/yaml converts the YAML to JSON
with no target type (``yaml.go``, ``yamlToJSONTarget``/``YAMLToJSON``): it unmarshals the
document into ``interface{}`` with its fork of go-yaml v2 (``goyaml.v2``), makes that JSON-able
(``convertToJSONableObject``) and ``json.Marshal`` s it. What the API server and the CRD's schema
see is that JSON. The rules, as implemented here:

Scalar resolution (``goyaml.v2/resolve.go``, ``resolve`` and its ``resolveMapList``; decoding
in ``goyaml.v2/decode.go``, ``decoder.scalar``). Only plain (unquoted, untagged) scalars are
resolved; a quoted one is a string. The first character picks a hint (``resolveTable``): ``+ -``
sign, ``0-9`` digit, ``yYnNtTfFoO~`` map, ``.`` float, the empty string null; any other first
character means a string. With a hint:

- an exact entry of the map is taken: ``y Y yes Yes YES true True TRUE on On ON`` are true,
  ``n N no No NO false False FALSE off Off OFF`` false, ``"" ~ null Null NULL`` null,
  ``.nan .NaN .NAN`` NaN, ``.inf .Inf .INF +.inf +.Inf +.INF`` +inf, ``-.inf -.Inf -.INF`` -inf.
  ``<<`` has no hint (``<`` is not in the table): it is a string, except as a plain mapping key,
  where it is the merge key (``decode.go``, ``isMerge``);
- hint ``.``: Go's ``strconv.ParseFloat`` of the text (``.5``, ``.5e3``, ``.5_5``: Go allows
  ``_`` between digits); else a string;
- hint sign or digit: first a timestamp (``parseTimestamp``: ``YYYY-M-D`` and three date-time
  layouts), which ``decoder.scalar`` then stores as its original *string* when the target is
  ``interface{}``, as here ("for backward compatibility reasons"). Else, with every ``_``
  removed: ``strconv.ParseInt(s, 0, 64)`` (sign; ``0x``/``0X`` hex, ``0o``/``0O`` octal, ``0b``/
  ``0B`` binary, any other leading ``0`` octal: ``017`` is 15, ``09`` is no int), then
  ``strconv.ParseUint(s, 0, 64)`` (no sign, up to 2**64-1), then, if the text matches
  ``yamlStyleFloat`` (``^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$``),
  ``strconv.ParseFloat`` (so ``09``, ``0800``, ``08540`` are the floats 9, 800, 8540 and
  ``1e3`` is 1000; out of range, like ``1e400``, it is a string), then ``0b``/``-0b`` binary
  again. Anything else is a string. There is no sexagesimal (``1:00`` is a string, "Base 60
  floats are a bad idea").

JSON conversion (``yaml.go``, ``convertToJSONableObject`` with a nil target, then Go's
``encoding/json``): values keep their type (no number or bool becomes a string: that happens
only with a typed target, which kubectl does not use). ``json.Marshal`` writes a float64 that is
a whole number below 1e21 without a fraction or exponent (``5.0`` and ``1e1`` are sent as ``5``
and ``10``, which the API server reads as integers) and refuses NaN and infinities ("json:
unsupported value: NaN", so kubectl refuses such a document). Map keys become strings: an int
key by ``strconv.Itoa``, a float key by ``strconv.FormatFloat(f, 'g', -1, 32)``, a bool key as
``true``/``false``; a null key is refused ("unsupported map key"). (Keys are
:mod:`constructs_locust.cli._yaml_input`'s business; this module types the scalars.)

:class:`KubeLoader` is PyYAML's safe loader (libyaml when available) with that typing: its
``resolve`` gives a plain scalar go-yaml's tag, its constructors give the value the JSON above
decodes to (a whole float as an ``int``), so the spec's checks see what kubectl would send.

On output, :func:`needs_quotes` says whether a string written plain would be typed as anything
but that string by kubectl's reader (above), by a YAML 1.1 reader (PyYAML's resolver, as
``yaml.safe_load``) or by a YAML 1.2 core-schema reader (YAML 1.2.2, section 10.3.2: ``null``,
booleans ``true``/``false`` in three cases, ints ``[-+]?[0-9]+``, ``0o``, ``0x``, floats
``[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?``, ``.inf``, ``.nan``), and
:func:`represent_str` single-quotes exactly those (as PyYAML already does for the 1.1 ones, so
the output of any other string is unchanged). :func:`document_sources` gives each document's
exact source text, for documents passed through unchanged.
"""

import functools
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import yaml

__all__ = [
    "KubeLoader",
    "SafeDumper",
    "document_sources",
    "go_resolve",
    "join_documents",
    "needs_quotes",
    "represent_str",
]

STR_TAG = "tag:yaml.org,2002:str"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
NULL_TAG = "tag:yaml.org,2002:null"
MERGE_TAG = "tag:yaml.org,2002:merge"

_MAP: dict[str, tuple[str, Any]] = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), (BOOL_TAG, True)),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), (BOOL_TAG, False)),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), (NULL_TAG, None)),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), (FLOAT_TAG, math.nan)),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), (FLOAT_TAG, math.inf)),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), (FLOAT_TAG, -math.inf)),
}
"""go-yaml v2's ``resolveMapList``: exact texts and what they are."""
_HINTED = frozenset("+-0123456789yYnNtTfFoO~.")
"""The first characters with a hint in go-yaml v2's ``resolveTable``."""
_YAML_STYLE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
"""go-yaml v2's ``yamlStyleFloat`` (applied to the text without its underscores)."""
_DOT_FLOAT = re.compile(r"\.[0-9]+(_[0-9]+)*([eE][-+]?[0-9]+(_[0-9]+)*)?")
"""What Go's ``strconv.ParseFloat`` accepts of a text that starts with ``.`` (``_`` between digits only)."""
_DIGITS = {base: re.compile(f"[{digits}]+") for base, digits in ((2, "01"), (8, "0-7"), (10, "0-9"), (16, "0-9a-fA-F"))}
"""The digits of Go's ``strconv.ParseUint`` in each base it reads (ASCII only)."""
_INT64 = 2**63
_UINT64 = 2**64

_CORE_12 = re.compile(
    r"null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)
"""Every plain scalar that the YAML 1.2 core schema (YAML 1.2.2, 10.3.2) types as no string."""
_YAML_11: Any = yaml.resolver.Resolver()
"""PyYAML's YAML 1.1 resolver, as ``yaml.safe_load`` types plain scalars."""


def _go_parse_uint(text: str) -> int | None:
    """Go's ``strconv.ParseUint(text, 0, 64)``, or ``None`` where it fails (syntax or range)."""
    if not text:
        return None
    base, digits = 10, text
    if text[0] == "0":
        prefix = text[1:2].lower()
        if len(text) >= 3 and prefix in ("b", "o", "x"):
            base, digits = {"b": 2, "o": 8, "x": 16}[prefix], text[2:]
        else:
            base, digits = 8, text[1:]
        if not digits:
            return 0 if base == 8 else None
    if len(digits.lstrip("0")) > 64:  # past 2**64 in any base, and int() would cost quadratic time
        return None
    if _DIGITS[base].fullmatch(digits) is None:
        return None
    value = int(digits, base)
    return value if value < _UINT64 else None


def _go_parse_int(text: str) -> int | None:
    """Go's ``strconv.ParseInt(text, 0, 64)``, or ``None`` where it fails (syntax or range)."""
    negative = text[:1] == "-"
    body = text[1:] if text[:1] in ("-", "+") else text
    magnitude = _go_parse_uint(body)
    if magnitude is None:
        return None
    value = -magnitude if negative else magnitude
    return value if -_INT64 <= value < _INT64 else None


def _go_parse_float(text: str) -> float | None:
    """Go's ``strconv.ParseFloat(text, 64)`` for a text of a form it accepts, ``None`` out of range."""
    value = float(text.replace("_", ""))
    return None if math.isinf(value) else value


def _json_number(value: float) -> int | float:
    """A float as Go's ``json.Marshal`` writes it and a JSON reader reads it back (a whole one below 1e21: an int)."""
    if value.is_integer() and abs(value) < 1e21:
        return int(Decimal(repr(value)))  # Go and repr both write the shortest digits that read back
    return value


def go_resolve(text: str) -> tuple[str, Any]:
    """The tag and the JSON value kubectl sends for the plain scalar ``text`` (go-yaml v2's ``resolve``).

    Short scalars are cached (CRs repeat their values, and every plain scalar of an input comes
    through here); long ones, which no cache should hold, are resolved each time.
    """
    return _cached_resolve(text) if len(text) <= _CACHED_LENGTH else _resolve(text)


_CACHED_LENGTH = 64
"""The longest scalar whose resolution is cached (every number kubectl reads fits)."""


@functools.lru_cache(maxsize=8192)
def _cached_resolve(text: str) -> tuple[str, Any]:
    return _resolve(text)


def _resolve(text: str) -> tuple[str, Any]:
    """:func:`go_resolve`, uncached.

    A timestamp is a string (as ``decoder.scalar`` stores it in an ``interface{}``; no text that
    ``parseTimestamp`` takes, ``YYYY-`` first, is an int or a float, so none needs telling apart);
    ``<<`` has the merge tag (it merges only as a mapping key; elsewhere it is the string ``"<<"``).
    """
    if text == "<<":
        return MERGE_TAG, text
    hint = text[:1] if text else "~"
    if hint not in _HINTED:
        return STR_TAG, text
    if text in _MAP:
        return _MAP[text]
    if hint == ".":
        value = _go_parse_float(text) if _DOT_FLOAT.fullmatch(text) else None
        return (FLOAT_TAG, _json_number(value)) if value is not None else (STR_TAG, text)
    if hint not in "+-0123456789":
        return STR_TAG, text
    plain = text.replace("_", "")
    number = _go_parse_int(plain)
    if number is None and plain[:1] != "+":
        number = _go_parse_uint(plain)
    if number is not None:
        return INT_TAG, number
    if _YAML_STYLE_FLOAT.fullmatch(plain):
        value = _go_parse_float(plain)
        if value is not None:
            return FLOAT_TAG, _json_number(value)
    return STR_TAG, text


def _construct(tag: str) -> Any:
    """A constructor for ``tag`` that types the scalar as go-yaml v2 does (with that tag, explicit or not)."""

    def construct(loader: Any, node: yaml.ScalarNode) -> Any:
        resolved, value = go_resolve(node.value)
        if resolved == MERGE_TAG:
            resolved = STR_TAG
        if resolved == tag:
            return value
        if tag == FLOAT_TAG and resolved == INT_TAG:
            return value  # go-yaml makes it a float64, which json.Marshal writes as the whole number
        found, wanted = resolved.rpartition(":")[2], tag.rpartition(":")[2]
        raise ValueError(f"go-yaml cannot decode !!{found} `{node.value}` as a !!{wanted}")

    return construct


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KubeLoader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader (libyaml when available) that types plain scalars as kubectl does."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """go-yaml v2's tag for a plain scalar; PyYAML's rule for everything else."""
        if kind is yaml.ScalarNode and implicit[0]:
            return str(go_resolve(value)[0])
        return str(super().resolve(kind, value, implicit))


for _tag in (BOOL_TAG, INT_TAG, FLOAT_TAG, NULL_TAG):
    KubeLoader.add_constructor(_tag, _construct(_tag))


@functools.lru_cache(maxsize=4096)  # manifests repeat their keys and values
def needs_quotes(text: str) -> bool:
    """Whether ``text`` written plain would be read as no string, or another one.

    By kubectl (go-yaml v2, :func:`go_resolve`), by a YAML 1.1 reader (PyYAML's resolver) or by
    a YAML 1.2 core-schema reader.
    """
    return (
        go_resolve(text)[0] != STR_TAG
        or _YAML_11.resolve(yaml.ScalarNode, text, (True, False)) != STR_TAG
        or _CORE_12.fullmatch(text) is not None
    )


_BREAKS_OF_YAML_11 = frozenset("\x85\u2028\u2029")
"""Line breaks for YAML 1.1 (and so for PyYAML and libyaml) but ordinary characters for YAML 1.2:
written raw, they are folded one way by one reader and kept by another."""


def represent_str(dumper: Any, data: str) -> yaml.ScalarNode:
    """A string single-quoted when :func:`needs_quotes` says so, else as PyYAML writes it.

    A string holding a character that only YAML 1.1 takes for a line break is double-quoted,
    where it is written as an escape (``\\N``, ``\\L``, ``\\P``) that every reader reads alike.
    """
    if not _BREAKS_OF_YAML_11.isdisjoint(data):
        quoted: yaml.ScalarNode = dumper.represent_scalar(STR_TAG, data, style='"')
        return quoted
    if needs_quotes(data):
        node: yaml.ScalarNode = dumper.represent_scalar(STR_TAG, data, style="'")
        return node
    plain: yaml.ScalarNode = dumper.represent_scalar(STR_TAG, data)
    return plain


class SafeDumper(yaml.SafeDumper):
    """``yaml.safe_dump``'s dumper with :func:`represent_str`: no string is read back as another type."""


SafeDumper.add_representer(str, represent_str)


def document_sources(data: bytes) -> list[str] | None:
    """The exact source text of each YAML document of ``data``, in order, to pass it through unchanged.

    A document runs from its first directive or ``---`` to its ``...`` or to the next document's
    start (its comments and blank lines included). A document without ``---`` (the first one
    may have none) gets one in front, and everything before it (comments) is part of it.
    ``None`` when ``data`` is not UTF-8 (other encodings are passed through as data instead).
    """
    try:
        text = data.decode("utf-8-sig")  # libyaml's positions leave a UTF-8 byte order mark out
    except UnicodeDecodeError:
        return None
    sources: list[str] = []
    begin = 0
    for event in yaml.parse(data, Loader=_BaseLoader):
        if isinstance(event, yaml.DocumentStartEvent):
            begin = _index(event.start_mark) if event.explicit else begin
            explicit = bool(event.explicit)
        elif isinstance(event, yaml.DocumentEndEvent):
            end = _index(event.end_mark)
            sources.append(("" if explicit else "---\n") + text[begin:end])
            begin = end
    return sources


def _index(mark: Any) -> int:
    """A parser mark's position in the decoded text (every event of the parser has its marks)."""
    return int(mark.index)


def join_documents(chunks: Sequence[str]) -> str:
    """YAML streams and documents' sources one after the other, as one valid stream.

    A line break ends a chunk that does not end with one (a document's source at the end of its
    file), and ``...`` ends the document before one that starts with a directive (``%YAML``).
    """
    parts: list[str] = []
    for chunk in chunks:
        if not chunk:
            continue
        if parts and not parts[-1].endswith("\n"):
            parts.append("\n")
        if parts and chunk.startswith("%") and not _ends_with_document_end(parts[-1]):
            parts.append("...\n")
        parts.append(chunk)
    return "".join(parts)


def _ends_with_document_end(chunk: str) -> bool:
    """Whether the last line of ``chunk`` is a ``...`` document end marker (maybe with a comment)."""
    last = chunk.rstrip("\n").rpartition("\n")[2]
    return last == "..." or last.startswith(("... ", "...\t"))

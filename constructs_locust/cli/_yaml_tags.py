"""Explicit YAML tags on scalars: which values each standard tag can hold, checked before building one.

PyYAML's safe constructors assume that a scalar's value fits its tag, as it does when the tag
was resolved from the value; an explicit tag breaks that (``!!bool x`` ends in ``KeyError``,
``!!timestamp x`` in ``AttributeError``, ``!!int ""`` in ``IndexError``, ``!!seq x`` builds a
generator). :func:`constructible_tag` checks an explicitly tagged scalar first, as kubectl's
go-yaml does: a ``!!bool``, ``!!int``, ``!!float`` or ``!!null`` value must read as that type
on its own (a ``!!float`` may be written as an integer), so ``!!bool x`` is refused as
``cannot read "x" as !!bool: it reads as !!str``; ``!!timestamp`` needs a YAML timestamp,
``!!binary`` base64 text; the collection tags do not fit a scalar at all. Anything else
(local tags such as ``!foo``, unknown ``!!`` tags) is left to the constructor lookup, which
refuses it.
"""

import binascii
import re
from collections.abc import Callable

import yaml

from .._core.display import show_value

__all__ = ["ExplicitTagError", "constructible_tag", "short_tag"]

_PREFIX = "tag:yaml.org,2002:"
_STR, _BOOL, _INT, _FLOAT, _NULL = (_PREFIX + name for name in ("str", "bool", "int", "float", "null"))
_TIMESTAMP, _BINARY, _MERGE = (_PREFIX + name for name in ("timestamp", "binary", "merge"))
_COLLECTIONS = {
    _PREFIX + "seq": "sequence",
    _PREFIX + "map": "mapping",
    _PREFIX + "set": "mapping",
    _PREFIX + "omap": "sequence of one-key mappings",
    _PREFIX + "pairs": "sequence of one-key mappings",
}
"""The collection tags, with the node each needs."""
_SAME_AS_READ = (_BOOL, _INT, _NULL)
# the form the timestamp constructor parses (YAML 1.1's, https://yaml.org/type/timestamp.html)
_TIMESTAMP_FORM: re.Pattern[str] = yaml.constructor.SafeConstructor.timestamp_regexp
_BASE64_SPACE = re.compile(r"[ \t\r\n]+")


class ExplicitTagError(ValueError):
    """A scalar's explicit tag does not fit its value (the message says why)."""


def short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:bool`` -> ``!!bool``; other tags unchanged."""
    return "!!" + tag.removeprefix(_PREFIX) if tag.startswith(_PREFIX) else tag


def constructible_tag(tag: str, value: str, read_as: Callable[[str], str]) -> str:
    """The tag whose constructor builds ``value`` written with the explicit ``tag``.

    ``read_as(value)`` is the tag the value would get untagged and unquoted (the reader's
    implicit resolution). Raises :class:`ExplicitTagError` when the tag cannot hold the value.
    """
    if tag in (_STR, _MERGE):
        return tag
    if tag in _COLLECTIONS:
        raise ExplicitTagError(f"{short_tag(tag)} needs a {_COLLECTIONS[tag]}, not the scalar {show_value(value)}")
    if tag in _SAME_AS_READ or tag == _FLOAT:
        found = read_as(value)
        if found == tag or (tag == _FLOAT and found in (_FLOAT, _INT)):
            return tag
        raise ExplicitTagError(f"cannot read {show_value(value)} as {short_tag(tag)}: it reads as {short_tag(found)}")
    if tag == _TIMESTAMP and not _TIMESTAMP_FORM.match(value):
        raise ExplicitTagError(
            f"cannot read {show_value(value)} as !!timestamp: expected a date (2001-12-14) or a date and time "
            "(2001-12-14T21:59:43.10Z)"
        )
    if tag == _BINARY:
        _check_base64(value)
    return tag


def _check_base64(value: str) -> None:
    """Refuse what is not base64 text (whitespace aside), as go-yaml does; PyYAML skips bad characters."""
    text = _BASE64_SPACE.sub("", value)
    try:
        binascii.a2b_base64(text.encode("ascii"), strict_mode=True)
    except (UnicodeEncodeError, binascii.Error):
        raise ExplicitTagError(f"cannot read {show_value(value)} as !!binary: it is not base64 data") from None

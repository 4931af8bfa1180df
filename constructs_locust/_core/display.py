"""Values and names in messages: escaped (never a raw control character) and bounded in length.

Error messages quote what the input holds. A value may be huge (a 4 MiB string, a 5,000-digit
integer, an expanded YAML alias bomb) or hold characters that a terminal or a CI log
interprets (newlines, escape sequences, bidirectional overrides). Everything here renders a
bounded prefix, computed without walking or converting more of the value than it shows, and
escapes every character that is not printable as Go's ``%q`` does.
"""

from typing import Any

__all__ = ["MAX_SHOWN", "escape", "go_quote", "show_int", "show_value", "shown_text"]

MAX_SHOWN = 1024
"""The most characters of a string value quoted in a message."""
MAX_SHOWN_STRUCTURE = 80
"""The most characters shown of a mapping or list value."""
MAX_INT_DIGITS_SHOWN = 40
_SMALL_INT_BITS = 4000  # about 1,200 digits: str() of such an int is cheap and allowed

_SHORT_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _escape_char(char: str) -> str:
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape(text: str) -> str:
    """``text`` with every non-printable character (controls, line separators, format characters) escaped."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape_char(char) for char in text)


def shown_text(text: str, limit: int) -> str:
    """:func:`escape` of at most ``limit`` characters of ``text``, with how long it was when cut."""
    if len(text) <= limit:
        return escape(text)
    return f"{escape(text[:limit])}... ({len(text)} characters)"


def go_quote(value: str, limit: int = MAX_SHOWN) -> str:
    """Quote ``value`` as Go's ``%q`` does (non-printable characters escaped), cut after ``limit`` characters."""
    head = value if len(value) <= limit else value[:limit]
    body = head.replace("\\", "\\\\").replace('"', '\\"')
    quoted = f'"{escape(body)}"'
    return quoted if head is value else f"{quoted}... ({len(value)} characters)"


def show_int(value: int) -> str:
    """An integer in decimal, or its first digits and length when it is very long."""
    if value.bit_length() > _SMALL_INT_BITS:
        digits = int(value.bit_length() * 0.30103) + 1
        return f"<an integer of about {digits} digits>"
    text = str(value)
    if len(text) <= MAX_INT_DIGITS_SHOWN:
        return text
    return f"{text[:MAX_INT_DIGITS_SHOWN]}... ({len(text.lstrip('-'))} digits)"


def show_value(value: Any) -> str:
    """Render a bad value for an error message, as the Kubernetes API server does, within bounds."""
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return show_int(value)
    if isinstance(value, float):
        return repr(value)
    pieces: list[str] = []
    budget = [MAX_SHOWN_STRUCTURE + 1]
    _structure(value, pieces, budget)
    text = "".join(pieces)
    return text if len(text) <= MAX_SHOWN_STRUCTURE else text[: MAX_SHOWN_STRUCTURE - 3] + "..."


def _structure(value: Any, pieces: list[str], budget: list[int]) -> None:
    """Append Python-repr pieces of ``value`` until ``budget[0]`` characters are used up."""

    def put(text: str) -> bool:
        pieces.append(text[: budget[0]])
        budget[0] -= len(text)
        return budget[0] > 0

    if budget[0] <= 0:
        return
    if isinstance(value, dict):
        if not put("{"):
            return
        for index, (key, item) in enumerate(value.items()):
            if (index and not put(", ")) or not _scalar_piece(key, put) or not put(": "):
                return
            _structure(item, pieces, budget)
            if budget[0] <= 0:
                return
        put("}")
    elif isinstance(value, (list, tuple)):
        opening, closing = ("[", "]") if isinstance(value, list) else ("(", ")")
        if not put(opening):
            return
        for index, item in enumerate(value):
            if index and not put(", "):
                return
            _structure(item, pieces, budget)
            if budget[0] <= 0:
                return
        put(closing)
    else:
        _scalar_piece(value, put)


def _scalar_piece(value: Any, put: Any) -> bool:
    if isinstance(value, str):
        return bool(put(repr(value[:MAX_SHOWN_STRUCTURE])))
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return bool(put(repr(value)))
    if isinstance(value, int):
        return bool(put(show_int(value)))
    import datetime  # here, not at start-up: --help shows no value (and YAML input has imported it anyway)

    if isinstance(value, (bytes, datetime.date, datetime.datetime)):
        return bool(put(repr(value[:MAX_SHOWN_STRUCTURE] if isinstance(value, bytes) else value)))
    return bool(put(f"<{type(value).__name__}>"))

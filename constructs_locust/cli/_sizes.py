"""Input size limits: ``--max-input-size`` 's default and how a size is read and shown.

Kept apart from :mod:`._yaml_input` (which re-exports them) so that the parser, and so
``--help``, imports no YAML library.
"""

import re

__all__ = ["DEFAULT_MAX_INPUT_BYTES", "MAX_INPUT_LIMIT", "format_size", "parse_size"]

DEFAULT_MAX_INPUT_BYTES = 4 * 1024 * 1024
"""The largest input file read by default (4 MiB, above the API server's 3 MiB request limit)."""
MAX_INPUT_LIMIT = 1024**3
"""The largest size limit :func:`parse_size` accepts (1 GiB): building the documents of an input
takes several times its size in memory, and far more than that would not fit in a machine's."""
_SIZE = re.compile(r"(?P<number>[0-9]+)(?P<unit>|[KMG]i?)")
_UNITS = {"": 1, "K": 1000, "M": 1000**2, "G": 1000**3, "Ki": 1024, "Mi": 1024**2, "Gi": 1024**3}


def parse_size(text: str) -> int:
    """``"4194304"``, ``"4Mi"``, ``"16M"`` -> a number of bytes (K/M/G: powers of 1000, Ki/Mi/Gi: of 1024)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None or int(match["number"]) == 0:
        raise ValueError(
            f"not a size: {text!r} (expected a positive whole number of bytes, optionally with K, M, G, Ki, Mi or Gi)"
        )
    size = int(match["number"]) * _UNITS[match["unit"]]
    if size > MAX_INPUT_LIMIT:
        raise ValueError(
            f"size too large: {text!r} is more than {format_size(MAX_INPUT_LIMIT)}, the largest input limit "
            "(reading YAML takes several times the input's size in memory)"
        )
    return size


def format_size(size: int) -> str:
    """``4194304`` -> ``"4194304 bytes (4Mi)"``; sizes that are no whole binary unit stay in bytes."""
    for unit in ("Gi", "Mi", "Ki"):
        if size >= _UNITS[unit] and size % _UNITS[unit] == 0:
            return f"{size} bytes ({size // _UNITS[unit]}{unit})"
    return f"{size} bytes"

"""The one place where the documentation reaches into constructs_locust's private modules.

Everything else under docs/ uses public names only. When a private module moves, only the
imports below change.
"""

import argparse
import re
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from constructs_locust._core.model import Converted, camel
from constructs_locust.cli._crd import build_parser as _crd_parser
from constructs_locust.spec._crd import build_crd

__all__ = ["cr_name", "crd_parser", "crd_spec_schema", "escape_markdown", "is_inline", "stored_hint"]


def cr_name(field: "attrs.Attribute[Any]") -> str:
    """The CR (camelCase) name of a spec class's attrs field."""
    return str(field.metadata.get("cr") or camel(field.name))


def is_inline(field: "attrs.Attribute[Any]") -> bool:
    """Whether the field holds a Kubernetes structure whose keys sit beside the class's own."""
    return bool(field.metadata.get("inline"))


def stored_hint(hint: Any) -> Any:
    """The type a field stores (a ``Converted[input, stored]`` field's second argument)."""
    if typing.get_origin(hint) is Converted:
        return typing.get_args(hint)[1]
    return hint


def crd_spec_schema() -> Mapping[str, Any]:
    """The OpenAPI schema of ``spec`` in the CRD generated from the spec classes."""
    (version,) = build_crd()["spec"]["versions"]
    schema: Mapping[str, Any] = version["schema"]["openAPIV3Schema"]["properties"]["spec"]
    return schema


def crd_parser(prog: str) -> argparse.ArgumentParser:
    """The ``crd`` command's real parser (the main parser only holds a placeholder for it)."""
    return _crd_parser(prog)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that reads back as the same characters, on one line (for a table cell).

    Backslash-escapes every character Markdown or inline HTML would read (``<name>`` would be
    an HTML tag, ``*`` emphasis, `` ` `` code, ``|`` a cell border).
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")

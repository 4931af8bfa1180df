"""The one place where the documentation reaches into constructs_locust's private modules.

Everything else under docs/ uses public names only. When a private module moves, only the
imports below change.
"""

import typing
from collections.abc import Mapping
from typing import Any

import attrs

from constructs_locust._core.model import Converted, camel
from constructs_locust.spec._crd import build_crd

__all__ = ["cr_name", "crd_spec_schema", "is_inline", "stored_hint"]


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

"""The ``LocustTest`` CustomResourceDefinition, generated from the spec classes themselves.

The ``openAPIV3Schema`` of ``locust.io/v2`` is derived by walking the attrs models of
:mod:`constructs_locust.spec`: each field's type hint gives its OpenAPI type (``str``,
``int`` as int32, ``bool``, the string enums, nested models, tuples as arrays, string maps),
its metadata gives ``required`` and the CRD ``default``, and its check gives ``minimum``,
``maximum``, ``pattern`` and ``maxLength`` where the model enforces them. Descriptions come
from the classes' docstrings. Kubernetes structures passed through verbatim (resources,
affinity, tolerations, volumes, env variables, security contexts) are open objects
(``x-kubernetes-preserve-unknown-fields``) that keep only the keys the models require.

The result is the schema this library enforces, for clusters that keep the operator (apply
the operator's own CRD there; this one has no v1 and no conversion) and for
``cdk8s import``, which turns it into the typed binding under ``imports/``::

    python -m constructs_locust crd -o crds/locust.io_locusttests.yaml
"""

import enum
import inspect
import re
import typing
from collections.abc import Mapping
from typing import Any

import attrs
import yaml

from .._core import constants
from .._core.model import KubeObject, camel, stored_type
from ..kube._yaml import SafeDumper
from ._classes import LocustTestSpec

__all__ = ["CRD_NAME", "build_crd", "dump_crd", "model_schema"]

PLURAL = "locusttests"
SINGULAR = "locusttest"
SHORT_NAMES = ("lotest",)
VERSION = constants.API_VERSION.split("/", 1)[1]
CRD_NAME = f"{PLURAL}.{constants.API_GROUP}"
"""``metadata.name`` of the CRD: ``locusttests.locust.io``."""

PRESERVE = "x-kubernetes-preserve-unknown-fields"

_HEADER = (
    "# Generated from constructs_locust's spec classes by `python -m constructs_locust crd`;\n"
    "# do not edit (scripts/regenerate-crd.sh regenerates it and the imports/ binding).\n"
)

_OPEN_OBJECT: dict[str, Any] = {"type": "object", PRESERVE: True}
_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer", "format": "int32"},
    bool: {"type": "boolean"},
}


def build_crd() -> dict[str, Any]:
    """The ``apiextensions.k8s.io/v1`` CustomResourceDefinition of ``locust.io/v2`` ``LocustTest``."""
    root = {
        "type": "object",
        "description": f"A distributed Locust load test ({constants.API_VERSION} {constants.KIND}).",
        "properties": {
            "apiVersion": {"type": "string", "description": "The versioned schema of this object."},
            "kind": {"type": "string", "description": "The REST resource this object represents."},
            "metadata": {"type": "object"},
            "spec": model_schema(LocustTestSpec),
            "status": dict(_OPEN_OBJECT, description="Observed state, written by the operator; never by this library."),
        },
    }
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": CRD_NAME},
        "spec": {
            "group": constants.API_GROUP,
            "names": {
                "kind": constants.KIND,
                "listKind": f"{constants.KIND}List",
                "plural": PLURAL,
                "singular": SINGULAR,
                "shortNames": list(SHORT_NAMES),
            },
            "scope": "Namespaced",
            "versions": [
                {
                    "name": VERSION,
                    "served": True,
                    "storage": True,
                    "schema": {"openAPIV3Schema": root},
                    "subresources": {"status": {}},
                }
            ],
        },
    }


def dump_crd(crd: Mapping[str, Any] | None = None) -> str:
    """The CRD as YAML text: keys sorted, a generated-file header; same input, same bytes."""
    body = yaml.dump(dict(crd if crd is not None else build_crd()), Dumper=SafeDumper, sort_keys=True, width=100)
    return _HEADER + "---\n" + body


def model_schema(model: type) -> dict[str, Any]:
    """The OpenAPI v3 schema of one spec class (an object whose properties are its fields)."""
    fields = attrs.fields(typing.cast(Any, model))
    hints = typing.get_type_hints(model)
    docs = _field_docs(model)
    schema: dict[str, Any] = {"type": "object", "description": _summary(model)}
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in fields:
        if field.metadata["inline"]:
            # A Kubernetes structure whose keys sit beside the model's own: keep them all.
            schema = _merge(schema, _OPEN_OBJECT, field.metadata["schema"])
            required.extend(field.metadata["schema"].get("required", ()))
            continue
        name = field.metadata.get("cr") or camel(field.name)
        properties[name] = _field_schema(field, hints[field.name], docs.get(field.name, ""))
        if field.metadata["required"]:
            required.append(name)
    schema = _merge(schema, {"properties": properties})
    if required:
        schema["required"] = sorted(set(required))
    return schema


def _field_schema(field: "attrs.Attribute[Any]", hint: Any, doc: str) -> dict[str, Any]:
    hint = stored_type(hint)
    schema = _type_schema(hint)
    check = field.metadata.get("check")
    extra = {key: _plain(value) for key, value in field.metadata["schema"].items()}
    schema = _merge(schema, getattr(check, "schema", {}), extra)
    if isinstance(hint, type) and attrs.has(hint):
        doc = f"{_summary(hint)} {doc}".strip()
    if doc:
        schema["description"] = doc
    return schema


def _type_schema(hint: Any) -> dict[str, Any]:
    if hint in _SCALARS:
        return dict(_SCALARS[hint])
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        values = [member.value for member in hint]
        if not all(isinstance(value, str) for value in values):
            raise TypeError(f"{hint.__name__}: only string enums have an OpenAPI form")
        return {"type": "string", "enum": values}
    if isinstance(hint, type) and attrs.has(hint):
        return model_schema(hint)
    origin = typing.get_origin(hint)
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(hint)[0])}
    if hint == KubeObject:
        return dict(_OPEN_OBJECT)
    if origin is Mapping:
        key_hint, value_hint = typing.get_args(hint)
        if key_hint is str:
            return {"type": "object", "additionalProperties": _type_schema(value_hint)}
    raise TypeError(f"no OpenAPI form for the field type {hint!r}")  # a spec class uses a new type


def _merge(*schemas: Mapping[str, Any]) -> dict[str, Any]:
    """Combine schemas left to right: nested mappings merge, ``required`` lists unite."""
    result: dict[str, Any] = {}
    for schema in schemas:
        for key, value in schema.items():
            if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
                result[key] = _merge(result[key], value)
            elif key == "required" and key in result:
                result[key] = sorted({*result[key], *value})
            elif isinstance(value, Mapping):
                result[key] = _merge(value)
            elif isinstance(value, (list, tuple)):
                result[key] = [_plain(item) for item in value]
            else:
                result[key] = _plain(value)
    return result


def _plain(value: Any) -> Any:
    """Enums as their values, tuples as lists: what YAML and JSON Schema expect."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")


def _clean(text: str) -> str:
    """Docstring markup to plain text: roles and literals unwrapped, lines joined."""
    text = _ROLE.sub(r"\1", text).replace("``", "")
    return " ".join(text.split())


def _summary(model: type) -> str:
    """The first paragraph of the class docstring, as one line of plain text."""
    doc = inspect.cleandoc(model.__doc__ or "")
    return _clean(doc.split("\n\n", 1)[0])


_ATTRIBUTE = re.compile(r"^    (\w+): ?(.*)$")
_CONTINUATION = re.compile(r"^        (.*)$")


def _field_docs(model: type) -> dict[str, str]:
    """Each field's text from the ``Attributes:`` sections of ``model`` and its bases."""
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
        if "\nAttributes:" not in doc:
            continue
        lines: dict[str, list[str]] = {}
        current: list[str] | None = None
        for line in doc.split("\nAttributes:", 1)[1].splitlines():
            if entry := _ATTRIBUTE.match(line):
                current = lines.setdefault(entry.group(1), [entry.group(2)])
            elif (more := _CONTINUATION.match(line)) and current is not None:
                current.append(more.group(1))
            elif line.strip():
                current = None
        docs.update({name: _clean(" ".join(text)) for name, text in lines.items()})
    return docs

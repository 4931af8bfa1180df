"""The CR-field reference: every ``spec`` field, its attrs field, type, default and CRD rules.

Walks :class:`constructs_locust.LocustTestSpec` with ``attrs.fields`` and reads each field's rules
from the CRD that the same classes generate, so the table cannot drift from the code.
"""

import enum
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
from _internals import cr_name, crd_spec_schema, escape_markdown, is_inline, stored_hint

import constructs_locust

HEADER = ("CR field (`spec.`)", "attrs field", "type", "required", "default", "CRD rules", "meaning")


@attrs.frozen
class Row:
    """One CR field: where it is in the CR and in Python, and what the CRD says about it."""

    path: str
    attribute: str
    type: str
    required: bool
    schema: Mapping[str, Any]


def rows(cls: type = constructs_locust.LocustTestSpec) -> list[Row]:
    """Every CR field under ``spec``, depth first in the classes' (the CRD's) order."""
    return list(_walk(cls, "", crd_spec_schema()))


def _walk(cls: type, prefix: str, schema: Mapping[str, Any]) -> Iterator[Row]:
    hints = typing.get_type_hints(cls)
    required = set(schema.get("required", ()))
    for field in attrs.fields(cls):
        hint = stored_hint(hints[field.name])
        attribute = f"{cls.__name__}.{field.name}"
        if is_inline(field):
            inline = {"description": "Every other key of the item: a Kubernetes structure, kept in this mapping."}
            yield Row(f"{prefix}*", attribute, _hint_name(hint), False, inline)
            continue
        name = cr_name(field)
        field_schema = schema["properties"][name]
        path = f"{prefix}{name}"
        yield Row(path, attribute, _hint_name(hint), name in required, field_schema)
        nested = _spec_class_in(hint)
        if nested is not None:
            if field_schema.get("type") == "array":
                yield from _walk(nested, f"{path}[].", field_schema["items"])
            else:
                yield from _walk(nested, f"{path}.", field_schema)


def _spec_class_in(hint: Any) -> type | None:
    """The attrs class a field holds (itself, or the item type of a list), if any."""
    if isinstance(hint, type) and attrs.has(hint):
        return hint
    for argument in typing.get_args(hint):
        found = _spec_class_in(argument)
        if found is not None:
            return found
    return None


def _hint_name(hint: Any) -> str:
    """A type as a reader writes it: ``tuple[EnvSource, ...]``, ``Mapping[str, str]``, no ``None``."""
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_hint_name(argument) for argument in arguments if argument is not type(None))
    if origin is typing.Literal:
        return " | ".join(repr(argument) for argument in arguments)
    if origin is not None:
        inner = ", ".join("..." if argument is Ellipsis else _hint_name(argument) for argument in arguments)
        return f"{getattr(origin, '__name__', str(origin))}[{inner}]"
    if hint is Any:
        return "Any"
    return getattr(hint, "__name__", str(hint))


def rules(schema: Mapping[str, Any]) -> str:
    """The CRD's validation keywords of one field, in words."""
    found = []
    if "enum" in schema:
        found.append("one of " + ", ".join(f"`{value}`" for value in schema["enum"]))
    if "minimum" in schema:
        found.append(f"≥ {schema['minimum']}")
    if "maximum" in schema:
        found.append(f"≤ {schema['maximum']}")
    if "maxLength" in schema:
        found.append(f"at most {schema['maxLength']} characters")
    if "pattern" in schema:
        found.append(f"matches `{schema['pattern']}`")
    items = schema.get("items", {})
    if items.get("required") and items.get("x-kubernetes-preserve-unknown-fields"):
        found.append("each item needs " + ", ".join(f"`{key}`" for key in items["required"]))
    return "; ".join(found)


def _default(schema: Mapping[str, Any]) -> str:
    if "default" not in schema:
        return ""
    value = schema["default"]
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, enum.Enum):
        value = value.value
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown() -> list[str]:
    """The reference table as Markdown lines."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for row in rows():
        cells = (
            f"`{row.path}`",
            f"`{row.attribute}`",
            f"`{row.type}`",
            "yes" if row.required else "",
            _default(row.schema),
            rules(row.schema),
        )
        meaning = escape_markdown(str(row.schema.get("description", "")))  # plain text: <name> is no HTML tag
        lines.append("| " + " | ".join([*(_cell(cell) for cell in cells), meaning]) + " |")
    return lines

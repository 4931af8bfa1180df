"""The spec's field checks for the typed options: plain attrs classes that are no CR object.

``OtelOptions``, the collector's exporters and ``OperatorDefaults`` are frozen attrs classes
whose fields are not CR fields (no camelCase name, no CRD schema), but they are checked the
way spec fields are: each field is an ``attrs.field`` whose ``metadata=checked(rule)`` names
its rule (a :class:`~.checks.Check`, or any ``rule(path, value)``), and the class's
``__attrs_post_init__`` calls :func:`check_fields`, which runs every field's rule at
``<prefix>.<field>`` and reports every bad argument at once (as :func:`~.model.spec_class`
does); rules across fields run after it, only on valid fields.

The small rule constructors here are those the options share: :func:`typed` (the spec's own
type check, :func:`~.conversion.coerce`), :func:`of_type` (an ``isinstance`` check),
:func:`optional` and :func:`instance_of`.
"""

from collections.abc import Callable
from typing import Any

import attrs

from .checks import Check, each
from .conversion import coerce
from .field_errors import invalid, type_error

__all__ = ["Rule", "check_fields", "checked", "instance_of", "of_type", "optional", "typed"]

Rule = Callable[[str, Any], object]
"""A field's rule: ``rule(path, value)`` raises :class:`~.errors.SpecError` or returns."""


def checked(check: Rule | None = None, *, convert: Callable[[str, Any], Any] | None = None) -> dict[str, Any]:
    """The ``metadata`` of an attrs field checked by :func:`check_fields`: ``field(metadata=checked(rule))``.

    ``check(path, value)`` refuses a bad value; ``convert(path, value)`` refuses one or returns
    the form the field stores (an enum member for its string value), and runs first. The field
    itself stays an ``attrs.field`` (its default, factory, converter), so type checkers read
    the class's ``__init__`` as they read any attrs class's: required fields, converter inputs.
    """
    return {"check": check, "convert": convert}


def check_fields(instance: Any, prefix: str | None) -> None:
    """Run the rule of every field of ``instance`` at ``<prefix>.<field>``; raise every error at once.

    ``prefix`` ``None`` reports each at the field's own name (a construct's keyword argument).
    In declaration order; a field's ``convert`` result is stored on the (frozen) instance.
    """
    fields = attrs.fields(type(instance))
    paths = [field.name if prefix is None else f"{prefix}.{field.name}" for field in fields]
    each(_check_field, [(instance, field, path) for field, path in zip(fields, paths, strict=True)])


def _check_field(instance: Any, field: "attrs.Attribute[Any]", path: str) -> None:
    value = getattr(instance, field.name)
    convert = field.metadata.get("convert")
    if convert is not None:
        value = convert(path, value)
        object.__setattr__(instance, field.name, value)
    check = field.metadata.get("check")
    if check is not None:
        check(path, value)


def typed(hint: Any) -> Check:
    """The spec's type check for ``hint`` (:func:`~.conversion.coerce`: ``bool`` is no ``int``, ints are 32-bit)."""

    def check(path: str, value: Any) -> None:
        coerce(value, hint, path)

    return Check(check)


def of_type(kind: type, type_name: str) -> Check:
    """Refuse anything but a ``kind`` (and a ``bool`` where ``int`` is asked), as type ``type_name``."""

    def check(path: str, value: Any) -> None:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise type_error(path, value, type_name)

    return Check(check)


def instance_of(cls: type) -> Check:
    """Refuse anything but an instance of ``cls`` (``must be a <cls>``)."""

    def check(path: str, value: Any) -> None:
        if not isinstance(value, cls):
            raise invalid(path, value, f"must be a {cls.__name__}")

    return Check(check)


def optional(rule: Rule) -> Check:
    """``rule``, except that ``None`` (the field left out) passes."""

    def check(path: str, value: Any) -> None:
        if value is not None:
            rule(path, value)

    return Check(check, getattr(rule, "schema", {}))

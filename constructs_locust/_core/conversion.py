"""Spec objects to and from CR mappings: each field's value checked against its type hint.

:func:`convert` checks one field's value (a CR mapping's or a Python caller's) and returns its
stored form; :func:`coerce` is its type check; :func:`structure` builds a spec class from its
CR mapping, reporting every schema error at once, and :func:`unstructure` writes the mapping
back. The field declarations and the spec classes' base are in :mod:`.model`.
"""

import enum
import functools
import types
import typing
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Union, overload

import attrs

from .checks import each
from .errors import SpecError
from .field_errors import invalid, not_supported, required, type_error
from .frozen import freeze, thaw
from .hints import unknown_field
from .json_value import json_copy

if TYPE_CHECKING:
    from .model import SpecModel

KubeObject = Mapping[str, Any]
"""A Kubernetes core/v1 structure passed through verbatim, as a plain mapping."""

INT32_MAX = 2**31 - 1

T = TypeVar("T")
S = TypeVar("S")
E = TypeVar("E", bound=enum.Enum)
V = TypeVar("V")


class Converted(Generic[S, T]):
    """The type of a spec field that is set with ``S`` and read as ``T``.

    Only type checkers use it: a field annotated ``Converted[S, T]`` is a descriptor-typed
    field (PEP 681), so ``__init__`` takes ``S`` and the attribute gives ``T``. At run time the
    field's converter does the conversion, and no ``Converted`` object is ever made.
    """

    @overload
    def __get__(self, instance: None, owner: type) -> "Converted[S, T]": ...
    @overload
    def __get__(self, instance: object, owner: type) -> T: ...
    def __get__(self, instance: object | None, owner: type) -> Any:
        raise NotImplementedError("Converted is a type annotation only")

    def __set__(self, instance: object, value: S) -> None:
        raise NotImplementedError("Converted is a type annotation only")


class _Required(enum.Enum):
    """Marker default for fields the CRD requires; missing ones raise ``SpecError``."""

    REQUIRED = enum.auto()

    def __repr__(self) -> str:
        return "(required)"  # as help() shows it in the class's attrs fields


REQUIRED: Any = _Required.REQUIRED


@functools.cache  # called with field names only: a small, fixed set
def camel(name: str) -> str:
    """``config_map_ref`` -> ``configMapRef``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def crd_default(field: "attrs.Attribute[Any]") -> Any:
    """The CRD ``default`` of ``field`` (from its ``schema``), or ``None`` when it has none."""
    return field.metadata["schema"].get("default")


def convert(cls: type, field: "attrs.Attribute[Any]", value: Any) -> Any:
    """Check one field's value of ``cls`` and return its stored form; raise ``SpecError``.

    A value left out (or ``None``) of a required field takes the field's CRD default if it
    has one, and is ``Required value`` otherwise.
    """
    owner = typing.cast("type[SpecModel]", cls)
    path = f"{owner.CR_PATH}.{field.metadata.get('cr') or camel(field.name)}"
    if value is REQUIRED or value is None:
        if not field.metadata["required"]:
            return None
        value = crd_default(field)
        if value is None:
            raise required(path)
    prepare = field.metadata.get("prepare")
    if prepare is not None:
        value = prepare(path, value)
    hint = _resolved_hints(cls)[field.name]
    try:
        converted = coerce(value, stored_type(hint), path)
    except SpecError as error:
        invalid = field.metadata.get("invalid")
        if invalid is None:
            raise
        raise SpecError(path, invalid(value)) from error
    check = field.metadata.get("check")
    if check is not None:
        check(path, converted)
    return freeze(converted)


_HINTS: dict[type, dict[str, Any]] = {}


def _resolved_hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


@functools.cache  # called with the spec classes' type hints only
def strip_optional(hint: Any) -> Any:
    """``X | None`` -> ``X``; any other hint unchanged."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


@functools.cache  # called with the spec classes' type hints only
def stored_type(hint: Any) -> Any:
    """The type a field with this hint stores: ``Converted[S, T]`` -> ``T``, then ``X | None`` -> ``X``."""
    if typing.get_origin(hint) is Converted:
        hint = typing.get_args(hint)[1]
    return strip_optional(hint)


def input_type(hint: Any) -> Any:
    """The type a field with this hint is set with: ``Converted[S, T]`` -> ``S``; others as they are."""
    return typing.get_args(hint)[0] if typing.get_origin(hint) is Converted else hint


_TYPE_NAMES = {str: "string", int: "integer", bool: "boolean"}


def coerce(value: Any, hint: Any, path: str) -> Any:
    """Check ``value`` against ``hint`` and return its stored form (tuples, plain dicts, enums)."""
    origin = typing.get_origin(hint)
    if hint in _TYPE_NAMES:
        if type(value) is not hint and not (hint is str and isinstance(value, str)):
            raise type_error(path, value, _TYPE_NAMES[hint])
        if hint is int and not -(2**31) <= value <= INT32_MAX:
            raise invalid(path, value, "must fit in a 32-bit signed integer")
        return str(value) if hint is str else value
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _coerce_enum(value, hint, path)
    if isinstance(hint, type) and attrs.has(hint):
        if not isinstance(value, hint):
            raise invalid(path, value, f"must be a {hint.__name__}")
        return value
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
            raise type_error(path, value, "array")
        return tuple(each(coerce, [(item, item_hint, f"{path}[{index}]") for index, item in enumerate(value)]))
    if origin in (Mapping, dict) or hint is KubeObject:
        _, value_hint = typing.get_args(hint)
        if not isinstance(value, Mapping):
            raise type_error(path, value, "object")
        if value_hint is Any:
            return plain_json(value, path)
        for key in value:
            if not isinstance(key, str):
                raise invalid(path, key, "keys must be strings")
        items = each(coerce, [(item, value_hint, f"{path}.{key}") for key, item in value.items()])
        return dict(zip(value, items, strict=True))
    raise TypeError(f"unsupported field type {hint!r} at {path}")  # a bug in a spec class


def _coerce_enum(value: Any, hint: type[enum.Enum], path: str) -> enum.Enum:
    if isinstance(value, hint):
        return value
    for member in hint:
        if isinstance(value, str) and member.value == value:
            return member
    raise not_supported(path, value, [str(member.value) for member in hint])


def plain_json(value: Any, path: str) -> Any:
    """Deep-copy a JSON-like structure into plain dicts and lists, refusing anything else (bounded)."""
    return json_copy(value, path)


def structure(cls: type[T], cr: Any, path: str) -> T:
    """Build ``cls`` from its CR mapping found at ``path``, reporting every schema error at once.

    Unknown fields, the nested objects' errors and each field's own errors are all collected
    (field by field, in declaration order); only when there are none does the class's
    ``__attrs_post_init__`` rule (a webhook rule, or a rule across fields) decide.
    """
    if not isinstance(cr, Mapping):
        raise type_error(path, cr, "object")
    model = typing.cast("type[SpecModel]", cls)
    fields = attrs.fields(typing.cast(Any, cls))
    hints = _resolved_hints(cls)
    by_cr_name = {f.metadata.get("cr") or camel(f.name): f for f in fields if not f.metadata["inline"]}
    inline = [f for f in fields if f.metadata["inline"]]
    errors: list[SpecError] = []
    if not inline:
        for key in cr:
            if key not in by_cr_name:
                version = model.HINT_VERSION
                elsewhere = nested_fields(model).get(str(key), ()) if version is not None else ()
                reason = unknown_field(path, str(key), by_cr_name, version=version, elsewhere=elsewhere)
                errors.append(SpecError(f"{path}.{key}", reason))
    kwargs: dict[str, Any] = {}
    nested: dict[str, SpecError] = {}
    for cr_name, field in by_cr_name.items():
        if cr_name in cr:
            try:
                kwargs[field.name] = _structure_value(cr[cr_name], hints[field.name], f"{path}.{cr_name}")
            except SpecError as error:
                nested[field.name] = error
    for field in inline:
        kwargs[field.name] = {key: value for key, value in cr.items() if key not in by_cr_name}
    if not errors and not nested:
        try:
            return cls(**kwargs)
        except SpecError as error:  # every field's error already (spec_class's __init__), or a rule's
            errors.append(error.moved(model.CR_PATH, path))
    else:
        errors.extend(every_field_error(cls, fields, kwargs, nested, path))
    raise SpecError.of(errors) from None


_NESTED: dict[type, Mapping[str, tuple[str, ...]]] = {}


def nested_fields(cls: type) -> Mapping[str, tuple[str, ...]]:
    """The fields of the objects below ``cls``, by CR name: where each one lives (CR paths)."""
    cached = _NESTED.get(cls)
    if cached is None:
        cached = _NESTED[cls] = _walk_nested_fields(cls)
    return cached


def _walk_nested_fields(cls: type) -> Mapping[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}

    def walk(model: type, path: str) -> None:
        hints = _resolved_hints(model)
        for field in attrs.fields(typing.cast(Any, model)):
            if field.metadata["inline"]:
                continue
            name = field.metadata.get("cr") or camel(field.name)
            if model is not cls:
                found.setdefault(name, []).append(f"{path}.{name}")
            hint = strip_optional(hints[field.name])
            if typing.get_origin(hint) is tuple:
                item = typing.get_args(hint)[0]
                if isinstance(item, type) and attrs.has(item):
                    walk(item, f"{path}.{name}[]")
            elif isinstance(hint, type) and attrs.has(hint):
                walk(hint, f"{path}.{name}")

    walk(cls, typing.cast("type[SpecModel]", cls).CR_PATH)
    return {name: tuple(paths) for name, paths in found.items()}


def every_field_error(
    cls: type,
    fields: "tuple[attrs.Attribute[Any], ...]",
    kwargs: Mapping[str, Any],
    nested: Mapping[str, SpecError],
    path: str,
) -> list[SpecError]:
    """The errors of each field of ``cls`` at ``path``, in declaration order: a nested object's
    own errors, else the field's (the attrs converters stop at the first field that fails)."""
    generic = typing.cast("type[SpecModel]", cls).CR_PATH
    errors: list[SpecError] = []
    for field in fields:
        if field.name in nested:
            errors.append(nested[field.name])
            continue
        try:
            convert(cls, field, kwargs.get(field.name))
        except SpecError as error:
            errors.append(error.moved(generic, path))
    return errors


def _structure_value(value: Any, hint: Any, path: str) -> Any:
    hint = stored_type(hint)
    if isinstance(hint, type) and attrs.has(hint):
        return value if value is None else structure(hint, value, path)
    if typing.get_origin(hint) is tuple:
        item_hint = typing.get_args(hint)[0]
        if isinstance(item_hint, type) and attrs.has(item_hint) and isinstance(value, list):
            return tuple(each(structure, [(item_hint, item, f"{path}[{index}]") for index, item in enumerate(value)]))
    return value


def unstructure(instance: Any) -> dict[str, Any]:
    """The CR mapping of a spec object, leaving out every field that is ``None``."""
    result: dict[str, Any] = {}
    for field in attrs.fields(type(instance)):
        value = getattr(instance, field.name)
        if value is None:
            continue
        if field.metadata["inline"]:
            result.update(thaw(value))
        else:
            result[field.metadata.get("cr") or camel(field.name)] = _unstructure_value(value)
    return result


def _unstructure_value(value: Any) -> Any:
    if attrs.has(type(value)):
        return unstructure(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_unstructure_value(item) for item in value]
    return thaw(value)

"""The machinery behind the spec classes: typed fields, CR (camelCase) conversion, paths.

Every field of a spec class is declared with :func:`spec_field`. Its converter checks the
value against the field's type hint whether the object comes from a CR mapping or is built
in Python, so both paths refuse the same inputs with the same ``SpecError``.
"""

import copy
import enum
import functools
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar, Union

import attrs

from .errors import SpecError, show_value

KubeObject = Mapping[str, Any]
"""A Kubernetes core/v1 structure passed through verbatim, as a plain mapping."""

INT32_MAX = 2**31 - 1

T = TypeVar("T")


class _Required(enum.Enum):
    """Marker default for fields the CRD requires; missing ones raise ``SpecError``."""

    REQUIRED = enum.auto()


REQUIRED: Any = _Required.REQUIRED


@functools.cache  # called with field names only: a small, fixed set
def camel(name: str) -> str:
    """``config_map_ref`` -> ``configMapRef``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class SpecModel:
    """Base of the spec classes: knows its CR path and converts from and to CR mappings."""

    CR_PATH: ClassVar[str] = "spec"

    @classmethod
    def from_cr(cls: type[T], cr: Any) -> T:
        """Build from the CR's camelCase mapping (as in YAML); raise ``SpecError`` if invalid."""
        return structure(cls, cr, typing.cast(type[SpecModel], cls).CR_PATH)

    def to_cr(self) -> dict[str, Any]:
        """Return the CR's camelCase mapping; fields that were left out stay left out."""
        return unstructure(self)


def spec_field(
    cr: str | None = None,
    *,
    required: bool = False,
    inline: bool = False,
    check: Callable[[str, Any], None] | None = None,
    invalid: Callable[[Any], str] | None = None,
    schema: Mapping[str, Any] | None = None,
    prepare: Callable[[str, Any], Any] | None = None,
) -> Any:
    """Declare a spec field.

    ``cr`` is its camelCase name (derived from the attribute name when omitted); ``required``
    fields raise ``SpecError`` when missing or ``None``; ``inline`` fields take every CR key
    the other fields do not (a Kubernetes structure extended with keys of the CR's own);
    ``check(path, value)`` adds a value rule run after the type check; ``invalid(value)``
    replaces the message of a failed type check (for rules with a message of their own).
    ``schema`` holds OpenAPI keywords for the generated CRD that no check states (the CRD's
    ``default``; the keys an inline structure requires); it changes no behaviour here.
    ``prepare(path, value)`` turns a convenience input into the field's stored form before the
    type check (an object with a ``.name`` into that name); CR mappings never need it.
    """
    return attrs.field(
        default=REQUIRED if required else None,
        converter=attrs.Converter(_convert_field, takes_self=True, takes_field=True),
        metadata={
            "cr": cr,
            "inline": inline,
            "check": check,
            "invalid": invalid,
            "required": required,
            "schema": dict(schema or {}),
            "prepare": prepare,
        },
        kw_only=True,
    )


def field_path(instance: object, field: "attrs.Attribute[Any]") -> str:
    """The CR path of ``field`` on ``instance`` (``spec.worker.replicas``)."""
    owner = typing.cast(SpecModel, instance)
    name = field.metadata.get("cr") or camel(field.name)
    return f"{owner.CR_PATH}.{name}"


def _convert_field(value: Any, instance: Any, field: "attrs.Attribute[Any]") -> Any:
    path = field_path(instance, field)
    if value is REQUIRED or (value is None and field.metadata["required"]):
        raise SpecError(path, "Required value")
    if value is None:
        return None
    prepare = field.metadata.get("prepare")
    if prepare is not None:
        value = prepare(path, value)
    hint = _resolved_hints(type(instance))[field.name]
    try:
        converted = coerce(value, strip_optional(hint), path)
    except SpecError as error:
        invalid = field.metadata.get("invalid")
        if invalid is None:
            raise
        raise SpecError(path, invalid(value)) from error
    check = field.metadata.get("check")
    if check is not None:
        check(path, converted)
    return converted


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


_TYPE_NAMES = {str: "string", int: "integer", bool: "boolean"}


def coerce(value: Any, hint: Any, path: str) -> Any:
    """Check ``value`` against ``hint`` and return its stored form (tuples, plain dicts, enums)."""
    origin = typing.get_origin(hint)
    if hint in _TYPE_NAMES:
        if type(value) is not hint and not (hint is str and isinstance(value, str)):
            raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type {_TYPE_NAMES[hint]}")
        if hint is int and not -(2**31) <= value <= INT32_MAX:
            raise SpecError(path, f"Invalid value: {value}: must fit in a 32-bit signed integer")
        return str(value) if hint is str else value
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _coerce_enum(value, hint, path)
    if isinstance(hint, type) and attrs.has(hint):
        if not isinstance(value, hint):
            raise SpecError(path, f"Invalid value: {show_value(value)}: must be a {hint.__name__}")
        return value
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
            raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type array")
        return tuple(coerce(item, item_hint, f"{path}[{index}]") for index, item in enumerate(value))
    if origin in (Mapping, dict) or hint is KubeObject:
        _, value_hint = typing.get_args(hint)
        if not isinstance(value, Mapping):
            raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type object")
        if value_hint is Any:
            return plain_json(value, path)
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise SpecError(path, f"Invalid value: {show_value(key)}: keys must be strings")
            result[key] = coerce(item, value_hint, f"{path}.{key}")
        return result
    raise TypeError(f"unsupported field type {hint!r} at {path}")  # a bug in a spec class


def _coerce_enum(value: Any, hint: type[enum.Enum], path: str) -> enum.Enum:
    if isinstance(value, hint):
        return value
    for member in hint:
        if isinstance(value, str) and member.value == value:
            return member
    supported = ", ".join(f'"{member.value}"' for member in hint)
    raise SpecError(path, f"Unsupported value: {show_value(value)}: supported values: {supported}")


def plain_json(value: Any, path: str) -> Any:
    """Deep-copy a JSON-like structure into plain dicts and lists, refusing anything else."""
    if isinstance(value, Mapping):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise SpecError(path, f"Invalid value: {show_value(key)}: keys must be strings")
            result[key] = plain_json(item, f"{path}.{key}")
        return result
    if isinstance(value, (list, tuple)):
        return [plain_json(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise SpecError(path, f"Invalid value: {show_value(value)}: not a JSON value")


def structure(cls: type[T], cr: Any, path: str) -> T:
    """Build ``cls`` from its CR mapping found at ``path``."""
    if not isinstance(cr, Mapping):
        raise SpecError(path, f"Invalid value: {show_value(cr)}: must be of type object")
    fields = attrs.fields(typing.cast(Any, cls))
    hints = _resolved_hints(cls)
    by_cr_name = {f.metadata.get("cr") or camel(f.name): f for f in fields if not f.metadata["inline"]}
    inline = [f for f in fields if f.metadata["inline"]]
    kwargs: dict[str, Any] = {}
    for key in cr:
        if key not in by_cr_name and not inline:
            raise SpecError(f"{path}.{key}", f'unknown field "{path}.{key}"')
    for cr_name, field in by_cr_name.items():
        if cr_name in cr:
            kwargs[field.name] = _structure_value(cr[cr_name], hints[field.name], f"{path}.{cr_name}")
    for field in inline:
        kwargs[field.name] = {key: value for key, value in cr.items() if key not in by_cr_name}
    generic = typing.cast(type[SpecModel], cls).CR_PATH
    try:
        return cls(**kwargs)
    except SpecError as error:
        if path != generic and error.path.startswith(generic):
            raise error.at(path + error.path[len(generic) :]) from None
        raise


def _structure_value(value: Any, hint: Any, path: str) -> Any:
    hint = strip_optional(hint)
    if isinstance(hint, type) and attrs.has(hint):
        return value if value is None else structure(hint, value, path)
    if typing.get_origin(hint) is tuple:
        item_hint = typing.get_args(hint)[0]
        if isinstance(item_hint, type) and attrs.has(item_hint) and isinstance(value, list):
            return tuple(structure(item_hint, item, f"{path}[{index}]") for index, item in enumerate(value))
    return value


def unstructure(instance: Any) -> dict[str, Any]:
    """The CR mapping of a spec object, leaving out every field that is ``None``."""
    result: dict[str, Any] = {}
    for field in attrs.fields(type(instance)):
        value = getattr(instance, field.name)
        if value is None:
            continue
        if field.metadata["inline"]:
            result.update(copy.deepcopy(value))
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
    return copy.deepcopy(value)


@attrs.frozen
class Check:
    """A field's value rule, and the OpenAPI keywords that state the same rule in the CRD.

    Calling it runs the rule: ``check(path, value)`` raises ``SpecError`` or returns.
    ``schema`` is empty when the rule has no OpenAPI form (it is then enforced here only).
    """

    rule: Callable[[str, Any], None]
    schema: Mapping[str, Any] = attrs.field(factory=dict)

    def __call__(self, path: str, value: Any) -> None:
        self.rule(path, value)


def matches(pattern: "re.Pattern[str]", what: str) -> Check:
    """A ``check`` that the string matches ``pattern`` in full; ``what`` describes the rule."""

    def check(path: str, value: Any) -> None:
        if not pattern.fullmatch(value):
            raise SpecError(path, f"Invalid value: {show_value(value)}: {what}")

    return Check(check, {"pattern": f"^(?:{pattern.pattern})$"})


def at_most_chars(maximum: int) -> Check:
    """A ``check`` that the string has at most ``maximum`` characters."""

    def check(path: str, value: Any) -> None:
        if len(value) > maximum:
            raise SpecError(path, f"Too long: may not be more than {maximum} bytes, got {len(value)}")

    return Check(check, {"maxLength": maximum})


def all_of(*checks: Check) -> Check:
    """A ``check`` running ``checks`` in order (first failure wins); their schemas combined."""

    def check(path: str, value: Any) -> None:
        for each in checks:
            each(path, value)

    schema: dict[str, Any] = {}
    for each in checks:
        schema.update(each.schema)
    return Check(check, schema)


def at_least(minimum: int) -> Check:
    """A ``check`` that the integer is ``minimum`` or more."""

    def check(path: str, value: Any) -> None:
        if value < minimum:
            raise SpecError(path, f"Invalid value: {value}: should be greater than or equal to {minimum}")

    return Check(check, {"minimum": minimum})


def between(minimum: int, maximum: int) -> Check:
    """A ``check`` that the integer lies in ``[minimum, maximum]``."""
    low = at_least(minimum)

    def check(path: str, value: Any) -> None:
        low(path, value)
        if value > maximum:
            raise SpecError(path, f"Invalid value: {value}: should be less than or equal to {maximum}")

    return Check(check, {"minimum": minimum, "maximum": maximum})


def keys_schema(keys: tuple[str, ...]) -> dict[str, Any]:
    """The OpenAPI form of :func:`require_keys`: ``keys`` are required strings."""
    return {"required": list(keys), "properties": {key: {"type": "string"} for key in keys}}


def items_require(*keys: str) -> Check:
    """A ``check`` that every mapping of a tuple has the string ``keys`` (CRD ``required``).

    Its schema names the keys ``required`` but declares no ``properties``: the items stay
    free Kubernetes mappings, which ``cdk8s import`` then types as such instead of as a
    struct that could hold only these keys.
    """

    def check(path: str, value: Any) -> None:
        for index, item in enumerate(value):
            require_keys(f"{path}[{index}]", item, keys)

    return Check(check, {"items": {"required": list(keys)}})


def require_keys(path: str, item: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    """Raise ``SpecError`` unless ``item`` has each of ``keys`` as a string."""
    for key in keys:
        if key not in item or item[key] is None:
            raise SpecError(f"{path}.{key}", "Required value")
        if not isinstance(item[key], str):
            raise SpecError(f"{path}.{key}", f"Invalid value: {show_value(item[key])}: must be of type string")

"""The machinery behind the spec classes: typed fields, CR (camelCase) conversion, paths.

Every field of a spec class is declared with :func:`required_field` or :func:`spec_field`
on a :func:`spec_class`. Its converter checks the value against the field's type hint whether
the object comes from a CR mapping or is built in Python, so both paths refuse the same inputs
with the same ``SpecError``; it then stores the value read-only (:mod:`._frozen`), so specs
are immutable and hashable.
"""

import enum
import functools
import inspect
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeAlias, TypeVar, Union, overload

import attrs

from .errors import SpecError, show_value
from .frozen import freeze, thaw
from .hints import unknown_field
from .json_value import json_copy

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


OptionalTuple: TypeAlias = Converted[Sequence[T] | None, tuple[T, ...] | None]
"""An optional list field: any sequence in (a list, a tuple), a tuple stored."""

OptionalEnum: TypeAlias = Converted[E | V | None, E | None]
"""An optional enum field: a member or its value ``V`` (a ``Literal`` of the values) in, the member stored."""


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


class SpecModel:
    """Base of the spec classes: knows its CR path and converts from and to CR mappings."""

    CR_PATH: ClassVar[str] = "spec"
    HINT_VERSION: ClassVar[str | None] = None
    """``"v1"``/``"v2"`` on a LocustTest's ``spec`` class: its unknown fields get version hints."""

    @classmethod
    def from_cr(cls: type[T], cr: Any) -> T:
        """Build from the CR's camelCase mapping (as in YAML); raise ``SpecError`` if invalid.

        As the API server does, the CRD defaults of the required fields are applied inside
        every object present before anything is checked, and every schema error is reported
        at once (``SpecError.errors``); the operator's webhook rules run only on a spec that
        passes the schema, and report their first error.
        """
        return structure(cls, cr, typing.cast(type[SpecModel], cls).CR_PATH)

    def to_cr(self) -> dict[str, Any]:
        """Return the CR's camelCase mapping; fields that hold ``None`` are left out.

        Optional fields left out stay left out (the CRD default applies), so
        ``from_cr(x).to_cr() == x`` for a CR that gives every required field; a required field
        that has a CRD default (``autoquit.enabled``) always holds a value, so it is written
        even when the CR left it to the default.
        """
        return unstructure(self)

    def with_crd_defaults(self: T) -> T:
        """A copy with every CRD default applied inside this object and the objects it holds.

        What the API server stores for the CR (``kubectl get -o yaml``); it renders exactly as
        ``self`` does, because the renderers apply the same defaults to fields left out.
        """
        return typing.cast(T, _with_defaults(self))


def evolve(value: T, **changes: Any) -> T:
    """A copy of the spec object ``value`` with ``changes`` (checked and converted as at build).

    ``attrs.evolve`` typed for spec classes, which type checkers see as dataclass transforms.
    """
    return typing.cast(T, attrs.evolve(typing.cast(Any, value), **changes))


def crd_default(field: "attrs.Attribute[Any]") -> Any:
    """The CRD ``default`` of ``field`` (from its ``schema``), or ``None`` when it has none."""
    return field.metadata["schema"].get("default")


def _with_defaults(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(_with_defaults(item) for item in value)
    if not attrs.has(type(value)):
        return value
    changes = {}
    for field in attrs.fields(type(value)):
        current = getattr(value, field.name)
        if current is None and crd_default(field) is not None:
            changes[field.name] = crd_default(field)
        elif current is not None:
            defaulted = _with_defaults(current)
            if defaulted is not current:
                changes[field.name] = defaulted
    return attrs.evolve(value, **changes) if changes else value


def spec_field(
    cr: str | None = None,
    *,
    inline: bool = False,
    check: Callable[[str, Any], None] | None = None,
    invalid: Callable[[Any], str] | None = None,
    schema: Mapping[str, Any] | None = None,
    prepare: Callable[[str, Any], Any] | None = None,
) -> Any:
    """Declare an optional spec field: ``None`` (the default) leaves it out of the CR.

    ``cr`` is its camelCase name (derived from the attribute name when omitted); ``inline``
    fields take every CR key the other fields do not (a Kubernetes structure extended with
    keys of the CR's own); ``check(path, value)`` adds a value rule run after the type check
    (on plain dicts and lists; the field then stores them read-only); ``invalid(value)``
    replaces the message of a failed type check (for rules with a message of their own).
    ``schema`` holds OpenAPI keywords for the generated CRD that no check states (the CRD's
    ``default``; the keys an inline structure requires). Its ``default`` is also the
    behaviour: :meth:`SpecModel.with_crd_defaults` fills it into optional fields.
    ``prepare(path, value)`` turns a convenience input into the field's stored form before the
    type check (an object with a ``.name`` into that name); CR mappings never need it.

    For type checkers the call is the field's default value, so the field is optional.
    """
    return _field(cr, required=False, inline=inline, check=check, invalid=invalid, schema=schema, prepare=prepare)


def required_field(
    cr: str | None = None,
    *,
    default: Any = None,
    inline: bool = False,
    check: Callable[[str, Any], None] | None = None,
    invalid: Callable[[Any], str] | None = None,
    schema: Mapping[str, Any] | None = None,
    prepare: Callable[[str, Any], Any] | None = None,
) -> Any:
    """Declare a field the CRD requires: missing or ``None``, it raises ``SpecError``.

    The parameters are those of :func:`spec_field`. It is the field specifier of
    :func:`spec_class` (PEP 681), called without ``default``: type checkers report a
    missing required field, as the run time does.

    ``default`` is the CRD's ``default`` for a required field that has one: as the API server
    defaults before it checks ``required``, the field then takes it when left out or ``None``,
    and type checkers (which see ``default=`` at the call) let callers leave it out too.
    """
    if default is not None:
        schema = {**(schema or {}), "default": default}
    return _field(cr, required=True, inline=inline, check=check, invalid=invalid, schema=schema, prepare=prepare)


def _field(
    cr: str | None,
    *,
    required: bool,
    inline: bool,
    check: Callable[[str, Any], None] | None,
    invalid: Callable[[Any], str] | None,
    schema: Mapping[str, Any] | None,
    prepare: Callable[[str, Any], Any] | None,
) -> Any:
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


@typing.dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(required_field,))
def spec_class(cls: type[T]) -> type[T]:
    """Make ``cls`` a spec class: frozen, keyword-only, hashable attrs.

    Its fields are declared with :func:`required_field` and :func:`spec_field`; type checkers
    read the class as a PEP 681 dataclass transform, so they know which fields are required.

    The class and its ``__init__`` get a signature that shows what a caller passes: required
    fields without a default, optional ones (and required ones with a CRD default) with
    ``None`` (``help()`` and IDEs show it).
    """
    made = attrs.frozen(kw_only=True)(cls)
    _report_every_field_error(made)
    parameters = [
        inspect.Parameter(
            field.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=inspect.Parameter.empty if field.metadata["required"] and crd_default(field) is None else None,
            annotation=input_type(field.type),
        )
        for field in attrs.fields(typing.cast(Any, made))
        if field.init
    ]
    self_parameter = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    typing.cast(Any, made).__signature__ = inspect.Signature(parameters, return_annotation=None)
    typing.cast(Any, made).__init__.__signature__ = inspect.Signature(
        [self_parameter, *parameters], return_annotation=None
    )
    return made


def _report_every_field_error(cls: type) -> None:
    """Make ``cls(...)`` report the errors of every field, not only the first one's.

    attrs runs the converters one field after another and stops at the first that raises; on
    that error, every field is checked again so the :class:`SpecError` lists each bad
    argument, in declaration order, as :func:`structure` does for a CR. A rule across fields
    (``__attrs_post_init__``) is reported only when every field is valid.
    """
    attrs_init = typing.cast(Any, cls).__init__
    fields = attrs.fields(typing.cast(Any, cls))
    path = typing.cast(type[SpecModel], cls).CR_PATH

    @functools.wraps(attrs_init)
    def __init__(self: Any, **kwargs: Any) -> None:
        try:
            attrs_init(self, **kwargs)
        except SpecError as first:
            raise SpecError.of(_field_errors(cls, fields, kwargs, {}, path) or [first]) from None

    typing.cast(Any, cls).__init__ = __init__


def field_path(instance: object, field: "attrs.Attribute[Any]") -> str:
    """The CR path of ``field`` on ``instance`` (``spec.worker.replicas``)."""
    owner = typing.cast(SpecModel, instance)
    name = field.metadata.get("cr") or camel(field.name)
    return f"{owner.CR_PATH}.{name}"


def _convert_field(value: Any, instance: Any, field: "attrs.Attribute[Any]") -> Any:
    return convert(type(instance), field, value)


def convert(cls: type, field: "attrs.Attribute[Any]", value: Any) -> Any:
    """Check one field's value of ``cls`` and return its stored form; raise ``SpecError``.

    A value left out (or ``None``) of a required field takes the field's CRD default if it
    has one, and is ``Required value`` otherwise.
    """
    path = f"{typing.cast(type[SpecModel], cls).CR_PATH}.{field.metadata.get('cr') or camel(field.name)}"
    if value is REQUIRED or value is None:
        if not field.metadata["required"]:
            return None
        value = crd_default(field)
        if value is None:
            raise SpecError(path, "Required value")
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
            raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type {_TYPE_NAMES[hint]}")
        if hint is int and not -(2**31) <= value <= INT32_MAX:
            raise SpecError(path, f"Invalid value: {show_value(value)}: must fit in a 32-bit signed integer")
        return str(value) if hint is str else value
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _coerce_enum(value, hint, path)
    if isinstance(hint, type) and attrs.has(hint):
        if not isinstance(value, hint):
            raise SpecError(path, f"Invalid value: {show_value(value)}: must be a {hint.__name__}")
        return value
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
            raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type array")
        return tuple(each(coerce, [(item, item_hint, f"{path}[{index}]") for index, item in enumerate(value)]))
    if origin in (Mapping, dict) or hint is KubeObject:
        _, value_hint = typing.get_args(hint)
        if not isinstance(value, Mapping):
            raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type object")
        if value_hint is Any:
            return plain_json(value, path)
        for key in value:
            if not isinstance(key, str):
                raise SpecError(path, f"Invalid value: {show_value(key)}: keys must be strings")
        items = each(coerce, [(item, value_hint, f"{path}.{key}") for key, item in value.items()])
        return dict(zip(value, items, strict=True))
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
    """Deep-copy a JSON-like structure into plain dicts and lists, refusing anything else (bounded)."""
    return json_copy(value, path)


def structure(cls: type[T], cr: Any, path: str) -> T:
    """Build ``cls`` from its CR mapping found at ``path``, reporting every schema error at once.

    Unknown fields, the nested objects' errors and each field's own errors are all collected
    (field by field, in declaration order); only when there are none does the class's
    ``__attrs_post_init__`` rule (a webhook rule, or a rule across fields) decide.
    """
    if not isinstance(cr, Mapping):
        raise SpecError(path, f"Invalid value: {show_value(cr)}: must be of type object")
    model = typing.cast(type[SpecModel], cls)
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
        errors.extend(_field_errors(cls, fields, kwargs, nested, path))
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

    walk(cls, typing.cast(type[SpecModel], cls).CR_PATH)
    return {name: tuple(paths) for name, paths in found.items()}


def _field_errors(
    cls: type,
    fields: "tuple[attrs.Attribute[Any], ...]",
    kwargs: Mapping[str, Any],
    nested: Mapping[str, SpecError],
    path: str,
) -> list[SpecError]:
    """The errors of each field of ``cls`` at ``path``, in declaration order: a nested object's
    own errors, else the field's (the attrs converters stop at the first field that fails)."""
    generic = typing.cast(type[SpecModel], cls).CR_PATH
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


def each(function: Callable[..., T], calls: list[tuple[Any, ...]]) -> list[T]:
    """``function(*args)`` for every ``args`` of ``calls``; every ``SpecError`` raised at once."""
    results: list[T] = []
    errors: list[SpecError] = []
    for args in calls:
        try:
            results.append(function(*args))
        except SpecError as error:
            errors.append(error)
    if errors:
        raise SpecError.of(errors)
    return results


def check_all(checks: Iterable[Callable[[], object]]) -> None:
    """Run every check; raise one ``SpecError`` holding all of their errors, in order, if any failed.

    What a plain attrs class (not a spec class) runs in ``__attrs_post_init__`` to report every
    bad argument at once, as :func:`spec_class` does.
    """
    each(_call, [(check,) for check in checks])


def _call(function: Callable[[], object]) -> object:
    return function()


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
        each(require_keys, [(f"{path}[{index}]", item, keys) for index, item in enumerate(value)])

    return Check(check, {"items": {"required": list(keys)}})


def require_keys(path: str, item: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    """Raise ``SpecError`` (one error per key) unless ``item`` has each of ``keys`` as a string."""
    errors = []
    for key in keys:
        if key not in item or item[key] is None:
            errors.append(SpecError(f"{path}.{key}", "Required value"))
        elif not isinstance(item[key], str):
            errors.append(SpecError(f"{path}.{key}", f"Invalid value: {show_value(item[key])}: must be of type string"))
    if errors:
        raise SpecError.of(errors)

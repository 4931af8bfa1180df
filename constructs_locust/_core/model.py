"""The spec classes' machinery: field declarations, the base class, every field's errors at once.

Every field of a spec class is declared with :func:`required_field` or :func:`spec_field`
on a :func:`spec_class`. Its converter checks the value against the field's type hint whether
the object comes from a CR mapping or is built in Python, so both paths refuse the same inputs
with the same ``SpecError``; it then stores the value read-only (:mod:`.frozen`), so specs
are immutable and hashable.

The machinery is in three modules, each importing the ones before: :mod:`.checks` (the
``Check`` rules and running many checks), :mod:`.conversion` (type checks, CR mappings in and
out) and this one; this module also gives their names, so ``from .model import ...`` finds them.
"""

import functools
import inspect
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeAlias

import attrs

from .checks import (
    Check,
    all_of,
    at_least,
    at_most_chars,
    between,
    check_all,
    each,
    items_require,
    keys_schema,
    matches,
    require_keys,
)
from .conversion import (
    INT32_MAX,
    REQUIRED,
    Converted,
    E,
    KubeObject,
    S,
    T,
    V,
    camel,
    coerce,
    convert,
    crd_default,
    every_field_error,
    input_type,
    nested_fields,
    plain_json,
    stored_type,
    strip_optional,
    structure,
    unstructure,
)
from .errors import SpecError

__all__ = [
    "INT32_MAX",
    "Check",
    "Converted",
    "E",
    "KubeObject",
    "OptionalEnum",
    "OptionalTuple",
    "S",
    "SpecModel",
    "T",
    "V",
    "all_of",
    "at_least",
    "at_most_chars",
    "between",
    "camel",
    "check_all",
    "coerce",
    "convert",
    "crd_default",
    "each",
    "evolve",
    "field_path",
    "input_type",
    "items_require",
    "keys_schema",
    "matches",
    "nested_fields",
    "plain_json",
    "require_keys",
    "required_field",
    "spec_class",
    "spec_field",
    "stored_type",
    "strip_optional",
    "structure",
    "unstructure",
]


OptionalTuple: TypeAlias = Converted[Sequence[T] | None, tuple[T, ...] | None]
"""An optional list field: any sequence in (a list, a tuple), a tuple stored."""

OptionalEnum: TypeAlias = Converted[E | V | None, E | None]
"""An optional enum field: a member or its value ``V`` (a ``Literal`` of the values) in, the member stored."""


class SpecModel:
    """Base of the spec classes: knows its CR path and converts from and to CR mappings."""

    CR_PATH: ClassVar[str] = "spec"
    HINT_VERSION: ClassVar[str | None] = None
    """``"v1"`` or ``"v2"`` on a LocustTest's ``spec`` class, whose unknown fields then get version hints."""

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
            raise SpecError.of(every_field_error(cls, fields, kwargs, {}, path) or [first]) from None

    typing.cast(Any, cls).__init__ = __init__


def field_path(instance: object, field: "attrs.Attribute[Any]") -> str:
    """The CR path of ``field`` on ``instance`` (``spec.worker.replicas``)."""
    owner = typing.cast(SpecModel, instance)
    name = field.metadata.get("cr") or camel(field.name)
    return f"{owner.CR_PATH}.{name}"


def _convert_field(value: Any, instance: Any, field: "attrs.Attribute[Any]") -> Any:
    return convert(type(instance), field, value)

"""Value rules of fields, and running many checks so that every failure is reported at once.

A :class:`Check` is a field's rule together with the OpenAPI keywords that state it in the CRD
(``at_least(1)`` is ``minimum: 1``); :func:`each` and :func:`check_all` run many checks and raise
one :class:`~.errors.SpecError` holding all of their errors, as the API server lists every field
error of an object.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from .errors import SpecError
from .field_errors import invalid, required, too_long, type_error

T = TypeVar("T")


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
            raise invalid(path, value, what)

    return Check(check, {"pattern": f"^(?:{pattern.pattern})$"})


def at_most_chars(maximum: int) -> Check:
    """A ``check`` that the string has at most ``maximum`` characters."""

    def check(path: str, value: Any) -> None:
        if len(value) > maximum:
            raise too_long(path, f"may not be more than {maximum} bytes, got {len(value)}")

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
            raise invalid(path, value, f"should be greater than or equal to {minimum}")

    return Check(check, {"minimum": minimum})


def between(minimum: int, maximum: int) -> Check:
    """A ``check`` that the integer lies in ``[minimum, maximum]``."""
    low = at_least(minimum)

    def check(path: str, value: Any) -> None:
        low(path, value)
        if value > maximum:
            raise invalid(path, value, f"should be less than or equal to {maximum}")

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
            errors.append(required(f"{path}.{key}"))
        elif not isinstance(item[key], str):
            errors.append(type_error(f"{path}.{key}", item[key], "string"))
    if errors:
        raise SpecError.of(errors)

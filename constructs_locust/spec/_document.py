"""A whole LocustTest CR document in; its name, namespace and checked spec out.

:func:`read_locust_test` is what the API server and the operator do with a CR before the
operator builds anything: it refuses what is not a LocustTest, converts ``locust.io/v1`` to
v2 as the operator does, checks the object's metadata and its spec against the CRD (defaults
first, every error at once) and then runs the admission webhook's rules (first error).
"""

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .._core.constants import API_VERSION, KIND, V1_API_VERSION
from .._core.errors import SpecError, go_quote, show_value
from .._core.field_errors import invalid, required, type_error
from .._core.hints import LOCUSTIO_API_GROUP, locustio_hint, unknown_field
from .._core.names import check_namespace, check_object_name
from ..kube import _rules as rules
from ..kube._schema import TYPES
from ..kube._structures import check_structure
from ._classes import LocustTestSpec
from ._webhook import check_webhook_rules, webhook_rules_deferred

__all__ = ["API_VERSIONS", "LocustTestDocument", "check_test", "read_locust_test"]

API_VERSIONS = (API_VERSION, V1_API_VERSION)
"""The ``apiVersion`` values of a LocustTest that :func:`read_locust_test` reads."""

_TOP_LEVEL_FIELDS = ("apiVersion", "kind", "metadata", "spec", "status")
_OBJECT_META_FIELDS = tuple(TYPES["ObjectMeta"][0])


class LocustTestDocument(NamedTuple):
    """A LocustTest read from its CR: what the operator needs to build the test's objects."""

    name: str
    """``metadata.name``."""
    namespace: str | None
    """``metadata.namespace``; ``None`` when the CR has none (or ``""``, as kubectl reads it)."""
    spec: LocustTestSpec
    """The v2 spec (a ``locust.io/v1`` CR converted as the operator converts it)."""


def read_locust_test(document: Any) -> LocustTestDocument:
    """Read one parsed YAML document (a mapping) as a LocustTest CR.

    Checks, in the cluster's order: that it is a LocustTest (``kind`` and ``apiVersion``);
    then every schema error at once (unknown top-level fields, ``metadata``, the name as an
    object name, the namespace, the spec against its version's CRD, CRD defaults applied
    first); then, only if there is none, the operator's webhook rules in the webhook's order
    (name length, secret mounts, volumes, OpenTelemetry), whose first error is reported.

    Raises:
        SpecError: the document is not a valid LocustTest; ``errors`` lists every problem.
    """
    api_version = _check_kind(document)
    errors: list[SpecError] = []
    for key in document:
        if key not in _TOP_LEVEL_FIELDS:
            errors.append(SpecError(str(key), unknown_field("", str(key), _TOP_LEVEL_FIELDS)))
    name, namespace = _metadata(document.get("metadata"), errors)
    spec = _spec(document.get("spec"), api_version, errors)
    if errors or spec is None or name is None:
        raise SpecError.of(errors)
    check_webhook_rules(name, spec)
    return LocustTestDocument(name, namespace, spec)


def check_test(spec: object, name: str, namespace: str | None) -> LocustTestSpec:
    """Everything a test needs before it is rendered or emitted: a spec, the webhook's rules in
    order, a valid namespace. Returns the spec, typed."""
    if not isinstance(spec, LocustTestSpec):
        raise invalid("spec", spec, "must be a LocustTestSpec")
    check_webhook_rules(name, spec)
    check_namespace(namespace)
    return spec


def _check_kind(document: Any) -> str:
    """Refuse anything but a LocustTest object; return its ``apiVersion``."""
    if not isinstance(document, Mapping):
        raise SpecError(
            "", f"not a Kubernetes object: expected a mapping with apiVersion and kind, got {show_value(document)}"
        )
    api_version, kind = document.get("apiVersion"), document.get("kind")
    if kind != KIND or api_version not in API_VERSIONS:
        message = (
            f"not a LocustTest: apiVersion {_shown(api_version)}, kind {_shown(kind)} "
            f"(expected kind {KIND} with apiVersion {' or '.join(API_VERSIONS)})"
        )
        if kind == KIND and isinstance(api_version, str) and api_version.startswith(LOCUSTIO_API_GROUP + "/"):
            message += f": {locustio_hint('v2')}"
        raise SpecError("", message)
    return str(api_version)


def _shown(value: Any) -> str:
    return "(none)" if value is None else go_quote(value) if isinstance(value, str) else show_value(value)


def _metadata(metadata: Any, errors: list[SpecError]) -> tuple[str | None, str | None]:
    """The name and namespace, each ``None`` when missing or invalid (its error added to ``errors``).

    ``metadata`` is checked as the API server checks an ObjectMeta under ``kubectl apply``'s
    strict field validation: no unknown field, every field of its type (so ``kubectl get -o
    yaml`` output, with ``uid``, ``resourceVersion``, ``managedFields`` ..., is read), labels
    and annotations by the API server's rules. None of it but the name and the namespace
    reaches the rendered objects, as with the operator.
    """
    if metadata is not None and not isinstance(metadata, Mapping):
        errors.append(type_error("metadata", metadata, "object"))
        return None, None
    metadata = metadata or {}
    well_typed = set()
    for key, value in metadata.items():
        if key not in _OBJECT_META_FIELDS:
            errors.append(SpecError(f"metadata.{key}", unknown_field("metadata", str(key), _OBJECT_META_FIELDS)))
        elif _passes(errors, check_structure, "ObjectMeta", "metadata", {key: value}):
            well_typed.add(key)
    for key, check in (("labels", rules.check_labels), ("annotations", rules.check_annotations)):
        if key in well_typed and metadata[key] is not None:
            _passes(errors, check, f"metadata.{key}", metadata[key])
    raw_name, raw_namespace = metadata.get("name"), metadata.get("namespace")
    name = namespace = None
    if raw_name is None or isinstance(raw_name, str):
        name = raw_name if _passes(errors, check_object_name, raw_name) else None
    if raw_namespace in (None, ""):
        pass
    elif isinstance(raw_namespace, str) and _passes(errors, check_namespace, raw_namespace):
        namespace = raw_namespace
    return name, namespace


def _passes(errors: list[SpecError], check: Callable[..., object], *args: Any) -> bool:
    """Whether ``check(*args)`` passes; if not, its error is added to ``errors``."""
    try:
        check(*args)
    except SpecError as error:
        errors.append(error)
        return False
    return True


def _spec(spec: Any, api_version: str, errors: list[SpecError]) -> LocustTestSpec | None:
    """The v2 spec, or ``None`` with its errors added to ``errors``."""
    if spec is None:
        errors.append(required("spec"))
        return None
    try:
        if api_version == V1_API_VERSION:
            from . import _v1 as v1  # here, not at start-up: only a v1 CR needs its model

            spec = v1.v1_spec_to_v2(spec)
        with webhook_rules_deferred():
            return LocustTestSpec.from_cr(spec)
    except SpecError as error:
        errors.append(error)
        return None

"""Container resources (``job.go:buildResourceRequirementsWithPrecedence``)."""

import functools
from collections.abc import Mapping
from typing import Any

from .._core.constants import MASTER
from ..kube import go_json
from ..kube._quantity import canonical_quantity
from ..operator import OperatorDefaults, ResourceDefaults

_KEYS = (("cpu", "cpu"), ("memory", "memory"), ("ephemeral-storage", "ephemeral"))


def locust_resources(cr_resources: Mapping[str, Any] | None, role: str, defaults: OperatorDefaults) -> dict[str, Any]:
    """The CR's resources (all of them, as Go writes them) when they set requests or limits, else the defaults.

    Defaults go field by field: the role-specific value, else the unified ``pod_resources``
    one; empty values are skipped. Quantities come out canonical, as the API server stores them.
    """
    if cr_resources and (cr_resources.get("requests") or cr_resources.get("limits")):
        written = go_json("ResourceRequirements", cr_resources)
        return {bound: written[bound] for bound in ("limits", "requests", "claims") if bound in written}
    role_defaults = defaults.master_resources if role == MASTER else defaults.worker_resources
    return resources_from_defaults(role_defaults, defaults.pod_resources)


def resources_from_defaults(first: ResourceDefaults, fallback: ResourceDefaults | None = None) -> dict[str, Any]:
    """Requests and limits from ``first``, each empty value taken from ``fallback``.

    A new dict each call (the caller may change it), copied from the one worked out once per
    pair of (immutable) ``ResourceDefaults``: every test of an app or a folder asks for the same.
    """
    return {bound: dict(values) for bound, values in _resources_from_defaults(first, fallback).items()}


@functools.lru_cache(maxsize=64)
def _resources_from_defaults(first: ResourceDefaults, fallback: ResourceDefaults | None) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for bound in ("limits", "requests"):
        values: dict[str, str] = {}
        for key, prefix in _KEYS:
            attribute = f"{prefix}_{'limit' if bound == 'limits' else 'request'}"
            value = getattr(first, attribute) or (getattr(fallback, attribute) if fallback else "")
            if value:
                values[key] = canonical_quantity(value)
        if values:
            result[bound] = values
    return result

"""The operator's Helm values, turned into the environment its chart gives the operator.

The chart (``charts/locust-k8s-operator``) merges the user's values over its own defaults,
then its ``_helpers.tpl`` writes one environment variable per setting: the current key under
``locustPods`` (or ``kafka``) when it is set and not empty, else the deprecated ``config.*``
key, else a fixed default; ``extraEnv`` entries come after and win. This module checks the
values against the chart's keys and schema, merges them over the chart's defaults as Helm
does, has :mod:`._helm_template` evaluate the template on them, and hands the result to
:func:`~constructs_locust.operator._env.env_settings`, so every value is read exactly as the
operator reads its environment. Errors name the values key.
"""

from collections.abc import Mapping
from typing import Any

from .._core.errors import SpecError, go_quote, show_value
from .._core.field_errors import invalid, type_error
from .._core.hints import close_name_hint
from .._core.names import is_dns1123_subdomain
from ._defaults import check_pull_policy
from ._env import env_settings
from ._helm_template import ChartTemplate

__all__ = ["chart_environment", "helm_settings"]

# Leaf kinds: what the chart's values.schema.json says about a key ("any": no schema).
_ANY, _STRING, _BOOLEAN, _PORT, _PULL, _TTL, _RUNTIME = "any", "string", "boolean", "port", "pull", "ttl", "runtime"


def _resources(leaf: str = _ANY) -> dict[str, Any]:
    bounds = {"cpu": leaf, "memory": leaf, "ephemeralStorage": leaf}
    return {"requests": bounds, "limits": dict(bounds)}


def _old_resources() -> dict[str, Any]:
    names = ("cpuRequest", "memRequest", "ephemeralRequest", "cpuLimit", "memLimit", "ephemeralLimit")
    return dict.fromkeys(names, _ANY)


_SHAPE: dict[str, Any] = {
    "locustPods": {
        "resources": _resources(),
        "masterResources": _resources(),
        "workerResources": _resources(),
        "affinityInjection": _BOOLEAN,
        "tolerationsInjection": _BOOLEAN,
        "runtimeClassName": _RUNTIME,
        "ttlSecondsAfterFinished": _TTL,
        "metricsExporter": {"image": _STRING, "port": _PORT, "pullPolicy": _PULL, "resources": _resources()},
    },
    "kafka": {
        "enabled": _BOOLEAN,
        "bootstrapServers": _STRING,
        "security": {"enabled": _BOOLEAN, "protocol": _STRING, "saslMechanism": _STRING, "jaasConfig": _ANY},
        "credentials": {"secretName": _ANY, "usernameKey": _ANY, "passwordKey": _ANY},
    },
    "config": {
        "loadGenerationJobs": {"ttlSecondsAfterFinished": _ANY},
        "loadGenerationPods": {
            "resource": _old_resources(),
            "affinity": {"enableCrInjection": _ANY},
            "taintTolerations": {"enableCrInjection": _ANY},
            "metricsExporter": {"image": _ANY, "port": _ANY, "pullPolicy": _ANY, "resource": _old_resources()},
            "kafka": {
                "bootstrapServers": _ANY,
                "acl": {"enabled": _ANY, "protocol": _ANY, "secret": {"userKey": _ANY, "passwordKey": _ANY}},
                "sasl": {"mechanism": _ANY, "jaas": {"config": _ANY}},
                "locustK8sKafkaUser": {"userName": _ANY},
            },
        },
    },
}
"""The keys this module reads, with their kind; other keys under these three are refused."""

_OTHER_CHART_KEYS = frozenset(
    {
        "image",
        "resources",
        "replicaCount",
        "nameOverride",
        "fullnameOverride",
        "extraEnv",
        "terminationGracePeriodSeconds",
        "leaderElection",
        "podDisruptionBudget",
        "metrics",
        "webhook",
        "otelCollector",
        "serviceAccount",
        "podAnnotations",
        "podSecurityContext",
        "containerSecurityContext",
        "nodeSelector",
        "tolerations",
        "affinity",
        "runtimeClassName",
        "k8s",
        "global",
    }
)
"""The chart's other top-level keys: they configure the operator's own pod (and Helm's ``global``)."""

_CHART_DEFAULTS: dict[str, Any] = {
    "locustPods": {
        "resources": {
            "requests": {"cpu": "250m", "memory": "128Mi", "ephemeralStorage": "30M"},
            "limits": {"cpu": "1000m", "memory": "1024Mi", "ephemeralStorage": "50M"},
        },
        "masterResources": {},
        "workerResources": {},
        "affinityInjection": True,
        "tolerationsInjection": True,
        "runtimeClassName": "",
        "ttlSecondsAfterFinished": "",
        "metricsExporter": {
            "image": "containersol/locust_exporter:v0.5.0",
            "port": 9646,
            "pullPolicy": "IfNotPresent",
            "resources": {
                "requests": {"cpu": "100m", "memory": "64Mi", "ephemeralStorage": "30M"},
                "limits": {"cpu": "250m", "memory": "128Mi", "ephemeralStorage": "50M"},
            },
        },
    },
    "kafka": {
        "enabled": False,
        "bootstrapServers": "localhost:9092",
        "security": {
            "enabled": False,
            "protocol": "SASL_PLAINTEXT",
            "saslMechanism": "SCRAM-SHA-512",
            "jaasConfig": "",
        },
        "credentials": {"secretName": "", "usernameKey": "username", "passwordKey": "password"},
    },
    "extraEnv": [],
}
"""The chart's own values for the keys above (its values.yaml), under which the user's values go."""


def helm_settings(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """The fields of :meth:`OperatorDefaults.from_helm_values`.

    Raises :class:`SpecError` holding every problem of ``values`` (see :attr:`SpecError.errors`).
    """
    errors: list[SpecError] = []
    env, paths = _chart_environment(values, errors)
    settings: dict[str, Any] = {}
    try:
        settings = env_settings(env, paths=paths)
    except SpecError as error:
        errors.extend(error.errors)
    if errors:
        raise SpecError.of(errors)
    return settings


def chart_environment(values: Mapping[str, Any] | None) -> tuple[dict[str, str], dict[str, str]]:
    """The operator variables the chart sets for ``values``, and the values key each came from.

    Raises :class:`SpecError` holding every problem found (see :attr:`SpecError.errors`).
    """
    errors: list[SpecError] = []
    env, paths = _chart_environment(values, errors)
    if errors:
        raise SpecError.of(errors)
    return env, paths


def _chart_environment(
    values: Mapping[str, Any] | None, errors: list[SpecError]
) -> tuple[dict[str, str], dict[str, str]]:
    """:func:`chart_environment`, adding the template's problems to ``errors``.

    Keys the chart does not have and values of the wrong type raise at once (every one of
    them): the template cannot run on them. ``None`` (an empty values file) is no values, as for Helm.
    """
    if values is None:
        values = {}
    if not isinstance(values, Mapping):
        raise SpecError("", f"Helm values must be a mapping, got {show_value(values)}")
    shape_errors: list[SpecError] = []
    for key, value in values.items():
        if key in _SHAPE:
            _check_shape(value, _SHAPE[key], str(key), shape_errors)
        elif key not in _OTHER_CHART_KEYS:
            shape_errors.append(SpecError(str(key), _unknown_key(key, [*_SHAPE, *_OTHER_CHART_KEYS])))
    if shape_errors:
        raise SpecError.of(shape_errors)
    merged = _coalesce(values, _CHART_DEFAULTS)
    template = ChartTemplate(merged, _CHART_DEFAULTS)
    template.pod_settings()
    try:
        template.kafka()
    except SpecError as error:
        errors.extend(error.errors)
    template.extra_env(merged.get("extraEnv"), errors)
    return template.env, template.paths


# ---------------------------------------------------------------------------------------------
# The user's values: known keys, the schema's types, Helm's merge over the chart's defaults
# ---------------------------------------------------------------------------------------------


def _check_shape(value: Any, shape: Any, path: str, errors: list[SpecError]) -> None:
    """Add every unknown key and every value of the wrong type under ``path`` to ``errors``."""
    if value is None:
        return  # null removes the key (Helm's merge)
    if isinstance(shape, dict):
        if not isinstance(value, Mapping):
            errors.append(type_error(path, value, "object"))
            return
        for key, item in value.items():
            if key not in shape:
                errors.append(SpecError(f"{path}.{key}", _unknown_key(key, shape)))
            else:
                _check_shape(item, shape[key], f"{path}.{key}", errors)
        return
    try:
        _check_leaf(value, shape, path)
    except SpecError as error:
        errors.append(error)


def _check_leaf(value: Any, kind: str, path: str) -> None:
    """The chart's schema for one key; keys without a schema must still be printable scalars."""
    if isinstance(value, (Mapping, list)):
        raise invalid(path, value, "must be a string, number or boolean")
    expected = {_STRING: "string", _PULL: "string", _RUNTIME: "string", _BOOLEAN: "boolean", _PORT: "integer"}
    if kind in expected and not _is_type(value, expected[kind]):
        raise type_error(path, value, expected[kind])
    if kind == _TTL and not (_is_type(value, "string") or _is_type(value, "integer")):
        raise type_error(path, value, "string or integer")
    if kind == _PORT and not 1 <= value <= 65535:
        bound = "greater than or equal to 1" if value < 1 else "less than or equal to 65535"
        raise invalid(path, value, f"must be {bound}", shown=str(value))
    if kind == _PULL:
        check_pull_policy(value, path)
    if kind == _RUNTIME and value and not is_dns1123_subdomain(value):
        raise SpecError(
            path,
            f"invalid value for DEFAULT_RUNTIME_CLASS_NAME: {go_quote(value)} is not a valid DNS-1123 subdomain",
        )


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    return isinstance(value, int) and not isinstance(value, bool)


def _unknown_key(key: object, known: Any) -> str:
    hint = close_name_hint(key, (str(name) for name in known))
    return f"unknown key {show_value(key)}: the operator's chart has no such value{hint}"


def _coalesce(user: Mapping[str, Any], chart: Mapping[str, Any]) -> dict[str, Any]:
    """Helm's merge: the user's values win, maps merge key by key, ``null`` removes a chart value."""
    merged = dict(user)
    for key, default in chart.items():
        if key in merged:
            if merged[key] is None:
                del merged[key]
            elif isinstance(default, Mapping) and isinstance(merged[key], Mapping):
                merged[key] = _coalesce(merged[key], default)
        else:
            merged[key] = default
    return merged

"""The operator's Helm values, turned into the environment its chart gives the operator.

The chart (``charts/locust-k8s-operator``) merges the user's values over its own defaults,
then its ``_helpers.tpl`` writes one environment variable per setting: the current key under
``locustPods`` (or ``kafka``) when it is set and not empty, else the deprecated ``config.*``
key, else a fixed default; ``extraEnv`` entries come after and win. This module does the same
and hands the result to :func:`~constructs_locust.operator._env.env_settings`, so every
value is read exactly as the operator reads its environment. Errors name the values key.
"""

import math
import warnings
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .._core.errors import SpecError, go_quote, show_value
from .._core.hints import close_name_hint
from .._core.names import is_dns1123_subdomain
from ._defaults import check_pull_policy
from ._env import OPERATOR_VARIABLES, OperatorConfigWarning, env_settings

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


class _ChartFailure(Exception):
    """The chart's template itself fails on these values (``helm install`` would stop)."""


def helm_settings(values: Mapping[str, Any]) -> dict[str, Any]:
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


def chart_environment(values: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """The operator variables the chart sets for ``values``, and the values key each came from.

    Raises :class:`SpecError` holding every problem found (see :attr:`SpecError.errors`).
    """
    errors: list[SpecError] = []
    env, paths = _chart_environment(values, errors)
    if errors:
        raise SpecError.of(errors)
    return env, paths


def _chart_environment(values: Mapping[str, Any], errors: list[SpecError]) -> tuple[dict[str, str], dict[str, str]]:
    """:func:`chart_environment`, adding the template's problems to ``errors``.

    Keys the chart does not have and values of the wrong type raise at once (every one of
    them): the template cannot run on them.
    """
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
    template = _Template(merged)
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
            errors.append(SpecError(path, f"Invalid value: {show_value(value)}: must be of type object"))
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
        raise SpecError(path, f"Invalid value: {show_value(value)}: must be a string, number or boolean")
    expected = {_STRING: "string", _PULL: "string", _RUNTIME: "string", _BOOLEAN: "boolean", _PORT: "integer"}
    if kind in expected and not _is_type(value, expected[kind]):
        raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type {expected[kind]}")
    if kind == _TTL and not (_is_type(value, "string") or _is_type(value, "integer")):
        raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type string or integer")
    if kind == _PORT and not 1 <= value <= 65535:
        bound = "greater than or equal to 1" if value < 1 else "less than or equal to 65535"
        raise SpecError(path, f"Invalid value: {value}: must be {bound}")
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


# ---------------------------------------------------------------------------------------------
# The chart's template (_helpers.tpl, locust-k8s-operator.envVars)
# ---------------------------------------------------------------------------------------------

_NEW_RESOURCE: tuple[tuple[str, str], ...] = tuple(
    (bound, kind) for bound in ("requests", "limits") for kind in ("cpu", "memory", "ephemeralStorage")
)
_OLD_RESOURCE = ("cpuRequest", "memRequest", "ephemeralRequest", "cpuLimit", "memLimit", "ephemeralLimit")
_ENV_RESOURCE = ("CPU_REQUEST", "MEM_REQUEST", "EPHEMERAL_REQUEST", "CPU_LIMIT", "MEM_LIMIT", "EPHEMERAL_LIMIT")


class _Template:
    """Evaluates the chart's helpers on merged values, collecting ``env`` and each variable's key path."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.env: dict[str, str] = {}
        self.paths: dict[str, str] = {}

    def set(self, name: str, value: Any, path: str) -> None:
        self.env[name] = _go_text(value)
        self.paths[name] = path

    def pick(self, name: str, new: tuple[str, ...], old: tuple[str, ...] | None) -> None:
        """``new path if set, else old path if set, else the chart's fixed default`` (each level non-empty)."""
        new_value = _lookup(self.values, new)
        old_value = _lookup(self.values, old) if old else None
        if _truthy(new_value):
            if old and _truthy(old_value):
                warnings.warn(
                    f"{_dotted(old)} has no effect: the chart takes {_dotted(new)} ({_go_text(new_value)}) first",
                    OperatorConfigWarning,
                    stacklevel=4,
                )
            self.set(name, new_value, _dotted(new))
        elif old and _truthy(old_value):
            self.set(name, old_value, _dotted(old))
        else:  # the helper's own fallback, which is the chart's default value
            self.set(name, _lookup(_CHART_DEFAULTS, new), _dotted(new))

    def flag(self, name: str, new: tuple[str, ...], old: tuple[str, ...], default: bool) -> None:
        """``hasKey`` on the new path, else on the old one, else ``default``."""
        for path in (new, old):
            parent = _lookup(self.values, path[:-1])
            if _truthy(parent) and isinstance(parent, Mapping) and path[-1] in parent:
                self.set(name, parent[path[-1]], _dotted(path))
                return
        self.set(name, default, _dotted(new))

    def pod_settings(self) -> None:
        pods, old_pods = ("locustPods",), ("config", "loadGenerationPods")
        for (bound, kind), old, suffix in zip(_NEW_RESOURCE, _OLD_RESOURCE, _ENV_RESOURCE, strict=True):
            self.pick(f"POD_{suffix}", (*pods, "resources", bound, kind), (*old_pods, "resource", old))
        for role in ("master", "worker"):
            for (bound, kind), suffix in zip(_NEW_RESOURCE, _ENV_RESOURCE, strict=True):
                self.pick(f"{role.upper()}_POD_{suffix}", (*pods, f"{role}Resources", bound, kind), None)
        self.flag(
            "ENABLE_AFFINITY_CR_INJECTION",
            (*pods, "affinityInjection"),
            (*old_pods, "affinity", "enableCrInjection"),
            True,
        )
        self.flag(
            "ENABLE_TAINT_TOLERATIONS_CR_INJECTION",
            (*pods, "tolerationsInjection"),
            (*old_pods, "taintTolerations", "enableCrInjection"),
            True,
        )
        self.pick("DEFAULT_RUNTIME_CLASS_NAME", (*pods, "runtimeClassName"), None)
        exporter, old_exporter = (*pods, "metricsExporter"), (*old_pods, "metricsExporter")
        for key, name in (("image", "IMAGE"), ("port", "PORT"), ("pullPolicy", "IMAGE_PULL_POLICY")):
            self.pick(f"METRICS_EXPORTER_{name}", (*exporter, key), (*old_exporter, key))
        for (bound, kind), old, suffix in zip(_NEW_RESOURCE, _OLD_RESOURCE, _ENV_RESOURCE, strict=True):
            self.pick(
                f"METRICS_EXPORTER_{suffix}", (*exporter, "resources", bound, kind), (*old_exporter, "resource", old)
            )
        self.pick(
            "JOB_TTL_SECONDS_AFTER_FINISHED",
            (*pods, "ttlSecondsAfterFinished"),
            ("config", "loadGenerationJobs", "ttlSecondsAfterFinished"),
        )

    def kafka(self) -> None:
        kafka, old = ("kafka",), ("config", "loadGenerationPods", "kafka")
        if not _truthy(_lookup(self.values, (*kafka, "enabled"))):
            return  # the chart sets no KAFKA_* variable: the operator's Go defaults
        self.pick("KAFKA_BOOTSTRAP_SERVERS", (*kafka, "bootstrapServers"), (*old, "bootstrapServers"))
        self.flag("KAFKA_SECURITY_ENABLED", (*kafka, "security", "enabled"), (*old, "acl", "enabled"), False)
        try:
            secured = _truthy(_strict(self.values, (*kafka, "security", "enabled")))
            if not secured and _truthy(self.values.get("config")):
                secured = _truthy(_strict(self.values, (*old, "acl", "enabled")))
            if not secured:
                return
            for name, new_key, old_key in (
                ("KAFKA_SECURITY_PROTOCOL_CONFIG", ("security", "protocol"), ("acl", "protocol")),
                ("KAFKA_SASL_MECHANISM", ("security", "saslMechanism"), ("sasl", "mechanism")),
            ):
                new_value = _strict(self.values, (*kafka, *new_key))
                old_value = _strict(self.values, (*old, *old_key))  # evaluated even when unused
                chosen: tuple[Any, tuple[str, ...]] = (
                    (new_value, (*kafka, *new_key)) if _truthy(new_value) else (old_value, (*old, *old_key))
                )
                self.set(name, chosen[0] if _truthy(chosen[0]) else _kafka_security_default(name), _dotted(chosen[1]))
            jaas = _strict(self.values, (*kafka, "security", "jaasConfig"))
            if _truthy(jaas):
                self.set("KAFKA_SASL_JAAS_CONFIG", jaas, "kafka.security.jaasConfig")
            elif _truthy(self.values.get("config")):
                jaas_path = (*old, "sasl", "jaas", "config")
                self.set("KAFKA_SASL_JAAS_CONFIG", _strict(self.values, jaas_path), _dotted(jaas_path))
            secret = _strict(self.values, (*kafka, "credentials", "secretName"))
            if _truthy(secret) or _truthy(self.values.get("config")):
                where = "kafka.credentials.secretName" if _truthy(secret) else _dotted((*old, "locustK8sKafkaUser"))
                raise SpecError(
                    where,
                    "the chart gives the operator KAFKA_USERNAME and KAFKA_PASSWORD from a Secret, whose content a "
                    "values file does not hold: read the operator's environment instead (--operator-env FILE, "
                    "OperatorDefaults.from_env)",
                )
        except _ChartFailure as failure:
            raise SpecError(
                "kafka.security.enabled",
                f"the operator's chart cannot render these values (helm: {failure}): with Kafka security on, its "
                "template also reads config.loadGenerationPods.kafka (acl, sasl), which must then be set",
            ) from None

    def extra_env(self, entries: Any, errors: list[SpecError]) -> None:
        """``extraEnv`` comes after the chart's variables in the container: for the same name, it wins.

        Each bad entry is added to ``errors`` and left out.
        """
        if entries is None:
            return
        if not isinstance(entries, list):
            errors.append(SpecError("extraEnv", f"Invalid value: {show_value(entries)}: must be of type array"))
            return
        for index, entry in enumerate(entries):
            try:
                self._extra_env_entry(index, entry)
            except SpecError as error:
                errors.append(error)

    def _extra_env_entry(self, index: int, entry: Any) -> None:
        """One ``extraEnv`` entry: an operator variable it sets wins over the chart's."""
        path = f"extraEnv[{index}]"
        if not isinstance(entry, Mapping):
            raise SpecError(path, f"Invalid value: {show_value(entry)}: must be of type object")
        name = entry.get("name")
        if name not in OPERATOR_VARIABLES:
            return  # the operator's own settings (LOG_LEVEL, ...): nothing to do with its pods
        if "valueFrom" in entry:
            raise SpecError(
                f"{path}.valueFrom",
                f"{name} comes from the cluster (valueFrom), which a values file does not hold: read the "
                "operator's environment instead (--operator-env FILE, OperatorDefaults.from_env)",
            )
        value = entry.get("value", "")
        if not isinstance(value, str):
            raise SpecError(f"{path}.value", f"Invalid value: {show_value(value)}: must be of type string")
        self.env[name] = value
        self.paths[name] = f"{path}.value"


def _kafka_security_default(name: str) -> str:
    """The fixed fallback of the chart's Kafka security variables."""
    return {"KAFKA_SECURITY_PROTOCOL_CONFIG": "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512"}[name]


def _dotted(path: tuple[str, ...]) -> str:
    return ".".join(path)


def _lookup(values: Any, path: tuple[str, ...]) -> Any:
    """``and .a .a.b .a.b.c``: the value at ``path``, or ``None`` when a level is missing or empty."""
    current = values
    for key in path:
        if not _truthy(current) or not isinstance(current, Mapping):
            return None
        current = current.get(key)
    return current


def _strict(values: Any, path: tuple[str, ...]) -> Any:
    """``.a.b.c`` evaluated without guard: a missing level in between stops the template."""
    current = values
    for depth, key in enumerate(path):
        if current is None:
            raise _ChartFailure(f"nil pointer evaluating interface {{}}.{key} at {_dotted(path[:depth])}")
        if not isinstance(current, Mapping):
            raise _ChartFailure(f"can't evaluate field {key} at {_dotted(path[:depth])}")
        current = current.get(key)
    return current


def _truthy(value: Any) -> bool:
    """Go template truth: false, 0, nil, empty strings, maps and lists are false."""
    if value is None or value is False:
        return False
    if isinstance(value, (str, Mapping, list)):
        return len(value) > 0
    if isinstance(value, (int, float)):
        return value != 0
    return True


def _go_text(value: Any) -> str:
    """What the chart writes for a value (``quote`` of Go's ``%v``): Helm reads numbers as float64."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _go_float(float(value))
    return str(value)


def _go_float(number: float) -> str:
    """Go's ``%v`` of a float64: shortest digits, exponent form from 1e+06 and below 1e-04 (``1e+06``)."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "+Inf" if number > 0 else "-Inf"
    if number == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(number)).as_tuple()
    figures = list(digits)
    while len(figures) > 1 and figures[-1] == 0:
        figures.pop()
        exponent = int(exponent) + 1
    text = "".join(map(str, figures))
    point = len(figures) + int(exponent)  # position of the decimal point in ``text``
    magnitude = point - 1
    prefix = "-" if sign else ""
    if magnitude < -4 or magnitude >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if magnitude < 0 else '+'}{abs(magnitude):02d}"
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{text}"
    if point >= len(text):
        return f"{prefix}{text}{'0' * (point - len(text))}"
    return f"{prefix}{text[:point]}.{text[point:]}"

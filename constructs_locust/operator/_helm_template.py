"""The operator chart's template (``_helpers.tpl``, ``locust-k8s-operator.envVars``), evaluated in Python.

Given values already merged over the chart's defaults, :class:`ChartTemplate` writes the
environment the chart gives the operator, as Go's templates would: the current key when set
and not empty, else the deprecated ``config.*`` key, else the chart's default. It follows Go
template truth, Helm's ``%v`` of numbers (float64) and the template's own failures on a
missing level (:class:`ChartFailure`). :mod:`._helm_values` checks and merges the values first.
"""

import math
import warnings
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .._core.errors import SpecError
from .._core.field_errors import type_error
from ._env import OPERATOR_VARIABLES, OperatorConfigWarning

__all__ = ["ChartFailure", "ChartTemplate"]


class ChartFailure(Exception):
    """The chart's template itself fails on these values (``helm install`` would stop)."""


_NEW_RESOURCE: tuple[tuple[str, str], ...] = tuple(
    (bound, kind) for bound in ("requests", "limits") for kind in ("cpu", "memory", "ephemeralStorage")
)
_OLD_RESOURCE = ("cpuRequest", "memRequest", "ephemeralRequest", "cpuLimit", "memLimit", "ephemeralLimit")
_ENV_RESOURCE = ("CPU_REQUEST", "MEM_REQUEST", "EPHEMERAL_REQUEST", "CPU_LIMIT", "MEM_LIMIT", "EPHEMERAL_LIMIT")


class ChartTemplate:
    """Evaluates the chart's helpers on merged values, collecting ``env`` and each variable's key path.

    ``defaults`` are the chart's own values (its values.yaml): a helper with nothing set falls
    back to them.
    """

    def __init__(self, values: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
        self.values = values
        self.defaults = defaults
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
            self.set(name, _lookup(self.defaults, new), _dotted(new))

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
        except ChartFailure as failure:
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
            errors.append(type_error("extraEnv", entries, "array"))
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
            raise type_error(path, entry, "object")
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
            raise type_error(f"{path}.value", value, "string")
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
            raise ChartFailure(f"nil pointer evaluating interface {{}}.{key} at {_dotted(path[:depth])}")
        if not isinstance(current, Mapping):
            raise ChartFailure(f"can't evaluate field {key} at {_dotted(path[:depth])}")
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

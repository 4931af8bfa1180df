"""The operator's environment variables read as its ``LoadConfig`` reads them (``internal/config``).

Only the variables that shape what the operator creates are known here; anything else is
refused, so that a misspelt name cannot silently leave a default in place.
"""

import re
import warnings
from collections.abc import Mapping
from typing import Any

from .._core.constants import KAFKA_VARIABLES
from .._core.errors import LocustTestWarning, SpecError, go_quote, show_value
from .._core.field_errors import invalid, type_error
from .._core.hints import close_name_hint
from .._core.names import is_dns1123_subdomain
from ._defaults import KafkaDefaults, ResourceDefaults, check_pull_policy, resource_env_name

__all__ = ["OPERATOR_VARIABLES", "OperatorConfigWarning", "env_settings", "parse_env_lines"]


class OperatorConfigWarning(LocustTestWarning):
    """A value the operator would not refuse but ignores (it logs a warning and keeps its default)."""


_RESOURCE_FIELDS = (
    "cpu_request",
    "memory_request",
    "ephemeral_request",
    "cpu_limit",
    "memory_limit",
    "ephemeral_limit",
)
_GO_POD_RESOURCES = ("250m", "128Mi", "30M", "1000m", "1024Mi", "50M")
"""``getEnv`` defaults of POD_* and METRICS_EXPORTER_* (same values), in ``_RESOURCE_FIELDS`` order."""
_RESOURCE_PREFIXES = ("POD_", "MASTER_POD_", "WORKER_POD_", "METRICS_EXPORTER_")

_KAFKA_STRINGS = {
    "KAFKA_BOOTSTRAP_SERVERS": ("bootstrap_servers", "localhost:9092"),
    "KAFKA_SECURITY_PROTOCOL_CONFIG": ("security_protocol", "SASL_PLAINTEXT"),
    "KAFKA_SASL_MECHANISM": ("sasl_mechanism", "SCRAM-SHA-512"),
    "KAFKA_SASL_JAAS_CONFIG": ("sasl_jaas_config", ""),
    "KAFKA_USERNAME": ("username", ""),
    "KAFKA_PASSWORD": ("password", ""),
}

OPERATOR_VARIABLES: tuple[str, ...] = (
    "JOB_TTL_SECONDS_AFTER_FINISHED",
    *(resource_env_name(prefix, name) for prefix in _RESOURCE_PREFIXES for name in _RESOURCE_FIELDS),
    "METRICS_EXPORTER_IMAGE",
    "METRICS_EXPORTER_PORT",
    "METRICS_EXPORTER_IMAGE_PULL_POLICY",
    *KAFKA_VARIABLES,
    "ENABLE_AFFINITY_CR_INJECTION",
    "ENABLE_TAINT_TOLERATIONS_CR_INJECTION",
    "DEFAULT_RUNTIME_CLASS_NAME",
)
"""Every variable the operator reads for the objects it creates, in ``LoadConfig``'s order."""

_GO_INT = re.compile(r"[+-]?[0-9]+")
_GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})
_INT32 = range(-(2**31), 2**31)


class _Reader:
    """Looks variables up as ``os.Getenv`` + ``getEnv*`` do, reporting errors at each variable's path."""

    def __init__(self, env: Mapping[str, str], paths: Mapping[str, str]) -> None:
        self.env = env
        self.paths = paths
        self.errors: list[SpecError] = []
        """Every value refused so far (each read as unset), in the order read."""

    def path(self, name: str) -> str:
        return self.paths.get(name, name)

    def string(self, name: str, default: str) -> str:
        """``getEnv``: an unset or empty variable gives ``default``."""
        return self.env.get(name) or default

    def boolean(self, name: str, default: bool) -> bool:
        """``getEnvBool``: ``strconv.ParseBool``, else the default (with the operator's warning)."""
        value = self.env.get(name) or ""
        if value in _GO_TRUE or value in _GO_FALSE:
            return value in _GO_TRUE
        if value:
            self.warn(
                name,
                f"env var {name} has unparseable boolean value {go_quote(value)}, using default "
                f"{'true' if default else 'false'}",
            )
        return default

    def int32(self, name: str) -> int | None:
        """``strconv.ParseInt(v, 10, 32)``: ``None`` when unset or unparseable (with the operator's warning)."""
        value = self.env.get(name) or ""
        if _GO_INT.fullmatch(value) and int(value) in _INT32:
            return int(value)
        if value:
            self.warn(name, f"env var {name} has unparseable int32 value {go_quote(value)}, ignoring it")
        return None

    def warn(self, name: str, message: str) -> None:
        path = self.path(name)
        where = f"{path}: " if path != name else ""
        warnings.warn(f"{where}{message}", OperatorConfigWarning, stacklevel=4)

    def refuse(self, name: str, reason: str) -> None:
        """Record that the operator refuses the value of ``name`` at startup."""
        self.errors.append(SpecError(self.path(name), reason))

    def resources(self, prefix: str, defaults: tuple[str, ...] | None) -> ResourceDefaults:
        """The resources of ``prefix``; a value that is no quantity is refused (and read as unset)."""
        values = {}
        for index, field_name in enumerate(_RESOURCE_FIELDS):
            name = resource_env_name(prefix, field_name)
            value = self.string(name, defaults[index] if defaults else "")
            try:
                ResourceDefaults(**{field_name: value}).check(prefix)
            except SpecError as error:
                self.refuse(name, error.reason)
                value = ""
            values[field_name] = value
        return ResourceDefaults(**values)


def env_settings(env: Mapping[str, str], *, paths: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The fields of :meth:`OperatorDefaults.from_env`; ``paths`` names where each variable came from, for errors.

    Raises :class:`SpecError` holding every problem of ``env`` (see :attr:`SpecError.errors`).
    """
    if not isinstance(env, Mapping):
        raise SpecError("", f"the operator's environment must be a mapping of names to values, got {show_value(env)}")
    paths = paths or {}
    errors: list[SpecError] = []
    known: dict[str, str] = {}
    for name, value in env.items():
        if not isinstance(name, str) or name not in OPERATOR_VARIABLES:
            errors.append(SpecError(paths.get(name, str(name)) if isinstance(name, str) else "", _unknown(name)))
        elif not isinstance(value, str):
            errors.append(type_error(paths.get(name, name), value, "string"))
        else:
            known[name] = value
    read = _Reader(known, paths)
    settings = _settings(read)
    errors.extend(read.errors)
    if errors:
        raise SpecError.of(errors)
    return settings


def _settings(read: _Reader) -> dict[str, Any]:
    """:class:`OperatorDefaults`' fields from the environment; refused values go to ``read.errors``."""
    ttl = read.int32("JOB_TTL_SECONDS_AFTER_FINISHED")
    if ttl is not None and ttl < 0:
        detail = "the Jobs' spec.ttlSecondsAfterFinished must be greater than or equal to 0"
        read.errors.append(invalid(read.path("JOB_TTL_SECONDS_AFTER_FINISHED"), ttl, detail))
    port = read.int32("METRICS_EXPORTER_PORT")
    if port is not None and not 1 <= port <= 65535:
        detail = "the metrics exporter's port must be between 1 and 65535, inclusive"
        read.errors.append(invalid(read.path("METRICS_EXPORTER_PORT"), port, detail))
    runtime_class = read.string("DEFAULT_RUNTIME_CLASS_NAME", "")
    if runtime_class and not is_dns1123_subdomain(runtime_class):
        read.refuse(
            "DEFAULT_RUNTIME_CLASS_NAME",
            f"invalid value for DEFAULT_RUNTIME_CLASS_NAME: {go_quote(runtime_class)} is not a valid DNS-1123 "
            "subdomain",
        )
    pull_policy = read.string("METRICS_EXPORTER_IMAGE_PULL_POLICY", "Always")
    settings = {
        "pod_resources": read.resources("POD_", _GO_POD_RESOURCES),
        "master_resources": read.resources("MASTER_POD_", None),
        "worker_resources": read.resources("WORKER_POD_", None),
        "job_ttl_seconds_after_finished": ttl,
        "metrics_exporter_image": read.string("METRICS_EXPORTER_IMAGE", "containersol/locust_exporter:v0.5.0"),
        "metrics_exporter_port": 9646 if port is None else port,
        "metrics_exporter_image_pull_policy": pull_policy,
        "metrics_exporter_resources": read.resources("METRICS_EXPORTER_", _GO_POD_RESOURCES),
        "kafka": _kafka(read),
        "inject_affinity": read.boolean("ENABLE_AFFINITY_CR_INJECTION", False),
        "inject_tolerations": read.boolean("ENABLE_TAINT_TOLERATIONS_CR_INJECTION", False),
        "default_runtime_class_name": runtime_class,
    }
    try:  # the API server refuses the Job
        check_pull_policy(pull_policy, read.path("METRICS_EXPORTER_IMAGE_PULL_POLICY"))
    except SpecError as error:
        read.errors.append(error)
    return settings


def _kafka(read: _Reader) -> KafkaDefaults:
    strings = {field_name: read.string(name, default) for name, (field_name, default) in _KAFKA_STRINGS.items()}
    return KafkaDefaults(security_enabled=read.boolean("KAFKA_SECURITY_ENABLED", False), **strings)


def _unknown(name: object) -> str:
    """The message for a variable the operator does not read, with the closest known names."""
    shown = go_quote(name) if isinstance(name, str) else show_value(name)
    hint = close_name_hint(name, OPERATOR_VARIABLES)
    return f"unknown operator variable {shown}: the operator reads no such setting for the pods it creates{hint}"


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_env_lines(text: str, *, errors: list[SpecError] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """``KEY=VALUE`` lines (blank lines and ``#`` comments skipped) as a mapping, plus each key's line.

    The value is everything after the first ``=``, verbatim (no quotes are removed: the operator
    would see them). A line without ``=``, a bad name or a name given twice is a :class:`SpecError`
    naming the line: each is added to ``errors`` (and the line left out) when given, else one
    :class:`SpecError` holding them all is raised.
    """
    env: dict[str, str] = {}
    where: dict[str, str] = {}
    found: list[SpecError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, equals, value = line.partition("=")
        if not equals or not _NAME.fullmatch(name):
            shown = line if len(line) <= 60 else line[:57] + "..."
            found.append(SpecError(f"line {number}", f"expected NAME=VALUE, got {go_quote(shown)}"))
        elif name in env:
            found.append(SpecError(f"line {number}", f"{name} is set twice ({where[name]} and line {number})"))
        else:
            env[name] = value
            where[name] = f"line {number}"
    if errors is not None:
        errors.extend(found)
    elif found:
        raise SpecError.of(found)
    return env, {name: f"{line}: {name}" for name, line in where.items()}

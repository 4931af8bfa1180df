"""The parts of the operator's configuration: container resources, Kafka, and their checks.

:class:`~constructs_locust.OperatorDefaults` (``_operator_defaults.py``) is made of these; the
readers of the operator's environment and Helm values build them too.
"""

from typing import Any

import attrs
from attrs import field, frozen

from .._core.errors import SpecError, go_quote
from .._core.field_errors import not_supported
from .._core.option_fields import check_fields, checked, of_type
from ..kube._quantity import is_quantity

_ENV_KIND = {"cpu": "CPU", "memory": "MEM", "ephemeral": "EPHEMERAL"}
PULL_POLICIES = ("Always", "IfNotPresent", "Never")
"""The image pull policies Kubernetes accepts for a container."""

PATH = "defaults"
"""The path prefix of the errors of the defaults' fields: ``defaults.<field>``, as ``defaults=`` is passed."""
_STRING = of_type(str, "string")
_BOOLEAN = of_type(bool, "boolean")


@frozen(kw_only=True)
class ResourceDefaults:
    """Requests and limits for one kind of container; ``""`` leaves that value unset.

    Attributes:
        cpu_request, memory_request, ephemeral_request: ``resources.requests`` cpu, memory,
            ephemeral-storage.
        cpu_limit, memory_limit, ephemeral_limit: ``resources.limits`` likewise.
    """

    cpu_request: str = field(default="", metadata=checked(_STRING))
    memory_request: str = field(default="", metadata=checked(_STRING))
    ephemeral_request: str = field(default="", metadata=checked(_STRING))
    cpu_limit: str = field(default="", metadata=checked(_STRING))
    memory_limit: str = field(default="", metadata=checked(_STRING))
    ephemeral_limit: str = field(default="", metadata=checked(_STRING))

    def __attrs_post_init__(self) -> None:
        check_fields(self, PATH)

    def check(self, env_prefix: str, path: str = "defaults") -> None:
        """Refuse values that are not quantities, with the operator's own message (naming its env var)."""
        for attribute in attrs.fields(ResourceDefaults):
            value = getattr(self, attribute.name)
            if value != "" and not is_quantity(value):
                raise SpecError(
                    f"{path}.{attribute.name}",
                    f"invalid value for {resource_env_name(env_prefix, attribute.name)}: {go_quote(value)} "
                    "is not a valid Kubernetes quantity",
                )


def resource_env_name(env_prefix: str, attribute: str) -> str:
    """The operator's variable for a resource field: (``POD_``, ``cpu_request``) -> ``POD_CPU_REQUEST``."""
    kind, bound = attribute.split("_")
    return f"{env_prefix}{_ENV_KIND[kind]}_{bound.upper()}"


@frozen(kw_only=True)
class KafkaDefaults:
    """The seven ``KAFKA_*`` variables every Locust container gets (operator's Go defaults).

    Attributes:
        bootstrap_servers: ``KAFKA_BOOTSTRAP_SERVERS``, default ``localhost:9092``.
        security_enabled: ``KAFKA_SECURITY_ENABLED``, default ``False``.
        security_protocol: ``KAFKA_SECURITY_PROTOCOL_CONFIG``, default ``SASL_PLAINTEXT``.
        sasl_mechanism: ``KAFKA_SASL_MECHANISM``, default ``SCRAM-SHA-512``.
        sasl_jaas_config, username, password: ``KAFKA_SASL_JAAS_CONFIG``, ``KAFKA_USERNAME``,
            ``KAFKA_PASSWORD``; empty by default (rendered without a ``value``).
    """

    bootstrap_servers: str = field(default="localhost:9092", metadata=checked(_STRING))
    security_enabled: bool = field(default=False, metadata=checked(_BOOLEAN))
    security_protocol: str = field(default="SASL_PLAINTEXT", metadata=checked(_STRING))
    sasl_mechanism: str = field(default="SCRAM-SHA-512", metadata=checked(_STRING))
    sasl_jaas_config: str = field(default="", metadata=checked(_STRING))
    username: str = field(default="", metadata=checked(_STRING))
    password: str = field(default="", metadata=checked(_STRING))

    def __attrs_post_init__(self) -> None:
        check_fields(self, PATH)


def _helm_pod_resources() -> ResourceDefaults:
    return ResourceDefaults(
        cpu_request="250m",
        memory_request="128Mi",
        ephemeral_request="30M",
        cpu_limit="1000m",
        memory_limit="1024Mi",
        ephemeral_limit="50M",
    )


def _helm_exporter_resources() -> ResourceDefaults:
    return ResourceDefaults(
        cpu_request="100m",
        memory_request="64Mi",
        ephemeral_request="30M",
        cpu_limit="250m",
        memory_limit="128Mi",
        ephemeral_limit="50M",
    )


def _ttl(path: str, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise SpecError(path, f"must be a non-negative integer or None, got {value!r}")


_INTEGER = of_type(int, "integer")


def _port(path: str, value: Any) -> None:
    _INTEGER(path, value)
    if not 1 <= value <= 65535:
        raise SpecError(path, f"must be a port number (1-65535), got {value!r}")


def check_pull_policy(value: str, path: str) -> None:
    """Refuse an image pull policy that Kubernetes does not know, as the API server does (a SpecError at ``path``)."""
    if value not in PULL_POLICIES:
        raise not_supported(path, value, PULL_POLICIES)


def _pull_policy(path: str, value: Any) -> None:
    _STRING(path, value)
    check_pull_policy(value, path)

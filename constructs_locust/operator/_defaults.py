"""The operator's own configuration (``internal/config/config.go``), as one defaults object.

Its default values are those of a default Helm install of the operator; pass a changed copy
as ``defaults=`` to match an operator installed with other values, e.g.
``attrs.evolve(OperatorDefaults(), inject_affinity=False)``, or read the operator's real
configuration with :meth:`OperatorDefaults.from_helm_values` (the chart's values file) or
:meth:`OperatorDefaults.from_env` (the operator's environment variables).

Every field's type is checked when the object is made: a wrong type or value raises
:class:`~constructs_locust.errors.SpecError` naming ``defaults.<field>``, never ``TypeError``.
"""

from collections.abc import Callable, Mapping
from typing import Any

import attrs
from attrs import field, frozen

from .._core.errors import SpecError, go_quote, show_value
from .._core.names import is_dns1123_subdomain
from ..kube._quantity import is_quantity

_ENV_KIND = {"cpu": "CPU", "memory": "MEM", "ephemeral": "EPHEMERAL"}
PULL_POLICIES = ("Always", "IfNotPresent", "Never")
"""The image pull policies Kubernetes accepts for a container."""

_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _typed(kind: type, type_name: str) -> _Validator:
    """An attrs validator that refuses anything but ``kind`` (and ``bool`` where ``int`` is asked)."""

    def check(instance: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise SpecError(
                f"defaults.{attribute.name}", f"Invalid value: {show_value(value)}: must be of type {type_name}"
            )

    return check


_STRING = _typed(str, "string")
_BOOLEAN = _typed(bool, "boolean")


@frozen(kw_only=True)
class ResourceDefaults:
    """Requests and limits for one kind of container; ``""`` leaves that value unset.

    Attributes:
        cpu_request, memory_request, ephemeral_request: ``resources.requests`` cpu, memory,
            ephemeral-storage.
        cpu_limit, memory_limit, ephemeral_limit: ``resources.limits`` likewise.
    """

    cpu_request: str = field(default="", validator=_STRING)
    memory_request: str = field(default="", validator=_STRING)
    ephemeral_request: str = field(default="", validator=_STRING)
    cpu_limit: str = field(default="", validator=_STRING)
    memory_limit: str = field(default="", validator=_STRING)
    ephemeral_limit: str = field(default="", validator=_STRING)

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

    bootstrap_servers: str = field(default="localhost:9092", validator=_STRING)
    security_enabled: bool = field(default=False, validator=_BOOLEAN)
    security_protocol: str = field(default="SASL_PLAINTEXT", validator=_STRING)
    sasl_mechanism: str = field(default="SCRAM-SHA-512", validator=_STRING)
    sasl_jaas_config: str = field(default="", validator=_STRING)
    username: str = field(default="", validator=_STRING)
    password: str = field(default="", validator=_STRING)


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


def _ttl(instance: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise SpecError(f"defaults.{attribute.name}", f"must be a non-negative integer or None, got {value!r}")


def _port(instance: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    _typed(int, "integer")(instance, attribute, value)
    if not 1 <= value <= 65535:
        raise SpecError(f"defaults.{attribute.name}", f"must be a port number (1-65535), got {value!r}")


def check_pull_policy(value: str, path: str) -> None:
    """Refuse an image pull policy that Kubernetes does not know, as the API server does (a SpecError at ``path``)."""
    if value not in PULL_POLICIES:
        supported = ", ".join(go_quote(policy) for policy in PULL_POLICIES)
        raise SpecError(path, f"Unsupported value: {go_quote(value)}: supported values: {supported}")


def _pull_policy(instance: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    _STRING(instance, attribute, value)
    check_pull_policy(value, f"defaults.{attribute.name}")


@frozen(kw_only=True)
class OperatorDefaults:
    """What the operator's configuration adds to every test; defaults = default Helm install.

    Attributes:
        pod_resources: ``POD_*``: resources of a Locust container whose CR role sets none
            (250m/128Mi/30M requests, 1000m/1024Mi/50M limits).
        master_resources, worker_resources: ``MASTER_POD_*`` / ``WORKER_POD_*``: per-role
            values that win over ``pod_resources`` field by field; all unset by default.
        job_ttl_seconds_after_finished: ``None`` (default): no ``ttlSecondsAfterFinished``.
        metrics_exporter_image: default ``containersol/locust_exporter:v0.5.0``.
        metrics_exporter_port: default 9646 (sidecar, Service port, prometheus annotation).
        metrics_exporter_image_pull_policy: default ``IfNotPresent`` (Helm; Go says Always).
        metrics_exporter_resources: default 100m/64Mi/30M requests, 250m/128Mi/50M limits.
        kafka: The ``KAFKA_*`` env vars, see :class:`KafkaDefaults`.
        inject_affinity: ``ENABLE_AFFINITY_CR_INJECTION``: apply ``spec.scheduling.affinity``
            (default ``True``).
        inject_tolerations: ``ENABLE_TAINT_TOLERATIONS_CR_INJECTION``: apply
            ``spec.scheduling.tolerations`` (default ``True``).
        default_runtime_class_name: ``DEFAULT_RUNTIME_CLASS_NAME``; ``""`` (default): none.
        managed_by: Value of the pods' ``managed-by`` label, default ``locust-k8s-operator``
            so that selectors and dashboards written for the operator keep working.
    """

    pod_resources: ResourceDefaults = field(
        factory=_helm_pod_resources, validator=_typed(ResourceDefaults, "ResourceDefaults")
    )
    master_resources: ResourceDefaults = field(
        factory=ResourceDefaults, validator=_typed(ResourceDefaults, "ResourceDefaults")
    )
    worker_resources: ResourceDefaults = field(
        factory=ResourceDefaults, validator=_typed(ResourceDefaults, "ResourceDefaults")
    )
    job_ttl_seconds_after_finished: int | None = field(default=None, validator=_ttl)
    metrics_exporter_image: str = field(default="containersol/locust_exporter:v0.5.0", validator=_STRING)
    metrics_exporter_port: int = field(default=9646, validator=_port)
    metrics_exporter_image_pull_policy: str = field(default="IfNotPresent", validator=_pull_policy)
    metrics_exporter_resources: ResourceDefaults = field(
        factory=_helm_exporter_resources, validator=_typed(ResourceDefaults, "ResourceDefaults")
    )
    kafka: KafkaDefaults = field(factory=KafkaDefaults, validator=_typed(KafkaDefaults, "KafkaDefaults"))
    inject_affinity: bool = field(default=True, validator=_BOOLEAN)
    inject_tolerations: bool = field(default=True, validator=_BOOLEAN)
    default_runtime_class_name: str = field(default="", validator=_STRING)
    managed_by: str = field(default="locust-k8s-operator", validator=_STRING)

    def __attrs_post_init__(self) -> None:
        self.pod_resources.check("POD_", "defaults.pod_resources")
        self.master_resources.check("MASTER_POD_", "defaults.master_resources")
        self.worker_resources.check("WORKER_POD_", "defaults.worker_resources")
        self.metrics_exporter_resources.check("METRICS_EXPORTER_", "defaults.metrics_exporter_resources")
        name = self.default_runtime_class_name
        if name and not is_dns1123_subdomain(name):
            raise SpecError(
                "defaults.default_runtime_class_name",
                f"invalid value for DEFAULT_RUNTIME_CLASS_NAME: {go_quote(name)} is not a valid DNS-1123 subdomain",
            )

    @classmethod
    def go_defaults(cls) -> "OperatorDefaults":
        """The operator run with no configuration at all (its Go defaults, as in its unit tests)."""
        return cls(
            metrics_exporter_image_pull_policy="Always",
            metrics_exporter_resources=_helm_pod_resources(),
            inject_affinity=False,
            inject_tolerations=False,
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "OperatorDefaults":
        """The configuration of an operator started with environment ``env`` (name -> value).

        Read as the operator's ``LoadConfig`` reads it: an unset or empty variable takes its Go
        default (so ``from_env({})`` equals :meth:`go_defaults`); quantities and
        ``DEFAULT_RUNTIME_CLASS_NAME`` are refused as the operator refuses them at startup;
        booleans and integers it cannot parse fall back to their default, as in the operator
        (which logs a warning). A variable the operator does not read is refused. Errors are
        :class:`SpecError` naming the variable.
        """
        from ._env import defaults_from_env

        return defaults_from_env(env)

    @classmethod
    def from_helm_values(cls, values: Mapping[str, Any]) -> "OperatorDefaults":
        """The configuration of an operator installed by its Helm chart with the values ``values``.

        ``values`` is what ``helm install -f values.yaml`` reads: the current keys under
        ``locustPods`` and ``kafka``, the deprecated ``config.*`` keys the chart still maps, and
        ``extraEnv``; they go over the chart's own defaults (so ``from_helm_values({})`` equals
        ``OperatorDefaults()``). Each becomes the environment variable the chart sets, read as
        :meth:`from_env` reads it. Unknown keys, values the chart's schema refuses and values the
        operator refuses at startup raise :class:`SpecError` naming the key's path.
        """
        from ._helm_values import defaults_from_helm_values

        return defaults_from_helm_values(values)

"""The operator's own configuration (``internal/config/config.go``), as one defaults object.

Its default values are those of a default Helm install of the operator; pass a changed copy
as ``defaults=`` to match an operator installed with other values, e.g.
``attrs.evolve(OperatorDefaults(), inject_affinity=False)``.
"""

import attrs
from attrs import field, frozen

from .errors import SpecError, go_quote
from .names import is_dns1123_subdomain
from .quantity import is_quantity

_ENV_KIND = {"cpu": "CPU", "memory": "MEM", "ephemeral": "EPHEMERAL"}


@frozen(kw_only=True)
class ResourceDefaults:
    """Requests and limits for one kind of container; ``""`` leaves that value unset.

    Attributes:
        cpu_request, memory_request, ephemeral_request: ``resources.requests`` cpu, memory,
            ephemeral-storage.
        cpu_limit, memory_limit, ephemeral_limit: ``resources.limits`` likewise.
    """

    cpu_request: str = ""
    memory_request: str = ""
    ephemeral_request: str = ""
    cpu_limit: str = ""
    memory_limit: str = ""
    ephemeral_limit: str = ""

    def check(self, env_prefix: str) -> None:
        """Refuse values that are not quantities, naming the operator's env var."""
        for attribute in attrs.fields(ResourceDefaults):
            value = getattr(self, attribute.name)
            if value != "" and not is_quantity(value):
                kind, bound = attribute.name.split("_")
                env = f"{env_prefix}{_ENV_KIND[kind]}_{bound.upper()}"
                raise SpecError(
                    f"defaults.{attribute.name}",
                    f"invalid value for {env}: {go_quote(value)} is not a valid Kubernetes quantity",
                )


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

    bootstrap_servers: str = "localhost:9092"
    security_enabled: bool = False
    security_protocol: str = "SASL_PLAINTEXT"
    sasl_mechanism: str = "SCRAM-SHA-512"
    sasl_jaas_config: str = ""
    username: str = ""
    password: str = ""


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

    pod_resources: ResourceDefaults = field(factory=_helm_pod_resources)
    master_resources: ResourceDefaults = field(factory=ResourceDefaults)
    worker_resources: ResourceDefaults = field(factory=ResourceDefaults)
    job_ttl_seconds_after_finished: int | None = None
    metrics_exporter_image: str = "containersol/locust_exporter:v0.5.0"
    metrics_exporter_port: int = 9646
    metrics_exporter_image_pull_policy: str = "IfNotPresent"
    metrics_exporter_resources: ResourceDefaults = field(factory=_helm_exporter_resources)
    kafka: KafkaDefaults = field(factory=KafkaDefaults)
    inject_affinity: bool = True
    inject_tolerations: bool = True
    default_runtime_class_name: str = ""
    managed_by: str = "locust-k8s-operator"

    def __attrs_post_init__(self) -> None:
        self.pod_resources.check("POD_")
        self.master_resources.check("MASTER_POD_")
        self.worker_resources.check("WORKER_POD_")
        self.metrics_exporter_resources.check("METRICS_EXPORTER_")
        name = self.default_runtime_class_name
        if name and not is_dns1123_subdomain(name):
            raise SpecError(
                "defaults.default_runtime_class_name",
                f"invalid value for DEFAULT_RUNTIME_CLASS_NAME: {go_quote(name)} is not a valid DNS-1123 subdomain",
            )
        ttl = self.job_ttl_seconds_after_finished
        if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 0):
            raise SpecError("defaults.job_ttl_seconds_after_finished", f"must be a non-negative integer, got {ttl!r}")
        port = self.metrics_exporter_port
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise SpecError("defaults.metrics_exporter_port", f"must be a port number (1-65535), got {port!r}")

    @classmethod
    def go_defaults(cls) -> "OperatorDefaults":
        """The operator run with no configuration at all (its Go defaults, as in its unit tests)."""
        return cls(
            metrics_exporter_image_pull_policy="Always",
            metrics_exporter_resources=_helm_pod_resources(),
            inject_affinity=False,
            inject_tolerations=False,
        )

"""The operator's own configuration (``internal/config/config.go``), as one defaults object.

Its default values are those of a default Helm install of the operator; pass a changed copy
as ``defaults=`` to match an operator installed with other values, e.g.
``attrs.evolve(OperatorDefaults(), inject_affinity=False)``, or read the operator's real
configuration with :meth:`OperatorDefaults.from_helm_values` (the chart's values file) or
:meth:`OperatorDefaults.from_env` (the operator's environment variables).

Every field's type is checked when the object is made: a wrong type or value raises
:class:`~constructs_locust.SpecError` naming ``defaults.<field>``, never ``TypeError``.
"""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from attrs import field, frozen

from .._core.durations import whole_seconds
from .._core.errors import SpecError, go_quote
from .._core.names import is_dns1123_subdomain
from .._core.option_fields import Rule, check_fields, checked, of_type
from ._defaults import (
    _BOOLEAN,
    _STRING,
    PATH,
    KafkaDefaults,
    ResourceDefaults,
    _helm_exporter_resources,
    _helm_pod_resources,
    _port,
    _pull_policy,
    _ttl,
)
from ._env import env_settings
from ._helm_values import helm_settings

__all__ = ["OperatorDefaults", "defaults_from_env", "defaults_from_helm_values"]


def _ttl_seconds(value: int | timedelta | None) -> Any:
    """A ``timedelta`` TTL as its whole seconds (refused if fractional or negative); else as given."""
    return whole_seconds(f"{PATH}.job_ttl_seconds_after_finished", value)


def _resources(env_prefix: str) -> Rule:
    """A :class:`ResourceDefaults` of quantities (the operator's message names the ``env_prefix`` variables)."""
    is_resources = of_type(ResourceDefaults, "ResourceDefaults")

    def check(path: str, value: Any) -> None:
        is_resources(path, value)
        value.check(env_prefix, path)

    return check


@frozen(kw_only=True)
class OperatorDefaults:
    """What the operator's configuration adds to every test; defaults = default Helm install.

    Attributes:
        pod_resources: ``POD_*``: resources of a Locust container whose CR role sets none
            (250m/128Mi/30M requests, 1000m/1024Mi/50M limits).
        master_resources, worker_resources: ``MASTER_POD_*`` / ``WORKER_POD_*``: per-role
            values that win over ``pod_resources`` field by field; all unset by default.
        job_ttl_seconds_after_finished: ``None`` (default): no ``ttlSecondsAfterFinished``; else
            seconds, an ``int`` or a ``datetime.timedelta`` of whole seconds (stored as the ``int``).
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

    pod_resources: ResourceDefaults = field(factory=_helm_pod_resources, metadata=checked(_resources("POD_")))
    master_resources: ResourceDefaults = field(factory=ResourceDefaults, metadata=checked(_resources("MASTER_POD_")))
    worker_resources: ResourceDefaults = field(factory=ResourceDefaults, metadata=checked(_resources("WORKER_POD_")))
    job_ttl_seconds_after_finished: int | None = field(default=None, converter=_ttl_seconds, metadata=checked(_ttl))
    metrics_exporter_image: str = field(default="containersol/locust_exporter:v0.5.0", metadata=checked(_STRING))
    metrics_exporter_port: int = field(default=9646, metadata=checked(_port))
    metrics_exporter_image_pull_policy: str = field(default="IfNotPresent", metadata=checked(_pull_policy))
    metrics_exporter_resources: ResourceDefaults = field(
        factory=_helm_exporter_resources, metadata=checked(_resources("METRICS_EXPORTER_"))
    )
    kafka: KafkaDefaults = field(factory=KafkaDefaults, metadata=checked(of_type(KafkaDefaults, "KafkaDefaults")))
    inject_affinity: bool = field(default=True, metadata=checked(_BOOLEAN))
    inject_tolerations: bool = field(default=True, metadata=checked(_BOOLEAN))
    default_runtime_class_name: str = field(default="", metadata=checked(_STRING))
    managed_by: str = field(default="locust-k8s-operator", metadata=checked(_STRING))

    def __attrs_post_init__(self) -> None:
        check_fields(self, PATH)
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
        return cls(**env_settings(env))

    @classmethod
    def from_helm_values(cls, values: Mapping[str, Any] | None) -> "OperatorDefaults":
        """The configuration of an operator installed by its Helm chart with the values ``values``.

        ``values`` is what ``helm install -f values.yaml`` reads: the current keys under
        ``locustPods`` and ``kafka``, the deprecated ``config.*`` keys the chart still maps, and
        ``extraEnv``; they go over the chart's own defaults (so ``from_helm_values({})`` equals
        ``OperatorDefaults()``; ``None``, what ``yaml.safe_load`` gives for an empty values file, is
        no values, as for Helm). Each becomes the environment variable the chart sets, read as
        :meth:`from_env` reads it. Unknown keys, values the chart's schema refuses and values the
        operator refuses at startup raise :class:`SpecError` naming the key's path.
        """
        return cls(**helm_settings(values))


def defaults_from_env(env: Mapping[str, str], *, paths: Mapping[str, str] | None = None) -> OperatorDefaults:
    """:meth:`OperatorDefaults.from_env`; ``paths`` names where each variable came from, for errors.

    Raises :class:`SpecError` holding every problem of ``env`` (see :attr:`SpecError.errors`).
    """
    return OperatorDefaults(**env_settings(env, paths=paths))


def defaults_from_helm_values(values: Mapping[str, Any] | None) -> OperatorDefaults:
    """:meth:`OperatorDefaults.from_helm_values`; a :class:`SpecError` holds every problem of ``values``."""
    return OperatorDefaults(**helm_settings(values))

"""The OpenTelemetry Collector's objects as the operator's chart deploys them: plain dicts, no cdk8s.

The chart's optional collector (``otelCollector.enabled``) is a ConfigMap with the
configuration, a Deployment running ``otel/opentelemetry-collector-contrib`` with health probes
and restricted, non-root security contexts, and a Service with the OTLP ports.
:func:`collector_settings` checks the arguments of ``OtelCollector`` (every bad one at once, by
its keyword, then the configuration) and :func:`collector_manifests` builds the three objects
from them; :func:`render_collector` does both, as ``render_manifests`` does for a test.
"""

import copy
import re
import typing
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from attrs import field, frozen

from .. import kube
from .._core.checks import all_of, at_least
from .._core.errors import SpecError, go_quote
from .._core.field_errors import invalid, required, type_error
from .._core.model import KubeObject, coerce
from .._core.names import check_namespace
from .._core.option_fields import check_fields, checked, optional, typed
from ..kube import _rules as rules
from ..otel._collector_config import (
    CONFIG_FILE,
    HEALTH_PORT,
    CollectorPort,
    check_config,
    config_checksum,
    config_text,
    default_config,
    service_ports,
)
from ..otel._exporters import CollectorExporter, DebugExporter, OtlpExporter, PrometheusExporter
from ..otel._remote_write import PrometheusRemoteWriteExporter

__all__ = [
    "DEFAULT_COLLECTOR_IMAGE",
    "MAX_COLLECTOR_NAME_LENGTH",
    "CollectorManifests",
    "CollectorSettings",
    "collector_manifests",
    "collector_settings",
    "render_collector",
]

DEFAULT_COLLECTOR_IMAGE = "otel/opentelemetry-collector-contrib:0.145.0"
"""The operator chart's collector image (``otelCollector.image``)."""
DEFAULT_RESOURCES: Mapping[str, Any] = {
    "requests": {"cpu": "50m", "memory": "64Mi"},
    "limits": {"cpu": "200m", "memory": "256Mi"},
}
"""The operator chart's collector resources."""
CONFIG_MOUNT_PATH = "/conf"
CONTAINER_NAME = "otel-collector"
COMPONENT = "otel-collector"
CHECKSUM_ANNOTATION = "checksum/otel-config"
CONFIG_MAP_SUFFIX = "-config"
"""The ConfigMap is ``<name>-config``."""
DNS_LABEL_LENGTH = 63
"""The longest DNS label (RFC 1035/1123), and so the longest Service name and label value."""
MAX_COLLECTOR_NAME_LENGTH = DNS_LABEL_LENGTH - len(CONFIG_MAP_SUFFIX)  # 56
"""The longest collector name: every object name it gives (``<name>``, ``<name>-config``) stays a DNS label."""
_SERVICE_NAME = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")

POD_SECURITY_CONTEXT: Mapping[str, Any] = {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
"""Restricted, non-root (the chart's ``otelCollector.podSecurityContext``)."""
CONTAINER_SECURITY_CONTEXT: Mapping[str, Any] = {
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "readOnlyRootFilesystem": True,
}
"""Least privilege (the chart's ``otelCollector.containerSecurityContext``)."""


@frozen(kw_only=True)
class CollectorSettings:
    """The collector's arguments, checked, with the chart's defaults filled in."""

    name: str
    """Name of the Deployment and the Service."""
    namespace: str | None
    """Namespace of the three objects (``None``: none set)."""
    config: dict[str, Any]
    """The collector configuration, checked."""
    ports: tuple[CollectorPort, ...]
    """The ports the OTLP receivers (and exporters such as Prometheus) listen on."""
    env: tuple[dict[str, Any], ...]
    """The container's env vars (the exporters' Secret references)."""
    image: str
    replicas: int
    resources: Mapping[str, Any]
    labels: Mapping[str, str]
    """The user's extra labels."""

    @property
    def config_map_name(self) -> str:
        """Name of the ConfigMap holding the configuration."""
        return f"{self.name}{CONFIG_MAP_SUFFIX}"


class CollectorManifests(NamedTuple):
    """The collector's objects, in the order they are added."""

    config_map: dict[str, Any]
    deployment: dict[str, Any]
    service: dict[str, Any]


def render_collector(
    name: str,
    namespace: str | None = None,
    *,
    exporters: Sequence[CollectorExporter] | None = None,
    config: Mapping[str, Any] | None = None,
    image: str = DEFAULT_COLLECTOR_IMAGE,
    replicas: int = 1,
    resources: Mapping[str, Any] | None = None,
    labels: Mapping[str, str] | None = None,
) -> CollectorManifests:
    """Check the arguments as ``OtelCollector`` does, then build its three objects."""
    arguments = CollectorArguments(
        name=name,
        namespace=namespace,
        exporters=exporters,
        config=config,
        image=image,
        replicas=replicas,
        resources=resources,
        labels=labels,
    )
    return collector_manifests(collector_settings(arguments))


def collector_settings(arguments: "CollectorArguments") -> CollectorSettings:
    """The settings of a collector whose ``arguments`` were checked (each at its keyword): the
    configuration chosen and checked, the chart's defaults filled in.

    Raises ``SpecError``: a configuration that cannot work names the path in it
    (``config.service.pipelines...``).
    """
    name, namespace, exporters, config = arguments.name, arguments.namespace, arguments.exporters, arguments.config
    image, replicas, resources, labels = arguments.image, arguments.replicas, arguments.resources, arguments.labels
    if config is not None and exporters is not None:
        raise SpecError("config", "give either config or exporters, not both")
    chosen = tuple(typing.cast(Sequence[CollectorExporter], exporters)) if exporters is not None else (DebugExporter(),)
    if config is not None:
        check_config(config)
    collector_config = dict(typing.cast(Mapping[str, Any], config)) if config is not None else default_config(chosen)
    check_config(collector_config)
    ports = tuple(service_ports(collector_config))
    env = () if config is not None else tuple(variable for exporter in chosen for variable in exporter.env())
    extra = dict(typing.cast(Mapping[str, str], labels or {}))
    clash = sorted(set(extra) & set(_selector("")))
    if clash:
        raise SpecError(f"labels.{clash[0]}", "is a selector label of the collector's pods and cannot be changed")
    return CollectorSettings(
        name=typing.cast(str, name),
        namespace=typing.cast(str | None, namespace),
        config=collector_config,
        ports=ports,
        env=env,
        image=typing.cast(str, image),
        replicas=typing.cast(int, replicas),
        resources=typing.cast(Mapping[str, Any], resources) if resources is not None else DEFAULT_RESOURCES,
        labels=extra,
    )


def collector_manifests(settings: CollectorSettings) -> CollectorManifests:
    """The ConfigMap, Deployment and Service of a collector with ``settings``."""
    return CollectorManifests(
        config_map=collector_config_map(settings),
        deployment=collector_deployment(settings),
        service=collector_service(settings),
    )


def collector_config_map(settings: CollectorSettings) -> dict[str, Any]:
    """The ConfigMap with ``otel-collector-config.yaml`` (``immutable: false``, the API server's default)."""
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": _metadata(settings, settings.config_map_name),
        "data": {CONFIG_FILE: config_text(settings.config)},
        "immutable": False,
    }


def collector_deployment(settings: CollectorSettings) -> dict[str, Any]:
    """The Deployment: the collector container, its probes and restricted contexts, the config mounted."""
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _metadata(settings, settings.name),
        "spec": {
            "replicas": settings.replicas,
            "selector": {"matchLabels": _selector(settings.name)},
            "template": {
                "metadata": {
                    "annotations": {CHECKSUM_ANNOTATION: config_checksum(settings.config)},
                    "labels": _object_labels(settings),
                },
                "spec": {
                    "securityContext": copy.deepcopy(dict(POD_SECURITY_CONTEXT)),
                    "containers": [_container(settings)],
                    "volumes": [{"name": "config", "configMap": {"name": settings.config_map_name}}],
                },
            },
        },
    }


def collector_service(settings: CollectorSettings) -> dict[str, Any]:
    """The Service Locust sends to: each port targets the container's port of the same name."""
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _metadata(settings, settings.name),
        "spec": {
            "ports": [
                {"name": port.name, "port": port.port, "targetPort": port.name, "protocol": "TCP"}
                for port in settings.ports
            ],
            "selector": _selector(settings.name),
        },
    }


def _container(settings: CollectorSettings) -> dict[str, Any]:
    container: dict[str, Any] = {
        "name": CONTAINER_NAME,
        "image": settings.image,
        "args": [f"--config={CONFIG_MOUNT_PATH}/{CONFIG_FILE}"],
        "ports": [
            *({"name": port.name, "containerPort": port.port, "protocol": "TCP"} for port in settings.ports),
            {"name": "health", "containerPort": HEALTH_PORT, "protocol": "TCP"},
        ],
    }
    if settings.env:
        container["env"] = list(settings.env)
    container.update(
        {
            "securityContext": copy.deepcopy(dict(CONTAINER_SECURITY_CONTEXT)),
            "livenessProbe": _probe(),
            "readinessProbe": _probe(),
            "resources": copy.deepcopy(dict(settings.resources)),
            "volumeMounts": [{"name": "config", "mountPath": CONFIG_MOUNT_PATH, "readOnly": True}],
        }
    )
    return container


def _probe() -> dict[str, Any]:
    return {"httpGet": {"path": "/", "port": HEALTH_PORT}, "initialDelaySeconds": 5, "periodSeconds": 10}


def _selector(name: str) -> dict[str, str]:
    """The pods' selector labels (the chart's), which the user's labels may not change."""
    return {
        "app.kubernetes.io/name": "opentelemetry-collector",
        "app.kubernetes.io/instance": name,
        "app.kubernetes.io/component": COMPONENT,
    }


def _object_labels(settings: CollectorSettings) -> dict[str, str]:
    return {**_selector(settings.name), "app.kubernetes.io/managed-by": "constructs-locust", **settings.labels}


def _metadata(settings: CollectorSettings, name: str) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name}
    if settings.namespace is not None:
        metadata["namespace"] = settings.namespace
    metadata["labels"] = _object_labels(settings)
    return metadata


# ---------------------------------------------------------------------------------------------
# The arguments, each reported at its keyword
# ---------------------------------------------------------------------------------------------


def _check_namespace(path: str, namespace: object) -> None:
    """The namespace rule, reported at the keyword ``namespace`` like every other argument."""
    try:
        check_namespace(namespace)
    except SpecError as error:
        raise error.at(path) from None


def _check_name(path: str, name: object) -> None:
    if not isinstance(name, str) or len(name) > MAX_COLLECTOR_NAME_LENGTH or not _SERVICE_NAME.fullmatch(name):
        raise invalid(
            path,
            name,
            f"a collector name must be a DNS-1035 label of at most {MAX_COLLECTOR_NAME_LENGTH} characters "
            "(lowercase alphanumerics or '-', starting with a letter)",
            shown=go_quote(str(name)),
        )


_EXPORTER_CLASSES = (DebugExporter, OtlpExporter, PrometheusExporter, PrometheusRemoteWriteExporter)


def _check_exporters(path: str, exporters: object) -> None:
    """Refuse ``exporters`` unless it is ``None`` or a list of exporters (each checked when it was built)."""
    if exporters is None:
        return
    if isinstance(exporters, (str, bytes, Mapping)) or not isinstance(exporters, Sequence):
        raise type_error(path, exporters, "array")
    errors = [
        invalid(
            f"{path}[{index}]",
            exporter,
            "must be a collector exporter "
            "(DebugExporter, OtlpExporter, PrometheusExporter, or one with component_id, signals, config() and env())",
        )
        for index, exporter in enumerate(exporters)
        if not isinstance(exporter, _EXPORTER_CLASSES) and not _is_exporter(exporter)
    ]
    if errors:
        raise SpecError.of(errors)


def _is_exporter(value: object) -> bool:
    """Whether ``value`` looks like a :class:`CollectorExporter` of the user's own."""
    return (
        isinstance(getattr(value, "component_id", None), str)
        and isinstance(getattr(value, "signals", None), (tuple, list))
        and callable(getattr(value, "config", None))
        and callable(getattr(value, "env", None))
    )


def _check_config_argument(path: str, config: object) -> None:
    if config is not None and not isinstance(config, Mapping):
        raise invalid(path, config, "must be a mapping")


def _check_image(path: str, image: object) -> None:
    coerce(image, str, path)
    if not typing.cast(str, image).strip():
        raise required(path, "the collector image must not be empty")


def _check_resources(path: str, resources: object) -> None:
    kube.check_resources(path, coerce(resources, KubeObject, path))


def _check_labels(path: str, labels: object) -> None:
    rules.check_labels(path, coerce(labels, Mapping[str, str], path))


@frozen(kw_only=True)
class CollectorArguments:
    """The collector's keyword arguments as given, each checked at its keyword by its field's rule.

    Built by :func:`collector_settings`; every bad argument is reported at once, as the spec's
    and the typed options' fields are (:func:`~constructs_locust._core.option_fields.check_fields`).
    """

    name: object = field(metadata=checked(_check_name))
    namespace: object = field(default=None, metadata=checked(_check_namespace))
    exporters: object = field(default=None, metadata=checked(_check_exporters))
    config: object = field(default=None, metadata=checked(_check_config_argument))
    image: object = field(default=DEFAULT_COLLECTOR_IMAGE, metadata=checked(_check_image))
    replicas: object = field(default=1, metadata=checked(all_of(typed(int), at_least(0))))
    resources: object = field(default=None, metadata=checked(optional(_check_resources)))
    labels: object = field(default=None, metadata=checked(optional(_check_labels)))

    def __attrs_post_init__(self) -> None:
        check_fields(self, prefix=None)

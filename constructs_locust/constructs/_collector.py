"""``OtelCollector``: an OpenTelemetry Collector for Locust tests, as the operator's chart deploys it.

The operator's Helm chart has an optional collector (``otelCollector.enabled``): a ConfigMap
with the configuration, a Deployment running ``otel/opentelemetry-collector-contrib`` with
health probes and restricted, non-root security contexts, and a Service with the OTLP ports.
This construct renders the same three objects, with two differences that a Locust test needs:
the default pipeline takes traces, metrics and logs (the chart's takes metrics only, so the
spans Locust sends are refused), and exporters are typed (debug, OTLP upstream with headers
from a Secret, Prometheus).

Built with: the ConfigMap is a cdk8s-plus-27 ``ConfigMap`` (it renders exactly the chart's
object, plus ``immutable: false``, the API server's default). The Deployment and Service are
``cdk8s.ApiObject`` s: cdk8s-plus-27 adds what the chart does not have and cannot be removed
(a ``cdk8s.io/metadata.addr`` selector, a TCP ``startupProbe``, ``imagePullPolicy: Always``,
``automountServiceAccountToken: false``, default resources, a Service ``externalIPs: []``)
and cannot name a Service's ``targetPort``.
"""

import re
import typing
from collections.abc import Mapping, Sequence
from typing import Any

import cdk8s
import cdk8s_plus_27 as kplus
from constructs import Construct

from .. import kube
from .._core.errors import SpecError, go_quote, show_value
from .._core.model import KubeObject, check_all, coerce
from .._core.names import check_namespace
from ..kube import _rules as rules
from ..otel._collector_config import (
    CONFIG_FILE,
    GRPC_PORT,
    HEALTH_PORT,
    HTTP_PORT,
    check_config,
    config_checksum,
    config_text,
    default_config,
    service_ports,
)
from ..otel._exporters import CollectorExporter, DebugExporter, OtlpExporter, PrometheusExporter
from ..otel._options import OtlpEndpoint
from ..spec._classes import OtlpProtocol
from ._tree import unique_child_id

__all__ = ["DEFAULT_COLLECTOR_IMAGE", "OtelCollector"]

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
_SERVICE_NAME = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")

POD_SECURITY_CONTEXT: Mapping[str, Any] = {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
"""Restricted, non-root (the chart's ``otelCollector.podSecurityContext``)."""
CONTAINER_SECURITY_CONTEXT: Mapping[str, Any] = {
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "readOnlyRootFilesystem": True,
}
"""Least privilege (the chart's ``otelCollector.containerSecurityContext``)."""


def _probe() -> dict[str, Any]:
    return {"httpGet": {"path": "/", "port": HEALTH_PORT}, "initialDelaySeconds": 5, "periodSeconds": 10}


class OtelCollector(Construct):
    """An OpenTelemetry Collector (ConfigMap, Deployment, Service) that Locust tests export to.

    Every argument is checked before anything is added to the tree, each bad one reported at
    once by its keyword (``exporters: Invalid value: "debug": must be of type array``,
    ``replicas``, ``labels``, ``resources`` as the API server checks them); then the
    configuration (a ``SpecError`` names the path in it): every pipeline's receivers,
    processors and exporters are defined, the OTLP receivers listen on the Service's ports
    4317/4318, the probes' ``health_check`` is on.

    Args:
        scope: The parent construct (usually a ``cdk8s.Chart``).
        id: The construct id; also the name of the Deployment and Service unless ``name``
            is given (the ConfigMap is ``<name>-config``).
        name: Object name, a DNS-1035 label of at most 56 characters. Default: ``id``.
        namespace: Namespace of the three objects. Default ``None``: the chart's, if any.
        exporters: Where telemetry goes; every signal gets every exporter that serves it.
            Default: ``(DebugExporter(),)``, the collector's log. Not with ``config``.
        config: A complete collector configuration instead (checked the same way). Default:
            built from ``exporters``.
        image: Default: the operator chart's ``otel/opentelemetry-collector-contrib:0.145.0``.
        replicas: Default 1.
        resources: ``corev1.ResourceRequirements``. Default: the chart's (50m/64Mi requested,
            200m/256Mi limit).
        labels: Extra labels on the three objects and the pods.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str | None = None,
        namespace: str | None = None,
        exporters: Sequence[CollectorExporter] | None = None,
        config: Mapping[str, Any] | None = None,
        image: str = DEFAULT_COLLECTOR_IMAGE,
        replicas: int = 1,
        resources: Mapping[str, Any] | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        object_name = id if name is None else name
        check_all(
            [
                lambda: _check_name(object_name),
                lambda: _check_namespace(namespace),
                lambda: _check_exporters(exporters),
                lambda: _check_config_argument(config),
                lambda: _check_image(image),
                lambda: _check_replicas(replicas),
                lambda: _check_resources(resources),
                lambda: _check_labels(labels),
            ]
        )
        if config is not None and exporters is not None:
            raise SpecError("config", "give either config or exporters, not both")
        chosen = tuple(exporters) if exporters is not None else (DebugExporter(),)
        if config is not None:
            check_config(config)
        collector_config = dict(config) if config is not None else default_config(chosen)
        check_config(collector_config)
        ports = service_ports(collector_config)
        env = [] if config is not None else [variable for exporter in chosen for variable in exporter.env()]

        selector = {
            "app.kubernetes.io/name": "opentelemetry-collector",
            "app.kubernetes.io/instance": object_name,
            "app.kubernetes.io/component": COMPONENT,
        }
        clash = sorted(set(labels or {}) & set(selector))
        if clash:
            raise SpecError(f"labels.{clash[0]}", "is a selector label of the collector's pods and cannot be changed")
        object_labels = {**selector, "app.kubernetes.io/managed-by": "constructs-locust", **(labels or {})}

        with unique_child_id(id):
            super().__init__(scope, id)
        self.name = object_name
        """Name of the Deployment and the Service."""
        self.namespace = namespace if namespace is not None else cdk8s.Chart.of(self).namespace
        """The namespace the objects go to (``None``: unset, the deployer's current one)."""
        self.config: Mapping[str, Any] = collector_config
        """The collector configuration, as checked and written to the ConfigMap."""
        self.config_map_name = f"{object_name}-config"
        """Name of the ConfigMap holding the configuration."""

        def metadata(object_name: str) -> dict[str, Any]:
            body: dict[str, Any] = {"name": object_name}
            if namespace is not None:
                body["namespace"] = namespace
            body["labels"] = dict(object_labels)
            return body

        self.config_map = kplus.ConfigMap(
            self,
            "Config",
            metadata=cdk8s.ApiObjectMetadata(**metadata(self.config_map_name)),
            data={CONFIG_FILE: config_text(collector_config)},
        )
        """The ConfigMap (cdk8s-plus-27) with ``otel-collector-config.yaml``."""

        container: dict[str, Any] = {
            "name": CONTAINER_NAME,
            "image": image,
            "args": [f"--config={CONFIG_MOUNT_PATH}/{CONFIG_FILE}"],
            "ports": [
                *({"name": port.name, "containerPort": port.port, "protocol": "TCP"} for port in ports),
                {"name": "health", "containerPort": HEALTH_PORT, "protocol": "TCP"},
            ],
        }
        if env:
            container["env"] = env
        container.update(
            {
                "securityContext": dict(CONTAINER_SECURITY_CONTEXT),
                "livenessProbe": _probe(),
                "readinessProbe": _probe(),
                "resources": dict(resources if resources is not None else DEFAULT_RESOURCES),
                "volumeMounts": [{"name": "config", "mountPath": CONFIG_MOUNT_PATH, "readOnly": True}],
            }
        )
        deployment_spec = {
            "replicas": replicas,
            "selector": {"matchLabels": dict(selector)},
            "template": {
                "metadata": {
                    "annotations": {CHECKSUM_ANNOTATION: config_checksum(collector_config)},
                    "labels": {**object_labels},
                },
                "spec": {
                    "securityContext": dict(POD_SECURITY_CONTEXT),
                    "containers": [container],
                    "volumes": [{"name": "config", "configMap": {"name": self.config_map_name}}],
                },
            },
        }
        self.deployment = _with_spec(
            self, "Deployment", "apps/v1", "Deployment", metadata(object_name), deployment_spec
        )
        """The Deployment (``cdk8s.ApiObject``)."""
        service_spec = {
            "ports": [
                {"name": port.name, "port": port.port, "targetPort": port.name, "protocol": "TCP"} for port in ports
            ],
            "selector": dict(selector),
        }
        self.service = _with_spec(self, "Service", "v1", "Service", metadata(object_name), service_spec)
        """The Service (``cdk8s.ApiObject``) Locust sends to."""

    def endpoint(self, protocol: OtlpProtocol = OtlpProtocol.GRPC) -> OtlpEndpoint:
        """Where a LocustTest sends OTLP to this collector by ``protocol``, and whether ``insecure`` applies.

        gRPC: ``<name>[.<namespace>]:4317`` with ``insecure=True`` (the collector has no TLS).
        HTTP/protobuf: ``http://<name>[.<namespace>]:4318``, ``insecure=None`` (the scheme
        decides). Without a namespace the short name works only from the same namespace.
        """
        host = self.name if self.namespace is None else f"{self.name}.{self.namespace}"
        if OtlpProtocol(protocol) is OtlpProtocol.GRPC:
            return OtlpEndpoint(endpoint=f"{host}:{GRPC_PORT}", protocol=OtlpProtocol.GRPC, insecure=True)
        return OtlpEndpoint(endpoint=f"http://{host}:{HTTP_PORT}", protocol=OtlpProtocol.HTTP_PROTOBUF)


def _check_namespace(namespace: object) -> None:
    """The namespace rule, reported at the keyword ``namespace`` like every other argument."""
    try:
        check_namespace(namespace)
    except SpecError as error:
        raise error.at("namespace") from None


def _check_name(name: object) -> None:
    if not isinstance(name, str) or len(name) > 56 or not _SERVICE_NAME.fullmatch(name):
        raise SpecError(
            "name",
            f"Invalid value: {go_quote(str(name))}: a collector name must be a DNS-1035 label of at most "
            "56 characters (lowercase alphanumerics or '-', starting with a letter)",
        )


_EXPORTER_CLASSES = (DebugExporter, OtlpExporter, PrometheusExporter)


def _check_exporters(exporters: object) -> None:
    """Refuse ``exporters`` unless it is ``None`` or a list of exporters (each checked when it was built)."""
    if exporters is None:
        return
    if isinstance(exporters, (str, bytes, Mapping)) or not isinstance(exporters, Sequence):
        raise SpecError("exporters", f"Invalid value: {show_value(exporters)}: must be of type array")
    errors = [
        SpecError(
            f"exporters[{index}]",
            f"Invalid value: {show_value(exporter)}: must be a collector exporter "
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


def _check_config_argument(config: object) -> None:
    if config is not None and not isinstance(config, Mapping):
        raise SpecError("config", f"Invalid value: {show_value(config)}: must be a mapping")


def _check_image(image: object) -> None:
    coerce(image, str, "image")
    if not typing.cast(str, image).strip():
        raise SpecError("image", "Required value: the collector image must not be empty")


def _check_replicas(replicas: object) -> None:
    coerce(replicas, int, "replicas")
    if typing.cast(int, replicas) < 0:
        raise SpecError("replicas", f"Invalid value: {replicas}: should be greater than or equal to 0")


def _check_resources(resources: object) -> None:
    if resources is not None:
        kube.check_resources("resources", coerce(resources, KubeObject, "resources"))


def _check_labels(labels: object) -> None:
    if labels is not None:
        rules.check_labels("labels", coerce(labels, Mapping[str, str], "labels"))


def _with_spec(
    scope: Construct, id: str, api_version: str, kind: str, metadata: dict[str, Any], spec: dict[str, Any]
) -> cdk8s.ApiObject:
    obj = cdk8s.ApiObject(scope, id, api_version=api_version, kind=kind, metadata=metadata)
    obj.add_json_patch(cdk8s.JsonPatch.add("/spec", spec))
    return obj

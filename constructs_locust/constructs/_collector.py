"""``OtelCollector``: an OpenTelemetry Collector for Locust tests, as the operator's chart deploys it.

The operator's Helm chart has an optional collector (``otelCollector.enabled``): a ConfigMap
with the configuration, a Deployment running ``otel/opentelemetry-collector-contrib`` with
health probes and restricted, non-root security contexts, and a Service with the OTLP ports.
This construct renders the same three objects, with two differences that a Locust test needs:
the default pipeline takes traces, metrics and logs (the chart's takes metrics only, so the
spans Locust sends are refused), and exporters are typed (debug, OTLP upstream with headers
from a Secret, Prometheus). The objects are built, as plain data, by
:mod:`constructs_locust.manifests._collector`; this construct checks, claims the names in the
app and adds them.

Built with: the ConfigMap is a cdk8s-plus-27 ``ConfigMap`` (it renders exactly the chart's
object, plus ``immutable: false``, the API server's default). The Deployment and Service are
``cdk8s.ApiObject`` s (the shared ``ManifestObject``): cdk8s-plus-27 adds what the chart does
not have and cannot be removed (a ``cdk8s.io/metadata.addr`` selector, a TCP
``startupProbe``, ``imagePullPolicy: Always``, ``automountServiceAccountToken: false``,
default resources, a Service ``externalIPs: []``) and cannot name a Service's ``targetPort``.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import cdk8s
import cdk8s_plus_27 as kplus
from constructs import Construct

from ..manifests._collector import (
    DEFAULT_COLLECTOR_IMAGE,
    CollectorArguments,
    CollectorManifests,
    collector_manifests,
    collector_settings,
)
from ..otel._collector_config import GRPC_PORT, HTTP_PORT
from ..otel._exporters import CollectorExporter
from ..otel._options import OtlpEndpoint
from ..spec._classes import OtlpProtocol
from ._manifest_object import ManifestObject
from ._signature import python_signature
from ._tree import claim_names, unique_child_id

__all__ = ["DEFAULT_COLLECTOR_IMAGE", "OtelCollector"]


@python_signature
class OtelCollector(Construct):
    """An OpenTelemetry Collector (ConfigMap, Deployment, Service) that Locust tests export to.

    Every argument is checked before anything is added to the tree, each bad one reported at
    once by its keyword (``exporters: Invalid value: "debug": must be of type array``,
    ``replicas``, ``labels``, ``resources`` as the API server checks them); then the
    configuration (a ``SpecError`` names the path in it): every pipeline's receivers,
    processors and exporters are defined, the OTLP receivers listen on the Service's ports
    4317/4318, the probes' ``health_check`` is on. So is a collector whose objects another
    construct of this library in the same ``cdk8s.App`` already has (the same kind, namespace
    and name: a second collector of one name, or one named like a test's Service), reported at
    ``name``; a construct removed from the tree frees its names.

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

    Attributes:
        manifests: The three objects as plain data (``config_map``, ``deployment``,
            ``service``), as built, before any escape-hatch patch.
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
        arguments = CollectorArguments(
            name=id if name is None else name,
            namespace=namespace,
            exporters=exporters,
            config=config,
            image=image,
            replicas=replicas,
            resources=resources,
            labels=labels,
        )
        settings = collector_settings(arguments)
        manifests = collector_manifests(settings)
        claim = claim_names(
            scope,
            id,
            namespace,
            ((manifest["kind"], manifest["metadata"]["name"]) for manifest in manifests),
            test_name=settings.name,
            path="name",
            what="collector",
        )
        with unique_child_id(id):
            super().__init__(scope, id)
        self.name = settings.name
        """Name of the Deployment and the Service."""
        self.namespace = namespace if namespace is not None else cdk8s.Chart.of(self).namespace
        """The namespace the objects go to; ``None`` leaves it unset (the deployer's current one)."""
        self.config: Mapping[str, Any] = settings.config
        """The collector configuration, as checked and written to the ConfigMap."""
        self.config_map_name = settings.config_map_name
        """Name of the ConfigMap holding the configuration."""
        self.manifests: CollectorManifests = manifests
        """The three objects as plain data, as built (before any escape-hatch patch)."""
        self.config_map = _config_map(self, manifests.config_map)
        """The ConfigMap (cdk8s-plus-27) with ``otel-collector-config.yaml``."""
        self.deployment: cdk8s.ApiObject = ManifestObject(self, "Deployment", manifest=manifests.deployment)
        """The Deployment (``cdk8s.ApiObject``)."""
        self.service: cdk8s.ApiObject = ManifestObject(self, "Service", manifest=manifests.service)
        """The Service (``cdk8s.ApiObject``) Locust sends to."""
        claim.register(self)

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


def _config_map(scope: Construct, manifest: dict[str, Any]) -> kplus.ConfigMap:
    """The built ConfigMap as a cdk8s-plus-27 ``ConfigMap``, which renders exactly ``manifest``."""
    return kplus.ConfigMap(
        scope,
        "Config",
        metadata=cdk8s.ApiObjectMetadata(**manifest["metadata"]),
        data=manifest["data"],
        immutable=manifest["immutable"],
    )

"""``LocustDashboard``: the Locust Grafana dashboard as a ConfigMap the Grafana sidecar loads.

The dashboard itself is built (Grafana's foundation SDK) by
:mod:`constructs_locust.manifests._dashboard`; this construct checks the arguments, claims the
ConfigMap's name in the app and adds it, as a ``cdk8s.ApiObject`` holding exactly the built
object (``data`` and labels in the order written).
"""

from collections.abc import Mapping
from typing import Any

import cdk8s
from constructs import Construct

from ..manifests._dashboard import DEFAULT_DASHBOARD_TITLE, DEFAULT_DASHBOARD_UID, dashboard_config_map
from ._manifest_object import ManifestObject
from ._signature import python_signature
from ._tree import claim_names, unique_child_id

__all__ = ["LocustDashboard"]


@python_signature
class LocustDashboard(Construct):
    """The Locust dashboard (requests and failures per name, failures by error type, p50/p95/p99,
    users, workers; variables for the data source, the test and the run) in a ConfigMap.

    The Grafana Helm chart's dashboard sidecar (``sidecar.dashboards.enabled``) loads every
    ConfigMap labelled ``grafana_dashboard: "1"`` in the namespaces it watches. The queries
    need the identity of :class:`~constructs_locust.OtelOptions` as labels (the collector's
    Prometheus exporters with ``resource_to_telemetry_conversion``); see the dashboard how-to.

    Args:
        scope: The parent construct (usually a ``cdk8s.Chart``).
        id: The construct id; also the ConfigMap's name unless ``name`` is given.
        name: ConfigMap name (a DNS-1123 subdomain). Default: ``id``.
        namespace: Where the ConfigMap goes (one the sidecar watches). Default ``None``: the
            chart's, if any.
        labels: The ConfigMap's labels. Default: ``{"grafana_dashboard": "1"}``, the sidecar's
            default label; give yours if the sidecar's ``label``/``labelValue`` differ.
        title: The dashboard's title. Default ``Locust load tests``.
        uid: The dashboard's uid (1 to 40 letters, digits, ``-``, ``_``). Default ``constructs-locust``.

    Attributes:
        manifest: The ConfigMap as plain data, as built.
        config_map: The ConfigMap (``cdk8s.ApiObject``).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str | None = None,
        namespace: str | None = None,
        labels: Mapping[str, str] | None = None,
        title: str = DEFAULT_DASHBOARD_TITLE,
        uid: str = DEFAULT_DASHBOARD_UID,
    ) -> None:
        chosen = id if name is None else name
        manifest: dict[str, Any] = dashboard_config_map(chosen, namespace, labels=labels, title=title, uid=uid)
        claim = claim_names(
            scope, id, namespace, [("ConfigMap", chosen)], test_name=chosen, path="name", what="dashboard"
        )
        with unique_child_id(id):
            super().__init__(scope, id)
        self.name = chosen
        """Name of the ConfigMap."""
        self.namespace = namespace if namespace is not None else cdk8s.Chart.of(self).namespace
        """The namespace the ConfigMap goes to; ``None`` leaves it unset."""
        self.manifest = manifest
        """The ConfigMap as plain data, as built."""
        self.config_map: cdk8s.ApiObject = ManifestObject(self, "ConfigMap", manifest=manifest)
        """The ConfigMap (``cdk8s.ApiObject``)."""
        claim.register(self)

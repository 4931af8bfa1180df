"""The collector's ``prometheusremotewrite`` exporter, typed: metrics pushed to Prometheus, Mimir or Grafana Cloud.

Metrics only (Locust's traces and logs need another exporter beside it). Header values come
from Secrets: each reaches the collector container as an env var from
``valueFrom.secretKeyRef`` and the configuration refers to it as ``${env:VAR}``, so no secret
is ever written into the ConfigMap.
"""

import re
from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from .._core.option_fields import check_fields, checked, typed
from ._exporters import _check_endpoint, _check_headers, _check_name, _component_id
from ._options import SecretKeyRef

__all__ = ["PrometheusRemoteWriteExporter"]


@frozen(kw_only=True)
class PrometheusRemoteWriteExporter:
    """Push metrics with Prometheus remote write (``prometheusremotewrite``).

    Attributes:
        endpoint: Required. The remote-write URL, e.g.
            ``http://prometheus.monitoring:9090/api/v1/write`` (Prometheus with
            ``--web.enable-remote-write-receiver``), ``http://mimir/api/v1/push``, or Grafana
            Cloud's ``https://prometheus-prod-...grafana.net/api/prom/push``.
        headers: Header name -> the Secret key holding its value (``Authorization`` with
            ``Basic <base64 of instance-id:token>`` for Grafana Cloud, ``X-Scope-OrgID`` for a
            multi-tenant Mimir). Never literal: ``${env:...}`` references only.
        resource_to_telemetry_conversion: ``True`` (the default here): every resource attribute
            becomes a label of every series, so the identity :class:`~constructs_locust.OtelOptions`
            gives each process (``locust_test_name``, ``locust_test_run``, ``locust_role``, ...)
            is on every series the dashboard queries. ``False``: the collector's default
            (``job`` / ``instance`` plus a ``target_info`` series).
        insecure: Skip TLS verification of an ``https`` endpoint (``tls.insecure_skip_verify``).
            Default ``False``; plain ``http://`` needs nothing.
        name: Component name (``prometheusremotewrite/<name>``). Default: none.
    """

    endpoint: str = field(metadata=checked(_check_endpoint))
    headers: Mapping[str, SecretKeyRef] = field(factory=dict, metadata=checked(_check_headers))
    resource_to_telemetry_conversion: bool = field(default=True, metadata=checked(typed(bool)))
    insecure: bool = field(default=False, metadata=checked(typed(bool)))
    name: str | None = field(default=None, metadata=checked(_check_name))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "PrometheusRemoteWriteExporter")

    @property
    def component_id(self) -> str:
        """``prometheusremotewrite`` or ``prometheusremotewrite/<name>``."""
        return _component_id("prometheusremotewrite", self.name)

    @property
    def signals(self) -> tuple[str, ...]:
        """Metrics only."""
        return ("metrics",)

    def _env_names(self) -> dict[str, str]:
        prefix = re.sub(r"[^A-Z0-9]", "_", self.component_id.upper())
        return {header: f"{prefix}_HEADER_{index}" for index, header in enumerate(sorted(self.headers))}

    def config(self) -> dict[str, Any]:
        """``endpoint``, ``headers`` as ``${env:...}``, ``resource_to_telemetry_conversion``, ``tls``."""
        body: dict[str, Any] = {"endpoint": self.endpoint}
        names = self._env_names()
        if names:
            body["headers"] = {header: f"${{env:{names[header]}}}" for header in sorted(names)}
        if self.resource_to_telemetry_conversion:
            body["resource_to_telemetry_conversion"] = {"enabled": True}
        if self.insecure:
            body["tls"] = {"insecure_skip_verify": True}
        return body

    def env(self) -> list[dict[str, Any]]:
        """One env var per header, from its Secret key."""
        names = self._env_names()
        return [self.headers[header].env_var(names[header]) for header in sorted(names)]

"""The master Service (``internal/resources/service.go:BuildMasterService``)."""

from typing import Any

from .._core.constants import LABEL_POD_NAME, MASTER, METRICS_PORT_NAME, SERVICE_PORTS, WEB_UI_PORT, WEB_UI_PORT_NAME
from .._core.names import node_name
from ..operator import OperatorDefaults
from ..spec._classes import LocustTestSpec
from ._job import object_metadata
from ._options import ServiceOptions


def master_service(
    spec: LocustTestSpec,
    test_name: str,
    namespace: str | None,
    defaults: OperatorDefaults,
    options: ServiceOptions | None = None,
) -> dict[str, Any]:
    """Ports 5557 and 5558 (named ``port5557``/``port5558``), plus the metrics port when OTel is off.

    ``options`` (the construct's ``service``, beyond the operator) adds labels and annotations
    to the Service and, with ``web_ui``, port 8089 named ``web-ui`` after the operator's ports.
    """
    master = node_name(test_name, MASTER)
    ports: list[dict[str, Any]] = [{"name": f"port{port}", "protocol": "TCP", "port": port} for port in SERVICE_PORTS]
    if not spec.open_telemetry_enabled:
        ports.append({"name": METRICS_PORT_NAME, "protocol": "TCP", "port": defaults.metrics_exporter_port})
    metadata: dict[str, Any] = object_metadata(master, namespace)
    if options is not None:
        if options.labels:
            metadata["labels"] = dict(sorted(options.labels.items()))
        if options.annotations:
            metadata["annotations"] = dict(sorted(options.annotations.items()))
        if options.web_ui:
            ports.append({"name": WEB_UI_PORT_NAME, "protocol": "TCP", "port": WEB_UI_PORT})
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata,
        "spec": {"ports": ports, "selector": {LABEL_POD_NAME: master}},
    }

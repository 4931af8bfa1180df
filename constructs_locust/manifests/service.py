"""The master Service (``internal/resources/service.go:BuildMasterService``)."""

from typing import Any

from ..constants import LABEL_POD_NAME, MASTER, METRICS_PORT_NAME, SERVICE_PORTS
from ..defaults import OperatorDefaults
from ..names import node_name
from ..spec import LocustTestSpec
from .job import object_metadata


def master_service(
    spec: LocustTestSpec, test_name: str, namespace: str | None, defaults: OperatorDefaults
) -> dict[str, Any]:
    """Ports 5557 and 5558 (named ``port5557``/``port5558``), plus the metrics port when OTel is off."""
    master = node_name(test_name, MASTER)
    ports: list[dict[str, Any]] = [{"name": f"port{port}", "protocol": "TCP", "port": port} for port in SERVICE_PORTS]
    if not spec.open_telemetry_enabled:
        ports.append({"name": METRICS_PORT_NAME, "protocol": "TCP", "port": defaults.metrics_exporter_port})
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": object_metadata(master, namespace),
        "spec": {"ports": ports, "selector": {LABEL_POD_NAME: master}},
    }

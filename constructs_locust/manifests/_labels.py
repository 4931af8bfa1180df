"""Pod-template labels and annotations (``internal/resources/labels.go``)."""

from .._core.constants import (
    LABEL_APP,
    LABEL_MANAGED_BY,
    LABEL_POD_NAME,
    LABEL_TEST_NAME,
    MASTER,
    METRICS_PATH,
    PROTECTED_LABELS,
)
from .._core.names import node_name
from ..operator import OperatorDefaults
from ..spec._classes import LocustTestSpec


def pod_labels(spec: LocustTestSpec, test_name: str, role: str, defaults: OperatorDefaults) -> dict[str, str]:
    """``BuildLabels``: the operator's four labels, then the role's user labels.

    User labels may override ``app`` and ``performance-test-name``; the pod-name and
    managed-by labels are protected. Keys come out sorted, as Go's JSON encoder sorts maps.
    """
    labels = {
        LABEL_APP: test_name,
        LABEL_POD_NAME: node_name(test_name, role),
        LABEL_MANAGED_BY: defaults.managed_by,
        LABEL_TEST_NAME: test_name,
    }
    role_spec = spec.master if role == MASTER else spec.worker
    for key, value in (role_spec.labels or {}).items():
        if key not in PROTECTED_LABELS:
            labels[key] = value
    return dict(sorted(labels.items()))


def pod_annotations(spec: LocustTestSpec, role: str, defaults: OperatorDefaults) -> dict[str, str]:
    """``BuildAnnotations``: prometheus scrape hints on the master when OTel is off, then user ones."""
    annotations: dict[str, str] = {}
    if role == MASTER and not spec.open_telemetry_enabled:
        annotations = {
            "prometheus.io/scrape": "true",
            "prometheus.io/path": METRICS_PATH,
            "prometheus.io/port": str(defaults.metrics_exporter_port),
        }
    role_spec = spec.master if role == MASTER else spec.worker
    annotations.update(role_spec.annotations or {})
    return dict(sorted(annotations.items()))

"""The master and worker Jobs (``internal/resources/job.go``)."""

from typing import Any

from .._core.constants import BACKOFF_LIMIT, MASTER, MASTER_REPLICAS
from .._core.names import node_name
from ..operator import OperatorDefaults
from ..spec._classes import LocustTestSpec
from ._options import PodOptions
from ._pod import pod_template


def job(
    spec: LocustTestSpec,
    test_name: str,
    namespace: str | None,
    role: str,
    defaults: OperatorDefaults,
    pod_options: PodOptions | None = None,
) -> dict[str, Any]:
    """``BuildMasterJob``/``BuildWorkerJob``: parallelism, backoffLimit 0, optional TTL, pod template.

    ``pod_options`` is the construct's ``master_pod``/``worker_pod`` for this role (beyond the operator).
    """
    body: dict[str, Any] = {
        "parallelism": MASTER_REPLICAS if role == MASTER else spec.worker.replicas,
        "backoffLimit": BACKOFF_LIMIT,
        "template": pod_template(spec, test_name, role, defaults, pod_options),
    }
    if defaults.job_ttl_seconds_after_finished is not None:
        body["ttlSecondsAfterFinished"] = defaults.job_ttl_seconds_after_finished
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": object_metadata(node_name(test_name, role), namespace),
        "spec": body,
    }


def object_metadata(name: str, namespace: str | None) -> dict[str, str]:
    """Name and, when known, namespace: the operator puts no labels on the Job or Service."""
    return {"name": name, "namespace": namespace} if namespace else {"name": name}

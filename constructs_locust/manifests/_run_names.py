"""The names a user types: a test's Service and Jobs, and label selectors for its pods.

With ``rerun_on_change`` the objects are ``<name>-<role>-<hash>``, so ``svc/<name>-master`` is
no name to type. :func:`names_of` reads the names from the rendered objects themselves, and
:func:`operator_names` gives those the operator creates for a ``LocustTest`` CR. Pods are
selected by ``performance-test-pod-name``, the label the master Service selects the master
by: it carries the run's hash too and a user's labels can never override it, whereas ``app``
and ``performance-test-name`` are shared by every run of a test (and may be overridden).
"""

from collections.abc import Mapping
from typing import Any

from attrs import frozen

from .._core.constants import LABEL_POD_NAME, MASTER, WORKER
from .._core.names import node_name
from . import LocustManifests

__all__ = ["RunNames", "job_spec", "names_of", "operator_names"]


@frozen
class RunNames:
    """The names of one run of a test: its master Service, its Jobs and its pods' labels.

    Attributes:
        master_service: The master Service's name (``kubectl port-forward svc/<this>``).
        master_job: The master Job's name (``kubectl logs job/<this>``).
        worker_job: The worker Job's name.
        master_pod_label: The ``performance-test-pod-name`` label of the master pod.
        worker_pod_label: The ``performance-test-pod-name`` label of the worker pods.
    """

    master_service: str
    master_job: str
    worker_job: str
    master_pod_label: str
    worker_pod_label: str

    @property
    def master_pod_selector(self) -> str:
        """A label selector for the master pod of this run (``kubectl logs -l <this>``)."""
        return f"{LABEL_POD_NAME}={self.master_pod_label}"

    @property
    def worker_pod_selector(self) -> str:
        """A label selector for the worker pods of this run."""
        return f"{LABEL_POD_NAME}={self.worker_pod_label}"

    @property
    def pod_selector(self) -> str:
        """A label selector for every pod of this run, master and workers (and of no other run)."""
        return f"{LABEL_POD_NAME} in ({self.master_pod_label},{self.worker_pod_label})"


def job_spec(manifest: Mapping[str, Any]) -> Mapping[str, Any]:
    """The Job spec of a rendered Job, or of a CronJob's ``jobTemplate`` (a test run on a schedule)."""
    spec: Mapping[str, Any] = manifest["spec"]
    return spec["jobTemplate"]["spec"] if manifest.get("kind") == "CronJob" else spec


def _pod_label(job: Mapping[str, Any]) -> str:
    return str(job_spec(job)["template"]["metadata"]["labels"][LABEL_POD_NAME])


def names_of(manifests: LocustManifests) -> RunNames:
    """The names of the rendered objects (content-addressed ones included), as they are written."""
    return RunNames(
        master_service=str(manifests.master_service["metadata"]["name"]),
        master_job=str(manifests.master_job["metadata"]["name"]),
        worker_job=str(manifests.worker_job["metadata"]["name"]),
        master_pod_label=_pod_label(manifests.master_job),
        worker_pod_label=_pod_label(manifests.worker_job),
    )


def operator_names(test_name: str) -> RunNames:
    """The names the operator gives the objects of the ``LocustTest`` named ``test_name``."""
    master, worker = node_name(test_name, MASTER), node_name(test_name, WORKER)
    return RunNames(
        master_service=master, master_job=master, worker_job=worker, master_pod_label=master, worker_pod_label=worker
    )

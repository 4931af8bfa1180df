"""The names a user types, as attributes of the constructs that stand for a test.

``LocustTest`` (its rendered objects, hash included with ``rerun_on_change``) and
``LocustTestResource`` (the objects the operator creates for the CR) share them through
:class:`RunNamesAttributes`, which reads one :class:`~constructs_locust.manifests._run_names.RunNames`.
"""

from ..manifests._run_names import RunNames

__all__ = ["RunNamesAttributes"]


class RunNamesAttributes:
    """The names of a test's Service and Jobs and selectors for its pods, from ``self.run_names``."""

    run_names: RunNames
    """The names of this run of the test."""

    @property
    def master_service_name(self) -> str:
        """The master Service's name (``kubectl port-forward svc/<this> 8089``), hash included."""
        return self.run_names.master_service

    @property
    def master_job_name(self) -> str:
        """The master Job's name (``kubectl logs job/<this>``)."""
        return self.run_names.master_job

    @property
    def worker_job_name(self) -> str:
        """The worker Job's name."""
        return self.run_names.worker_job

    @property
    def master_pod_selector(self) -> str:
        """A label selector for the master pod of this run (``kubectl logs -l '<this>'``)."""
        return self.run_names.master_pod_selector

    @property
    def worker_pod_selector(self) -> str:
        """A label selector for the worker pods of this run."""
        return self.run_names.worker_pod_selector

    @property
    def pod_selector(self) -> str:
        """A label selector for every pod of this run, master and workers, and of no other run."""
        return self.run_names.pod_selector

"""A worker group in another cluster: the worker Job alone, pointed at an address the user gives."""

from constructs import Construct

from .._core.constants import MASTER_PORT
from ..manifests._options import PodOptions
from ..manifests._remote_workers import worker_group_job
from ..operator import OperatorDefaults
from ..spec import _lint as lint
from ..spec._classes import LocustTestSpec
from ._manifest_object import ManifestObject
from ._signature import python_signature
from ._tree import claim_names, unique_child_id


@python_signature
class LocustWorkerGroupJob(ManifestObject):
    """The worker Job of a remote group: ``replicas`` pods running ``locust --worker``."""


@python_signature
class LocustWorkerGroup(Construct):
    """Workers of a test whose master runs in another cluster (beyond the operator).

    Put one in the chart of each other cluster (each chart synthesized and applied on its
    own); the master's ``LocustTest`` lists the group in ``remote_workers=RemoteWorkers(groups=
    {<group>: <replicas>})`` so that its ``--expect-workers`` counts these workers. Renders the
    operator's worker Job for ``spec``, named ``<test>-worker-<group>``, with ``replicas`` pods
    whose ``--master-host`` is ``master_address``. The test's files (ConfigMaps, Secrets) must
    exist in this cluster too.

    Args:
        scope: The parent construct (the other cluster's ``cdk8s.Chart``).
        id: The construct id; also the group's name unless ``group`` is given.
        test: The name of the master's ``LocustTest`` (its workers' labels and command).
        spec: The test's spec: the same as the master's, so the workers run the same locustfile.
        master_address: The IPv4 address or DNS name the workers dial: the external master
            Service's load balancer, a mesh gateway, an address across a VPN or peering.
        replicas: The group's worker pods (1 to 500); ``spec.worker.replicas`` is not used.
        group: The group's name (a lowercase RFC 1123 label). Default: ``id``.
        namespace: The Job's namespace. Default ``None``: the chart's, if any.
        defaults: The operator configuration to mirror. Default: a default Helm install.
        pod: Placement of the group's pods (:class:`PodOptions`). Default ``None``.
        master_port: The port the workers dial. Default 5557, the master's.

    Attributes:
        test_name: The master's test name.
        group: The group's name.
        manifest: The worker Job as plain data.
        worker_job: The Job, a :class:`LocustWorkerGroupJob` (a ``cdk8s.ApiObject``).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        test: str,
        spec: LocustTestSpec,
        master_address: str,
        replicas: int,
        group: str | None = None,
        namespace: str | None = None,
        defaults: OperatorDefaults | None = None,
        pod: PodOptions | None = None,
        master_port: int = MASTER_PORT,
    ) -> None:
        """Render the group's worker Job and add it under ``scope``."""
        group_name = id if group is None else group
        manifest = worker_group_job(
            spec,
            test,
            group_name,
            master_address=master_address,
            replicas=replicas,
            namespace=namespace,
            defaults=defaults,
            pod=pod,
            master_port=master_port,
        )
        claim = claim_names(
            scope, id, namespace, [("Job", manifest["metadata"]["name"])], test_name=group_name, what="worker group"
        )
        lint.warn(spec, name=test)
        with unique_child_id(id):
            super().__init__(scope, id)
        self.test_name = test
        """The master's test name."""
        self.group = group_name
        """The group's name."""
        self.manifest = manifest
        """The worker Job as plain data."""
        self.worker_job = LocustWorkerGroupJob(self, "WorkerJob", manifest=manifest)
        """The worker Job construct."""
        claim.register(self)

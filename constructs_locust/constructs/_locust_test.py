"""The cdk8s layer: thin constructs around the pure manifest builders.

Each part is a single ``cdk8s.ApiObject`` that receives its finished body in one JSON patch
(the fastest way through jsii, and the only one that keeps the operator's field order); it is
also reachable as ``api_object`` for escape hatches (``add_json_patch``, extra labels,
dependencies).

Every construct costs a round trip to the Node runtime, and those round trips are most of
the time a synth takes, so a test adds one ``Construct`` and its three objects to the tree and
nothing else: the parts are the ``ApiObject`` s themselves rather than constructs wrapping
one, and a duplicate id is caught from the construct library's own check instead of being
looked up first (``benchmarks/run.py``: about 1.1x the time of bare ``ApiObject`` s).
"""

from constructs import Construct

from ..manifests import LocustManifests, render_manifests
from ..manifests._options import PodOptions, ServiceOptions
from ..manifests._runs import check_rerun_on_change, content_addressed, with_job_ttl
from ..manifests._thresholds import Thresholds, with_thresholds
from ..operator import OperatorDefaults
from ..spec import _lint as lint
from ..spec._classes import LocustTestSpec
from ._manifest_object import ManifestObject
from ._signature import python_signature
from ._tree import claim_names, unique_child_id


@python_signature
class LocustMasterService(ManifestObject):
    """The master Service: ports 5557/5558 and, with OTel off, the prometheus metrics port."""


@python_signature
class LocustMasterJob(ManifestObject):
    """The master Job: one pod running ``locust --master`` (and the metrics exporter when OTel is off)."""


@python_signature
class LocustWorkerJob(ManifestObject):
    """The worker Job: ``spec.worker.replicas`` pods running ``locust --worker``."""


@python_signature
class LocustThresholdsConfigMap(ManifestObject):
    """The ConfigMap ``<name>-thresholds`` holding the thresholds plugin the master loads."""


@python_signature
class LocustTest(Construct):
    """A distributed Locust test: what the Locust k8s operator creates for a ``LocustTest``.

    Synthesizes, in the operator's order, the master Service, the master Job and the worker
    Job. The spec is validated as the operator's CRD and webhook would; a ``SpecError`` is
    raised (naming the field) before anything is added to the tree. So is a test whose objects
    another test (or ``LocustTestResource``) of the same ``cdk8s.App`` already has: the same
    kind, namespace (``None``: the chart's) and name would overwrite each other when applied.

    Args:
        scope: The parent construct (usually a ``cdk8s.Chart``).
        id: The construct id; also the test's name unless ``name`` is given.
        spec: The test, as a :class:`LocustTestSpec` (e.g. ``LocustTestSpec.from_cr(cr["spec"])``).
        name: The LocustTest name the objects are named after (``<name>-master``,
            ``<name>-worker``); at most 56 characters. Default: ``id``.
        namespace: The namespace of all three objects. Default ``None``: the chart's, if any.
        defaults: The operator configuration to mirror. Default: a default Helm install.
        master_pod: Beyond the operator: placement of the master pod (tolerations, affinity,
            node selector, topology spread, priority class, service account), on top of the
            spec's ``scheduling``; see :class:`PodOptions`. Default ``None``: the operator's pod.
        worker_pod: As ``master_pod``, for the worker pods (e.g. spot-node tolerations).
        service: Beyond the operator: labels, annotations and the web UI port of the master
            Service; see :class:`ServiceOptions`. Default ``None``: the operator's Service.
        rerun_on_change: Beyond the operator: name the Service and Jobs ``<name>-<role>-<hash>``,
            a hash of the rendered objects, so that a changed test is new objects (GitOps can
            apply it) and an unchanged one keeps its names; ``name`` is then at most 47
            characters. See :mod:`constructs_locust.manifests._runs`. Default ``False``.
        ttl_seconds_after_finished: Beyond the operator: this test's Jobs'
            ``ttlSecondsAfterFinished`` (the operator has only an operator-wide setting).
            Default ``None``: that of ``defaults``. Not under GitOps self-heal: a Job that Git
            still declares is recreated once deleted, and the test runs again.
        thresholds: Beyond the operator: pass/fail limits judged on the master at the end of
            the run (see :class:`Thresholds`): the spec is lowered to load a plugin from a
            fourth object, the ConfigMap ``<name>-thresholds``, and a breach fails the master
            Job. Default ``None``: no judging, the operator's three objects.

    Attributes:
        spec: The :class:`LocustTestSpec` this test was rendered from (with ``thresholds``,
            the spec they were lowered into).
        test_name: The LocustTest name (``metadata.name`` of the CR this test stands for).
        manifests: The three manifests as plain data (:class:`LocustManifests`), as rendered,
            before any escape-hatch patch; ``constructs_locust.testing.synth_manifests``
            gives the synthesized ones.
        master_service: The master Service, a :class:`LocustMasterService` (a ``cdk8s.ApiObject``).
        master_job: The master Job, a :class:`LocustMasterJob` (a ``cdk8s.ApiObject``).
        worker_job: The worker Job, a :class:`LocustWorkerJob` (a ``cdk8s.ApiObject``).
        thresholds_config_map: The plugin's ConfigMap, a :class:`LocustThresholdsConfigMap`;
            ``None`` without ``thresholds``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        spec: LocustTestSpec,
        name: str | None = None,
        namespace: str | None = None,
        defaults: OperatorDefaults | None = None,
        master_pod: PodOptions | None = None,
        worker_pod: PodOptions | None = None,
        service: ServiceOptions | None = None,
        rerun_on_change: bool = False,
        ttl_seconds_after_finished: int | None = None,
        thresholds: Thresholds | None = None,
    ) -> None:
        """Render ``spec`` and add its master Service, master Job and worker Job under ``scope``."""
        test_name = id if name is None else name
        spec, plugin = with_thresholds(spec, test_name, namespace, thresholds)
        manifests = render_manifests(
            spec,
            test_name,
            namespace,
            with_job_ttl(defaults, ttl_seconds_after_finished),
            master_pod=master_pod,
            worker_pod=worker_pod,
            service=service,
        )
        if check_rerun_on_change(rerun_on_change):
            manifests = content_addressed(manifests, test_name)
        claim = claim_names(
            scope,
            id,
            namespace,
            (
                (manifest["kind"], manifest["metadata"]["name"])
                for manifest in (*manifests, *([plugin] if plugin else []))
            ),
            test_name=test_name,
        )
        lint.warn(spec, name=test_name)
        with unique_child_id(id):
            super().__init__(scope, id)
        self.spec = spec
        """The spec this test was rendered from."""
        self.test_name = test_name
        """The LocustTest name (``metadata.name`` of the CR this test stands for)."""
        self.manifests: LocustManifests = manifests
        """The three manifests as plain data."""
        self.master_service = LocustMasterService(self, "MasterService", manifest=manifests.master_service)
        """The master Service construct."""
        self.master_job = LocustMasterJob(self, "MasterJob", manifest=manifests.master_job)
        """The master Job construct."""
        self.worker_job = LocustWorkerJob(self, "WorkerJob", manifest=manifests.worker_job)
        """The worker Job construct."""
        self.thresholds_config_map = (
            None if plugin is None else LocustThresholdsConfigMap(self, "ThresholdsConfigMap", manifest=plugin)
        )
        """The thresholds plugin's ConfigMap construct (``None`` without thresholds)."""
        claim.register(self)

"""The cdk8s layer: thin constructs around the pure manifest builders.

Each part is a single ``cdk8s.ApiObject`` that receives its finished body in one JSON patch
(the fastest way through jsii, and the only one that keeps the operator's field order); it is
also reachable as ``api_object`` for escape hatches (``add_json_patch``, extra labels,
dependencies).

Every construct costs a round trip to the Node runtime, and those round trips are most of
the time a synth takes, so a test adds one ``Construct`` and its three objects to the tree and
nothing else: the parts are the ``ApiObject`` s themselves rather than constructs wrapping
one, and a duplicate id is caught from the construct library's own check instead of being
looked up first. Their requests are encoded in one pass (``_jsii_wire``), which makes a test
cost less than the same objects as bare ``ApiObject`` s (``benchmarks/run.py``).
"""

from datetime import timedelta

from constructs import Construct

from ..manifests import LocustManifests, render_manifests
from ..manifests._network_fence import NetworkFence, beyond_the_operator, check_network_fence
from ..manifests._options import PodOptions, ServiceOptions
from ..manifests._remote_workers import RemoteWorkers, check_remote_workers, expect_every_group
from ..manifests._reports import Reports, check_reports
from ..manifests._reports_pod import with_report_run, with_reports
from ..manifests._run_names import names_of
from ..manifests._runs import check_rerun_on_change, check_ttl, content_addressed, run_hash, with_job_ttl
from ..manifests._schedule import Schedule, check_schedule, scheduled
from ..manifests._thresholds import Thresholds, with_thresholds
from ..operator import OperatorDefaults
from ..spec import _lint as lint
from ..spec._classes import LocustTestSpec
from ._jsii_wire import create_construct
from ._manifest_object import ManifestObject
from ._run_names import RunNamesAttributes
from ._signature import python_signature
from ._tree import claim_names, unique_child_id


@python_signature
class LocustMasterService(ManifestObject):
    """The master Service: ports 5557/5558 and, with OTel off, the prometheus metrics port."""


@python_signature
class LocustMasterJob(ManifestObject):
    """The master Job: one pod running ``locust --master`` (and the metrics exporter when OTel is off).

    With ``LocustTest(..., schedule=...)``, the CronJob whose ``jobTemplate`` is that Job.
    """


@python_signature
class LocustWorkerJob(ManifestObject):
    """The worker Job: ``spec.worker.replicas`` pods running ``locust --worker``.

    With ``LocustTest(..., schedule=...)``, the CronJob whose ``jobTemplate`` is that Job.
    """


@python_signature
class LocustRemoteMasterService(ManifestObject):
    """The master's ``LoadBalancer`` Service for worker groups in other clusters (:class:`ExternalMaster`)."""


@python_signature
class LocustNetworkPolicy(ManifestObject):
    """A NetworkPolicy of a fenced test (:class:`NetworkFence`)."""


@python_signature
class LocustThresholdsConfigMap(ManifestObject):
    """The ConfigMap ``<name>-thresholds`` holding the thresholds plugin the master loads."""


@python_signature
class LocustTest(RunNamesAttributes, Construct):
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
            ``ttlSecondsAfterFinished`` in seconds, an ``int`` or a ``datetime.timedelta`` of
            whole seconds (the operator has only an operator-wide setting). Default ``None``:
            that of ``defaults``. Not under GitOps self-heal: a Job that Git still declares is
            recreated once deleted, and the test runs again (the presets of
            :mod:`constructs_locust.gitops` that re-apply Jobs refuse a test with a TTL).
            ``ttlSecondsAfterFinished`` (the operator has only an operator-wide setting).
            Default ``None``: that of ``defaults``. Not under GitOps self-heal: a Job that Git
            still declares is recreated once deleted, and the test runs again.
        remote_workers: Beyond the operator: worker groups in other clusters (each a
            ``LocustWorkerGroup`` in its own chart); ``--expect-workers`` counts them, and their
            :class:`ExternalMaster` Service is added. See :class:`RemoteWorkers`. Default ``None``.
        network_policy: Beyond the operator: ``True`` or a :class:`NetworkFence` adds
            NetworkPolicies that let only this test's workers (and remote ranges) reach the
            master, and only the peers named reach its web UI and metrics. Default ``None``.
        reports: Beyond the operator: keep the master's HTML, CSV and JSON reports on a
            PersistentVolumeClaim or in object storage, copied by an upload container once the
            master has exited (its failure fails the master Job); see :class:`Reports`.
            Default ``None``: the operator's master Job.
        schedule: Beyond the operator: run the test on a schedule; see :class:`Schedule`. The
            two Jobs become two CronJobs, ``<name>-master`` and ``<name>-worker``, whose
            ``jobTemplate`` s are those Jobs (with ``activeDeadlineSeconds``); ``name`` is then
            at most 45 characters (36 with ``rerun_on_change``). Default ``None``: the Jobs.
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
        rerun_on_change: Whether the objects are content-addressed (``<name>-<role>-<hash>``).
        ttl_seconds_after_finished: This test's own TTL in seconds (``None``: that of ``defaults``).
        master_service_name: The master Service's name, hash included with ``rerun_on_change``
            (``kubectl port-forward svc/<master_service_name> 8089``).
        master_job_name: The master Job's name (``kubectl logs job/<master_job_name>``).
        worker_job_name: The worker Job's name.
        master_pod_selector: A label selector for the master pod of this run
            (``kubectl logs -l '<master_pod_selector>'``).
        worker_pod_selector: A label selector for the worker pods of this run.
        pod_selector: A label selector for every pod of this run and of no other
            (``kubectl get pods -l '<pod_selector>'``).
        master_job: The master Job, a :class:`LocustMasterJob` (a ``cdk8s.ApiObject``); with a
            ``schedule``, the master CronJob.
        worker_job: The worker Job, a :class:`LocustWorkerJob` (a ``cdk8s.ApiObject``); with a
            ``schedule``, the worker CronJob.
        remote_master_service: The :class:`ExternalMaster` Service, or ``None``.
        network_policies: The NetworkPolicies (master's, workers'), or an empty tuple.
        schedule: The :class:`Schedule`, or ``None``.
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
        ttl_seconds_after_finished: int | timedelta | None = None,
        remote_workers: RemoteWorkers | None = None,
        network_policy: bool | NetworkFence | None = None,
        reports: Reports | None = None,
        schedule: Schedule | None = None,
        thresholds: Thresholds | None = None,
    ) -> None:
        """Render ``spec`` and add its master Service, master Job and worker Job under ``scope``."""
        test_name = id if name is None else name
        ttl = check_ttl(ttl_seconds_after_finished)
        spec, plugin = with_thresholds(spec, test_name, namespace, thresholds)
        manifests = render_manifests(
            spec,
            test_name,
            namespace,
            with_job_ttl(defaults, ttl),
            master_pod=master_pod,
            worker_pod=worker_pod,
            service=service,
        )
        remote, fence = check_remote_workers(remote_workers), check_network_fence(network_policy)
        kept = check_reports(reports)
        if remote is not None:
            manifests = expect_every_group(manifests, spec, remote, test_name)
        if kept is not None:
            manifests = with_reports(manifests, kept, test_name, spec)
            run = run_hash(manifests)  # what rerun_on_change names the objects after, if it is on
        if check_rerun_on_change(rerun_on_change):
            manifests = content_addressed(manifests, test_name)
        if kept is not None:
            manifests = with_report_run(manifests, run)
        remote_service, policies = beyond_the_operator(manifests, test_name, namespace, remote, fence)
        extra = ([remote_service] if remote_service is not None else []) + policies
        if (checked_schedule := check_schedule(schedule, "schedule")) is not None:
            manifests = scheduled(manifests, checked_schedule, test_name)  # last: keeps whatever shaped the Jobs
        claim = claim_names(
            scope,
            id,
            namespace,
            (
                (manifest["kind"], manifest["metadata"]["name"])
                for manifest in [*manifests, *extra, *([plugin] if plugin else [])]
            ),
            test_name=test_name,
        )
        lint.warn(spec, name=test_name)
        with unique_child_id(id):
            if not create_construct(self, scope, id):  # the request Construct.__init__ sends, encoded at once
                super().__init__(scope, id)
        self.spec = spec
        """The spec this test was rendered from."""
        self.test_name = test_name
        """The LocustTest name (``metadata.name`` of the CR this test stands for)."""
        self.manifests: LocustManifests = manifests
        """The three manifests as plain data."""
        self.schedule = schedule
        """The schedule, or ``None``."""
        self.master_service = LocustMasterService(self, "MasterService", manifest=manifests.master_service)
        """The master Service construct."""
        self.master_job = LocustMasterJob(self, "MasterJob", manifest=manifests.master_job)
        """The master Job construct."""
        self.worker_job = LocustWorkerJob(self, "WorkerJob", manifest=manifests.worker_job)
        """The worker Job construct."""
        self.rerun_on_change = rerun_on_change
        """Whether the objects are content-addressed (``<name>-<role>-<hash>``)."""
        self.ttl_seconds_after_finished = ttl
        """This test's own ``ttlSecondsAfterFinished`` in seconds, or ``None`` for that of ``defaults``."""
        self.run_names = names_of(manifests)
        """The names of the objects as written, and selectors for this run's pods."""
        self.remote_master_service = (
            LocustRemoteMasterService(self, "RemoteMasterService", manifest=remote_service)
            if remote_service is not None
            else None
        )
        """The external master Service construct, or ``None``."""
        self.network_policies = tuple(
            LocustNetworkPolicy(self, f"{role}NetworkPolicy", manifest=policy)
            for role, policy in zip(("Master", "Worker"), policies, strict=False)
        )
        """The NetworkPolicy constructs (master's, workers'), or an empty tuple."""
        self.thresholds_config_map = (
            None if plugin is None else LocustThresholdsConfigMap(self, "ThresholdsConfigMap", manifest=plugin)
        )
        """The thresholds plugin's ConfigMap construct (``None`` without thresholds)."""
        claim.register(self)

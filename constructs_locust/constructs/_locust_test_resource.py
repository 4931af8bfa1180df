"""The ``LocustTest`` custom resource itself, for clusters that keep running the operator.

:class:`~constructs_locust.LocustTest` renders what the operator would create;
:class:`LocustTestResource` emits the ``locust.io/v2`` CR and leaves the rest to the operator.
Both take the same :class:`~constructs_locust.LocustTestSpec`, so one typed spec serves either
way of running a test. The CR's body is ``spec.to_cr()``: exactly the fields that were set,
with the CRD's defaults left for the API server to apply.

The object is a plain ``cdk8s.ApiObject``; the typed binding that ``cdk8s import`` generates
from ``crds/locust.io_locusttests.yaml`` (``imports/io/locust``) produces the same YAML, but
it is not part of the installed package, so the library does not depend on it.
"""

from typing import Any

import cdk8s
from constructs import Construct

from .._core.constants import API_VERSION, KIND, MASTER, WORKER
from .._core.names import node_name
from ..manifests._run_names import operator_names
from ..manifests._thresholds import Thresholds, with_thresholds
from ..spec import _lint as lint
from ..spec._classes import LocustTestSpec
from ..spec._document import check_test
from ._manifest_object import ManifestObject
from ._run_names import RunNamesAttributes
from ._signature import python_signature
from ._tree import claim_names, unique_child_id


@python_signature
class LocustTestResource(RunNamesAttributes, Construct):
    """A ``locust.io/v2`` ``LocustTest`` custom resource, for the operator to act on.

    The name and spec are checked as the CRD and the operator's admission webhook would (a
    ``SpecError`` naming the field is raised before anything is added to the tree), so a CR
    that synthesizes is one the API server accepts. So is a second test of one name and
    namespace in the ``cdk8s.App``: a ``LocustTestResource``, or a ``LocustTest`` whose Service
    and Jobs the operator would create for this CR under the same names.

    Args:
        scope: The parent construct (usually a ``cdk8s.Chart``).
        id: The construct id; also the CR's ``metadata.name`` unless ``name`` is given.
        spec: The test, as a :class:`LocustTestSpec`; emitted as ``spec.to_cr()``.
        name: The LocustTest name; at most 56 characters (the operator names Jobs
            ``<name>-master``). Default: ``id``.
        namespace: The CR's namespace. Default ``None``: the chart's, if any.
        thresholds: Pass/fail limits (see :class:`Thresholds`), lowered into the CR's own
            fields (a volume, a master mount, an env variable, the master's locustfile option),
            with the plugin's ConfigMap ``<name>-thresholds`` emitted beside the CR: the
            operator's master then judges the run as ``LocustTest``'s does. Default ``None``.

    Attributes:
        spec: The :class:`LocustTestSpec` the CR carries (with ``thresholds``, lowered).
        test_name: The CR's ``metadata.name``.
        manifest: The CR as plain data, as handed to the ``ApiObject`` (before any patch).
        api_object: The underlying ``cdk8s.ApiObject`` (for ``add_json_patch`` and other escape hatches).
        master_service_name: The name of the master Service the operator creates (``<name>-master``).
        master_job_name: The name of the master Job the operator creates (``<name>-master``).
        worker_job_name: The name of the worker Job the operator creates (``<name>-worker``).
        master_pod_selector: A label selector for the master pod the operator creates.
        worker_pod_selector: A label selector for the worker pods the operator creates.
        pod_selector: A label selector for every pod of this test, master and workers.
        thresholds_config_map: The plugin's ConfigMap (a ``cdk8s.ApiObject``); ``None`` without ``thresholds``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        spec: LocustTestSpec,
        name: str | None = None,
        namespace: str | None = None,
        thresholds: Thresholds | None = None,
    ) -> None:
        """Check ``spec`` and ``name`` and add the ``LocustTest`` CR under ``scope``."""
        test_name = id if name is None else name
        spec, plugin = with_thresholds(spec, test_name, namespace, thresholds)
        check_test(spec, test_name, namespace)
        operators = (
            ("Service", node_name(test_name, MASTER)),
            *(("Job", node_name(test_name, r)) for r in (MASTER, WORKER)),
        )
        plugins = [("ConfigMap", plugin["metadata"]["name"])] if plugin else []
        claim = claim_names(scope, id, namespace, ((KIND, test_name), *operators, *plugins), test_name=test_name)
        lint.warn(spec, name=test_name)
        with unique_child_id(id):
            super().__init__(scope, id)
        metadata: dict[str, Any] = {"name": test_name}
        if namespace is not None:
            metadata["namespace"] = namespace
        self.spec = spec
        """The spec the CR carries."""
        self.test_name = test_name
        """The CR's ``metadata.name``."""
        self.manifest: dict[str, Any] = {
            "apiVersion": API_VERSION,
            "kind": KIND,
            "metadata": metadata,
            "spec": spec.to_cr(),
        }
        """The CR as plain data, exactly as it was handed to the ApiObject."""
        self.api_object = cdk8s.ApiObject(self, "Resource", api_version=API_VERSION, kind=KIND, metadata=metadata)
        """The underlying ``cdk8s.ApiObject`` (for ``add_json_patch`` and other escape hatches)."""
        self.api_object.add_json_patch(cdk8s.JsonPatch.add("/spec", self.manifest["spec"]))
        self.run_names = operator_names(test_name)
        """The names of the objects the operator creates for this CR, and selectors for its pods."""
        self.thresholds_config_map = (
            None if plugin is None else ManifestObject(self, "ThresholdsConfigMap", manifest=plugin)
        )
        """The thresholds plugin's ConfigMap (``None`` without thresholds)."""
        claim.register(self)

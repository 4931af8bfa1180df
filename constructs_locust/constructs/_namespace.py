"""``LocustNamespace``: the Namespace a chart's tests go into, with Pod Security admission labels.

A chart that holds its Namespace holds everything a cluster needs for its tests. The labels
set the three modes of Pod Security admission (``enforce``, ``audit``, ``warn``) to the level
the pods satisfy, built by :func:`constructs_locust.manifests._namespace.namespace_manifest`.
"""

from collections.abc import Mapping

import cdk8s
from constructs import Construct

from ..manifests._namespace import namespace_manifest
from ._manifest_object import ManifestObject
from ._signature import python_signature
from ._tree import unique_child_id

__all__ = ["LocustNamespace"]


@python_signature
class LocustNamespace(Construct):
    """A ``v1`` Namespace whose Pod Security admission labels match the tests' pods.

    ``pod_security`` sets ``pod-security.kubernetes.io/enforce``, ``audit`` and ``warn`` to one
    level of the Pod Security Standards. The default, ``baseline``, admits the operator's own
    pods (and so this library's by default: their Locust containers may escalate privileges
    and run as root, which ``restricted`` refuses, while they use no host namespace, host path,
    privileged mode or added capability, which ``baseline`` refuses). Use ``restricted`` with
    tests whose spec sets ``security=Security.restricted()`` (see the how-to guide "Run
    restricted pods"): then the namespace refuses any pod that would not meet the standard.

    The Namespace is cluster-scoped, so it never carries the chart's namespace; its name is
    ``name``, else the chart's namespace, else ``id``. Every bad argument is a ``SpecError``
    naming its keyword, raised before anything is added to the tree.

    Args:
        scope: The parent construct (usually the ``cdk8s.Chart`` whose namespace this is).
        id: The construct id (and the name, when neither ``name`` nor the chart gives one).
        name: The Namespace's name, an RFC 1123 label. Default: the chart's namespace, else ``id``.
        pod_security: ``privileged``, ``baseline`` (default) or ``restricted``.
        pod_security_version: ``latest`` or ``v1.N``: also sets the three ``<mode>-version``
            labels, pinning the standard to that Kubernetes minor version. Default ``None``:
            no version labels, which Pod Security admission reads as ``latest``.
        labels: More labels on the Namespace (not the ``pod-security.kubernetes.io/`` ones).

    Attributes:
        name: The Namespace's name.
        pod_security: The level of the three modes.
        manifest: The Namespace as plain data, as built (before any escape-hatch patch).
        api_object: The Namespace (``cdk8s.ApiObject``).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str | None = None,
        pod_security: str = "baseline",
        pod_security_version: str | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        chart_namespace = cdk8s.Chart.of(scope).namespace
        chosen = name if name is not None else chart_namespace if chart_namespace is not None else id
        manifest = namespace_manifest(chosen, pod_security, version=pod_security_version, labels=labels)
        with unique_child_id(id):
            super().__init__(scope, id)
        self.name: str = chosen
        """The Namespace's name."""
        self.pod_security = pod_security
        """The Pod Security level of the ``enforce``, ``audit`` and ``warn`` modes."""
        self.manifest = manifest
        """The Namespace as plain data, as built (before any escape-hatch patch)."""
        self.api_object: cdk8s.ApiObject = ManifestObject(self, "Resource", manifest=manifest)
        """The Namespace (``cdk8s.ApiObject``)."""
        if chart_namespace is not None:  # cdk8s gives every object the chart's namespace: not a cluster-scoped one
            self.api_object.add_json_patch(cdk8s.JsonPatch.remove("/metadata/namespace"))

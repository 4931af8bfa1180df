"""Workers in other clusters: one master, worker groups rendered in other charts (beyond the operator).

The master side is ``LocustTest(..., remote_workers=RemoteWorkers(groups={"eu": 10}, service=...))``:
the master's ``--expect-workers`` counts the local worker Job's replicas and every group's, and
with ``service=ExternalMaster(...)`` a second master Service, of type ``LoadBalancer``, exposes
5557/5558 to the networks listed in its ``source_ranges`` only. The worker side is a
``LocustWorkerGroup`` in the chart of each other cluster: a worker Job alone, built here by
:func:`worker_group_job`, whose ``--master-host`` is the address the user gives.

Locust's master port speaks ZeroMQ with no authentication and no encryption: whoever reaches it
can join as a worker, report invented statistics and read the test's parameters. So an external
Service without source ranges, or with one that is the whole internet, is refused.
"""

import ipaddress
from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from .._core.constants import LABEL_POD_NAME, MASTER, MASTER_PORT, MAX_JOB_NAME_LENGTH, SERVICE_PORTS, WORKER
from .._core.field_errors import forbidden, invalid, not_supported, required, too_long, type_error
from .._core.frozen import freeze, thaw
from .._core.model import coerce
from .._core.names import DNS1123_LABEL, is_dns1123_subdomain, node_name
from .._core.option_fields import check_fields, checked, optional, typed
from ..kube import _rules as rules
from ..operator import OperatorDefaults
from ..spec._classes import LocustTestSpec
from . import LocustManifests, render_manifests
from ._job import object_metadata
from ._options import PodOptions

__all__ = [
    "CLOUDS",
    "ExternalMaster",
    "RemoteWorkers",
    "check_remote_workers",
    "expect_every_group",
    "remote_master_service",
    "worker_group_job",
]

MAX_GROUP_REPLICAS = 500
"""A group's replicas, bounded as the CR bounds ``worker.replicas`` (one Job's ``parallelism``)."""

CLOUDS = ("aks", "eks", "gke")
"""The clouds whose internal load balancer :class:`ExternalMaster` knows how to ask for."""

INTERNAL_ANNOTATIONS: Mapping[str, Mapping[str, str]] = {
    # https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters
    "gke": {"networking.gke.io/load-balancer-type": "Internal"},
    # https://learn.microsoft.com/azure/aks/internal-lb
    "aks": {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"},
}
"""The annotation that makes a cloud's LoadBalancer Service internal (EKS: see :data:`_EKS`)."""

_EKS = {
    # https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/
    "service.beta.kubernetes.io/aws-load-balancer-type": "external",
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
    "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes": "preserve_client_ip.enabled=true",
}
"""The AWS Load Balancer Controller's NLB with pod (ip) targets that keeps the client's address;
its ``aws-load-balancer-scheme`` (``internal`` or ``internet-facing``) is set from ``internal``."""

_EKS_SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme"

REMOTE_SERVICE_SUFFIX = "remote"
"""The external master Service is ``<name>-remote`` (63 characters at most, as the Jobs)."""


def _source_ranges(path: str, value: Any) -> None:
    """At least one network, each a canonical CIDR, none the whole internet."""
    items = coerce(thaw(value), tuple[str, ...], path)
    if not items:
        raise required(
            path,
            "list the networks the remote workers connect from: the master's port has no authentication",
        )
    for index, item in enumerate(items):
        network = _network(f"{path}[{index}]", item)
        if network.prefixlen == 0:
            raise forbidden(
                f"{path}[{index}]",
                f"{item} opens the master's unauthenticated ZeroMQ port to every address; "
                "list the remote clusters' egress ranges instead",
            )


def _network(path: str, value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """``value`` as a CIDR whose host bits are zero (what ``loadBalancerSourceRanges`` and ``ipBlock`` take)."""
    try:
        return ipaddress.ip_network(value, strict=True)
    except ValueError:
        raise invalid(path, value, "must be a CIDR with its host bits zero, e.g. 10.0.0.0/8") from None


def _cloud(path: str, value: Any) -> None:
    if value is not None and value not in CLOUDS:
        raise not_supported(path, value, CLOUDS)


def _annotations(path: str, value: Any) -> None:
    value = thaw(value)
    if value is not None:
        rules.check_annotations(path, coerce(value, Mapping[str, str], path))


@frozen(kw_only=True)
class ExternalMaster:
    """The master's extra Service for workers in other clusters: ``RemoteWorkers(service=ExternalMaster(...))``.

    A ``LoadBalancer`` Service ``<name>-remote`` with ports 5557/5558 (named as the operator's
    master Service names them), selecting the master pod, with ``externalTrafficPolicy: Local``
    so the master sees the workers' own addresses (a NetworkPolicy's ``ipBlock`` can then match them).

    Attributes:
        source_ranges: ``loadBalancerSourceRanges``: the CIDRs the remote workers connect from
            (their clusters' NAT or node ranges). Required: an empty list, a non-canonical CIDR
            or ``0.0.0.0/0`` / ``::/0`` is refused, since the port has no authentication.
        internal: Ask the cloud for an internal load balancer (an address in the VPC, for
            clusters joined by peering or a VPN). Needs ``cloud``.
        cloud: ``"gke"``, ``"eks"`` or ``"aks"``: adds that cloud's documented annotations.
            GKE: ``networking.gke.io/load-balancer-type: Internal`` when internal. AKS:
            ``service.beta.kubernetes.io/azure-load-balancer-internal: "true"`` when internal.
            EKS (AWS Load Balancer Controller): an NLB with ip targets that preserves client
            addresses, and ``aws-load-balancer-scheme`` ``internal`` or ``internet-facing``.
            ``None``: no cloud annotations (another provider, MetalLB...: give ``annotations``).
            Sources: https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters,
            https://learn.microsoft.com/azure/aks/internal-lb,
            https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/.
        annotations: More annotations of the Service, applied after the cloud's.
    """

    source_ranges: tuple[str, ...] = field(converter=freeze, metadata=checked(_source_ranges))
    internal: bool = field(default=False, metadata=checked(typed(bool)))
    cloud: str | None = field(default=None, metadata=checked(_cloud))
    annotations: Mapping[str, str] | None = field(default=None, converter=freeze, metadata=checked(_annotations))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "ExternalMaster")
        if self.internal and self.cloud is None:
            raise required(
                "ExternalMaster.cloud",
                f"internal=True needs the cloud whose internal load balancer to ask for ({', '.join(CLOUDS)}); "
                "for another provider leave internal False and give its annotations",
            )

    def service_annotations(self) -> dict[str, str]:
        """The cloud's annotations for this Service, then the user's, sorted."""
        annotations: dict[str, str] = {}
        if self.cloud == "eks":
            annotations.update(_EKS)
            annotations[_EKS_SCHEME] = "internal" if self.internal else "internet-facing"
        elif self.cloud is not None and self.internal:
            annotations.update(INTERNAL_ANNOTATIONS[self.cloud])
        annotations.update(self.annotations or {})
        return dict(sorted(annotations.items()))


def _groups(path: str, value: Any) -> None:
    groups = coerce(thaw(value), Mapping[str, int], path)
    if not groups:
        raise required(path, "name at least one worker group and its replicas")
    for name, replicas in groups.items():
        _check_group_name(f"{path}.{name}", name)
        if not 1 <= replicas <= MAX_GROUP_REPLICAS:
            raise invalid(f"{path}.{name}", replicas, f"must be between 1 and {MAX_GROUP_REPLICAS}")


def _check_group_name(path: str, name: str) -> None:
    if len(name) > 63 or not DNS1123_LABEL.fullmatch(name):
        raise invalid(
            path,
            name,
            "a group name must be a lowercase RFC 1123 label: lower case alphanumeric characters or '-', "
            "starting and ending with an alphanumeric character",
        )


@frozen(kw_only=True)
class RemoteWorkers:
    """Worker groups in other clusters: ``LocustTest(..., remote_workers=RemoteWorkers(...))``.

    Attributes:
        groups: Each group's name and replicas, as its ``LocustWorkerGroup`` renders it in its
            own chart. The master's ``--expect-workers`` is the local worker Job's replicas plus
            the sum of these, so ``--autostart`` waits for every group.
        service: An :class:`ExternalMaster` Service the groups connect to. ``None``: none; the
            groups reach the master by other means (a mesh gateway, a VPN, a Service of your own).
    """

    groups: Mapping[str, int] = field(converter=freeze, metadata=checked(_groups))
    service: ExternalMaster | None = field(default=None, metadata=checked(optional(typed(ExternalMaster))))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "RemoteWorkers")

    @property
    def replicas(self) -> int:
        """The workers of every group together."""
        return sum(self.groups.values())


def check_remote_workers(value: object, path: str = "remote_workers") -> RemoteWorkers | None:
    """``value`` if it is ``None`` or a :class:`RemoteWorkers`; refuse anything else at ``path``."""
    if value is not None and not isinstance(value, RemoteWorkers):
        raise invalid(path, value, "must be a RemoteWorkers")
    return value


def expect_every_group(
    manifests: LocustManifests, spec: LocustTestSpec, remote: RemoteWorkers, test_name: str
) -> LocustManifests:
    """The same objects, the master's ``--expect-workers`` counting the local replicas and every group's.

    Only the operator's flag is replaced; an ``--expect-workers`` in ``master.extraArgs`` comes
    later on the command line and still wins, as it does with the operator. A group whose Job
    name (``<name>-worker-<group>``) would be too long is refused here already, as its own
    chart would refuse it.
    """
    for group in remote.groups:
        group_job_name(test_name, group, f"remote_workers.groups.{group}")
    master_job = thaw(manifests.master_job)
    operator_flag = f"--expect-workers={spec.worker.replicas}"
    total = f"--expect-workers={spec.worker.replicas + remote.replicas}"
    container = master_job["spec"]["template"]["spec"]["containers"][0]
    index = container["args"].index(operator_flag)
    container["args"][index] = total
    return manifests._replace(master_job=master_job)


def remote_master_service(
    manifests: LocustManifests, test_name: str, namespace: str | None, external: ExternalMaster
) -> dict[str, Any]:
    """The ``LoadBalancer`` Service ``<name>-remote`` selecting the rendered master pod (run hash included)."""
    master_labels = manifests.master_job["spec"]["template"]["metadata"]["labels"]
    metadata: dict[str, Any] = object_metadata(node_name(test_name, REMOTE_SERVICE_SUFFIX), namespace)
    annotations = external.service_annotations()
    if annotations:
        metadata["annotations"] = annotations
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata,
        "spec": {
            "ports": [{"name": f"port{port}", "protocol": "TCP", "port": port} for port in SERVICE_PORTS],
            "selector": {LABEL_POD_NAME: master_labels[LABEL_POD_NAME]},
            "type": "LoadBalancer",
            "loadBalancerSourceRanges": list(external.source_ranges),
            "externalTrafficPolicy": "Local",
        },
    }


def check_master_address(path: str, value: object) -> str:
    """An IPv4 address or a DNS name (a lowercase RFC 1123 subdomain) that the workers dial."""
    if not isinstance(value, str):
        raise type_error(path, value, "string")
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        if not value or not is_dns1123_subdomain(value):
            raise invalid(
                path, value, "must be an IPv4 address or a DNS name (a lowercase RFC 1123 subdomain)"
            ) from None
        return value
    if address.version == 6:
        raise invalid(path, value, "give a DNS name for an IPv6 master: Locust puts the host in a ZeroMQ URL as is")
    return value


def group_job_name(test_name: str, group: str, path: str = "group") -> str:
    """``<name>-worker-<group>``, refused (at ``path``) past the 63 characters of a Job name."""
    name = f"{node_name(test_name, WORKER)}-{group}"
    if len(name) > MAX_JOB_NAME_LENGTH:
        raise too_long(
            path,
            f"the Job name {name!r} would be {len(name)} characters; at most {MAX_JOB_NAME_LENGTH} "
            "(shorten the test or the group name)",
        )
    return name


def worker_group_job(
    spec: LocustTestSpec,
    test_name: str,
    group: str,
    *,
    master_address: str,
    replicas: int,
    namespace: str | None = None,
    defaults: OperatorDefaults | None = None,
    pod: PodOptions | None = None,
    master_port: int = MASTER_PORT,
) -> dict[str, Any]:
    """The worker Job of one remote group: the operator's worker Job, renamed and pointed elsewhere.

    Renamed ``<name>-worker-<group>`` (Job and the pods' ``performance-test-pod-name``, so
    groups in one cluster do not collide); ``parallelism`` is ``replicas``; ``--master-host``
    is ``master_address`` and ``--master-port`` ``master_port``. The ``app`` and
    ``performance-test-name`` labels stay the test's. ``pod`` places these pods
    (``worker_pod`` of the master's chart does not reach here).
    """
    _check_group_name("group", group)
    master_address = check_master_address("master_address", master_address)
    coerce(replicas, int, "replicas")
    if not 1 <= replicas <= MAX_GROUP_REPLICAS:
        raise invalid("replicas", replicas, f"must be between 1 and {MAX_GROUP_REPLICAS}")
    coerce(master_port, int, "master_port")
    if not 1 <= master_port <= 65535:
        raise invalid("master_port", master_port, "must be between 1 and 65535, inclusive")
    name = group_job_name(test_name, group)
    job: dict[str, Any] = thaw(render_manifests(spec, test_name, namespace, defaults, worker_pod=pod).worker_job)
    job["metadata"]["name"] = name
    job["spec"]["parallelism"] = replicas
    template = job["spec"]["template"]
    template["metadata"]["labels"][LABEL_POD_NAME] = name
    flags = {
        f"--master-host={node_name(test_name, MASTER)}": f"--master-host={master_address}",
        f"--master-port={MASTER_PORT}": f"--master-port={master_port}",
    }
    for container in template["spec"]["containers"]:
        container["args"] = [flags.get(arg, arg) for arg in container["args"]]
    return job

"""Fences: NetworkPolicies that keep a test's master to its own workers (beyond the operator).

``LocustTest(..., network_policy=True)`` or ``network_policy=NetworkFence(...)`` renders two
``networking.k8s.io/v1`` NetworkPolicies in the test's namespace:

- ``<name>-master`` selects the master pod (by its ``performance-test-pod-name`` label, the one
  label the CR cannot override) and lets in: this test's workers (their own pod-name label) and
  the ``remote_ranges`` on 5557/5558; the ``web_ui_from`` peers on 8089; the ``metrics_from``
  peers on the metrics exporter's port (OpenTelemetry off). Nothing else.
- ``<name>-worker`` selects the workers and lets nothing in; with ``worker_egress`` it also
  keeps their egress to the master, DNS (kube-dns) and the rules listed.

With ``rerun_on_change`` the policies carry the run's names and select the run's pods.
NetworkPolicies are enforced only by a network plugin that implements them (Calico, Cilium,
Antrea, GKE Dataplane V2, ...); elsewhere the API server stores them and nothing changes.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from attrs import field, frozen

from .._core.constants import LABEL_POD_NAME, METRICS_PORT_NAME, SERVICE_PORTS, WEB_UI_PORT
from .._core.field_errors import forbidden, invalid, not_supported, required, type_error
from .._core.frozen import freeze, thaw
from .._core.names import DNS1123_LABEL
from .._core.option_fields import check_fields, checked, typed
from ..kube import _rules as rules
from ..kube._structures import UnknownFieldError, check_structure
from . import LocustManifests
from ._remote_workers import RemoteWorkers, _network, group_job_name, remote_master_service

__all__ = ["KUBE_DNS", "NetworkFence", "beyond_the_operator", "check_network_fence", "network_policies"]

KUBE_DNS: Mapping[str, Any] = {
    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
    "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
}
"""The cluster DNS (CoreDNS or kube-dns keep the ``k8s-app: kube-dns`` label) in ``kube-system``."""

_PEER_KEYS = ("podSelector", "namespaceSelector", "ipBlock")
_RULE_KEYS = ("ports", "to")
_PORT_KEYS = ("protocol", "port", "endPort")
_PROTOCOLS = ("SCTP", "TCP", "UDP")


def _peers(path: str, value: Any) -> None:
    items = _list(path, thaw(value))
    for index, peer in enumerate(items):
        check_peer(f"{path}[{index}]", peer)


def _egress_rules(path: str, value: Any) -> None:
    if value is not None:
        for index, rule in enumerate(_list(path, thaw(value))):
            check_egress_rule(f"{path}[{index}]", rule)


def _ranges(path: str, value: Any) -> None:
    if value is not None:
        for index, item in enumerate(_list(path, thaw(value))):
            if not isinstance(item, str):
                raise type_error(f"{path}[{index}]", item, "string")
            _network(f"{path}[{index}]", item)


@frozen(kw_only=True)
class NetworkFence:
    """Who may reach a test's pods: ``LocustTest(..., network_policy=NetworkFence(...))``.

    Peers and rules are ``networking.k8s.io/v1`` structures in their Kubernetes (camelCase)
    form, checked as the API server checks them. ``network_policy=True`` is ``NetworkFence()``.

    Attributes:
        web_ui_from: ``[]NetworkPolicyPeer`` allowed to the web UI (8089), e.g.
            ``{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}``.
            Empty (the default): nobody (``kubectl port-forward`` still works: it enters
            through the kubelet, not the pod network).
        metrics_from: ``[]NetworkPolicyPeer`` allowed to the metrics exporter's port (with
            OpenTelemetry off), e.g. the Prometheus namespace. Empty: nobody.
        remote_ranges: CIDRs allowed to 5557/5558 besides this test's workers: where remote
            worker groups connect from. ``None`` (the default): the ``source_ranges`` of
            ``remote_workers``' :class:`ExternalMaster`, if any.
        worker_egress: ``[]NetworkPolicyEgressRule``: with it, the workers may connect only to
            the master (5557/5558), to DNS (with ``dns``) and where these rules allow (the
            target, the collector). ``None`` (the default): their egress is not restricted.
        dns: With ``worker_egress``, allow DNS (UDP and TCP 53) to :data:`KUBE_DNS`. Set
            ``False`` and list your resolver (NodeLocal DNSCache...) in ``worker_egress``.
    """

    web_ui_from: tuple[Mapping[str, Any], ...] = field(default=(), converter=freeze, metadata=checked(_peers))
    metrics_from: tuple[Mapping[str, Any], ...] = field(default=(), converter=freeze, metadata=checked(_peers))
    remote_ranges: tuple[str, ...] | None = field(default=None, converter=freeze, metadata=checked(_ranges))
    worker_egress: tuple[Mapping[str, Any], ...] | None = field(
        default=None, converter=freeze, metadata=checked(_egress_rules)
    )
    dns: bool = field(default=True, metadata=checked(typed(bool)))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "NetworkFence")


def check_network_fence(value: object, path: str = "network_policy") -> NetworkFence | None:
    """``True`` -> ``NetworkFence()``; ``False``/``None`` -> ``None``; a fence stays; refuse the rest."""
    if value is True:
        return NetworkFence()
    if value is None or value is False:
        return None
    if not isinstance(value, NetworkFence):
        raise invalid(path, value, "must be True, False, None or a NetworkFence")
    return value


def _list(path: str, value: Any) -> Sequence[Any]:
    if not isinstance(value, Sequence) or isinstance(value, (str, bytes)):
        raise type_error(path, value, "array")
    return value


def _keys(path: str, value: Any, known: Sequence[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise type_error(path, value, "object")
    for key in value:
        if key not in known:
            raise UnknownFieldError(f"{path}.{key}")
    return value


def check_peer(path: str, peer: Any) -> None:
    """``ValidateNetworkPolicyPeer``: one kind of peer, valid selectors, an ``ipBlock`` with a CIDR."""
    peer = _keys(path, peer, _PEER_KEYS)
    given = [key for key in _PEER_KEYS if peer.get(key) is not None]
    if not given:
        raise required(path, "must specify a peer")
    if "ipBlock" in given and len(given) > 1:
        raise forbidden(path, "may not specify both ipBlock and another peer")
    for key in ("podSelector", "namespaceSelector"):
        if peer.get(key) is not None:
            check_structure("LabelSelector", f"{path}.{key}", peer[key])
            rules.check_label_selector(f"{path}.{key}", peer[key])
    if peer.get("ipBlock") is not None:
        _check_ip_block(f"{path}.ipBlock", peer["ipBlock"])


def _check_ip_block(path: str, block: Any) -> None:
    block = _keys(path, block, ("cidr", "except"))
    cidr = block.get("cidr")
    if not cidr:
        raise required(f"{path}.cidr")
    if not isinstance(cidr, str):
        raise type_error(f"{path}.cidr", cidr, "string")
    network = _network(f"{path}.cidr", cidr)
    for index, item in enumerate(_list(f"{path}.except", block.get("except") or [])):
        where = f"{path}.except[{index}]"
        if not isinstance(item, str):
            raise type_error(where, item, "string")
        excepted = _network(where, item)
        if excepted.version != network.version or not excepted.subnet_of(network):  # type: ignore[arg-type]
            raise invalid(where, item, "must be a strict subset of `cidr`")
        if excepted.prefixlen <= network.prefixlen:
            raise invalid(where, item, "must be a strict subset of `cidr`")


def check_egress_rule(path: str, rule: Any) -> None:
    """A ``NetworkPolicyEgressRule``: its ``to`` peers and its ports."""
    rule = _keys(path, rule, _RULE_KEYS)
    for index, peer in enumerate(_list(f"{path}.to", rule.get("to") or [])):
        check_peer(f"{path}.to[{index}]", peer)
    for index, port in enumerate(_list(f"{path}.ports", rule.get("ports") or [])):
        check_port(f"{path}.ports[{index}]", port)
    if not rule.get("to"):
        raise required(f"{path}.to", "name where the workers may connect (an empty list would allow everywhere)")


def check_port(path: str, port: Any) -> None:
    """``ValidateNetworkPolicyPort``: a protocol, a number or IANA name, an ``endPort`` after a number."""
    port = _keys(path, port, _PORT_KEYS)
    protocol = port.get("protocol", "TCP")
    if protocol not in _PROTOCOLS:
        raise not_supported(f"{path}.protocol", protocol, _PROTOCOLS)
    value, end = port.get("port"), port.get("endPort")
    if isinstance(value, bool) or not isinstance(value, (int, str, type(None))):
        raise type_error(f"{path}.port", value, "integer or string")
    if isinstance(value, int) and not 1 <= value <= 65535:
        raise invalid(f"{path}.port", value, "must be between 1 and 65535, inclusive")
    if isinstance(value, str) and not _is_port_name(value):
        raise invalid(f"{path}.port", value, "must be a port number or an IANA_SVC_NAME (at most 15 characters)")
    if end is not None:
        if isinstance(end, bool) or not isinstance(end, int):
            raise type_error(f"{path}.endPort", end, "integer")
        if not isinstance(value, int):
            raise invalid(f"{path}.endPort", end, "may not be specified when `port` is non-numeric")
        if not value <= end <= 65535:
            raise invalid(f"{path}.endPort", end, "must be greater than or equal to `port` and at most 65535")


def _is_port_name(value: str) -> bool:
    """``IsValidPortName``: 1-15 lowercase letters, digits and dashes, a letter, no ``--``, no edge dash."""
    return (
        1 <= len(value) <= 15
        and DNS1123_LABEL.fullmatch(value) is not None
        and "--" not in value
        and any(char.isalpha() for char in value)
    )


def _tcp(*ports: int) -> list[dict[str, Any]]:
    return [{"protocol": "TCP", "port": port} for port in ports]


def _policy(name: str, namespace: str | None, selected: str, types: list[str]) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name, "namespace": namespace} if namespace else {"name": name}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": metadata,
        "spec": {"podSelector": {"matchLabels": {LABEL_POD_NAME: selected}}, "policyTypes": types},
    }


def _pod_name(job: Mapping[str, Any]) -> str:
    return str(job["spec"]["template"]["metadata"]["labels"][LABEL_POD_NAME])


def remote_ranges(fence: NetworkFence, remote: RemoteWorkers | None) -> tuple[str, ...]:
    """The CIDRs let in to 5557/5558: the fence's, else the external master's source ranges."""
    if fence.remote_ranges is not None:
        return tuple(fence.remote_ranges)
    if remote is not None and remote.service is not None:
        return tuple(remote.service.source_ranges)
    return ()


def network_policies(
    manifests: LocustManifests, test_name: str, fence: NetworkFence, remote: RemoteWorkers | None = None
) -> list[dict[str, Any]]:
    """The master's and the workers' NetworkPolicies for the rendered ``manifests`` (names, labels, ports).

    The master lets in the local workers and, should they run in this namespace too, the
    remote groups' workers (``<name>-worker-<group>``), besides the remote ranges.
    """
    master_job, worker_job = manifests.master_job, manifests.worker_job
    namespace = master_job["metadata"].get("namespace")
    master, worker = _pod_name(master_job), _pod_name(worker_job)
    ranges = remote_ranges(fence, remote)
    if remote is not None and not ranges:
        raise required(
            "network_policy.remote_ranges",
            "the remote worker groups could not reach the master: list the ranges they connect from "
            "(or give remote_workers an ExternalMaster)",
        )
    groups = sorted(remote.groups) if remote is not None else []
    workers = [worker, *(group_job_name(test_name, group, f"remote_workers.groups.{group}") for group in groups)]
    master_policy = _policy(master_job["metadata"]["name"], namespace, master, ["Ingress"])
    ingress: list[dict[str, Any]] = [
        {
            "from": [{"podSelector": {"matchLabels": {LABEL_POD_NAME: name}}} for name in workers]
            + [{"ipBlock": {"cidr": cidr}} for cidr in ranges],
            "ports": _tcp(*SERVICE_PORTS),
        }
    ]
    if fence.web_ui_from:
        ingress.append({"from": thaw(fence.web_ui_from), "ports": _tcp(WEB_UI_PORT)})
    metrics = [port["port"] for port in manifests.master_service["spec"]["ports"] if port["name"] == METRICS_PORT_NAME]
    if fence.metrics_from and metrics:
        ingress.append({"from": thaw(fence.metrics_from), "ports": _tcp(*metrics)})
    master_policy["spec"]["ingress"] = ingress
    types = ["Ingress"] if fence.worker_egress is None else ["Ingress", "Egress"]
    worker_policy = _policy(worker_job["metadata"]["name"], namespace, worker, types)
    if fence.worker_egress is not None:
        egress = [{"to": [{"podSelector": {"matchLabels": {LABEL_POD_NAME: master}}}], "ports": _tcp(*SERVICE_PORTS)}]
        if fence.dns:
            dns_ports = [{"protocol": protocol, "port": 53} for protocol in ("UDP", "TCP")]
            egress.append({"to": [thaw(KUBE_DNS)], "ports": dns_ports})
        egress += thaw(fence.worker_egress)
        worker_policy["spec"]["egress"] = egress
    return [master_policy, worker_policy]


def beyond_the_operator(
    manifests: LocustManifests,
    test_name: str,
    namespace: str | None,
    remote: RemoteWorkers | None,
    fence: NetworkFence | None,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The external master Service (or ``None``) and the NetworkPolicies (or none) of a rendered test."""
    service = None
    if remote is not None and remote.service is not None:
        service = remote_master_service(manifests, test_name, namespace, remote.service)
    policies = network_policies(manifests, test_name, fence, remote) if fence is not None else []
    return service, policies

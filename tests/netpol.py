"""A small NetworkPolicy evaluator: who may open a connection to whom, as Kubernetes defines it.

It implements the semantics of ``networking.k8s.io/v1`` NetworkPolicy as the Kubernetes
documentation states them (concepts/services-networking/network-policies), for the tests of the
fences; no network plugin is involved, so it decides what a conforming plugin must allow:

- A policy selects the pods of its own namespace that its ``spec.podSelector`` matches
  (``{}``: all of them).
- ``policyTypes`` left out means ``["Ingress"]``, plus ``"Egress"`` when the policy has
  ``egress`` rules.
- A pod is isolated for ingress (egress) when at least one policy that selects it has
  ``Ingress`` (``Egress``) in its types. A pod that is not isolated allows everything that way.
- An isolated pod allows a connection if any rule of any policy that selects it with that
  type matches it: a rule matches when one of its peers matches the other end (no
  ``from``/``to``, or an empty list: every peer) and one of its ports matches the port (no
  ``ports``, or an empty list: every port).
- A connection needs both: the source's egress allows it and the destination's ingress allows it.
- Peers: ``podSelector`` alone selects pods in the policy's namespace; ``namespaceSelector``
  alone all pods of the matching namespaces; both together, the matching pods of the matching
  namespaces; ``ipBlock`` an address in ``cidr`` and in none of ``except``. Label selectors
  are ``matchLabels`` and ``matchExpressions`` (``In``, ``NotIn``, ``Exists``, ``DoesNotExist``);
  an empty selector matches everything. A namespace carries ``kubernetes.io/metadata.name``.
- Ports: ``protocol`` defaults to TCP; without ``port``, every port of the protocol; a number
  matches itself, or with ``endPort`` every port from ``port`` to ``endPort``; a name matches
  the destination pod's container port of that name and protocol (an external destination
  has no named ports).

One choice where implementations differ: an ``ipBlock`` is matched against the pod IPs of
in-cluster pods too (the documentation leaves this to the plugin). That is the more permissive
reading, so a connection this evaluator denies is denied by every conforming plugin.
"""

import ipaddress
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"


@attrs.frozen
class Port:
    """A container port: number, protocol and optional name."""

    number: int
    protocol: str = "TCP"
    name: str | None = None


@attrs.frozen
class Pod:
    """A pod: where it is, its labels, its IP and its container ports."""

    name: str
    namespace: str
    labels: Mapping[str, str]
    ip: str
    ports: tuple[Port, ...] = ()


@attrs.frozen
class External:
    """An address outside the cluster (a client behind a load balancer, a target): no labels."""

    ip: str


Endpoint = Pod | External


def pod_from_job(job: Mapping[str, Any], ip: str, name: str | None = None) -> Pod:
    """The pod a rendered Job creates: its template's labels, its containers' (and sidecars') ports."""
    template = job["spec"]["template"]
    spec = template["spec"]
    containers = [*spec.get("initContainers", []), *spec["containers"]]
    ports = tuple(
        Port(entry["containerPort"], entry.get("protocol", "TCP"), entry.get("name"))
        for container in containers
        for entry in container.get("ports", [])
    )
    return Pod(
        name=name or job["metadata"]["name"],
        namespace=job["metadata"]["namespace"],
        labels=dict(template["metadata"]["labels"]),
        ip=ip,
        ports=ports,
    )


def selector_matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """A ``metav1.LabelSelector`` against a label set (``None`` or ``{}``: everything)."""
    if not selector:
        return True
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for requirement in selector.get("matchExpressions") or ():
        key, operator, values = requirement["key"], requirement["operator"], requirement.get("values") or ()
        if operator == "In" and not (key in labels and labels[key] in values):
            return False
        if operator == "NotIn" and key in labels and labels[key] in values:
            return False
        if operator == "Exists" and key not in labels:
            return False
        if operator == "DoesNotExist" and key in labels:
            return False
    return True


class Cluster:
    """Namespaces (with their labels) and NetworkPolicies; answers :meth:`allowed`."""

    def __init__(self, policies: Iterable[Mapping[str, Any]], namespaces: Mapping[str, Mapping[str, str]]) -> None:
        self.policies = [policy for policy in policies if policy["kind"] == "NetworkPolicy"]
        self.namespace_labels = {name: {**labels, NAMESPACE_NAME_LABEL: name} for name, labels in namespaces.items()}

    def allowed(self, source: Endpoint, destination: Endpoint, port: int, protocol: str = "TCP") -> bool:
        """Whether ``source`` may connect to ``destination`` on ``port``/``protocol``."""
        if isinstance(source, Pod) and not self._allows(source, "Egress", destination, destination, port, protocol):
            return False
        if isinstance(destination, Pod):
            return self._allows(destination, "Ingress", source, destination, port, protocol)
        return True

    def selecting(self, pod: Pod, direction: str) -> list[Mapping[str, Any]]:
        """The policies that select ``pod`` and have ``direction`` among their types."""
        return [
            policy
            for policy in self.policies
            if policy["metadata"].get("namespace") == pod.namespace
            and selector_matches(policy["spec"].get("podSelector"), pod.labels)
            and direction in policy_types(policy)
        ]

    def _allows(
        self, pod: Pod, direction: str, peer: Endpoint, destination: Endpoint, port: int, protocol: str
    ) -> bool:
        policies = self.selecting(pod, direction)
        if not policies:
            return True  # not isolated in this direction
        key, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
        for policy in policies:
            namespace = policy["metadata"]["namespace"]
            for rule in policy["spec"].get(key) or ():
                if self._peers_match(rule.get(peers_key), peer, namespace) and ports_match(
                    rule.get("ports"), destination, port, protocol
                ):
                    return True
        return False

    def _peers_match(self, peers: Sequence[Mapping[str, Any]] | None, endpoint: Endpoint, namespace: str) -> bool:
        if not peers:
            return True
        return any(self._peer_matches(peer, endpoint, namespace) for peer in peers)

    def _peer_matches(self, peer: Mapping[str, Any], endpoint: Endpoint, namespace: str) -> bool:
        block = peer.get("ipBlock")
        if block is not None:
            return ip_in_block(endpoint.ip, block)
        if not isinstance(endpoint, Pod):
            return False
        pods, namespaces = peer.get("podSelector"), peer.get("namespaceSelector")
        if namespaces is None:
            in_namespace = endpoint.namespace == namespace
        else:
            in_namespace = selector_matches(namespaces, self.namespace_labels.get(endpoint.namespace, {}))
        return in_namespace and selector_matches(pods, endpoint.labels)


def policy_types(policy: Mapping[str, Any]) -> list[str]:
    """``spec.policyTypes``, or its default: Ingress, and Egress when there are egress rules."""
    types = policy["spec"].get("policyTypes")
    if types:
        return list(types)
    return ["Ingress", "Egress"] if policy["spec"].get("egress") else ["Ingress"]


def ip_in_block(ip: str, block: Mapping[str, Any]) -> bool:
    """An address in ``cidr`` and in none of ``except``."""
    address = ipaddress.ip_address(ip)
    if address not in ipaddress.ip_network(block["cidr"]):
        return False
    return not any(address in ipaddress.ip_network(excepted) for excepted in block.get("except") or ())


def ports_match(ports: Sequence[Mapping[str, Any]] | None, destination: Endpoint, port: int, protocol: str) -> bool:
    """Whether one of a rule's ``ports`` covers ``port``/``protocol`` on ``destination``."""
    if not ports:
        return True
    for entry in ports:
        if entry.get("protocol", "TCP") != protocol:
            continue
        value = entry.get("port")
        if value is None:
            return True
        if isinstance(value, str):
            named = isinstance(destination, Pod) and any(
                p.name == value and p.protocol == protocol and p.number == port for p in destination.ports
            )
            if named:
                return True
            continue
        end = entry.get("endPort", value)
        if value <= port <= end:
            return True
    return False

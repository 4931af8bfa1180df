"""The NetworkPolicy evaluator of ``tests/netpol.py`` follows the documented semantics, case by case.

The fence tests trust its answers, so each rule it implements is shown here on hand-written
policies: isolation per direction, the default ``policyTypes``, peers of every kind, ``ipBlock``
with ``except``, label expressions, numbered, ranged and named ports.
"""

from typing import Any

from tests.netpol import Cluster, External, Pod, Port

WEB = Pod("web", "shop", {"app": "web", "tier": "front"}, "10.0.0.1", (Port(8080, "TCP", "http"), Port(9000)))
API = Pod("api", "shop", {"app": "api"}, "10.0.0.2", (Port(8443, "TCP", "https"),))
SPY = Pod("spy", "other", {"app": "web"}, "10.0.9.1")
NAMESPACES = {"shop": {"env": "prod"}, "other": {"env": "dev"}}


def policy(
    name: str,
    selector: dict[str, Any],
    *,
    ingress: list[Any] | None = None,
    egress: list[Any] | None = None,
    types: list[str] | None = None,
) -> dict[str, Any]:
    spec: dict[str, Any] = {"podSelector": selector}
    if types is not None:
        spec["policyTypes"] = types
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    return {"kind": "NetworkPolicy", "metadata": {"name": name, "namespace": "shop"}, "spec": spec}


def test_no_policy_allows_everything() -> None:
    cluster = Cluster([], NAMESPACES)
    assert cluster.allowed(SPY, WEB, 8080) and cluster.allowed(External("1.2.3.4"), API, 1)


def test_a_selecting_policy_without_rules_isolates_only_its_pods() -> None:
    cluster = Cluster([policy("deny", {"matchLabels": {"app": "web"}})], NAMESPACES)
    assert not cluster.allowed(API, WEB, 8080)
    assert cluster.allowed(WEB, API, 8443)  # api not selected; web's egress not isolated
    assert cluster.allowed(WEB, SPY, 1)  # a policy selects pods of its own namespace only


def test_policy_types_default_to_ingress_plus_egress_when_there_are_egress_rules() -> None:
    only_egress_rules = policy("e", {}, egress=[{"to": [{"podSelector": {"matchLabels": {"app": "api"}}}]}])
    cluster = Cluster([only_egress_rules], NAMESPACES)
    assert cluster.allowed(WEB, API, 8443) is False  # api is isolated for ingress with no ingress rule
    explicit = Cluster([policy("e", {}, egress=only_egress_rules["spec"]["egress"], types=["Egress"])], NAMESPACES)
    assert explicit.allowed(WEB, API, 8443)
    assert not explicit.allowed(WEB, External("1.1.1.1"), 443)


def test_rules_of_several_policies_add_up() -> None:
    from_api = {"from": [{"podSelector": {"matchLabels": {"app": "api"}}}]}
    from_dev = {"from": [{"namespaceSelector": {"matchLabels": {"env": "dev"}}}]}
    cluster = Cluster([policy("a", {}, ingress=[from_api]), policy("b", {}, ingress=[from_dev])], NAMESPACES)
    assert cluster.allowed(API, WEB, 8080) and cluster.allowed(SPY, WEB, 8080)
    assert not cluster.allowed(WEB, WEB, 8080)


def test_pod_and_namespace_selectors_in_one_peer_must_both_match() -> None:
    both = {"namespaceSelector": {"matchLabels": {"env": "dev"}}, "podSelector": {"matchLabels": {"app": "api"}}}
    cluster = Cluster([policy("p", {}, ingress=[{"from": [both]}])], NAMESPACES)
    assert not cluster.allowed(SPY, WEB, 8080)  # dev, but app=web
    assert not cluster.allowed(API, WEB, 8080)  # app=api, but prod
    assert cluster.allowed(Pod("x", "other", {"app": "api"}, "10.0.9.2"), WEB, 8080)


def test_a_pod_selector_alone_means_the_policys_namespace() -> None:
    cluster = Cluster(
        [policy("p", {}, ingress=[{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}]}])], NAMESPACES
    )
    assert not cluster.allowed(SPY, API, 8443)  # app=web, other namespace
    assert cluster.allowed(WEB, API, 8443)


def test_ip_block_with_except_and_no_labels_outside() -> None:
    block = {"ipBlock": {"cidr": "192.0.2.0/24", "except": ["192.0.2.128/25"]}}
    cluster = Cluster([policy("p", {}, ingress=[{"from": [block, {"podSelector": {}}]}])], NAMESPACES)
    assert cluster.allowed(External("192.0.2.1"), WEB, 8080)
    assert not cluster.allowed(External("192.0.2.200"), WEB, 8080)
    assert not cluster.allowed(External("198.51.100.1"), WEB, 8080)  # an external address matches no selector


def test_match_expressions() -> None:
    expressions = [
        {"key": "app", "operator": "In", "values": ["web", "api"]},
        {"key": "tier", "operator": "NotIn", "values": ["back"]},
        {"key": "app", "operator": "Exists"},
        {"key": "debug", "operator": "DoesNotExist"},
    ]
    peer = {"podSelector": {"matchExpressions": expressions}}
    cluster = Cluster([policy("p", {}, ingress=[{"from": [peer]}])], NAMESPACES)
    assert cluster.allowed(API, WEB, 8080)
    assert not cluster.allowed(Pod("b", "shop", {"app": "web", "tier": "back"}, "10.0.0.3"), WEB, 8080)
    assert not cluster.allowed(Pod("d", "shop", {"app": "api", "debug": "1"}, "10.0.0.4"), WEB, 8080)
    assert not cluster.allowed(Pod("n", "shop", {}, "10.0.0.5"), WEB, 8080)


def test_ports_numbered_ranged_named_and_by_protocol() -> None:
    ports = [{"port": 9000}, {"port": 7000, "endPort": 7010}, {"port": "http"}, {"protocol": "UDP"}]
    cluster = Cluster([policy("p", {}, ingress=[{"ports": ports}])], NAMESPACES)
    assert cluster.allowed(SPY, WEB, 9000) and cluster.allowed(SPY, WEB, 7005) and cluster.allowed(SPY, WEB, 7010)
    assert not cluster.allowed(SPY, WEB, 7011)
    assert cluster.allowed(SPY, WEB, 8080)  # "http" is web's 8080
    assert not cluster.allowed(SPY, API, 8080)  # api has no port named http
    assert cluster.allowed(SPY, API, 5353, "UDP")  # every UDP port
    assert not cluster.allowed(SPY, WEB, 9001)


def test_egress_named_ports_resolve_on_the_destination() -> None:
    egress = [{"to": [{"podSelector": {}}], "ports": [{"port": "https"}]}]
    cluster = Cluster([policy("p", {"matchLabels": {"app": "web"}}, egress=egress, types=["Egress"])], NAMESPACES)
    assert cluster.allowed(WEB, API, 8443)
    assert not cluster.allowed(WEB, API, 8080)
    assert not cluster.allowed(WEB, External("10.0.0.2"), 8443)  # not a pod: no named ports, no pod selector

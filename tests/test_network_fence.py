"""Fences (``network_policy=``): rendered NetworkPolicies, evaluated against the rendered pods.

The NetworkPolicies are evaluated by :mod:`tests.netpol` (Kubernetes' semantics, written down
there) against pods built from the rendered Jobs' own templates: labels and container ports
exactly as the pods get them. The cluster holds the fenced test, another test in the same
namespace, an arbitrary pod, pods in an operators' and a monitoring namespace, and addresses
outside the cluster inside and outside the remote ranges.
"""

from pathlib import Path
from typing import Any

import cdk8s
import kubernetes_validate
import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from constructs_locust import (
    ExternalMaster,
    LocustTest,
    LocustTestSpec,
    LocustWorkerGroup,
    NetworkFence,
    RemoteWorkers,
    SpecError,
    render_manifests,
)
from constructs_locust.kube._yaml import SafeDumper
from constructs_locust.manifests._network_fence import network_policies
from tests.netpol import Cluster, External, Pod, Port, pod_from_job
from tests.support import minimal_cr_spec, synth_test
from tests.test_kube_yaml import needs_kubectl
from tests.test_schema import KUBERNETES_VERSIONS

SPEC = LocustTestSpec.from_cr(
    minimal_cr_spec(
        master={"command": "--locustfile /lotest/src/locustfile.py", "labels": {"app": "shop"}},
        worker={"command": "--locustfile /lotest/src/locustfile.py", "replicas": 2, "labels": {"app": "shop"}},
    )
)
"""User labels override ``app`` on both roles: the fence must not rely on it."""
OTEL = LocustTestSpec.from_cr(
    minimal_cr_spec(observability={"openTelemetry": {"enabled": True, "endpoint": "collector:4317"}})
)
OPS = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ops"}}}
MONITORING = {
    "namespaceSelector": {"matchLabels": {"team": "monitoring"}},
    "podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}},
}
TARGET = {"to": [{"ipBlock": {"cidr": "10.1.0.0/16", "except": ["10.1.9.0/24"]}}], "ports": [{"port": 443}]}
FENCE = NetworkFence(web_ui_from=(OPS,), metrics_from=(MONITORING,), remote_ranges=("10.8.0.0/16",))
NAMESPACES = {"load": {}, "ops": {}, "monitoring": {"team": "monitoring"}, "kube-system": {}}


def objects(spec: LocustTestSpec = SPEC, name: str = "checkout", **kwargs: Any) -> list[dict[str, Any]]:
    """The synthesized objects of one test in namespace ``load``."""
    return synth_test(spec, name=name, namespace="load", **kwargs)


def of_kind(manifests: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [manifest for manifest in manifests if manifest["kind"] == kind]


def jobs(manifests: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    master, worker = of_kind(manifests, "Job")
    return master, worker


class World:
    """The fenced test and its neighbours, as pods, with the policies of every test in it."""

    def __init__(self, fenced: list[dict[str, Any]], *others: list[dict[str, Any]]) -> None:
        master_job, worker_job = jobs(fenced)
        self.master = pod_from_job(master_job, "10.0.0.10")
        self.workers = [pod_from_job(worker_job, f"10.0.0.{11 + index}", f"w{index}") for index in range(2)]
        self.others = []
        for number, other in enumerate(others):
            other_master, other_worker = jobs(other)
            self.others.append(
                (pod_from_job(other_master, f"10.0.1.{number + 10}"), pod_from_job(other_worker, "10.0.2.1"))
            )
        self.debug = Pod("debug", "load", {"app": "shop", "performance-test-name": "checkout"}, "10.0.3.1")
        self.operator = Pod("console", "ops", {"app": "console"}, "10.0.4.1")
        self.prometheus = Pod("prometheus", "monitoring", {"app.kubernetes.io/name": "prometheus"}, "10.0.5.1")
        self.grafana = Pod("grafana", "monitoring", {"app.kubernetes.io/name": "grafana"}, "10.0.5.2")
        self.dns = Pod("coredns", "kube-system", {"k8s-app": "kube-dns"}, "10.0.6.1", (Port(53, "UDP"), Port(53)))
        policies = of_kind(fenced, "NetworkPolicy") + [p for other in others for p in of_kind(other, "NetworkPolicy")]
        self.cluster = Cluster(policies, NAMESPACES)

    def allowed(self, source: Pod | External, destination: Pod | External, port: int, protocol: str = "TCP") -> bool:
        return self.cluster.allowed(source, destination, port, protocol)


@pytest.fixture(scope="module")
def world() -> World:
    return World(objects(network_policy=FENCE), objects(name="other"))


def test_this_tests_workers_reach_the_master_on_both_ports(world: World) -> None:
    for worker in world.workers:
        assert world.allowed(worker, world.master, 5557)
        assert world.allowed(worker, world.master, 5558)


def test_workers_of_another_test_and_arbitrary_pods_do_not(world: World) -> None:
    (other_master, other_worker), *_ = world.others
    for intruder in (other_worker, other_master, world.debug, world.operator, world.prometheus):
        assert not world.allowed(intruder, world.master, 5557), intruder.name
        assert not world.allowed(intruder, world.master, 5558), intruder.name


def test_the_unfenced_neighbour_stays_open(world: World) -> None:
    """The evaluator is no deny-all: the other test (no fence) is reached by anyone."""
    other_master, _ = world.others[0]
    assert world.allowed(world.debug, other_master, 5557)
    assert world.allowed(world.workers[0], other_master, 5557)


def test_the_web_ui_only_from_the_named_namespace(world: World) -> None:
    assert world.allowed(world.operator, world.master, 8089)
    for other in (world.debug, world.prometheus, *world.workers, External("10.8.1.5")):
        assert not world.allowed(other, world.master, 8089)
    assert not world.allowed(world.operator, world.master, 5557)


def test_the_metrics_port_only_from_the_named_pods_of_the_named_namespaces(world: World) -> None:
    assert world.allowed(world.prometheus, world.master, 9646)
    assert not world.allowed(world.grafana, world.master, 9646)
    assert not world.allowed(world.operator, world.master, 9646)
    assert not world.allowed(world.prometheus, world.master, 8089)


def test_remote_ranges_reach_5557_but_not_the_web_ui(world: World) -> None:
    assert world.allowed(External("10.8.1.5"), world.master, 5557)
    assert world.allowed(External("10.8.1.5"), world.master, 5558)
    assert not world.allowed(External("10.8.1.5"), world.master, 8089)
    assert not world.allowed(External("10.9.0.1"), world.master, 5557)
    assert not world.allowed(External("192.0.2.7"), world.master, 5557)


def test_nothing_comes_in_to_the_workers(world: World) -> None:
    for source in (world.master, world.debug, world.operator, External("10.8.1.5")):
        assert not world.allowed(source, world.workers[0], 8080)


def test_without_worker_egress_the_workers_go_anywhere(world: World) -> None:
    assert world.allowed(world.workers[0], External("203.0.113.9"), 443)


def test_worker_egress_keeps_the_workers_to_the_master_dns_and_the_listed_target() -> None:
    fence = NetworkFence(worker_egress=(TARGET,))
    world = World(objects(network_policy=fence), objects(name="other"))
    worker, (other_master, _) = world.workers[0], world.others[0]
    assert world.allowed(worker, world.master, 5557)
    assert world.allowed(worker, world.dns, 53, "UDP") and world.allowed(worker, world.dns, 53, "TCP")
    assert world.allowed(worker, External("10.1.2.3"), 443)
    assert not world.allowed(worker, External("10.1.9.3"), 443)  # the except
    assert not world.allowed(worker, External("10.1.2.3"), 80)
    assert not world.allowed(worker, External("8.8.8.8"), 53, "UDP")
    assert not world.allowed(worker, other_master, 5557)
    assert not world.allowed(worker, world.master, 8089)


def test_dns_false_leaves_dns_to_the_listed_rules() -> None:
    world = World(objects(network_policy=NetworkFence(worker_egress=(TARGET,), dns=False)))
    assert not world.allowed(world.workers[0], world.dns, 53, "UDP")


def test_true_is_the_default_fence_nobody_but_the_workers() -> None:
    world = World(objects(network_policy=True))
    assert world.allowed(world.workers[0], world.master, 5557)
    for port in (5557, 8089, 9646):
        assert not world.allowed(world.operator, world.master, port)
        assert not world.allowed(External("10.8.1.5"), world.master, port)
    assert not of_kind(objects(network_policy=True), "NetworkPolicy")[1]["spec"].get("egress")


def test_the_remote_ranges_default_to_the_external_masters_source_ranges() -> None:
    remote = RemoteWorkers(groups={"eu": 3}, service=ExternalMaster(source_ranges=("10.20.0.0/16",)))
    world = World(objects(network_policy=True, remote_workers=remote))
    assert world.allowed(External("10.20.3.4"), world.master, 5557)
    assert not world.allowed(External("10.8.1.5"), world.master, 5557)


def test_a_group_in_the_masters_own_namespace_reaches_it_too() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "one", namespace="load")
    remote = RemoteWorkers(groups={"spot": 3}, service=ExternalMaster(source_ranges=("10.20.0.0/16",)))
    LocustTest(chart, "checkout", spec=SPEC, remote_workers=remote, network_policy=True)
    LocustWorkerGroup(chart, "spot", test="checkout", spec=SPEC, master_address="checkout-master", replicas=3)
    manifests = list(cdk8s.Testing.synth(chart))
    world = World(manifests[:3] + of_kind(manifests, "NetworkPolicy"))
    group = pod_from_job(manifests[-1], "10.0.0.30")
    assert world.allowed(group, world.master, 5557)
    assert not world.allowed(
        Pod("x", "load", {"performance-test-pod-name": "checkout-worker-other"}, "10.0.0.31"), world.master, 5557
    )


def test_remote_workers_without_any_range_are_refused_with_a_fence() -> None:
    with pytest.raises(SpecError) as error:
        objects(network_policy=True, remote_workers=RemoteWorkers(groups={"eu": 3}))
    assert str(error.value).startswith("network_policy.remote_ranges: Required value: the remote worker groups")


def test_with_rerun_on_change_the_policies_follow_the_runs_names() -> None:
    manifests = objects(network_policy=FENCE, rerun_on_change=True)
    master_job, worker_job = jobs(manifests)
    master_policy, worker_policy = of_kind(manifests, "NetworkPolicy")
    assert master_policy["metadata"]["name"] == master_job["metadata"]["name"]
    assert worker_policy["metadata"]["name"] == worker_job["metadata"]["name"]
    world = World(manifests)
    assert world.allowed(world.workers[0], world.master, 5557)
    older_labels = {**world.workers[0].labels, "performance-test-pod-name": "checkout-worker"}  # another run's
    assert world.workers[0].labels["performance-test-pod-name"] != "checkout-worker"
    assert not world.allowed(Pod("old", "load", older_labels, "10.0.9.9"), world.master, 5557)


def test_with_opentelemetry_there_is_no_metrics_rule() -> None:
    master_policy, _ = of_kind(objects(OTEL, network_policy=FENCE), "NetworkPolicy")
    assert [rule["ports"] for rule in master_policy["spec"]["ingress"]] == [
        [{"protocol": "TCP", "port": 5557}, {"protocol": "TCP", "port": 5558}],
        [{"protocol": "TCP", "port": 8089}],
    ]


def test_a_moved_metrics_port_is_the_one_let_in() -> None:
    from constructs_locust import OperatorDefaults

    manifests = render_manifests(SPEC, "checkout", "load", OperatorDefaults(metrics_exporter_port=9100))
    master_policy, _ = network_policies(manifests, "checkout", FENCE)
    assert master_policy["spec"]["ingress"][-1]["ports"] == [{"protocol": "TCP", "port": 9100}]


@pytest.mark.parametrize("value", [None, False])
def test_no_fence_renders_the_operators_objects_only(value: Any) -> None:
    assert objects(network_policy=value) == objects()
    assert [manifest["kind"] for manifest in objects()] == ["Service", "Job", "Job"]


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_policy_passes_strict_validation(version: str) -> None:
    fences = (True, FENCE, NetworkFence(worker_egress=(TARGET, {"to": [OPS], "ports": [{"port": "otlp"}]})))
    for fence in fences:
        for policy in of_kind(objects(network_policy=fence), "NetworkPolicy"):
            kubernetes_validate.validate(policy, version, strict=True)


@needs_kubectl
def test_kubectl_reads_every_policy_back_as_rendered(tmp_path: Path) -> None:
    from tests.test_kube_yaml import kubectl_read

    policies = of_kind(
        objects(network_policy=NetworkFence(worker_egress=(TARGET,), web_ui_from=(OPS,))), "NetworkPolicy"
    )
    stream = yaml.dump_all(policies, Dumper=SafeDumper, sort_keys=False)
    assert kubectl_read(stream, tmp_path) == policies


REFUSALS: list[tuple[dict[str, Any], str]] = [
    ({"web_ui_from": [{}]}, "NetworkFence.web_ui_from[0]: Required value: must specify a peer"),
    (
        {"web_ui_from": [{"ipBlock": {"cidr": "10.0.0.0/8"}, "podSelector": {}}]},
        "NetworkFence.web_ui_from[0]: Forbidden: may not specify both ipBlock and another peer",
    ),
    ({"web_ui_from": [{"podSelecter": {}}]}, 'NetworkFence.web_ui_from[0].podSelecter: unknown field "NetworkFence'),
    (
        {"metrics_from": [{"ipBlock": {"cidr": "10.0.0.1/8"}}]},
        'NetworkFence.metrics_from[0].ipBlock.cidr: Invalid value: "10.0.0.1/8": must be a CIDR with its host bits',
    ),
    (
        {"metrics_from": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["11.0.0.0/16"]}}]},
        'NetworkFence.metrics_from[0].ipBlock.except[0]: Invalid value: "11.0.0.0/16": must be a strict subset',
    ),
    (
        {"web_ui_from": [{"podSelector": {"matchLabels": {"-x": "y"}}}]},
        'NetworkFence.web_ui_from[0].podSelector.matchLabels: Invalid value: "-x"',
    ),
    ({"remote_ranges": ["10.0.0.0/33"]}, 'NetworkFence.remote_ranges[0]: Invalid value: "10.0.0.0/33"'),
    ({"remote_ranges": "10.0.0.0/8"}, 'NetworkFence.remote_ranges: Invalid value: "10.0.0.0/8": must be of type array'),
    ({"worker_egress": [{"ports": [{"port": 443}]}]}, "NetworkFence.worker_egress[0].to: Required value"),
    (
        {"worker_egress": [{"to": [OPS], "ports": [{"port": 0}]}]},
        "NetworkFence.worker_egress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535",
    ),
    (
        {"worker_egress": [{"to": [OPS], "ports": [{"port": "http", "endPort": 90}]}]},
        "NetworkFence.worker_egress[0].ports[0].endPort: Invalid value: 90: may not be specified when",
    ),
    (
        {"worker_egress": [{"to": [OPS], "ports": [{"port": 90, "endPort": 80}]}]},
        "NetworkFence.worker_egress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal",
    ),
    (
        {"worker_egress": [{"to": [OPS], "ports": [{"protocol": "ICMP"}]}]},
        'NetworkFence.worker_egress[0].ports[0].protocol: Unsupported value: "ICMP"',
    ),
    (
        {"worker_egress": [{"to": [OPS], "ports": [{"port": "no_such--name"}]}]},
        'NetworkFence.worker_egress[0].ports[0].port: Invalid value: "no_such--name"',
    ),
    ({"dns": "yes"}, 'NetworkFence.dns: Invalid value: "yes": must be of type boolean'),
]


@pytest.mark.parametrize(("kwargs", "message"), REFUSALS)
def test_a_bad_fence_is_refused_naming_the_field(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as error:
        NetworkFence(**kwargs)
    assert str(error.value).startswith(message), str(error.value)


def test_a_network_policy_that_is_no_fence_is_refused() -> None:
    with pytest.raises(SpecError) as error:
        objects(network_policy="yes")
    assert str(error.value) == 'network_policy: Invalid value: "yes": must be True, False, None or a NetworkFence'


def test_snapshot_default_fence(snapshot: SnapshotAssertion) -> None:
    assert of_kind(objects(network_policy=True), "NetworkPolicy") == snapshot


def test_snapshot_full_fence(snapshot: SnapshotAssertion) -> None:
    fence = NetworkFence(web_ui_from=(OPS,), metrics_from=(MONITORING,), worker_egress=(TARGET,))
    remote = RemoteWorkers(groups={"eu": 3}, service=ExternalMaster(source_ranges=("10.20.0.0/16",)))
    assert of_kind(objects(network_policy=fence, remote_workers=remote), "NetworkPolicy") == snapshot

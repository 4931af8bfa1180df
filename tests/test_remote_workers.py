"""Workers in other clusters: ``remote_workers=RemoteWorkers(...)`` on the master, ``LocustWorkerGroup`` elsewhere."""

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
    LocustTestWarning,
    LocustWorkerGroup,
    PodOptions,
    RemoteWorkers,
    SpecError,
)
from constructs_locust.kube._yaml import SafeDumper
from tests.support import minimal_cr_spec, synth_test
from tests.test_kube_yaml import needs_kubectl
from tests.test_schema import KUBERNETES_VERSIONS

SPEC = LocustTestSpec.from_cr(minimal_cr_spec())
RANGES = ("10.20.0.0/16", "192.168.4.0/24")
EXTERNAL = ExternalMaster(source_ranges=RANGES)
GROUPS = RemoteWorkers(groups={"eu-west": 10, "us-east": 5}, service=EXTERNAL)


def objects(**kwargs: Any) -> list[dict[str, Any]]:
    return synth_test(SPEC, name="checkout", namespace="load", **kwargs)


def args_of(job: dict[str, Any]) -> list[str]:
    return list(job["spec"]["template"]["spec"]["containers"][0]["args"])


def group_objects(chart_namespace: str | None = None, **kwargs: Any) -> list[dict[str, Any]]:
    """One ``LocustWorkerGroup`` synthesized alone in a fresh app (another cluster's chart)."""
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "eu", namespace=chart_namespace)
    options: dict[str, Any] = {"test": "checkout", "spec": SPEC, "master_address": "10.20.0.7", "replicas": 10}
    LocustWorkerGroup(chart, "eu-west", **{**options, **kwargs})
    return list(cdk8s.Testing.synth(chart))


# --- the master side -----------------------------------------------------------------------


def test_expect_workers_counts_the_local_replicas_and_every_group() -> None:
    service, master, worker, *_ = objects(remote_workers=GROUPS)
    assert "--expect-workers=17" in args_of(master)  # 2 local + 10 + 5
    plain_service, plain_master, plain_worker = objects()
    assert [a for a in args_of(master) if a != "--expect-workers=17"] == [
        a for a in args_of(plain_master) if a != "--expect-workers=2"
    ]
    assert (service, worker) == (plain_service, plain_worker)


def test_only_the_operators_flag_is_replaced_extra_args_still_win() -> None:
    spec = LocustTestSpec.from_cr(
        minimal_cr_spec(master={"command": "--locustfile /lotest/src/l.py", "extraArgs": ["--expect-workers=1"]})
    )
    with pytest.warns(LocustTestWarning, match="repeats a flag the operator sets"):
        _, master, *_ = synth_test(spec, name="checkout", remote_workers=RemoteWorkers(groups={"eu": 4}))
    assert args_of(master)[-1] == "--expect-workers=1"
    assert "--expect-workers=6" in args_of(master)


def test_the_external_service_exposes_5557_and_5558_to_the_source_ranges_only() -> None:
    remote = objects(remote_workers=GROUPS)[3]
    assert remote["metadata"] == {"name": "checkout-remote", "namespace": "load"}
    assert remote["spec"] == {
        "ports": [
            {"name": "port5557", "protocol": "TCP", "port": 5557},
            {"name": "port5558", "protocol": "TCP", "port": 5558},
        ],
        "selector": {"performance-test-pod-name": "checkout-master"},
        "type": "LoadBalancer",
        "loadBalancerSourceRanges": list(RANGES),
        "externalTrafficPolicy": "Local",
    }


def test_without_a_service_only_the_count_changes() -> None:
    manifests = objects(remote_workers=RemoteWorkers(groups={"eu": 1}))
    assert [m["kind"] for m in manifests] == ["Service", "Job", "Job"]
    assert "--expect-workers=3" in args_of(manifests[1])


CLOUD_ANNOTATIONS: list[tuple[dict[str, Any], dict[str, str]]] = [
    ({"internal": True, "cloud": "gke"}, {"networking.gke.io/load-balancer-type": "Internal"}),
    ({"internal": False, "cloud": "gke"}, {}),
    ({"internal": True, "cloud": "aks"}, {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"}),
    ({"internal": False, "cloud": "aks"}, {}),
    (
        {"internal": True, "cloud": "eks"},
        {
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
            "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes": "preserve_client_ip.enabled=true",
            "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        },
    ),
    (
        {"cloud": "eks", "annotations": {"service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "instance"}},
        {
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "instance",
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
            "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes": "preserve_client_ip.enabled=true",
            "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        },
    ),
    ({"annotations": {"metallb.universe.tf/address-pool": "lab"}}, {"metallb.universe.tf/address-pool": "lab"}),
]


@pytest.mark.parametrize(("options", "annotations"), CLOUD_ANNOTATIONS)
def test_each_cloud_gets_its_documented_annotations(options: dict[str, Any], annotations: dict[str, str]) -> None:
    remote = RemoteWorkers(groups={"eu": 1}, service=ExternalMaster(source_ranges=RANGES, **options))
    service = objects(remote_workers=remote)[3]
    assert service["metadata"].get("annotations", {}) == annotations


def test_with_rerun_on_change_the_service_keeps_its_name_and_follows_the_run() -> None:
    manifests = objects(remote_workers=GROUPS, rerun_on_change=True)
    master_job, remote = manifests[1], manifests[3]
    assert remote["metadata"]["name"] == "checkout-remote"  # the load balancer's address stays
    run_label = master_job["spec"]["template"]["metadata"]["labels"]["performance-test-pod-name"]
    assert run_label.startswith("checkout-master-") and remote["spec"]["selector"] == {
        "performance-test-pod-name": run_label
    }
    assert master_job["metadata"]["name"] != objects(rerun_on_change=True)[1]["metadata"]["name"]  # count hashed


MASTER_REFUSALS: list[tuple[Any, str]] = [
    (lambda: ExternalMaster(source_ranges=()), "ExternalMaster.source_ranges: Required value: list the networks"),
    (
        lambda: ExternalMaster(source_ranges=("0.0.0.0/0",)),
        "ExternalMaster.source_ranges[0]: Forbidden: 0.0.0.0/0 opens the master's unauthenticated ZeroMQ port",
    ),
    (lambda: ExternalMaster(source_ranges=("::/0",)), "ExternalMaster.source_ranges[0]: Forbidden: ::/0 opens"),
    (
        lambda: ExternalMaster(source_ranges=("10.20.0.1/16",)),
        'ExternalMaster.source_ranges[0]: Invalid value: "10.20.0.1/16": must be a CIDR with its host bits zero',
    ),
    (lambda: ExternalMaster(source_ranges="10.0.0.0/8"), "ExternalMaster.source_ranges: Invalid value"),
    (
        lambda: ExternalMaster(source_ranges=RANGES, internal=True),
        "ExternalMaster.cloud: Required value: internal=True needs the cloud",
    ),
    (
        lambda: ExternalMaster(source_ranges=RANGES, cloud="azure"),
        'ExternalMaster.cloud: Unsupported value: "azure": supported values: "aks", "eks", "gke"',
    ),
    (lambda: ExternalMaster(source_ranges=RANGES, internal="yes"), 'ExternalMaster.internal: Invalid value: "yes"'),
    (
        lambda: ExternalMaster(source_ranges=RANGES, annotations={"-a": "b"}),
        'ExternalMaster.annotations: Invalid value: "-a"',
    ),
    (lambda: RemoteWorkers(groups={}), "RemoteWorkers.groups: Required value: name at least one worker group"),
    (lambda: RemoteWorkers(groups={"EU": 1}), 'RemoteWorkers.groups.EU: Invalid value: "EU": a group name must be'),
    (lambda: RemoteWorkers(groups={"eu": 0}), "RemoteWorkers.groups.eu: Invalid value: 0: must be between 1 and 500"),
    (lambda: RemoteWorkers(groups={"eu": 501}), "RemoteWorkers.groups.eu: Invalid value: 501: must be between"),
    (lambda: RemoteWorkers(groups={"eu": True}), "RemoteWorkers.groups.eu: Invalid value: true: must be of type"),
    (lambda: RemoteWorkers(groups={"eu": 1}, service={}), "RemoteWorkers.service: Invalid value"),
    (
        lambda: objects(remote_workers=RemoteWorkers(groups={"g" * 50: 1})),
        f"remote_workers.groups.{'g' * 50}: Too long: the Job name",
    ),
    (lambda: objects(remote_workers={"eu": 1}), "remote_workers: Invalid value: {'eu': 1}: must be a RemoteWorkers"),
]


@pytest.mark.parametrize(("build", "message"), MASTER_REFUSALS)
def test_bad_master_side_options_are_refused_naming_the_field(build: Any, message: str) -> None:
    with pytest.raises(SpecError) as error:
        build()
    assert str(error.value).startswith(message), str(error.value)


# --- the worker side -----------------------------------------------------------------------


def test_a_group_renders_only_a_worker_job_pointed_at_the_address() -> None:
    (job,) = group_objects(chart_namespace="load")
    assert job["kind"] == "Job" and job["metadata"] == {"name": "checkout-worker-eu-west", "namespace": "load"}
    assert job["spec"]["parallelism"] == 10
    labels = job["spec"]["template"]["metadata"]["labels"]
    assert labels["performance-test-pod-name"] == "checkout-worker-eu-west"
    assert labels["performance-test-name"] == "checkout" and labels["app"] == "checkout"
    args = args_of(job)
    assert "--master-host=10.20.0.7" in args and "--master-port=5557" in args and "--worker" in args
    assert not any(arg == "--master-host=checkout-master" for arg in args)


def test_a_group_is_the_operators_worker_job_apart_from_name_count_and_address() -> None:
    (job,) = group_objects()
    operator_job = synth_test(SPEC, name="checkout", namespace=None)[2]
    job["metadata"]["name"] = operator_job["metadata"]["name"]
    job["spec"]["parallelism"] = operator_job["spec"]["parallelism"]
    template = job["spec"]["template"]
    template["metadata"]["labels"]["performance-test-pod-name"] = "checkout-worker"
    container = template["spec"]["containers"][0]
    container["args"] = [
        ("--master-host=checkout-master" if a.startswith("--master-host=") else a) for a in container["args"]
    ]
    assert job == operator_job


def test_a_group_takes_its_own_pod_options_namespace_group_name_and_port() -> None:
    pod = PodOptions(node_selector={"topology.kubernetes.io/region": "eu-west-1"})
    (job,) = group_objects(pod=pod, namespace="perf", group="fra", master_port=31557, master_address="lb.example.com")
    assert job["metadata"] == {"name": "checkout-worker-fra", "namespace": "perf"}
    assert job["spec"]["template"]["spec"]["nodeSelector"] == {"topology.kubernetes.io/region": "eu-west-1"}
    assert "--master-port=31557" in args_of(job) and "--master-host=lb.example.com" in args_of(job)


def test_the_groups_of_the_other_charts_add_up_to_the_masters_count() -> None:
    groups = {"eu-west": 10, "us-east": 5}
    (_, master, *_) = objects(remote_workers=RemoteWorkers(groups=groups, service=EXTERNAL))
    rendered = [group_objects(group=name, replicas=replicas)[0] for name, replicas in groups.items()]
    total = SPEC.worker.replicas + sum(job["spec"]["parallelism"] for job in rendered)
    assert f"--expect-workers={total}" in args_of(master)


GROUP_REFUSALS: list[tuple[dict[str, Any], str]] = [
    ({"master_address": "2001:db8::1"}, 'master_address: Invalid value: "2001:db8::1": give a DNS name'),
    ({"master_address": "Not A Host"}, 'master_address: Invalid value: "Not A Host": must be an IPv4 address'),
    ({"master_address": ""}, 'master_address: Invalid value: "": must be an IPv4 address'),
    ({"master_address": 10}, "master_address: Invalid value: 10: must be of type string"),
    ({"replicas": 0}, "replicas: Invalid value: 0: must be between 1 and 500"),
    ({"replicas": "3"}, 'replicas: Invalid value: "3": must be of type integer'),
    ({"master_port": 70000}, "master_port: Invalid value: 70000: must be between 1 and 65535"),
    ({"group": "EU"}, 'group: Invalid value: "EU": a group name must be'),
    ({"group": "g" * 50}, "group: Too long: the Job name"),
    ({"test": "Checkout"}, 'metadata.name: Invalid value: "Checkout"'),
    ({"pod": PodOptions(priority_class_name="Bad")}, 'worker_pod.priority_class_name: Invalid value: "Bad"'),
]


@pytest.mark.parametrize(("kwargs", "message"), GROUP_REFUSALS)
def test_a_bad_group_is_refused_naming_the_argument(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as error:
        group_objects(**kwargs)
    assert str(error.value).startswith(message), str(error.value)


def test_two_groups_of_one_name_in_one_app_are_refused() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "eu", namespace="load")
    LocustWorkerGroup(chart, "a", test="checkout", spec=SPEC, master_address="10.0.0.1", replicas=1, group="eu")
    with pytest.raises(SpecError) as error:
        LocustWorkerGroup(chart, "b", test="checkout", spec=SPEC, master_address="10.0.0.1", replicas=1, group="eu")
    assert 'the Job "checkout-worker-eu" in namespace "load" is already in this app' in str(error.value)


def test_a_group_beside_the_master_in_one_chart_does_not_collide() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "one", namespace="load")
    LocustTest(chart, "checkout", spec=SPEC, remote_workers=RemoteWorkers(groups={"spot": 3}))
    LocustWorkerGroup(chart, "spot", test="checkout", spec=SPEC, master_address="checkout-master", replicas=3)
    assert [m["metadata"]["name"] for m in cdk8s.Testing.synth(chart)][-1] == "checkout-worker-spot"


# --- validation, round trip, snapshots -----------------------------------------------------


def new_objects() -> list[dict[str, Any]]:
    remote = RemoteWorkers(groups={"eu": 1}, service=ExternalMaster(source_ranges=RANGES, internal=True, cloud="eks"))
    return [objects(remote_workers=remote)[3], group_objects(chart_namespace="load")[0]]


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_the_new_objects_pass_strict_validation(version: str) -> None:
    for manifest in new_objects():
        kubernetes_validate.validate(manifest, version, strict=True)


@needs_kubectl
def test_kubectl_reads_the_new_objects_back_as_rendered(tmp_path: Path) -> None:
    from tests.test_kube_yaml import kubectl_read

    manifests = new_objects()
    assert kubectl_read(yaml.dump_all(manifests, Dumper=SafeDumper, sort_keys=False), tmp_path) == manifests


def test_snapshot_external_master_on_eks(snapshot: SnapshotAssertion) -> None:
    remote = RemoteWorkers(groups={"eu": 4}, service=ExternalMaster(source_ranges=RANGES, internal=True, cloud="eks"))
    assert objects(remote_workers=remote) == snapshot


def test_snapshot_worker_group(snapshot: SnapshotAssertion) -> None:
    pod = PodOptions(tolerations=[{"key": "spot", "operator": "Exists", "effect": "NoSchedule"}])
    assert group_objects(chart_namespace="load", pod=pod) == snapshot


def test_the_group_construct_shows_its_keyword_arguments() -> None:
    import inspect

    parameters = inspect.signature(LocustWorkerGroup).parameters
    assert list(parameters)[:2] == ["scope", "id"]
    for keyword in ("test", "spec", "master_address", "replicas", "group", "namespace", "defaults", "pod"):
        assert parameters[keyword].kind is inspect.Parameter.KEYWORD_ONLY
    test_parameters = inspect.signature(LocustTest).parameters
    for keyword in ("remote_workers", "network_policy"):
        assert test_parameters[keyword].kind is inspect.Parameter.KEYWORD_ONLY
        assert test_parameters[keyword].default is None

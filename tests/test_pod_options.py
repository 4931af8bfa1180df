"""Per-role pods (``master_pod=``/``worker_pod=``): what each field adds to or replaces in ``spec.scheduling``."""

from typing import Any

import kubernetes_validate
import pytest
from syrupy.assertion import SnapshotAssertion

from constructs_locust import LocustTestSpec, OperatorDefaults, PodOptions, SpecError, render_manifests
from tests.support import minimal_cr_spec, synth_test
from tests.test_schema import KUBERNETES_VERSIONS

SPOT = {"key": "cloud.example.com/spot", "operator": "Equal", "value": "true", "effect": "NoSchedule"}
DEDICATED = {"key": "dedicated", "operator": "Equal", "value": "load", "effect": "NoSchedule"}
SHARED_NODE_AFFINITY = {
    "requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [{"key": "pool", "operator": "In", "values": ["load"]}]}]
    }
}
SHARED_ANTI_AFFINITY = {
    "preferredDuringSchedulingIgnoredDuringExecution": [
        {
            "weight": 100,
            "podAffinityTerm": {
                "labelSelector": {"matchLabels": {"app": "checkout"}},
                "topologyKey": "kubernetes.io/hostname",
            },
        }
    ]
}
ON_DEMAND = {
    "requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [
            {"matchExpressions": [{"key": "cloud.example.com/capacity", "operator": "In", "values": ["on-demand"]}]}
        ]
    }
}
SPREAD = {
    "maxSkew": 1,
    "topologyKey": "topology.kubernetes.io/zone",
    "whenUnsatisfiable": "ScheduleAnyway",
    "labelSelector": {"matchLabels": {"performance-test-pod-name": "checkout-worker"}},
}

SHARED = LocustTestSpec.from_cr(
    minimal_cr_spec(
        scheduling={
            "affinity": {"nodeAffinity": SHARED_NODE_AFFINITY, "podAntiAffinity": SHARED_ANTI_AFFINITY},
            "tolerations": [DEDICATED],
            "nodeSelector": {"pool": "load", "disk": "ssd"},
        }
    )
)
PLAIN = LocustTestSpec.from_cr(minimal_cr_spec())


def pods(spec: LocustTestSpec, defaults: OperatorDefaults | None = None, **options: Any) -> tuple[dict[str, Any], ...]:
    manifests = render_manifests(spec, "checkout", "load", defaults, **options)
    return manifests.master_job["spec"]["template"]["spec"], manifests.worker_job["spec"]["template"]["spec"]


def test_empty_options_are_the_operators_output() -> None:
    for spec in (SHARED, PLAIN):
        assert render_manifests(spec, "checkout", "load", master_pod=PodOptions(), worker_pod=PodOptions()) == (
            render_manifests(spec, "checkout", "load")
        )


def test_tolerations_are_added_after_the_specs_for_that_role_only() -> None:
    master, worker = pods(SHARED, worker_pod=PodOptions(tolerations=[SPOT]))
    assert master["tolerations"] == [DEDICATED]
    assert worker["tolerations"] == [DEDICATED, SPOT]


def test_role_tolerations_apply_when_the_operator_does_not_inject_the_specs() -> None:
    defaults = OperatorDefaults(inject_tolerations=False)
    master, worker = pods(SHARED, defaults, worker_pod=PodOptions(tolerations=[SPOT]))
    assert "tolerations" not in master
    assert worker["tolerations"] == [SPOT]


def test_affinity_replaces_the_specs_per_kind_and_keeps_the_other_kinds() -> None:
    master, worker = pods(SHARED, master_pod=PodOptions(affinity={"nodeAffinity": ON_DEMAND}))
    assert master["affinity"] == {"nodeAffinity": ON_DEMAND, "podAntiAffinity": SHARED_ANTI_AFFINITY}
    assert worker["affinity"] == {"nodeAffinity": SHARED_NODE_AFFINITY, "podAntiAffinity": SHARED_ANTI_AFFINITY}


def test_role_affinity_applies_when_the_operator_does_not_inject_the_specs() -> None:
    master, worker = pods(
        SHARED, OperatorDefaults(inject_affinity=False), master_pod=PodOptions(affinity={"nodeAffinity": ON_DEMAND})
    )
    assert master["affinity"] == {"nodeAffinity": ON_DEMAND}
    assert "affinity" not in worker


def test_node_selector_is_merged_and_the_role_wins_on_a_shared_key() -> None:
    master, worker = pods(SHARED, worker_pod=PodOptions(node_selector={"pool": "spot", "arch": "arm64"}))
    assert master["nodeSelector"] == {"disk": "ssd", "pool": "load"}
    assert worker["nodeSelector"] == {"arch": "arm64", "disk": "ssd", "pool": "spot"}
    assert list(worker["nodeSelector"]) == ["arch", "disk", "pool"]


def test_fields_the_spec_lacks_are_set_in_go_field_order() -> None:
    options = PodOptions(
        topology_spread_constraints=[SPREAD],
        priority_class_name="load-low",
        service_account_name="load-runner",
        tolerations=[SPOT],
    )
    _, worker = pods(PLAIN, worker_pod=options)
    assert worker["topologySpreadConstraints"] == [SPREAD]
    assert worker["priorityClassName"] == "load-low"
    assert worker["serviceAccountName"] == "load-runner"
    assert list(worker) == [
        "volumes",
        "containers",
        "restartPolicy",
        "serviceAccountName",
        "securityContext",
        "tolerations",
        "priorityClassName",
        "topologySpreadConstraints",
    ]


def test_options_are_copied_not_aliased() -> None:
    toleration = dict(SPOT)
    options = PodOptions(tolerations=[toleration])
    toleration["value"] = "changed"
    _, worker = pods(PLAIN, worker_pod=options)
    worker["tolerations"][0]["key"] = "mutated"
    assert options.tolerations == (SPOT,)


def test_options_are_written_as_the_operators_go_structs_write_the_specs() -> None:
    options = PodOptions(
        tolerations=[{"key": "spot", "operator": "Exists", "value": "", "effect": ""}],
        topology_spread_constraints=[{**SPREAD, "matchLabelKeys": [], "minDomains": None}],
    )
    _, worker = pods(PLAIN, worker_pod=options)
    assert worker["tolerations"] == [{"key": "spot", "operator": "Exists"}]
    assert worker["topologySpreadConstraints"] == [SPREAD]


def test_construct_passes_the_options_through() -> None:
    manifests = synth_test(PLAIN, name="checkout", worker_pod=PodOptions(tolerations=[SPOT]))
    assert manifests[2]["spec"]["template"]["spec"]["tolerations"] == [SPOT]
    assert "tolerations" not in manifests[1]["spec"]["template"]["spec"]


REFUSALS: list[tuple[str, dict[str, Any], str]] = [
    (
        "not-options",
        {"master_pod": {"tolerations": []}},
        "master_pod: Invalid value: {'tolerations': []}: must be a PodOptions",
    ),
    (
        "toleration-unknown-field",
        {"worker_pod": PodOptions(tolerations=[{**SPOT, "effects": "NoSchedule"}])},
        'worker_pod.tolerations[0].effects: unknown field "worker_pod.tolerations[0].effects"',
    ),
    (
        "toleration-bad-operator",
        {"worker_pod": PodOptions(tolerations=[{**SPOT, "operator": "In"}])},
        'worker_pod.tolerations[0].operator: Unsupported value: "In": supported values: "Equal", "Exists"',
    ),
    (
        "toleration-exists-with-value",
        {"master_pod": PodOptions(tolerations=[{"key": "spot", "operator": "Exists", "value": "true"}])},
        'master_pod.tolerations[0].operator: Invalid value: {"key": "spot", "operator": "Exists", "value": "true"}: '
        "value must be empty when `operator` is 'Exists'",
    ),
    (
        "toleration-empty-key-needs-exists",
        {"worker_pod": PodOptions(tolerations=[{"operator": "Equal", "value": "x"}])},
        'worker_pod.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, '
        'which means "match all values and all keys"',
    ),
    (
        "toleration-bad-effect",
        {"worker_pod": PodOptions(tolerations=[{**SPOT, "effect": "NoRun"}])},
        'worker_pod.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", '
        '"PreferNoSchedule", "NoExecute"',
    ),
    (
        "toleration-seconds-without-no-execute",
        {"worker_pod": PodOptions(tolerations=[{**SPOT, "tolerationSeconds": 30}])},
        "worker_pod.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when "
        "`tolerationSeconds` is set",
    ),
    (
        "toleration-bad-value",
        {"worker_pod": PodOptions(tolerations=[{**SPOT, "value": "not ok"}])},
        'worker_pod.tolerations[0].operator: Invalid value: "not ok": a valid label must be an empty string or '
        "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    ),
    (
        "affinity-unknown-kind",
        {"master_pod": PodOptions(affinity={"nodeAfinity": ON_DEMAND})},
        'master_pod.affinity.nodeAfinity: unknown field "master_pod.affinity.nodeAfinity"',
    ),
    (
        "affinity-kind-not-an-object",
        {"master_pod": PodOptions(affinity={"nodeAffinity": []})},
        "master_pod.affinity.nodeAffinity: Invalid value: []: must be of type object",
    ),
    (
        "node-selector-bad-key",
        {"worker_pod": PodOptions(node_selector={"bad key": "x"})},
        'worker_pod.node_selector: Invalid value: "bad key": name part must consist of alphanumeric characters, '
        "'-', '_' or '.', and must start and end with an alphanumeric character",
    ),
    (
        "spread-missing-key",
        {"worker_pod": PodOptions(topology_spread_constraints=[{"maxSkew": 1, "whenUnsatisfiable": "DoNotSchedule"}])},
        "worker_pod.topology_spread_constraints[0].topologyKey: Required value",
    ),
    (
        "spread-zero-skew",
        {"worker_pod": PodOptions(topology_spread_constraints=[{**SPREAD, "maxSkew": 0}])},
        "worker_pod.topology_spread_constraints[0].maxSkew: Invalid value: 0: must be greater than zero",
    ),
    (
        "spread-unknown-field",
        {"worker_pod": PodOptions(topology_spread_constraints=[{**SPREAD, "maxskew": 1}])},
        "worker_pod.topology_spread_constraints[0].maxskew: "
        'unknown field "worker_pod.topology_spread_constraints[0].maxskew"',
    ),
    (
        "spread-skew-not-an-integer",
        {"worker_pod": PodOptions(topology_spread_constraints=[{**SPREAD, "maxSkew": "1"}])},
        'worker_pod.topology_spread_constraints[0].maxSkew: Invalid value: "1": must be of type integer',
    ),
    (
        "affinity-bad-node-operator",
        {
            "master_pod": PodOptions(
                affinity={
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {
                            "nodeSelectorTerms": [
                                {"matchExpressions": [{"key": "pool", "operator": "Near", "values": ["a"]}]}
                            ]
                        }
                    }
                }
            )
        },
        "master_pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
        '.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator',
    ),
    (
        "spread-bad-when",
        {"worker_pod": PodOptions(topology_spread_constraints=[{**SPREAD, "whenUnsatisfiable": "Never"}])},
        'worker_pod.topology_spread_constraints[0].whenUnsatisfiable: Unsupported value: "Never": supported values: '
        '"DoNotSchedule", "ScheduleAnyway"',
    ),
    (
        "spread-min-domains-needs-do-not-schedule",
        {"worker_pod": PodOptions(topology_spread_constraints=[{**SPREAD, "minDomains": 2}])},
        "worker_pod.topology_spread_constraints[0].minDomains: Invalid value: 2: can only use minDomains if "
        "whenUnsatisfiable=DoNotSchedule",
    ),
    (
        "priority-class-not-a-name",
        {"master_pod": PodOptions(priority_class_name="Low Priority")},
        'master_pod.priority_class_name: Invalid value: "Low Priority": a lowercase RFC 1123 subdomain',
    ),
    (
        "service-account-not-a-name",
        {"worker_pod": PodOptions(service_account_name="Runner")},
        'worker_pod.service_account_name: Invalid value: "Runner": a lowercase RFC 1123 subdomain',
    ),
]


@pytest.mark.parametrize(("case", "options", "message"), REFUSALS, ids=[case for case, _, _ in REFUSALS])
def test_bad_options_are_refused_with_the_keyword_path(case: str, options: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as error:
        render_manifests(PLAIN, "checkout", "load", **options)
    assert str(error.value).startswith(message), case


CONSTRUCTION_REFUSALS: list[tuple[dict[str, Any], str]] = [
    ({"tolerations": "abc"}, 'PodOptions.tolerations: Invalid value: "abc": must be of type array'),
    ({"tolerations": ["spot"]}, 'PodOptions.tolerations[0]: Invalid value: "spot": must be of type object'),
    ({"affinity": []}, "PodOptions.affinity: Invalid value: []: must be of type object"),
    ({"node_selector": {"pool": 3}}, "PodOptions.node_selector.pool: Invalid value: 3: must be of type string"),
    ({"node_selector": "pool=load"}, 'PodOptions.node_selector: Invalid value: "pool=load": must be of type object'),
    (
        {"topology_spread_constraints": SPREAD},
        "PodOptions.topology_spread_constraints: Invalid value: {",
    ),
    ({"priority_class_name": 1}, "PodOptions.priority_class_name: Invalid value: 1: must be of type string"),
    ({"service_account_name": 42}, "PodOptions.service_account_name: Invalid value: 42: must be of type string"),
    (
        {"service_account_name": object()},
        "PodOptions.service_account_name: Invalid value: <object>: must be a name or an object with a string .name",
    ),
]


@pytest.mark.parametrize(("kwargs", "message"), CONSTRUCTION_REFUSALS)
def test_a_wrong_type_is_refused_when_the_options_are_built(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as error:
        PodOptions(**kwargs)
    assert str(error.value).startswith(message)


def test_every_bad_argument_of_pod_options_is_reported_at_once() -> None:
    with pytest.raises(SpecError) as error:
        PodOptions(tolerations="abc", affinity=[], priority_class_name=1)  # type: ignore[arg-type]
    assert [single.path for single in error.value.errors] == [
        "PodOptions.tolerations",
        "PodOptions.affinity",
        "PodOptions.priority_class_name",
    ]


def test_a_refused_option_adds_nothing_to_the_tree() -> None:
    import cdk8s

    from constructs_locust import LocustTest

    chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
    with pytest.raises(SpecError):
        LocustTest(chart, "checkout", spec=PLAIN, worker_pod=PodOptions(tolerations=[{"operator": "Nope"}]))
    assert chart.node.children == []


SPOT_WORKERS = {
    "master_pod": PodOptions(affinity={"nodeAffinity": ON_DEMAND}, priority_class_name="load-high"),
    "worker_pod": PodOptions(
        tolerations=[SPOT],
        node_selector={"cloud.example.com/capacity": "spot"},
        topology_spread_constraints=[SPREAD],
        service_account_name="load-runner",
    ),
}


def test_snapshot_spot_workers_on_demand_master(snapshot: SnapshotAssertion) -> None:
    assert synth_test(SHARED, name="checkout", **SPOT_WORKERS) == snapshot


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_field_passes_strict_validation(version: str) -> None:
    for spec in (SHARED, PLAIN):
        for manifest in render_manifests(spec, "checkout", "load", **SPOT_WORKERS):
            kubernetes_validate.validate(manifest, version, strict=True)

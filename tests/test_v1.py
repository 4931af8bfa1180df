"""locust.io/v1 LocustTests: the v1 CRD's rules, and the operator's conversion to v2.

The conversion is docs/explanation/operator-behaviour.md §13.
"""

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_locust import LocustTestSpec, SpecError, render_manifests
from constructs_locust.cli import _main as cli
from constructs_locust.spec._v1 import v1_spec_to_v2, v1_to_v2
from tests.support import operator_message

CRS = Path(__file__).parent / "fixtures" / "crs"

AUTOQUIT_60 = {"enabled": True, "timeout": 60}

# The v2 CRs the operator stores for the v1 fixtures, written by hand from §13.
V2_OF_BASIC: dict[str, Any] = {
    "apiVersion": "locust.io/v2",
    "kind": "LocustTest",
    "metadata": {"name": "e2e-test-v1"},
    "spec": {
        "image": "locustio/locust:latest",
        "master": {"command": "-f /lotest/src/locustfile.py", "autostart": True, "autoquit": AUTOQUIT_60},
        "worker": {"command": "-f /lotest/src/locustfile.py", "replicas": 1},
        "testFiles": {"configMapRef": "e2e-test-configmap"},
    },
}
V2_OF_FULL: dict[str, Any] = {
    "apiVersion": "locust.io/v2",
    "kind": "LocustTest",
    "metadata": {"name": "team-a.v1-full", "namespace": "perf"},
    "spec": {
        "image": "registry.example.com/locust:2.43.1",
        "imagePullPolicy": "Always",
        "imagePullSecrets": [{"name": "registry-creds"}, {"name": "mirror-creds"}],
        "master": {
            "command": "--locustfile /lotest/src/main.py --host https://shop.example.com",
            "autostart": True,
            "autoquit": AUTOQUIT_60,
            "labels": {"team": "a"},
            "annotations": {"owner": "perf-team"},
        },
        "worker": {
            "command": "--locustfile /lotest/src/main.py",
            "replicas": 4,
            "labels": {"team": "a", "tier": "load"},
            "annotations": {"sidecar.istio.io/inject": "false"},
        },
        "testFiles": {"configMapRef": "shop-locustfiles", "libConfigMapRef": "shop-lib"},
        "scheduling": {
            "affinity": {
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {
                        "nodeSelectorTerms": [
                            {
                                "matchExpressions": [
                                    {"key": "disktype", "operator": "In", "values": ["ssd"]},
                                    {"key": "pool", "operator": "In", "values": ["load-testing"]},
                                ]
                            }
                        ]
                    }
                }
            },
            "tolerations": [
                {"key": "dedicated", "operator": "Equal", "value": "load", "effect": "NoSchedule"},
                {"key": "spot", "operator": "Exists", "effect": "PreferNoSchedule"},
            ],
        },
    },
}
PAIRS = {"locust_v1_locusttest_basic.yaml": V2_OF_BASIC, "locust_v1_locusttest_full.yaml": V2_OF_FULL}
MINIMAL_V1: dict[str, Any] = {
    "masterCommandSeed": "-f /lotest/src/main.py",
    "workerCommandSeed": "-f /lotest/src/main.py",
    "workerReplicas": 2,
    "image": "locustio/locust:2.43.1",
}


def load_cr(file_name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((CRS / file_name).read_text())
    return document


def v1_spec(**changes: Any) -> dict[str, Any]:
    """The minimal v1 spec with keys replaced (``None`` deletes a key)."""
    spec = copy.deepcopy(MINIMAL_V1)
    for key, value in changes.items():
        if value is None:
            spec.pop(key, None)
        else:
            spec[key] = value
    return spec


# ---------------------------------------------------------------------------------------------
# The conversion
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_name", sorted(PAIRS))
def test_v1_spec_converts_to_the_hand_written_v2_spec(file_name: str) -> None:
    assert v1_spec_to_v2(load_cr(file_name)["spec"]) == PAIRS[file_name]["spec"]


@pytest.mark.parametrize("file_name", sorted(PAIRS))
def test_v1_cr_renders_the_objects_of_its_v2_equivalent(file_name: str) -> None:
    v1_cr, v2_cr = load_cr(file_name), PAIRS[file_name]
    metadata = v2_cr["metadata"]
    from_v1 = render_manifests(LocustTestSpec.from_cr(v1_spec_to_v2(v1_cr["spec"])), **metadata)
    from_v2 = render_manifests(LocustTestSpec.from_cr(v2_cr["spec"]), **metadata)
    assert from_v1 == from_v2


@pytest.mark.parametrize("file_name", sorted(PAIRS))
def test_the_command_line_prints_the_same_yaml_for_a_v1_cr_and_its_v2_equivalent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, file_name: str
) -> None:
    v2_file = tmp_path / "v2.yaml"
    v2_file.write_text(yaml.safe_dump(PAIRS[file_name], sort_keys=False))
    assert cli.main(["render", str(CRS / file_name)]) == 0
    from_v1 = capsys.readouterr().out
    assert cli.main(["render", str(v2_file)]) == 0
    assert from_v1 == capsys.readouterr().out


def test_v1_to_v2_keeps_the_metadata_and_converts_the_spec() -> None:
    assert v1_to_v2(load_cr("locust_v1_locusttest_full.yaml")) == V2_OF_FULL


def test_worker_replicas_defaults_to_1_as_in_the_v1_crd() -> None:
    assert v1_spec_to_v2(v1_spec(workerReplicas=None))["worker"]["replicas"] == 1


def test_the_master_always_gets_autostart_and_autoquit_60() -> None:
    master = v1_spec_to_v2(v1_spec())["master"]
    assert master == {"command": "-f /lotest/src/main.py", "autostart": True, "autoquit": AUTOQUIT_60}


def test_a_lib_config_map_alone_gives_test_files_without_config_map_ref() -> None:
    assert v1_spec_to_v2(v1_spec(libConfigMap="lib"))["testFiles"] == {"libConfigMapRef": "lib"}


def test_empty_or_missing_optional_fields_add_nothing() -> None:
    converted = v1_spec_to_v2(v1_spec(configMap="", imagePullSecrets=[], tolerations=[], labels={}))
    assert sorted(converted) == ["image", "master", "worker"]


def test_affinity_without_node_requirements_gives_scheduling_without_affinity() -> None:
    assert v1_spec_to_v2(v1_spec(affinity={}))["scheduling"] == {}
    assert v1_spec_to_v2(v1_spec(affinity={"nodeAffinity": {}}))["scheduling"] == {}


def test_labels_and_annotations_go_to_their_role_only() -> None:
    converted = v1_spec_to_v2(v1_spec(labels={"worker": {"tier": "load"}}, annotations={"master": {"a": "b"}}))
    assert "labels" not in converted["master"] and converted["worker"]["labels"] == {"tier": "load"}
    assert converted["master"]["annotations"] == {"a": "b"} and "annotations" not in converted["worker"]


def test_tolerations_are_copied_field_by_field_in_kubernetes_order() -> None:
    toleration = {"effect": "NoExecute", "value": "x", "operator": "Equal", "key": "k"}
    converted = v1_spec_to_v2(v1_spec(tolerations=[toleration]))["scheduling"]["tolerations"]
    assert [list(item.items()) for item in converted] == [
        [("key", "k"), ("operator", "Equal"), ("value", "x"), ("effect", "NoExecute")]
    ]


def test_node_affinity_expressions_are_sorted_by_label_key() -> None:
    required = {"zone": "a", "disk": "ssd", "pool": "load"}
    affinity = v1_spec_to_v2(
        v1_spec(affinity={"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": required}})
    )
    terms = affinity["scheduling"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    assert [expression["key"] for expression in terms["nodeSelectorTerms"][0]["matchExpressions"]] == [
        "disk",
        "pool",
        "zone",
    ]


def test_the_conversion_does_not_share_objects_with_its_input() -> None:
    spec = v1_spec(labels={"master": {"team": "a"}})
    v1_spec_to_v2(spec)["master"]["labels"]["team"] = "b"
    assert spec["labels"]["master"] == {"team": "a"}


# ---------------------------------------------------------------------------------------------
# The v1 CRD schema
# ---------------------------------------------------------------------------------------------

TOLERATION = {"key": "k", "operator": "Exists", "effect": "NoSchedule"}
INVALID_V1: dict[str, tuple[dict[str, Any], str, str]] = {
    "no-master-seed": ({"masterCommandSeed": None}, "spec.masterCommandSeed", "Required value"),
    "no-worker-seed": ({"workerCommandSeed": None}, "spec.workerCommandSeed", "Required value"),
    "no-image": ({"image": None}, "spec.image", "Required value"),
    "seed-not-a-string": (
        {"masterCommandSeed": ["locust"]},
        "spec.masterCommandSeed",
        "Invalid value: ['locust']: must be of type string",
    ),
    "zero-replicas": (
        {"workerReplicas": 0},
        "spec.workerReplicas",
        "Invalid value: 0: should be greater than or equal to 1",
    ),
    "too-many-replicas": (
        {"workerReplicas": 501},
        "spec.workerReplicas",
        "Invalid value: 501: should be less than or equal to 500",
    ),
    "replicas-as-string": (
        {"workerReplicas": "2"},
        "spec.workerReplicas",
        'Invalid value: "2": must be of type integer',
    ),
    "replicas-as-bool": (
        {"workerReplicas": True},
        "spec.workerReplicas",
        "Invalid value: true: must be of type integer",
    ),
    "bad-pull-policy": (
        {"imagePullPolicy": "Sometimes"},
        "spec.imagePullPolicy",
        'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ),
    "pull-secret-objects": (
        {"imagePullSecrets": [{"name": "creds"}]},
        "spec.imagePullSecrets[0]",
        "Invalid value: {'name': 'creds'}: must be of type string",
    ),
    "config-map-not-a-string": ({"configMap": 3}, "spec.configMap", "Invalid value: 3: must be of type string"),
    "unknown-field": ({"workerCount": 2}, "spec.workerCount", 'unknown field "spec.workerCount"'),
    "v2-field-in-v1": (
        {"master": {"command": "x"}},
        "spec.master",
        'unknown field "spec.master": this is a locust.io/v2 field: use apiVersion locust.io/v2',
    ),
    "labels-for-unknown-role": (
        {"labels": {"both": {"a": "b"}}},
        "spec.labels.both",
        'unknown field "spec.labels.both"',
    ),
    "label-value-not-a-string": (
        {"labels": {"master": {"replicas": 2}}},
        "spec.labels.master.replicas",
        "Invalid value: 2: must be of type string",
    ),
    "annotations-not-a-map": (
        {"annotations": {"worker": "a=b"}},
        "spec.annotations.worker",
        'Invalid value: "a=b": must be of type object',
    ),
    "v2-style-affinity": (
        {"affinity": {"podAntiAffinity": {}}},
        "spec.affinity.podAntiAffinity",
        'unknown field "spec.affinity.podAntiAffinity"',
    ),
    "node-affinity-terms": (
        {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"pool": ["a"]}}}},
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.pool",
        "Invalid value: ['a']: must be of type string",
    ),
    "tolerations-not-a-list": (
        {"tolerations": TOLERATION},
        "spec.tolerations",
        "Invalid value: {'key': 'k', 'operator': 'Exists', 'effect': 'NoSchedule'}: must be of type array",
    ),
    "toleration-without-effect": (
        {"tolerations": [{"key": "k", "operator": "Exists"}]},
        "spec.tolerations[0].effect",
        "Required value",
    ),
    "toleration-without-key": (
        {"tolerations": [TOLERATION, {"operator": "Exists", "effect": "NoSchedule"}]},
        "spec.tolerations[1].key",
        "Required value",
    ),
    "toleration-without-operator": (
        {"tolerations": [{"key": "k", "effect": "NoSchedule"}]},
        "spec.tolerations[0].operator",
        "Required value",
    ),
    "toleration-bad-effect": (
        {"tolerations": [{**TOLERATION, "effect": "NoRun"}]},
        "spec.tolerations[0].effect",
        'Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ),
    "toleration-bad-operator": (
        {"tolerations": [{**TOLERATION, "operator": "In"}]},
        "spec.tolerations[0].operator",
        'Unsupported value: "In": supported values: "Exists", "Equal"',
    ),
    "toleration-seconds-is-not-v1": (
        {"tolerations": [{**TOLERATION, "tolerationSeconds": 5}]},
        "spec.tolerations[0].tolerationSeconds",
        'unknown field "spec.tolerations[0].tolerationSeconds"',
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID_V1))
def test_the_v1_crd_schema_is_enforced(case: str) -> None:
    changes, path, reason = INVALID_V1[case]
    with pytest.raises(SpecError) as caught:
        v1_spec_to_v2(v1_spec(**changes))
    assert (caught.value.path, caught.value.reason) == (path, reason)


def test_a_spec_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(SpecError, match=r"^spec: Invalid value: \"x\": must be of type object$"):
        v1_spec_to_v2("x")


def test_the_command_line_reports_v1_errors_with_the_v1_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "v1.yaml"
    cr = {**load_cr("locust_v1_locusttest_basic.yaml")}
    cr["spec"] = {**cr["spec"], "workerReplicas": 0}
    path.write_text(yaml.safe_dump(cr))
    assert cli.main(["validate", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"{path}: e2e-test-v1: spec.workerReplicas: Invalid value: 0: should be greater than or equal to 1\n"
    )


def test_v2_webhook_rules_apply_after_conversion(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "v1.yaml"
    cr = {**load_cr("locust_v1_locusttest_basic.yaml"), "metadata": {"name": "n" * 57}}
    path.write_text(yaml.safe_dump(cr))
    assert cli.main(["validate", str(path)]) == 1
    assert operator_message("name_too_long", "n" * 57) in capsys.readouterr().err

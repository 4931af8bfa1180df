"""Every problem at once: all schema errors of a test, the webhook's first error after, and hints."""

import pickle
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_locust import LocustTestSpec, SpecError, VolumeMount, WorkerSpec, read_locust_test
from constructs_locust.cli import _main as cli
from constructs_locust.spec._v1 import v1_spec_to_v2
from tests.support import minimal_cr_spec


def errors_of(cr_spec: Any) -> list[tuple[str, str]]:
    with pytest.raises(SpecError) as caught:
        LocustTestSpec.from_cr(cr_spec)
    return [(error.path, error.reason) for error in caught.value.errors]


def document_errors(document: Any) -> list[str]:
    with pytest.raises(SpecError) as caught:
        read_locust_test(document)
    return [str(error) for error in caught.value.errors]


def cr(spec: Any, name: str = "demo", api_version: str = "locust.io/v2") -> dict[str, Any]:
    return {"apiVersion": api_version, "kind": "LocustTest", "metadata": {"name": name}, "spec": spec}


# --- SpecError with several errors -----------------------------------------------------------


def test_a_single_error_is_its_own_only_error() -> None:
    error = SpecError("spec.image", "Required value")
    assert error.errors == (error,)
    assert str(error) == "spec.image: Required value"


def test_several_errors_make_one_value_error_that_lists_them_all() -> None:
    first, second = SpecError("spec.a", "one"), SpecError("spec.b", "two")
    combined = SpecError.of([first, SpecError.of([second])])
    assert isinstance(combined, ValueError)
    assert combined.errors == (first, second)
    assert (combined.path, combined.reason) == ("spec.a", "one")
    assert str(combined) == "spec.a: one; spec.b: two"
    assert SpecError.of([first]) is first


def test_spec_error_of_nothing_is_a_bug() -> None:
    with pytest.raises(ValueError, match="at least one error"):
        SpecError.of([])


def test_spec_errors_survive_pickling() -> None:
    combined = SpecError.of([SpecError("spec.a", "one"), SpecError("spec.b", "two")])
    copy = pickle.loads(pickle.dumps(combined))
    assert [(e.path, e.reason) for e in copy.errors] == [("spec.a", "one"), ("spec.b", "two")]
    assert str(copy) == str(combined)


def test_moved_replaces_a_whole_path_segment_only() -> None:
    error = SpecError.of([SpecError("spec.env.secretMounts[]", "x"), SpecError("spec.envy", "y")])
    moved = error.moved("spec.env.secretMounts[]", "spec.env.secretMounts[2]").moved("spec.env", "spec.x")
    assert [e.path for e in moved.errors] == ["spec.x.secretMounts[2]", "spec.envy"]


# --- every schema error of a spec, in field order --------------------------------------------


def test_every_schema_error_of_a_spec_is_reported_in_field_order() -> None:
    spec = minimal_cr_spec(
        image=5,
        imagePullPolicy="Sometimes",
        master={"autoquit": {"timeout": -1}, "extraArgs": "x"},
        worker={"command": "x", "replica": 3},
        volumes=[{"emptyDir": {}}, {}],
        volumeMounts=[{"name": "a"}, {"mountPath": 1}],
    )
    assert errors_of(spec) == [
        ("spec.image", "Invalid value: 5: must be of type string"),
        ("spec.imagePullPolicy", 'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'),
        ("spec.master.command", "Required value"),
        ("spec.master.autoquit.timeout", "Invalid value: -1: should be greater than or equal to 0"),
        ("spec.master.extraArgs", 'Invalid value: "x": must be of type array'),
        ("spec.worker.replica", 'unknown field "spec.worker.replica": did you mean "replicas"?'),
        ("spec.worker.replicas", "Required value"),
        ("spec.volumes[0].name", "Required value"),
        ("spec.volumes[1].name", "Required value"),
        ("spec.volumeMounts[0].mountPath", "Required value"),
        ("spec.volumeMounts[1].name", "Required value"),
        ("spec.volumeMounts[1].mountPath", "Invalid value: 1: must be of type string"),
    ]


def test_every_item_of_a_list_is_checked() -> None:
    spec = minimal_cr_spec(env={"secretRefs": [{}, {"name": 1}], "configMapRefs": [{"prefix": 2}]})
    assert errors_of(spec) == [
        ("spec.env.configMapRefs[0].name", "Required value"),
        ("spec.env.configMapRefs[0].prefix", "Invalid value: 2: must be of type string"),
        ("spec.env.secretRefs[0].name", "Required value"),
        ("spec.env.secretRefs[1].name", "Invalid value: 1: must be of type string"),
    ]


def test_every_value_of_a_string_map_and_list_is_checked() -> None:
    spec = minimal_cr_spec(master={"command": "x", "labels": {"a": 1, "b": "ok", "c": True}, "extraArgs": [1, "x", 2]})
    assert errors_of(spec) == [
        ("spec.master.labels.a", "Invalid value: 1: must be of type string"),
        ("spec.master.labels.c", "Invalid value: true: must be of type string"),
        ("spec.master.extraArgs[0]", "Invalid value: 1: must be of type string"),
        ("spec.master.extraArgs[2]", "Invalid value: 2: must be of type string"),
    ]


def test_the_webhook_runs_only_on_a_spec_the_schema_accepts() -> None:
    conflict = {"secretMounts": [{"name": "s", "mountPath": "/lotest/src"}]}
    assert errors_of(minimal_cr_spec(env=conflict, worker={"command": "x", "replicas": 0})) == [
        ("spec.worker.replicas", "Invalid value: 0: should be greater than or equal to 1")
    ]
    assert errors_of(minimal_cr_spec(env=conflict)) == [
        (
            "spec.env.secretMounts[0].mountPath",
            'secretMount path "/lotest/src" conflicts with reserved path "/lotest/src"; '
            "operator uses this path for test files",
        )
    ]


def test_python_construction_reports_every_bad_argument() -> None:
    with pytest.raises(SpecError) as caught:
        WorkerSpec(command=1, replicas=0)
    assert [str(error) for error in caught.value.errors] == [
        "spec.worker.command: Invalid value: 1: must be of type string",
        "spec.worker.replicas: Invalid value: 0: should be greater than or equal to 1",
    ]
    with pytest.raises(SpecError) as caught:
        LocustTestSpec(image=" ", master=None, worker=WorkerSpec(command="x", replicas=1))  # type: ignore[arg-type]
    assert [str(error) for error in caught.value.errors] == [
        "spec.image: Required value: the Locust image must not be empty",
        "spec.master: Required value",
    ]


def test_python_construction_reports_a_rule_across_fields_once_every_field_is_valid() -> None:
    with pytest.raises(SpecError) as caught:
        VolumeMount(mount={"name": "data"}, target="both")
    assert [str(error) for error in caught.value.errors] == ["spec.volumeMounts[].mountPath: Required value"]


def test_every_v1_schema_error_is_reported() -> None:
    with pytest.raises(SpecError) as caught:
        v1_spec_to_v2({"image": 1, "workerReplicas": 0, "tolerations": [{"key": "k"}], "labels": {"both": {}}})
    assert [str(error) for error in caught.value.errors] == [
        "spec.image: Invalid value: 1: must be of type string",
        "spec.masterCommandSeed: Required value",
        "spec.workerCommandSeed: Required value",
        "spec.workerReplicas: Invalid value: 0: should be greater than or equal to 1",
        'spec.labels.both: unknown field "spec.labels.both"',
        "spec.tolerations[0].operator: Required value",
        "spec.tolerations[0].effect: Required value",
    ]


# --- hints -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            minimal_cr_spec(worker={"command": "x", "replicas": 1, "replica": 1}),
            'spec.worker.replica: unknown field "spec.worker.replica": did you mean "replicas"?',
        ),
        (
            minimal_cr_spec(image_pull_policy="Always"),
            'spec.image_pull_policy: unknown field "spec.image_pull_policy": did you mean "imagePullPolicy"?',
        ),
        (
            minimal_cr_spec(testFiles={"configMapRef": "a", "srcMountpath": "/x"}),
            'spec.testFiles.srcMountpath: unknown field "spec.testFiles.srcMountpath": did you mean "srcMountPath"?',
        ),
        (minimal_cr_spec(banana=1), 'spec.banana: unknown field "spec.banana"'),
    ],
    ids=["near-miss", "snake-case", "wrong-case", "no-guess"],
)
def test_a_near_miss_gets_did_you_mean(spec: Any, message: str) -> None:
    assert [f"{path}: {reason}" for path, reason in errors_of(spec)] == [message]


@pytest.mark.parametrize(
    ("field", "hint"),
    [
        ("replicas", "did you mean spec.worker.replicas?"),
        ("extraArgs", "did you mean spec.master.extraArgs or spec.worker.extraArgs?"),
        ("endpoint", "did you mean spec.observability.openTelemetry.endpoint?"),
        ("nodeSelector", "did you mean spec.scheduling.nodeSelector?"),
    ],
)
def test_a_spec_field_at_the_wrong_level_names_where_it_lives(field: str, hint: str) -> None:
    assert errors_of(minimal_cr_spec(**{field: 1})) == [(f"spec.{field}", f'unknown field "spec.{field}": {hint}')]


def test_a_field_name_found_in_many_places_gets_no_hint() -> None:
    assert errors_of(minimal_cr_spec(name="x")) == [("spec.name", 'unknown field "spec.name"')]


V1_HOMES = {
    "masterCommandSeed": "spec.master.command",
    "workerCommandSeed": "spec.worker.command",
    "workerReplicas": "spec.worker.replicas",
    "configMap": "spec.testFiles.configMapRef",
    "libConfigMap": "spec.testFiles.libConfigMapRef",
    "labels": "spec.master.labels and spec.worker.labels",
    "annotations": "spec.master.annotations and spec.worker.annotations",
    "affinity": "spec.scheduling.affinity",
    "tolerations": "spec.scheduling.tolerations",
}


@pytest.mark.parametrize(("field", "home"), V1_HOMES.items(), ids=V1_HOMES.keys())
def test_a_v1_field_in_a_v2_cr_names_its_v2_home(field: str, home: str) -> None:
    assert errors_of(minimal_cr_spec(**{field: {}})) == [
        (
            f"spec.{field}",
            f'unknown field "spec.{field}": this is a locust.io/v1 field: use {home}, or apiVersion locust.io/v1',
        )
    ]


def test_every_v1_only_field_has_a_v2_home() -> None:
    from constructs_locust.spec._v1 import V1Spec

    v1_fields = set(V1Spec.from_cr({"image": "i", "masterCommandSeed": "m", "workerCommandSeed": "w"}).to_cr())
    v1_fields |= {"labels", "annotations", "configMap", "libConfigMap", "affinity", "tolerations"}
    assert v1_fields - {"image", "imagePullPolicy", "imagePullSecrets"} == set(V1_HOMES)


def test_a_v2_field_in_a_v1_cr_points_to_v2() -> None:
    with pytest.raises(SpecError) as caught:
        v1_spec_to_v2({"image": "i", "masterCommandSeed": "m", "workerCommandSeed": "w", "observability": {}})
    assert str(caught.value) == (
        'spec.observability: unknown field "spec.observability": this is a locust.io/v2 field: '
        "use apiVersion locust.io/v2"
    )


LOCUSTIO_CR = {
    "apiVersion": "locust.io/v2",
    "kind": "LocustTest",
    "metadata": {"name": "load-test"},
    "spec": {"image": "locustio/locust:2.31.5", "workers": 5, "host": "https://example.com", "locustfile": {}},
}


def test_a_locustio_operator_spec_says_so() -> None:
    assert document_errors(LOCUSTIO_CR) == [
        'spec.workers: unknown field "spec.workers": '
        "this CR is written for locustio/k8s-operator, not the LocustTest v2 API",
        'spec.host: unknown field "spec.host": this CR is written for locustio/k8s-operator, not the LocustTest v2 API',
        'spec.locustfile: unknown field "spec.locustfile": '
        "this CR is written for locustio/k8s-operator, not the LocustTest v2 API",
        "spec.master: Required value",
        "spec.worker: Required value",
    ]


def test_a_locustio_operator_spec_read_as_v1_says_so() -> None:
    errors = document_errors({**LOCUSTIO_CR, "apiVersion": "locust.io/v1"})
    assert errors[0] == (
        'spec.workers: unknown field "spec.workers": '
        "this CR is written for locustio/k8s-operator, not the LocustTest v1 API"
    )


def test_a_locustio_operator_cr_with_its_own_api_group_says_so() -> None:
    assert document_errors({**LOCUSTIO_CR, "apiVersion": "locust.cloud/v1"}) == [
        'not a LocustTest: apiVersion "locust.cloud/v1", kind "LocustTest" '
        "(expected kind LocustTest with apiVersion locust.io/v2 or locust.io/v1): "
        "this CR is written for locustio/k8s-operator, not the LocustTest v2 API"
    ]


def test_a_misspelt_top_level_field_gets_did_you_mean() -> None:
    document = {**cr(minimal_cr_spec()), "metdata": {}}
    assert document_errors(document) == ['metdata: unknown field "metdata": did you mean "metadata"?']


# --- the command line: one line per error ------------------------------------------------------


def test_the_command_line_prints_one_line_per_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "crs.yaml"
    broken = cr(minimal_cr_spec(worker={"command": "x", "replica": 3}, image=None), name="search")
    fine = cr(minimal_cr_spec(master={"command": "-f /lotest/src/x.py -t 5m"}), name="fine")
    path.write_text(yaml.safe_dump_all([broken, fine]))
    assert cli.main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{path}: fine: valid\n"
    assert captured.err == (
        f"{path}: search: spec.image: Required value\n"
        f'{path}: search: spec.worker.replica: unknown field "spec.worker.replica": did you mean "replicas"?\n'
        f"{path}: search: spec.worker.replicas: Required value\n"
    )


def test_every_resources_and_env_variable_error_is_reported() -> None:
    resources = {"requests": {"cpu": "lots", "memory": "1Gi"}, "limits": {"cpu": "x"}, "claim": []}
    variables = [{"value": "1"}, {"name": "A", "value": 1}]
    spec = minimal_cr_spec(master={"command": "x", "resources": resources}, env={"variables": variables})
    assert errors_of(spec) == [
        ("spec.master.resources.requests.cpu", 'Invalid value: "lots": must be a Kubernetes quantity'),
        ("spec.master.resources.limits.cpu", 'Invalid value: "x": must be a Kubernetes quantity'),
        ("spec.master.resources.claim", 'unknown field "spec.master.resources.claim": did you mean "claims"?'),
        ("spec.env.variables[0].name", "Required value"),
        ("spec.env.variables[1].value", "Invalid value: 1: must be of type string"),
    ]

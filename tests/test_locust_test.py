"""The LocustTest construct: its parts, names, namespaces, defaults and failure behaviour."""

from typing import Any

import cdk8s
import pytest
from constructs import Construct

from constructs_locust import (
    LocustTest,
    LocustTestResource,
    LocustTestSpec,
    LocustTestWarning,
    OperatorDefaults,
    SpecError,
)
from tests.support import minimal_cr_spec, synth_test

SPEC = LocustTestSpec.from_cr(minimal_cr_spec())


def test_synthesizes_service_master_job_and_worker_job_in_the_operators_order() -> None:
    manifests = synth_test(SPEC, name="demo")
    assert [(m["kind"], m["metadata"]["name"]) for m in manifests] == [
        ("Service", "demo-master"),
        ("Job", "demo-master"),
        ("Job", "demo-worker"),
    ]


def test_name_defaults_to_the_id_and_dots_are_sanitized() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    test = LocustTest(chart, "team-a.load", spec=SPEC)
    assert test.test_name == "team-a.load"
    assert test.master_job.name == "team-a-load-master"
    assert test.worker_job.name == "team-a-load-worker"
    labels = test.master_job.manifest["spec"]["template"]["metadata"]["labels"]
    assert labels["app"] == "team-a.load"
    assert labels["performance-test-pod-name"] == "team-a-load-master"


def test_namespace_none_takes_the_charts_and_an_explicit_one_wins() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c", namespace="from-chart")
    LocustTest(chart, "inherits", spec=SPEC)
    LocustTest(chart, "explicit", spec=SPEC, namespace="perf")
    namespaces = {(m["metadata"]["name"], m["kind"]): m["metadata"]["namespace"] for m in cdk8s.Testing.synth(chart)}
    assert namespaces[("inherits-master", "Job")] == "from-chart"
    assert namespaces[("explicit-worker", "Job")] == "perf"


def test_no_namespace_anywhere_means_none_in_the_output() -> None:
    manifests = synth_test(SPEC, namespace=None)
    assert all("namespace" not in m["metadata"] for m in manifests)


def test_parts_expose_their_api_objects_for_escape_hatches() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    test = LocustTest(chart, "demo", spec=SPEC)
    test.worker_job.api_object.add_json_patch(cdk8s.JsonPatch.add("/spec/activeDeadlineSeconds", 900))
    test.master_service.api_object.metadata.add_label("team", "perf")
    service, _, worker = cdk8s.Testing.synth(chart)
    assert worker["spec"]["activeDeadlineSeconds"] == 900
    assert service["metadata"]["labels"] == {"team": "perf"}
    assert isinstance(test.master_job.api_object, cdk8s.ApiObject)


def test_defaults_object_reaches_the_manifests() -> None:
    manifests = synth_test(SPEC, defaults=OperatorDefaults(job_ttl_seconds_after_finished=3600))
    assert [m["spec"].get("ttlSecondsAfterFinished") for m in manifests[1:]] == [3600, 3600]


def test_composes_with_the_users_own_constructs() -> None:
    class LoadTestStack(Construct):
        def __init__(self, scope: Construct, id: str) -> None:
            super().__init__(scope, id)
            cdk8s.ApiObject(self, "cm", api_version="v1", kind="ConfigMap", metadata={"name": "demo-locustfile"})
            self.test = LocustTest(self, "demo", spec=SPEC)

    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    LoadTestStack(chart, "stack")
    assert [m["kind"] for m in cdk8s.Testing.synth(chart)] == ["ConfigMap", "Service", "Job", "Job"]


def test_invalid_input_raises_spec_error_and_adds_nothing_to_the_tree() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    with pytest.raises(SpecError, match="too long"):
        LocustTest(chart, "x" * 57, spec=SPEC)
    with pytest.raises(SpecError, match="must be a LocustTestSpec"):
        LocustTest(chart, "demo", spec={"image": "x"})  # type: ignore[arg-type]
    with pytest.raises(SpecError, match="must be an OperatorDefaults"):
        LocustTest(chart, "demo", spec=SPEC, defaults={"inject_affinity": False})  # type: ignore[arg-type]
    assert chart.node.children == []


def test_duplicate_id_is_a_spec_error_not_a_jsii_error() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    LocustTest(chart, "demo", spec=SPEC)
    with pytest.raises(SpecError, match="already has a child"):
        LocustTest(chart, "demo", spec=SPEC)


def test_same_spec_synthesizes_identical_yaml() -> None:
    def once() -> str:
        app = cdk8s.Testing.app()
        chart = cdk8s.Chart(app, "c")
        LocustTest(chart, "demo", spec=LocustTestSpec.from_cr(minimal_cr_spec()))
        return str(app.synth_yaml())

    assert once() == once()


def test_extra_args_overlapping_operator_flags_are_kept_with_a_warning() -> None:
    cr = minimal_cr_spec(
        master={"command": "-f /lotest/src/x.py -t 5m", "extraArgs": ["--master-port=9999", "--csv=results"]}
    )
    with pytest.warns(LocustTestWarning) as caught:
        manifests = synth_test(LocustTestSpec.from_cr(cr))
    assert manifests[1]["spec"]["template"]["spec"]["containers"][0]["args"][-2:] == [
        "--master-port=9999",
        "--csv=results",
    ]
    assert [str(warning.message) for warning in caught] == [
        'demo: spec.master.extraArgs: "--master-port=9999" repeats a flag the operator sets; it is kept, '
        "after the operator's, and Locust takes the last value"
    ]


def test_command_is_split_like_go_strings_fields() -> None:
    from constructs_locust.spec._flags import go_fields

    assert go_fields("  locust\t-f \u00a0/lotest/src/test.py\n") == ["locust", "-f", "/lotest/src/test.py"]
    assert go_fields("a\x1cb") == ["a\x1cb"]


def test_a_second_test_of_one_name_in_one_namespace_is_refused_before_anything_is_added() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c", namespace="perf")
    LocustTest(chart, "dup", spec=SPEC)
    with pytest.raises(SpecError) as caught:
        LocustTest(chart, "dup2", name="dup", spec=SPEC)
    assert str(caught.value) == (
        'metadata.name: Duplicate value: "dup": the Service "dup-master" in namespace "perf" is already in this app, '
        'from the LocustTest at "c/dup"; give each test its own name or namespace'
    )
    assert [child.node.id for child in chart.node.children] == ["dup"]
    assert len(cdk8s.Testing.synth(chart)) == 3


def test_names_that_render_alike_collide_too() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    LocustTest(chart, "a.b", spec=SPEC)
    with pytest.raises(SpecError, match='the Service "a-b-master" without a namespace is already in this app'):
        LocustTest(chart, "a-b", spec=SPEC)


def test_the_scope_is_the_app_and_the_namespace_is_the_charts_unless_given() -> None:
    app = cdk8s.Testing.app()
    perf = cdk8s.Chart(app, "perf", namespace="perf")
    other = cdk8s.Chart(app, "other")
    LocustTest(perf, "demo", spec=SPEC)
    LocustTest(other, "demo", spec=SPEC)  # no namespace: not the same objects as perf's
    LocustTest(other, "demo-elsewhere", name="demo", namespace="load", spec=SPEC)
    with pytest.raises(
        SpecError, match='in namespace "perf" is already in this app, from the LocustTest at "perf/demo"'
    ):
        LocustTest(other, "demo-again", name="demo", namespace="perf", spec=SPEC)
    with pytest.raises(
        SpecError, match='without a namespace is already in this app, from the LocustTest at "other/demo"'
    ):
        LocustTest(cdk8s.Chart(app, "third"), "demo", spec=SPEC)
    LocustTest(cdk8s.Chart(cdk8s.Testing.app(), "separate"), "demo", spec=SPEC, namespace="perf")  # another app


def test_rerun_on_change_collides_only_when_the_runs_are_the_same() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c", namespace="perf")
    LocustTest(chart, "demo", spec=SPEC, rerun_on_change=True)
    changed = LocustTestSpec.from_cr(
        minimal_cr_spec(worker={"command": "--locustfile /lotest/src/b.py", "replicas": 2})
    )
    LocustTest(chart, "demo-changed", name="demo", spec=changed, rerun_on_change=True)
    with pytest.raises(SpecError, match=r'Duplicate value: "demo": the Service "demo-master-[0-9a-f]{8}"'):
        LocustTest(chart, "demo-same", name="demo", spec=SPEC, rerun_on_change=True)


def test_a_test_removed_from_the_tree_frees_its_names() -> None:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "c")
    LocustTest(chart, "demo", spec=SPEC)
    assert chart.node.try_remove_child("demo")
    LocustTest(chart, "demo", spec=SPEC)  # the same id and names again
    LocustTest(chart, "first", name="shared", spec=SPEC)
    assert chart.node.try_remove_child("first")
    LocustTest(chart, "second", name="shared", spec=SPEC)
    with pytest.raises(SpecError, match=r'from the LocustTest at "c/second"'):
        LocustTest(chart, "third", name="shared", spec=SPEC)
    assert len(cdk8s.Testing.synth(chart)) == 6


@pytest.mark.parametrize("scope", [None, "chart"])
def test_a_scope_that_is_not_a_construct_is_a_type_error(scope: Any) -> None:
    with pytest.raises(TypeError, match=r"^type of argument scope must be constructs.Construct; got \w+ instead$"):
        LocustTest(scope, "demo", spec=SPEC)
    with pytest.raises(TypeError, match=r"^type of argument scope must be constructs.Construct; got \w+ instead$"):
        LocustTestResource(scope, "demo", spec=SPEC)


def test_a_test_that_failed_to_build_claims_no_names() -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "c")
    LocustTest(chart, "demo", spec=SPEC)
    with pytest.raises(SpecError, match="already has a child"):
        LocustTest(chart, "demo", name="other", spec=SPEC)
    LocustTest(chart, "other", spec=SPEC)

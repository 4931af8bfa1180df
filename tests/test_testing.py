"""constructs_locust.testing: what cdk8s synth writes for a chart, and YAML snapshots of it."""

import sys
from typing import Any

import cdk8s
import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from constructs_locust import LocustTest, LocustTestSpec
from constructs_locust.testing import YamlSnapshotExtension, synth_manifests, synth_yaml
from constructs_locust.testing._yaml_snapshot import to_yaml
from tests.support import minimal_cr_spec

SPEC = LocustTestSpec.from_cr(minimal_cr_spec())


def patched_chart() -> tuple[cdk8s.App, cdk8s.Chart, LocustTest]:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "load", namespace="perf")
    test = LocustTest(chart, "checkout", spec=SPEC)
    test.master_job.add_json_patch(cdk8s.JsonPatch.add("/spec/activeDeadlineSeconds", 600))
    return app, chart, test


def test_synth_manifests_applies_escape_hatch_patches_that_test_manifests_does_not_show() -> None:
    _, chart, test = patched_chart()
    service, master, worker = synth_manifests(chart)
    assert master["spec"]["activeDeadlineSeconds"] == 600
    assert "activeDeadlineSeconds" not in test.manifests.master_job["spec"]
    assert [service["kind"], master["kind"], worker["kind"]] == ["Service", "Job", "Job"]


def test_synth_manifests_keeps_cdk8s_key_order() -> None:
    _, chart, _ = patched_chart()
    master = synth_manifests(chart)[1]
    assert list(master) == ["apiVersion", "kind", "metadata", "spec"]
    assert list(master["spec"])[-1] == "activeDeadlineSeconds"  # a patch adds at the end, as cdk8s writes it


def test_synth_yaml_is_what_cdk8s_synth_writes_for_the_chart() -> None:
    app, chart, _ = patched_chart()
    assert synth_yaml(chart) == app.synth_yaml()
    assert [doc["kind"] for doc in yaml.safe_load_all(synth_yaml(chart))] == ["Service", "Job", "Job"]


def test_synth_yaml_is_the_same_on_every_run() -> None:
    assert synth_yaml(patched_chart()[1]) == synth_yaml(patched_chart()[1])


def test_an_empty_chart_synthesizes_to_nothing() -> None:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "empty")
    assert synth_manifests(chart) == []
    assert synth_yaml(chart) == ""


def test_synth_refuses_what_is_not_a_chart() -> None:
    _, _, test = patched_chart()
    with pytest.raises(TypeError, match=r"expected a cdk8s\.Chart, got LocustTest"):
        synth_yaml(test)


def test_the_extension_stores_a_chart_as_its_synthesized_yaml() -> None:
    _, chart, _ = patched_chart()
    assert to_yaml(chart) == synth_yaml(chart)
    assert to_yaml(synth_manifests(chart)) == synth_yaml(chart)
    assert to_yaml("as: is\n") == "as: is\n"
    assert (
        to_yaml({"kind": "ConfigMap", "data": {"b": "1", "a": "2"}}) == 'kind: ConfigMap\ndata:\n  b: "1"\n  a: "2"\n'
    )


@pytest.mark.parametrize("data", [42, None, [1, 2]])
def test_the_extension_refuses_what_is_not_yaml_material(data: Any) -> None:
    with pytest.raises(TypeError, match=r"a YAML snapshot takes a cdk8s\.Chart, manifests or text"):
        to_yaml(data)


def test_the_extension_says_which_extra_to_install_without_syrupy(monkeypatch: pytest.MonkeyPatch) -> None:
    import constructs_locust.testing as testing

    monkeypatch.delitem(sys.modules, "constructs_locust.testing._yaml_snapshot")
    monkeypatch.setitem(sys.modules, "syrupy.extensions.single_file", None)
    with pytest.raises(ImportError, match=r"pip install 'constructs-locust\[testing\]'"):
        testing.YamlSnapshotExtension  # noqa: B018


def test_a_chart_snapshot_is_one_readable_yaml_file(snapshot: SnapshotAssertion) -> None:
    _, chart, _ = patched_chart()
    assert chart == snapshot
    assert snapshot.extension_class is YamlSnapshotExtension

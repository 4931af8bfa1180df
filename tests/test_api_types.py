"""What the spec classes promise beyond their fields: accepted input forms, read-only values, hashing, help()."""

import collections
import copy
import inspect
import pickle
import pydoc
import typing
from typing import Any

import pytest

from constructs_locust import (
    ImagePullPolicy,
    LocustTest,
    LocustTestResource,
    LocustTestSpec,
    MasterSpec,
    MountTarget,
    OtlpProtocol,
    Scheduling,
    VolumeMount,
    WorkerSpec,
)
from constructs_locust._core.model import SpecModel
from constructs_locust.spec import _classes as spec_module
from tests.support import minimal_cr_spec

PREFERENCE = {"weight": 1, "preference": {"matchExpressions": [{"key": "pool", "operator": "In", "values": ["load"]}]}}
FULL = LocustTestSpec.from_cr(
    minimal_cr_spec(
        master={"command": "x", "labels": {"team": "shop"}, "resources": {"limits": {"cpu": "1"}}},
        scheduling={"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [PREFERENCE]}}},
        volumes=[{"name": "results", "emptyDir": {}}],
    )
)

SPEC_CLASSES = [cls for cls in vars(spec_module).values() if isinstance(cls, type) and issubclass(cls, SpecModel)]
SPEC_CLASSES.remove(SpecModel)


@pytest.mark.parametrize(
    ("values", "enum_type"),
    [
        (spec_module.ImagePullPolicyValue, ImagePullPolicy),
        (spec_module.OtlpProtocolValue, OtlpProtocol),
        (spec_module.MountTargetValue, MountTarget),
    ],
)
def test_each_enum_accepts_exactly_its_members_values_as_strings(values: Any, enum_type: Any) -> None:
    assert typing.get_args(values) == tuple(member.value for member in enum_type)


def test_enum_fields_store_the_member_for_a_string() -> None:
    spec = LocustTestSpec(image="x", image_pull_policy="Never", master=FULL.master, worker=FULL.worker)
    assert spec.image_pull_policy is ImagePullPolicy.NEVER
    mount = VolumeMount(mount={"name": "v", "mountPath": "/v"}, target="worker")
    assert mount.target is MountTarget.WORKER


def test_any_sequence_is_accepted_and_stored_as_a_tuple() -> None:
    assert WorkerSpec(command="x", replicas=1, extra_args=["--a"]).extra_args == ("--a",)
    assert MasterSpec(command="x", extra_args=collections.deque(["--a", "--b"])).extra_args == ("--a", "--b")
    tolerations = Scheduling(tolerations=[{"key": "k", "operator": "Exists"}]).tolerations
    assert isinstance(tolerations, tuple)


def test_mappings_are_read_only_all_the_way_down() -> None:
    labels = FULL.master.labels
    assert labels is not None
    with pytest.raises(TypeError):
        labels["team"] = "other"  # type: ignore[index]
    affinity = FULL.scheduling.affinity if FULL.scheduling else None
    assert affinity is not None
    terms = affinity["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
    assert isinstance(terms, tuple)
    with pytest.raises(TypeError):
        terms[0]["weight"] = 2
    assert labels == {"team": "shop"}


def test_a_spec_built_from_mutable_input_does_not_change_with_it() -> None:
    labels = {"team": "shop"}
    master = MasterSpec(command="x", labels=labels)
    labels["team"] = "other"
    assert master.labels == {"team": "shop"}


def test_to_cr_returns_plain_dicts_and_lists() -> None:
    def plain(value: Any) -> bool:
        if isinstance(value, dict):
            return type(value) is dict and all(plain(item) for item in value.values())
        if isinstance(value, (list, tuple)):
            return type(value) is list and all(plain(item) for item in value)
        return isinstance(value, (str, int, float, bool))

    cr = FULL.to_cr()
    assert plain(cr)
    assert cr["scheduling"]["affinity"]["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"] == [
        PREFERENCE
    ]


def test_equal_specs_hash_alike_and_serve_as_keys() -> None:
    again = LocustTestSpec.from_cr(FULL.to_cr())
    assert again == FULL
    assert hash(again) == hash(FULL)
    assert {FULL: "a"}[again] == "a"


def test_signatures_show_required_fields_without_default_and_optional_ones_with_none() -> None:
    parameters = inspect.signature(WorkerSpec).parameters
    assert parameters["command"].default is inspect.Parameter.empty
    assert parameters["replicas"].default is inspect.Parameter.empty
    assert parameters["labels"].default is None
    assert all(parameter.kind is inspect.Parameter.KEYWORD_ONLY for parameter in parameters.values())


@pytest.mark.parametrize("cls", SPEC_CLASSES)
def test_help_shows_no_internal_marker(cls: type) -> None:
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    assert "_Required" not in text
    signature = text.splitlines()[3]
    assert signature.startswith(f" |  {cls.__name__}(*, ")
    assert "<" not in signature  # every default shown is a value, not an object's repr


@pytest.mark.parametrize(
    ("construct", "attributes"),
    [
        (LocustTest, ["spec", "test_name", "manifests", "master_service", "master_job", "worker_job"]),
        (LocustTestResource, ["spec", "test_name", "manifest", "api_object"]),
    ],
)
def test_help_on_a_construct_shows_its_signature_and_its_parts(construct: type, attributes: list[str]) -> None:
    assert "spec" in inspect.signature(construct).parameters
    text = pydoc.render_doc(construct, renderer=pydoc.plaintext)
    assert "*args" not in text.splitlines()[3]
    assert " |  Attributes:" in text
    for attribute in attributes:
        assert f" |      {attribute}: " in text


def test_read_only_mappings_compare_with_plain_ones_both_ways() -> None:
    labels = FULL.master.labels
    assert labels == {"team": "shop"} and labels == {"team": "shop"}
    assert labels != {"team": "other"} and labels != [("team", "shop")]
    assert dict(labels) == {"team": "shop"} and type(dict(labels)) is dict


def test_specs_survive_copy_and_pickle() -> None:
    assert copy.deepcopy(FULL) == FULL
    assert pickle.loads(pickle.dumps(FULL)) == FULL
    assert hash(pickle.loads(pickle.dumps(FULL))) == hash(FULL)

"""``LocustTestSpec.from_cr`` hands an equal plain-data input the spec it built before, and nothing else.

The cache (:mod:`constructs_locust.spec._cr_cache`) must never change a result: an input that
differs in any way a check could see (a value's type, a mutation since the last call, whether
the webhook's rules are deferred) is built and checked again; a failure is never remembered.
"""

import copy
from collections import OrderedDict
from typing import Any

import pytest

from constructs_locust import LocustTestSpec, SpecError
from constructs_locust.spec._webhook import webhook_rules_deferred

_SPEC: dict[str, Any] = {
    "image": "locustio/locust:2.43.1",
    "master": {"command": "--locustfile /lotest/src/locustfile.py"},
    "worker": {"command": "--locustfile /lotest/src/locustfile.py", "replicas": 3},
    "testFiles": {"configMapRef": "scripts"},
}


def _spec(**changes: Any) -> dict[str, Any]:
    spec = copy.deepcopy(_SPEC)
    spec.update(changes)
    return spec


def test_an_equal_input_gives_the_same_spec_object() -> None:
    first = LocustTestSpec.from_cr(_spec())
    assert LocustTestSpec.from_cr(_spec()) is first


def test_an_input_changed_since_gives_a_new_spec() -> None:
    cr = _spec()
    first = LocustTestSpec.from_cr(cr)
    cr["worker"]["replicas"] = 4
    second = LocustTestSpec.from_cr(cr)
    assert second.worker.replicas == 4
    assert first.worker.replicas == 3


@pytest.mark.parametrize("replicas", ["3", 3.5, True, None, [3]], ids=repr)
def test_a_value_of_another_type_is_checked_again(replicas: Any) -> None:
    LocustTestSpec.from_cr(_spec())  # 3 remembered
    worker = {"command": "--locustfile /lotest/src/locustfile.py", "replicas": replicas}
    with pytest.raises(SpecError, match=r"spec\.worker\.replicas"):
        LocustTestSpec.from_cr(_spec(worker=worker))


def test_a_failure_is_not_remembered() -> None:
    bad = _spec(image="")
    for _ in range(2):
        with pytest.raises(SpecError, match=r"spec\.image"):
            LocustTestSpec.from_cr(bad)


def test_a_spec_built_with_the_webhook_rules_deferred_is_not_handed_out_without_them() -> None:
    clash = _spec(env={"secretMounts": [{"name": "certs", "mountPath": "/lotest/src"}]})
    with webhook_rules_deferred():
        deferred = LocustTestSpec.from_cr(clash)  # schema only: builds
    assert deferred.env is not None
    with pytest.raises(SpecError, match="conflicts with reserved path"):
        LocustTestSpec.from_cr(clash)
    with webhook_rules_deferred():
        assert LocustTestSpec.from_cr(clash) is deferred


def test_other_mapping_types_are_built_each_time_alike() -> None:
    ordered = OrderedDict(_spec())
    first = LocustTestSpec.from_cr(ordered)
    second = LocustTestSpec.from_cr(ordered)
    assert first == second == LocustTestSpec.from_cr(_spec())
    assert first is not second


def test_a_list_and_a_tuple_are_not_confused() -> None:
    listed = _spec(imagePullSecrets=[{"name": "registry"}])
    tupled = _spec(imagePullSecrets=({"name": "registry"},))
    assert LocustTestSpec.from_cr(listed) == LocustTestSpec.from_cr(tupled)
    assert LocustTestSpec.from_cr(tupled) is not LocustTestSpec.from_cr(tupled)  # a tuple is not plain data


def test_an_input_without_a_repr_is_built_and_refused_as_before() -> None:
    huge = 10**5000  # past Python's digit limit for int -> str: repr raises ValueError
    worker = {"command": "--locustfile /lotest/src/locustfile.py", "replicas": huge}
    with pytest.raises(SpecError, match=r"spec\.worker\.replicas"):
        LocustTestSpec.from_cr(_spec(worker=worker))

"""The Python API refuses what JSON and Kubernetes cannot hold with SpecError, at a bounded cost.

Also: values in messages are escaped and bounded, whatever their size or shape.
"""

import math
import time
from typing import Any

import cdk8s
import pytest

from constructs_locust import LocustTest, LocustTestSpec, SpecError
from constructs_locust._core.errors import go_quote, show_value
from constructs_locust.kube._quantity import QuantityError, canonical_quantity
from constructs_locust.spec._classes import MasterSpec, Scheduling, WorkerSpec

SPEC_CR: dict[str, Any] = {
    "image": "locustio/locust:2.43.1",
    "master": {"command": "--locustfile /lotest/src/main.py"},
    "worker": {"command": "--locustfile /lotest/src/main.py", "replicas": 2},
}
TOLERATION_PATH = "spec.scheduling.tolerations[0].tolerationSeconds"


def with_toleration_seconds(value: Any) -> dict[str, Any]:
    return {
        **SPEC_CR,
        "scheduling": {
            "tolerations": [{"key": "a", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": value}]
        },
    }


def python_spec(**scheduling: Any) -> LocustTestSpec:
    return LocustTestSpec(
        image="locustio/locust:2.43.1",
        master=MasterSpec(command="--locustfile /lotest/src/main.py"),
        worker=WorkerSpec(command="--locustfile /lotest/src/main.py", replicas=2),
        scheduling=Scheduling(**scheduling),
    )


@pytest.mark.parametrize(("number", "shown"), [(math.nan, "nan"), (math.inf, "inf"), (-math.inf, "-inf")])
def test_from_cr_refuses_nan_and_infinity(number: float, shown: str) -> None:
    with pytest.raises(SpecError) as caught:
        LocustTestSpec.from_cr(with_toleration_seconds(number))
    assert str(caught.value) == f"{TOLERATION_PATH}: Invalid value: {shown}: must be a finite number"


def test_python_built_specs_refuse_nan_and_jsii_keeps_working() -> None:
    with pytest.raises(SpecError, match=r"tolerations\[0\]\.tolerationSeconds: Invalid value: nan: must be a finite"):
        python_spec(
            tolerations=({"key": "a", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": math.nan},)
        )
    chart = cdk8s.Chart(cdk8s.Testing.app(), "chart")
    LocustTest(chart, "test", spec=LocustTestSpec.from_cr(SPEC_CR), name="checkout")
    assert len(cdk8s.Testing.synth(chart)) == 3


def test_integers_past_64_bits_are_refused_with_a_bounded_message() -> None:
    with pytest.raises(SpecError) as caught:
        LocustTestSpec.from_cr(with_toleration_seconds(10**5000))
    assert str(caught.value) == (
        f"{TOLERATION_PATH}: Invalid value: <an integer of about 5001 digits>: must fit in a 64-bit signed integer"
    )
    LocustTestSpec.from_cr(with_toleration_seconds(2**63 - 1))


def test_a_huge_integer_in_a_typed_field_is_refused_with_a_bounded_message() -> None:
    with pytest.raises(SpecError) as caught:
        LocustTestSpec.from_cr({**SPEC_CR, "worker": {**SPEC_CR["worker"], "replicas": 10**50}})
    assert str(caught.value) == (
        "spec.worker.replicas: Invalid value: 1000000000000000000000000000000000000000... (51 digits): "
        "must fit in a 32-bit signed integer"
    )


def test_a_structure_that_contains_itself_is_refused() -> None:
    loop: dict[str, Any] = {}
    loop["again"] = loop
    with pytest.raises(SpecError, match="Invalid value: nested deeper than 100 levels"):
        python_spec(affinity=loop)


def test_a_python_alias_bomb_is_refused_before_it_is_expanded() -> None:
    value: Any = ["x"] * 10
    for _ in range(9):
        value = [value] * 10  # 10^10 values once copied
    started = time.process_time()
    with pytest.raises(SpecError) as caught:
        python_spec(affinity={"nodeAffinity": value})
    assert str(caught.value) == "spec.scheduling.affinity: Too long: more than 100000 values"
    assert time.process_time() - started < 5


def test_a_bad_value_in_a_message_is_bounded_and_not_expanded() -> None:
    value: Any = ["x" * 10**6] * 10
    for _ in range(30):
        value = [value] * 10
    shown = show_value(value)
    assert len(shown) <= 80
    assert shown.startswith("[[[[")


def test_strings_in_messages_are_cut_after_1024_characters() -> None:
    assert go_quote("a" * 5000) == '"' + "a" * 1024 + '"... (5000 characters)'


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("a\nb", '"a\\nb"'),
        ("\x1b[2K", '"\\x1b[2K"'),
        ("tab\there", '"tab\\there"'),
        ('say "hi" \\o/', '"say \\"hi\\" \\\\o/"'),
        ("\u202etxt.exe", '"\\u202etxt.exe"'),
        ("line\u2028sep", '"line\\u2028sep"'),
        ("\x9b31m", '"\\u009b31m"'),
        ("café ünïcode 日本", '"café ünïcode 日本"'),
    ],
)
def test_go_quote_escapes_what_go_would(text: str, quoted: str) -> None:
    assert go_quote(text) == quoted


def test_show_value_of_containers_escapes_control_characters() -> None:
    assert show_value({"a\nb": ["\x1b"]}) == "{'a\\nb': ['\\x1b']}"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("1e999999999", "1e999999999"),
        ("1.5e999999999", "1500e999999996"),
        ("1e-999999999", "1e-9"),
        ("1e21", "1e21"),
        ("2048Ei", "9223372036854775807"),
        ("-1.5", "-1500m"),
    ],
)
def test_huge_exponents_cost_nothing(written: str, canonical: str) -> None:
    started = time.process_time()
    assert canonical_quantity(written) == canonical
    assert time.process_time() - started < 1


@pytest.mark.parametrize("bad", ["1e2.5", "1e2147483648", "1" * 129, 10**200])
def test_quantities_past_the_bounds_are_refused(bad: str | int) -> None:
    with pytest.raises(QuantityError):
        canonical_quantity(bad)


def test_the_deepest_accepted_python_value_reaches_the_structure_check_without_recursion() -> None:
    # Every passed-through structure has a Kubernetes schema (constructs_locust/kube), so no
    # deep value renders; what matters is that both bounds answer with a SpecError.
    value: Any = []
    for _ in range(98):
        value = [value]  # affinity mapping + nodeAffinity list + 98 lists: 100 levels
    with pytest.raises(SpecError, match=r"spec\.scheduling\.affinity\.nodeAffinity: .*must be of type object"):
        python_spec(affinity={"nodeAffinity": value})
    with pytest.raises(SpecError, match="nested deeper than 100 levels"):
        python_spec(affinity={"nodeAffinity": [value]})

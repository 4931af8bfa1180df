import pytest

from constructs_locust.kube._quantity import (
    QuantityError,
    canonical_quantity,
    compare_quantities,
    is_quantity,
    quantity_sign,
)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("1000m", "1"),
        ("1024Mi", "1Gi"),
        ("30M", "30M"),
        ("250m", "250m"),
        ("2000m", "2"),
        ("1536Mi", "1536Mi"),
        ("0.5", "500m"),
        ("0.5Gi", "512Mi"),
        ("1000", "1k"),
        (2, "2"),
        ("0", "0"),
        ("1e3", "1e3"),
    ],
)
def test_quantities_come_out_canonical_like_resource_quantity(written: str | int, canonical: str) -> None:
    assert canonical_quantity(written) == canonical


@pytest.mark.parametrize("bad", ["", "1.5.5", "10 Mi", "Mi", "1mi", "abc", " 1", True])
def test_non_quantities_are_refused(bad: object) -> None:
    assert not is_quantity(bad)
    with pytest.raises(QuantityError):
        canonical_quantity(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("left", "right", "order"),
    [
        ("1", "1000m", 0),
        ("1Gi", "1024Mi", 0),
        ("1e3", "1k", 0),
        ("500m", "1", -1),
        ("1.5Gi", "1G", 1),
        ("-2Ki", "0", -1),
        ("-1", "-2", 1),
        (0, "0m", 0),
        ("1e999999999", "1e999999998", 1),
        ("1e999999999", "9" * 120, 1),
        ("-1e999999999", "-1", -1),
        ("1e-999999999", "1n", 0),  # below a nano, Kubernetes rounds up to one
    ],
)
def test_compare_quantities_is_exact_and_never_expands_an_exponent(left: str, right: str, order: int) -> None:
    assert compare_quantities(left, right) == order
    assert compare_quantities(right, left) == -order


def test_quantity_sign() -> None:
    assert [quantity_sign(value) for value in ("-1m", "0", "0Gi", "1e999999999", 3)] == [-1, 0, 0, 1, 1]

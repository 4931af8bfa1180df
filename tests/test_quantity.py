import pytest

from constructs_locust.quantity import QuantityError, canonical_quantity, is_quantity


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

"""An empty Helm values file is no values, in the Python API as on the command line."""

import pytest
import yaml

from constructs_locust import OperatorDefaults, SpecError


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_an_empty_values_file_gives_the_charts_defaults(text: str) -> None:
    values = yaml.safe_load(text)
    assert values is None
    assert OperatorDefaults.from_helm_values(values) == OperatorDefaults.from_helm_values({}) == OperatorDefaults()


def test_values_that_are_not_a_mapping_are_still_refused() -> None:
    with pytest.raises(SpecError, match=r"^Helm values must be a mapping, got \[\]$"):
        OperatorDefaults.from_helm_values(yaml.safe_load("[]"))

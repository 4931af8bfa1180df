"""The every-field fixtures set every field of the spec, so a new field cannot go untested by them."""

from typing import Any

import pytest
import yaml

from tests.support import CR_FIXTURES, OPERATOR_MESSAGES, cr_field_paths, operator_message, spec_field_paths
from tests.test_spec import FULL_SPEC

EVERY_FIELD_FIXTURES: dict[str, Any] = {
    "tests/test_spec.py FULL_SPEC": FULL_SPEC,
    "tests/fixtures/crs/crd_every_field.yaml": yaml.safe_load((CR_FIXTURES / "crd_every_field.yaml").read_text())[
        "spec"
    ],
}


def test_the_walk_finds_every_spec_class_and_list_item() -> None:
    paths = spec_field_paths()
    assert {"spec.image", "spec.master.autoquit.timeout", "spec.env.secretRefs[].prefix"} <= paths
    assert {"spec.volumeMounts[].*", "spec.volumeMounts[].target", "spec.observability.openTelemetry.protocol"} <= paths
    assert len(paths) >= 56


def test_the_walk_sees_what_a_cr_leaves_out() -> None:
    cr = {"image": "x", "master": {"command": "x"}, "env": {"secretRefs": [{"name": "a"}, {"name": "b"}]}}
    assert cr_field_paths(cr) == {
        "spec.image",
        "spec.master",
        "spec.master.command",
        "spec.env",
        "spec.env.secretRefs",
        "spec.env.secretRefs[].name",
    }


@pytest.mark.parametrize("name", sorted(EVERY_FIELD_FIXTURES))
def test_every_field_fixture_sets_every_spec_field(name: str) -> None:
    missing = spec_field_paths() - cr_field_paths(EVERY_FIELD_FIXTURES[name])
    assert not missing, f"{name} leaves out {sorted(missing)}: set each of them there"


def test_operator_messages_fill_in_go_quoted_values() -> None:
    assert operator_message("volume_mount_undefined", "results") == 'volumeMount "results" references undefined volume'
    assert operator_message("otel_endpoint_required") == OPERATOR_MESSAGES["otel_endpoint_required"]
    with pytest.raises(AssertionError, match="takes 2 values"):
        operator_message("volume_reserved_prefix", "secret-x")

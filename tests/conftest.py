"""Shared fixtures. Shared helpers live in ``tests/support.py``."""

import pytest
from syrupy.assertion import SnapshotAssertion

from constructs_locust.testing import YamlSnapshotExtension
from tests.support import minimal_cr_spec, synth_test

__all__ = ["minimal_cr_spec", "synth_test"]  # re-exported for tests that import them from here


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """syrupy's snapshot, stored as one readable YAML file per snapshot (``--snapshot-update`` writes them)."""
    return snapshot.use_extension(YamlSnapshotExtension)

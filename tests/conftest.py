"""Shared fixtures. Shared helpers live in ``tests/support.py``."""

import pytest
from syrupy.assertion import SnapshotAssertion

from constructs_locust.testing import YamlSnapshotExtension


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """syrupy's snapshot, stored as one readable YAML file per snapshot (``--snapshot-update`` writes them)."""
    return snapshot.use_extension(YamlSnapshotExtension)

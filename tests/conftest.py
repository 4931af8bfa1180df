"""Shared fixtures: in-process synthesis and readable YAML snapshots."""

from typing import Any

import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from constructs_locust.testing import YamlSnapshotExtension


def minimal_cr_spec(**overrides: Any) -> dict[str, Any]:
    """The smallest valid v2 spec mapping, with top-level keys replaced by ``overrides``."""
    spec: dict[str, Any] = {
        "image": "locustio/locust-otel:2.43.4",
        "master": {"command": "--locustfile /lotest/src/locustfile.py"},
        "worker": {"command": "--locustfile /lotest/src/locustfile.py", "replicas": 2},
        "testFiles": {"configMapRef": "demo-locustfile"},
    }
    spec.update(overrides)
    return spec


def synth_test(spec: Any, name: str = "demo", namespace: str | None = "load", **kwargs: Any) -> list[dict[str, Any]]:
    """Synthesize one LocustTest in a fresh chart, in-process; return the manifests."""
    import cdk8s

    from constructs_locust import LocustTest

    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "test")
    LocustTest(chart, name, spec=spec, namespace=namespace, **kwargs)
    return list(cdk8s.Testing.synth(chart))


def dump_yaml(manifests: list[dict[str, Any]]) -> str:
    """Multi-document YAML in the manifests' own key order, as cdk8s writes it."""
    return yaml.safe_dump_all(manifests, sort_keys=False, default_flow_style=False, width=1000)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """syrupy's snapshot, stored as one readable YAML file per snapshot (``--snapshot-update`` writes them)."""
    return snapshot.use_extension(YamlSnapshotExtension)

"""Shared helpers: in-process synthesis and readable YAML snapshots."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

SNAPSHOTS = Path(__file__).parent / "snapshots"


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
def snapshot() -> Callable[[str, str], None]:
    """Compare text with ``tests/snapshots/<name>``; ``UPDATE_SNAPSHOTS=1`` rewrites it.

    A missing snapshot fails (it is never created silently): review a new one in the diff.
    """

    def check(name: str, text: str) -> None:
        path = SNAPSHOTS / name
        if os.environ.get("UPDATE_SNAPSHOTS") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            return
        assert path.exists(), f"snapshot {path} is missing; run with UPDATE_SNAPSHOTS=1 and review it"
        assert text == path.read_text(), f"{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept)"

    return check

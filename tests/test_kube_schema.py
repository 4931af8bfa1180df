"""The committed key table of passed-through structures is what the script generates."""

import importlib.util
import json
from pathlib import Path

import kubernetes_validate

from constructs_locust.kube import _schema

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "generate_kube_schema.py"


def test_committed_table_is_what_the_script_generates() -> None:
    loaded = importlib.util.spec_from_file_location("generate_kube_schema", SCRIPT)
    assert loaded is not None and loaded.loader is not None
    script = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(script)
    schemas = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    definitions = json.loads(
        (schemas / f"v{script.KUBERNETES_VERSION}-local-strict" / "_definitions.json").read_text()
    )["$defs"]
    expected = script.render(script.collect(definitions))
    assert (ROOT / "constructs_locust" / "kube" / "_schema.py").read_text() == expected, (
        "constructs_locust/kube/_schema.py is stale: run python scripts/generate_kube_schema.py"
    )


def test_the_table_covers_every_passed_through_root() -> None:
    for root in (
        "Volume",
        "VolumeMount",
        "EnvVar",
        "Toleration",
        "Affinity",
        "PodSecurityContext",
        "SecurityContext",
        "ResourceRequirements",
        "LocalObjectReference",
    ):
        assert root in _schema.TYPES
    assert _schema.TYPES["Toleration"][0] == {
        "effect": "string",
        "key": "string",
        "operator": "string",
        "tolerationSeconds": "int64",
        "value": "string",
    }

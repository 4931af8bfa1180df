"""The example app's ``search`` test is judged by thresholds: its plugin ConfigMap and master in dist/."""

import json
from pathlib import Path

import yaml

from constructs_locust.manifests._thresholds import ENV_VAR, PLUGIN_KEY, plugin_source
from tests.support import ROOT

DIST = ROOT / "dist" / "load-tests.k8s.yaml"
PLUGIN = "/opt/constructs-locust/thresholds/constructs_locust_thresholds.py"


def manifests(path: Path = DIST) -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    return {(m["kind"], m["metadata"]["name"]): m for m in yaml.safe_load_all(path.read_text())}


def job(objects: dict[tuple[str, str], dict], prefix: str) -> dict:  # type: ignore[type-arg]
    """The one Job named ``prefix`` or ``prefix-<hash>`` (``search`` runs again on every change)."""
    (found,) = [m for (kind, name), m in objects.items() if kind == "Job" and name.split("-")[:2] == prefix.split("-")]
    return found


def test_search_ships_the_plugin_and_loads_it_on_the_master() -> None:
    objects = manifests()
    assert objects[("ConfigMap", "search-thresholds")]["data"] == {PLUGIN_KEY: plugin_source()}
    master = job(objects, "search-master")["spec"]["template"]["spec"]["containers"][0]
    worker = job(objects, "search-worker")["spec"]["template"]["spec"]["containers"][0]
    assert master["args"][:2] == ["--locustfile", f"/lotest/src/search.py,{PLUGIN}"]
    assert worker["args"][:2] == ["--locustfile", "/lotest/src/search.py"]
    (limits,) = [json.loads(e["value"]) for e in master["env"] if e["name"] == ENV_VAR]
    assert limits["test"] == "search"
    assert [item["metric"] for item in limits["thresholds"]] == [
        "failure_ratio",
        "p95_response_time",
        "min_rps",
        "p99_response_time",
    ]


def test_the_other_tests_carry_no_thresholds() -> None:
    for (kind, name), manifest in manifests().items():
        if kind == "Job" and not name.startswith("search-"):
            for container in manifest["spec"]["template"]["spec"]["containers"]:
                assert all(e["name"] != ENV_VAR for e in container.get("env", [])), name

"""Generated specs: valid ones always render, validate and obey the invariants; mutated ones are refused.

About 3000 cases in all (``max_examples`` below), in well under a minute: valid specs go through
the Node-free renderer that the command line uses (a sample through the command line itself,
YAML files in and out), a sample through strict Kubernetes schema validation for 1.29, 1.31 and
1.33, and a few through the cdk8s construct; mutated specs must raise ``SpecError``.
"""

import copy
import functools
import math
import random
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kubernetes_validate.utils import schema_contents
from referencing import Registry, Resource

from constructs_locust import LocustTestSpec, SpecError, render_manifests
from constructs_locust._core.constants import METRICS_EXPORTER_NAME, METRICS_PORT_NAME, OTEL_FLAG
from constructs_locust.cli import dump_tests, load_tests
from constructs_locust.kube._go_json import ALWAYS_WRITTEN, OMITTED_WHEN_ZERO
from constructs_locust.kube._schema import TYPES
from constructs_locust.kube._yaml import SafeDumper as KubeSafeDumper
from tests.strategies import cr_specs, locust_test_names
from tests.support import minimal_cr_spec, synth_test

KUBERNETES_VERSIONS = ("1.29.0", "1.31.0", "1.33.0")


def fast(examples: int) -> settings:
    """``examples`` cases, no deadline (the machine is shared), no example database on disk."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


def _document(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": "locust.io/v2", "kind": "LocustTest", "metadata": {"name": name}, "spec": spec}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hypothesis")


# --- invariants --------------------------------------------------------------------------------


def _containers(job: dict[str, Any]) -> list[dict[str, Any]]:
    pod = job["spec"]["template"]["spec"]
    return [*pod.get("initContainers", []), *pod["containers"]]


def _typed_parts(job: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every core/v1 structure of a rendered Job's pod, with its Go type."""
    pod = job["spec"]["template"]["spec"]
    yield "PodSecurityContext", pod["securityContext"]
    yield from (("Volume", volume) for volume in pod.get("volumes", []))
    yield from (("Toleration", toleration) for toleration in pod.get("tolerations", []))
    yield from (("LocalObjectReference", secret) for secret in pod.get("imagePullSecrets", []))
    if "affinity" in pod:
        yield "Affinity", pod["affinity"]
    for container in _containers(job):
        yield from (("EnvVar", variable) for variable in container.get("env", []))
        yield from (("VolumeMount", mount) for mount in container.get("volumeMounts", []))
        yield "ResourceRequirements", container["resources"]
        if "securityContext" in container:
            yield "SecurityContext", container["securityContext"]


def _zero_values(type_name: str, value: Any, path: str) -> Iterator[str]:
    """Paths of omitempty fields holding their zero value, and of nulls Go would not write."""
    omitted = OMITTED_WHEN_ZERO.get(type_name, {})
    keys = TYPES[type_name][0]
    for key, item in value.items():
        where = f"{path}.{key}"
        if item is None and key not in ALWAYS_WRITTEN.get(type_name, {}):
            yield where
        if (key in omitted and item == omitted[key] and type(item) is type(omitted[key])) or (
            key in omitted and isinstance(omitted[key], (tuple, dict)) and item in ([], {})
        ):
            yield where
        kind = keys[key]
        children = [item] if kind.startswith("@") else item if kind.startswith("[]@") else []
        for index, child in enumerate(children):
            if isinstance(child, dict):
                yield from _zero_values(kind.lstrip("[]@"), child, f"{where}[{index}]")


def check_invariants(spec: LocustTestSpec, manifests: tuple[dict[str, Any], ...]) -> None:
    service, master, worker = manifests
    enabled = spec.open_telemetry_enabled
    master_args = _containers(master)[-1]["args"]
    worker_args = _containers(worker)[-1]["args"]
    assert (OTEL_FLAG in master_args, OTEL_FLAG in worker_args) == (enabled, enabled)
    sidecars = [c["name"] for c in master["spec"]["template"]["spec"].get("initContainers", [])]
    assert (sidecars == [METRICS_EXPORTER_NAME]) is not enabled
    assert (METRICS_PORT_NAME in [port["name"] for port in service["spec"]["ports"]]) is not enabled
    expect = [arg for arg in master_args if arg.startswith("--expect-workers=")]
    assert expect == [f"--expect-workers={spec.worker.replicas}"]
    assert worker["spec"]["parallelism"] == spec.worker.replicas
    for job in (master, worker):
        for type_name, value in _typed_parts(job):
            assert list(_zero_values(type_name, value, type_name)) == []


@fast(1500)
@given(spec=cr_specs(), name=locust_test_names())
def test_valid_specs_render_and_obey_the_invariants(spec: dict[str, Any], name: str) -> None:
    typed = LocustTestSpec.from_cr(spec)
    check_invariants(typed, tuple(render_manifests(typed, name)))


@fast(300)
@given(spec=cr_specs(), name=locust_test_names())
def test_valid_specs_render_through_the_command_line(spec: dict[str, Any], name: str, workdir: Path) -> None:
    path = workdir / "test.yaml"
    path.write_text(yaml.dump(_document(name, spec), Dumper=KubeSafeDumper))  # 'y' plain would be kubectl's true
    tests, problems = load_tests([str(path)])
    assert problems == []
    (test,) = tests
    assert list(yaml.load_all(dump_tests(tests), Loader=yaml.CSafeLoader)) == list(test.manifests)
    check_invariants(LocustTestSpec.from_cr(spec), tuple(test.manifests))


# --- strict Kubernetes schemas ------------------------------------------------------------------


@functools.cache
def _strict_validator(kind: str, api_version: str, version: str) -> Any:
    """kubernetes-validate's strict validator, built once (``validate`` reloads 30 MB of schemas per call)."""
    folder = f"kubernetes-json-schema/v{version}-local-strict"
    group = api_version.replace("/", "-") if "/" in api_version else api_version
    schema = schema_contents(f"{folder}/{kind.lower()}-{group}.json", version)
    definitions = schema_contents(f"{folder}/_definitions.json", version)
    registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
    return jsonschema.validators.Draft202012Validator(schema, registry=registry)


def strict_validate(manifest: dict[str, Any], version: str) -> None:
    _strict_validator(manifest["kind"], manifest["apiVersion"], version).validate(manifest)


def test_the_cached_validator_agrees_with_kubernetes_validate() -> None:
    manifests = render_manifests(LocustTestSpec.from_cr(minimal_cr_spec()), "demo")
    for manifest in manifests:
        kubernetes_validate.validate(manifest, "1.29.0", strict=True)
        strict_validate(manifest, "1.29.0")
    broken = copy.deepcopy(manifests.master_job)
    broken["spec"]["template"]["spec"]["containers"][0]["envv"] = []
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, "1.29.0", strict=True)
    with pytest.raises(jsonschema.ValidationError):
        strict_validate(broken, "1.29.0")


@fast(400)
@given(spec=cr_specs(), name=locust_test_names())
def test_valid_specs_pass_strict_schema_validation(spec: dict[str, Any], name: str) -> None:
    for manifest in render_manifests(LocustTestSpec.from_cr(spec), name, "load"):
        for version in KUBERNETES_VERSIONS:
            strict_validate(manifest, version)


@fast(10)
@given(spec=cr_specs(), name=locust_test_names())
def test_the_construct_synthesizes_what_the_cli_renders(spec: dict[str, Any], name: str) -> None:
    typed = LocustTestSpec.from_cr(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        synthesized = synth_test(typed, name=name, namespace="load")
    assert synthesized == list(render_manifests(typed, name, "load"))


# --- mutations ---------------------------------------------------------------------------------

_REQUIRED = {
    "spec": ("image", "master", "worker"),
    "master": ("command",),
    "worker": ("command", "replicas"),
    "variables": ("name",),
    "volumes": ("name",),
    "volumeMounts": ("name", "mountPath"),
    "secretMounts": ("name", "mountPath"),
    "configMapRefs": ("name",),
    "secretRefs": ("name",),
}
"""Keys the CRD requires and does not default (``enabled`` has a default, so it is left out)."""

_PASSED_THROUGH = {
    "resources": "ResourceRequirements",
    "affinity": "Affinity",
    "tolerations": "Toleration",
    "variables": "EnvVar",
    "volumes": "Volume",
    "imagePullSecrets": "LocalObjectReference",
    "podSecurityContext": "PodSecurityContext",
    "containerSecurityContext": "SecurityContext",
}
_FREE_MAPS = {"labels", "annotations", "nodeSelector", "extraEnvVars", "limits", "requests", "matchLabels"}


def _nodes(value: Any, key: str = "spec", type_name: str | None = None) -> Iterator[tuple[Any, str, str | None]]:
    """Every mapping of the CR with the key it sits under and, inside core/v1 structures, its type."""
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item, key, type_name)
        return
    if not isinstance(value, dict):
        return
    if type_name is None and key in _PASSED_THROUGH:
        type_name = _PASSED_THROUGH[key]
    yield value, key, type_name
    for child_key, child in value.items():
        child_type = type_name  # None (ours) and "" (free JSON) pass down unchanged
        if type_name:
            kind = TYPES[type_name][0].get(child_key, "")
            child_type = kind.lstrip("[]@") if kind.lstrip("[]").startswith("@") else ""
        yield from _nodes(child, child_key, child_type)


def _leaves(value: Any) -> Iterator[tuple[Any, Any]]:
    """(container, key or index) of every scalar in the CR."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for where, child in items:
        if isinstance(child, (dict, list)):
            yield from _leaves(child)
        else:
            yield value, where


def mutate(spec: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    """A copy of a valid spec with one change the API server, the CRD or the webhook refuses."""
    spec = copy.deepcopy(spec)
    structs = [(node, key, kind) for node, key, kind in _nodes(spec) if key not in _FREE_MAPS and kind != ""]
    mutation = rnd.randrange(5)
    if mutation == 0:  # an unknown key in a struct of ours or of Kubernetes
        node, _, _ = rnd.choice(structs)
        node["zzUnknown"] = 1
    elif mutation == 1:  # a value of the wrong type anywhere
        container, where = rnd.choice(list(_leaves(spec)))
        container[where] = {"zz": [1]}
    elif mutation == 2:  # a required key left out
        candidates = [
            (node, required)
            for node, key, kind in structs
            for required in (TYPES[kind][1] if kind else _REQUIRED.get(key, ()))
            if required in node
        ]
        node, required = rnd.choice(candidates)
        del node[required]
    elif mutation == 3:  # hostile numbers where an integer goes
        spec["worker"]["replicas"] = rnd.choice([math.nan, math.inf, -math.inf, 2**70, -(2**70), True, 1.5])
    else:  # control characters where names go
        target = rnd.randrange(3)
        if target == 0:
            spec["master"]["labels"] = {"team": "a\x00b"}
        elif target == 1:
            spec.setdefault("env", {})["variables"] = [{"name": "A\x1bB", "value": "1"}]
        else:
            spec["volumes"] = [{"name": "v\x7f", "emptyDir": {}}]
            spec["volumeMounts"] = [{"name": "v\x7f", "mountPath": "/mnt/v"}]
    return spec


@fast(1200)
@given(spec=cr_specs(), name=locust_test_names(), seed=st.integers(0, 2**32))
def test_mutated_specs_are_refused_with_spec_error_and_nothing_else(spec: dict[str, Any], name: str, seed: int) -> None:
    mutated = mutate(spec, random.Random(seed))
    with pytest.raises(SpecError):
        render_manifests(LocustTestSpec.from_cr(mutated), name)


def _deep(depth: int) -> Any:
    nested: Any = []
    for _ in range(depth):
        nested = [nested]
    return nested


HOSTILE = {
    "nan replicas": {"worker": {"command": "x", "replicas": math.nan}},
    "inf timeout": {"master": {"command": "x", "autoquit": {"enabled": True, "timeout": math.inf}}},
    "huge replicas": {"worker": {"command": "x", "replicas": 10**100}},
    "nan toleration seconds": {"scheduling": {"tolerations": [{"operator": "Exists", "tolerationSeconds": math.nan}]}},
    "huge toleration seconds": {"scheduling": {"tolerations": [{"operator": "Exists", "tolerationSeconds": 2**64}]}},
    "inf quantity": {"master": {"command": "x", "resources": {"limits": {"cpu": math.inf}}}},
    "control character in a label": {"master": {"command": "x", "labels": {"a\nb": "c"}}},
    "control character in an env name": {"env": {"variables": [{"name": "A\x00"}]}},
    "deeply nested list in a passed-through structure": {"scheduling": {"affinity": {"nodeAffinity": _deep(100_000)}}},
    "huge integer quantity": {"master": {"command": "x", "resources": {"limits": {"cpu": 10**30}}}},
}
# A quantity with a huge exponent ("1e400000") is a valid quantity, accepted at a bounded cost:
# tests/test_hostile_input.py::test_a_huge_quantity_exponent_costs_nothing.

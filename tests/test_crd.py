"""The LocustTest CRD generated from the spec classes, its committed copy and the imports/ binding."""

import filecmp
import subprocess
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_locust import LocustTestSpec, SpecError
from constructs_locust.cli._crd import main
from constructs_locust.cli._main import main as cli_main
from constructs_locust.spec._crd import CRD_NAME, PRESERVE, build_crd, dump_crd
from tests.support import CRD_FILE, ROOT, binding, defaulted, minimal_cr_spec, sample_crs, schema_errors

SAMPLES = sample_crs()


def cr_with(**spec_overrides: Any) -> dict[str, Any]:
    return {
        "apiVersion": "locust.io/v2",
        "kind": "LocustTest",
        "metadata": {"name": "demo"},
        "spec": minimal_cr_spec(**spec_overrides),
    }


def v2_schema() -> dict[str, Any]:
    (version,) = build_crd()["spec"]["versions"]
    schema: dict[str, Any] = version["schema"]["openAPIV3Schema"]
    return schema


def spec_node(*path: str) -> dict[str, Any]:
    """The schema of ``spec.<path>``; ``[]`` steps into array items."""
    node = v2_schema()["properties"]["spec"]
    for step in path:
        node = node["items"] if step == "[]" else node["properties"][step]
    return node


# --- the CRD's identity -------------------------------------------------------------------


def test_crd_names_the_locusttest_kind_like_the_operator() -> None:
    crd = build_crd()
    assert crd["apiVersion"] == "apiextensions.k8s.io/v1"
    assert crd["kind"] == "CustomResourceDefinition"
    assert crd["metadata"]["name"] == CRD_NAME == "locusttests.locust.io"
    assert crd["spec"]["group"] == "locust.io"
    assert crd["spec"]["scope"] == "Namespaced"
    names = crd["spec"]["names"]
    assert (names["kind"], names["plural"], names["singular"], names["shortNames"]) == (
        "LocustTest",
        "locusttests",
        "locusttest",
        ["lotest"],
    )


def test_v2_is_the_only_version_served_and_stored_with_a_status_subresource() -> None:
    (version,) = build_crd()["spec"]["versions"]
    assert (version["name"], version["served"], version["storage"]) == ("v2", True, True)
    assert version["subresources"] == {"status": {}}


# --- the schema, field by field -------------------------------------------------------------


def test_required_fields_come_from_the_models() -> None:
    assert spec_node()["required"] == ["image", "master", "worker"]
    assert spec_node("master")["required"] == ["command"]
    assert spec_node("worker")["required"] == ["command", "replicas"]
    assert spec_node("master", "autoquit")["required"] == ["enabled"]
    assert spec_node("observability", "openTelemetry")["required"] == ["enabled"]
    assert spec_node("env", "secretMounts", "[]")["required"] == ["mountPath", "name"]
    assert spec_node("env", "configMapRefs", "[]")["required"] == ["name"]
    assert spec_node("volumeMounts", "[]")["required"] == ["mountPath", "name"]


def test_enums_list_the_string_enum_values() -> None:
    assert spec_node("imagePullPolicy")["enum"] == ["Always", "IfNotPresent", "Never"]
    assert spec_node("observability", "openTelemetry", "protocol")["enum"] == ["grpc", "http/protobuf"]
    assert spec_node("volumeMounts", "[]", "target")["enum"] == ["master", "worker", "both"]


def test_numeric_and_string_limits_come_from_the_checks() -> None:
    replicas = spec_node("worker", "replicas")
    assert (replicas["type"], replicas["format"], replicas["minimum"], replicas["maximum"]) == (
        "integer",
        "int32",
        1,
        500,
    )
    assert spec_node("master", "autoquit", "timeout")["minimum"] == 0
    runtime_class = spec_node("scheduling", "runtimeClassName")
    assert runtime_class["maxLength"] == 253
    assert "pattern" in runtime_class


@pytest.mark.parametrize(
    ("path", "default"),
    [
        (("imagePullPolicy",), "IfNotPresent"),
        (("master", "autostart"), True),
        (("master", "autoquit", "enabled"), True),
        (("master", "autoquit", "timeout"), 60),
        (("testFiles", "srcMountPath"), "/lotest/src"),
        (("testFiles", "libMountPath"), "/opt/locust/lib"),
        (("env", "secretMounts", "[]", "readOnly"), True),
        (("observability", "openTelemetry", "enabled"), False),
        (("observability", "openTelemetry", "protocol"), "grpc"),
        (("observability", "openTelemetry", "insecure"), False),
        (("volumeMounts", "[]", "target"), "both"),
    ],
)
def test_defaults_are_the_operators_crd_defaults(path: tuple[str, ...], default: object) -> None:
    assert spec_node(*path)["default"] == default


@pytest.mark.parametrize(
    "path",
    [
        ("master", "resources"),
        ("worker", "resources"),
        ("scheduling", "affinity"),
        ("scheduling", "tolerations", "[]"),
        ("env", "variables", "[]"),
        ("volumes", "[]"),
        ("imagePullSecrets", "[]"),
        ("security", "podSecurityContext"),
        ("security", "containerSecurityContext"),
        ("volumeMounts", "[]"),
    ],
)
def test_kubernetes_structures_pass_through_as_open_objects(path: tuple[str, ...]) -> None:
    node = spec_node(*path)
    assert node["type"] == "object"
    assert node[PRESERVE] is True


def test_passthrough_items_require_the_keys_the_models_check() -> None:
    assert spec_node("env", "variables", "[]")["required"] == ["name"]
    assert spec_node("volumes", "[]")["required"] == ["name"]


def test_every_schema_node_has_a_type_and_no_additional_properties_beside_properties() -> None:
    """Structural schema rules the API server enforces on a CRD."""
    nodes = [v2_schema()]
    while nodes:
        node = nodes.pop()
        assert "type" in node, node
        assert not ("properties" in node and "additionalProperties" in node), node
        nodes.extend(node.get("properties", {}).values())
        nodes.extend(node[key] for key in ("items", "additionalProperties") if isinstance(node.get(key), dict))


def test_modelled_fields_have_descriptions_from_the_docstrings() -> None:
    assert "1 to 500" in spec_node("worker", "replicas")["description"]
    assert spec_node("master", "command")["description"].startswith("Required.")
    assert "``" not in dump_crd() and ":class:" not in dump_crd()


# --- the schema against sample and invalid CRs --------------------------------------------------


def test_there_are_sample_crs() -> None:
    assert len(SAMPLES) >= 7


@pytest.mark.parametrize("cr", [cr for _, cr in SAMPLES], ids=[name for name, _ in SAMPLES])
def test_schema_accepts_every_sample_cr(cr: dict[str, Any]) -> None:
    assert schema_errors(cr) == []
    LocustTestSpec.from_cr(cr["spec"])  # and the models agree


@pytest.mark.parametrize(
    "spec_change",
    [
        {"scheduling": {"runtimeClassName": ""}},
        {"master": {"command": "x", "resources": {"requests": {"cpu": "1"}, "claims": [{"name": "gpu"}]}}},
        {
            "volumes": [{"name": "v", "emptyDir": {}}],
            "volumeMounts": [{"name": "v", "mountPath": "/v", "subPath": "a"}],
        },
        {"master": {"command": "x", "autoquit": {"enabled": False}}},
        {"master": {"command": "x", "autoquit": {"timeout": 5}}},
        {"observability": {"openTelemetry": {"endpoint": "c:4317"}}},
    ],
    ids=[
        "empty-runtime-class",
        "resources-with-claims",
        "volume-mount-sub-path",
        "autoquit-off",
        "autoquit-without-enabled",
        "otel-without-enabled",
    ],
)
def test_schema_and_models_accept_edge_cases(spec_change: dict[str, Any]) -> None:
    cr = cr_with(**spec_change)
    assert schema_errors(cr) == []
    LocustTestSpec.from_cr(cr["spec"])


INVALID = {
    "replicas-0": ({"worker": {"command": "x", "replicas": 0}}, "spec.worker.replicas"),
    "replicas-501": ({"worker": {"command": "x", "replicas": 501}}, "spec.worker.replicas"),
    "replicas-string": ({"worker": {"command": "x", "replicas": "2"}}, "spec.worker.replicas"),
    "bad-protocol": (
        {"observability": {"openTelemetry": {"enabled": True, "endpoint": "c:4317", "protocol": "http/json"}}},
        "spec.observability.openTelemetry.protocol",
    ),
    "bad-pull-policy": ({"imagePullPolicy": "Sometimes"}, "spec.imagePullPolicy"),
    "bad-target": (
        {"volumes": [{"name": "v"}], "volumeMounts": [{"name": "v", "mountPath": "/v", "target": "all"}]},
        "spec.volumeMounts.0.target",
    ),
    "bad-runtime-class": ({"scheduling": {"runtimeClassName": "Not_Valid"}}, "spec.scheduling.runtimeClassName"),
    "long-runtime-class": ({"scheduling": {"runtimeClassName": "a" * 254}}, "spec.scheduling.runtimeClassName"),
    "negative-timeout": (
        {"master": {"command": "x", "autoquit": {"enabled": True, "timeout": -1}}},
        "spec.master.autoquit.timeout",
    ),
    "autoquit-enabled-not-bool": (
        {"master": {"command": "x", "autoquit": {"enabled": "yes"}}},
        "spec.master.autoquit.enabled",
    ),
    "unknown-spec-field": ({"replicas": 3}, "spec"),
    "unknown-master-field": ({"master": {"command": "x", "cpu": "1"}}, "spec.master"),
    "unknown-otel-field": (
        {"observability": {"openTelemetry": {"enabled": False, "headers": "x"}}},
        "spec.observability.openTelemetry",
    ),
    "variable-without-name": ({"env": {"variables": [{"value": "1"}]}}, "spec.env.variables.0"),
    "volume-without-name": ({"volumes": [{"emptyDir": {}}]}, "spec.volumes.0"),
    "mount-without-path": ({"volumes": [{"name": "v"}], "volumeMounts": [{"name": "v"}]}, "spec.volumeMounts.0"),
    "labels-not-strings": ({"master": {"command": "x", "labels": {"tier": 1}}}, "spec.master.labels.tier"),
}


@pytest.mark.parametrize(("spec_change", "where"), INVALID.values(), ids=INVALID.keys())
def test_schema_refuses_what_the_models_refuse(spec_change: dict[str, Any], where: str) -> None:
    cr = cr_with(**spec_change)
    errors = schema_errors(cr)
    assert errors, f"the CRD accepts {spec_change}"
    assert any(error.startswith(where + ":") for error in errors), errors
    with pytest.raises(SpecError):
        LocustTestSpec.from_cr(cr["spec"])


@pytest.mark.parametrize(
    "spec_change",
    [
        {},
        {"master": {"command": "x", "autoquit": {"timeout": 5}}},
        {"master": {"command": "x", "autoquit": {}}},
        {"observability": {"openTelemetry": {"endpoint": "c:4317", "extraEnvVars": {}}}},
        {"testFiles": {}, "env": {"secretMounts": [{"name": "s", "mountPath": "/s"}]}},
        {"volumes": [{"name": "v"}], "volumeMounts": [{"name": "v", "mountPath": "/v"}]},
        {"observability": {}},
    ],
    ids=["minimal", "autoquit-timeout", "autoquit-empty", "otel-endpoint", "test-files-and-mounts", "mount", "empty"],
)
def test_the_models_default_exactly_as_the_crd_does(spec_change: dict[str, Any]) -> None:
    cr = cr_with(**spec_change)
    (version,) = build_crd()["spec"]["versions"]
    defaulted_spec = defaulted(version["schema"]["openAPIV3Schema"], cr)["spec"]
    assert LocustTestSpec.from_cr(cr["spec"]).with_crd_defaults().to_cr() == defaulted_spec


@pytest.mark.parametrize(("name", "cr"), sample_crs(), ids=[name for name, _ in sample_crs()])
def test_the_models_default_every_sample_as_the_crd_does(name: str, cr: dict[str, Any]) -> None:
    (version,) = build_crd()["spec"]["versions"]
    defaulted_spec = defaulted(version["schema"]["openAPIV3Schema"], cr)["spec"]
    assert LocustTestSpec.from_cr(cr["spec"]).with_crd_defaults().to_cr() == defaulted_spec


def test_schema_refuses_a_spec_without_image() -> None:
    cr = cr_with()
    del cr["spec"]["image"]
    assert any("'image' is a required property" in error for error in schema_errors(cr))


def test_passthrough_structures_keep_unknown_keys() -> None:
    cr = cr_with(scheduling={"affinity": {"anythingKubernetesAdds": {"x": 1}}})
    assert schema_errors(cr) == []


# --- generated output: deterministic, committed, importable -----------------------------------


def test_build_crd_is_deterministic_and_fresh_each_time() -> None:
    first = build_crd()
    first["spec"]["group"] = "changed"
    assert build_crd()["spec"]["group"] == "locust.io"
    assert dump_crd() == dump_crd()


def test_committed_crd_file_is_the_generated_one() -> None:
    assert CRD_FILE.read_text() == dump_crd(), (
        "crds/locust.io_locusttests.yaml is stale: run scripts/regenerate-crd.sh and commit crds/ and imports/"
    )
    assert yaml.safe_load(CRD_FILE.read_text()) == build_crd()


def test_main_prints_the_crd(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert capsys.readouterr().out == dump_crd()


def test_main_writes_the_crd_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "crd.yaml"
    assert main(["-o", str(target)]) == 0
    assert target.read_text() == dump_crd()


def test_main_refuses_unknown_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--bogus"]) == 2
    assert "usage:" in capsys.readouterr().err


def test_main_reports_an_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["-o", str(blocker / "crd.yaml")]) == 1
    assert str(blocker / "crd.yaml") in capsys.readouterr().err


def test_command_line_dispatches_crd(tmp_path: Path) -> None:
    target = tmp_path / "crd.yaml"
    assert cli_main(["crd", "-o", str(target)]) == 0
    assert target.read_text() == dump_crd()


def test_committed_binding_is_what_the_pinned_cdk8s_cli_generates(tmp_path: Path) -> None:
    cdk8s_cli = ROOT / "node_modules" / ".bin" / "cdk8s"
    if not cdk8s_cli.exists():
        pytest.fail(
            "node_modules/.bin/cdk8s is missing: run `npm ci --no-audit --no-fund` at the repository root "
            "(cdk8s-cli is pinned in package-lock.json) to check that imports/ is up to date"
        )
    crd = tmp_path / "crd.yaml"
    crd.write_text(dump_crd())
    result = subprocess.run(  # --no-check-upgrade: no npm registry call, the test stays offline
        [str(cdk8s_cli), "import", str(crd), "--language", "python", "--output", "imports", "--no-check-upgrade"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    _assert_same_tree(tmp_path / "imports" / "io" / "locust", ROOT / "imports" / "io" / "locust")


def _assert_same_tree(fresh: Path, committed: Path) -> None:
    fresh_files = sorted(path.relative_to(fresh) for path in fresh.rglob("*") if path.is_file())
    committed_files = sorted(
        path.relative_to(committed)
        for path in committed.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    stale = "imports/ is stale: run scripts/regenerate-crd.sh and commit imports/"
    assert fresh_files == committed_files, stale
    _, mismatch, errors = filecmp.cmpfiles(fresh, committed, [str(path) for path in fresh_files], shallow=False)
    assert not mismatch and not errors, f"{stale} (differs: {mismatch + errors})"


def test_binding_imports_and_mirrors_the_crd() -> None:
    locust = binding()
    fields = typing.get_type_hints(locust.LocustTestSpec.__init__)
    assert {"image", "image_pull_policy", "master", "worker", "volume_mounts", "observability"} <= set(fields)
    assert [member.name for member in locust.LocustTestSpecVolumeMountsTarget] == ["MASTER", "WORKER", "BOTH"]
    assert [member.name for member in locust.LocustTestSpecImagePullPolicy] == ["ALWAYS", "IF_NOT_PRESENT", "NEVER"]

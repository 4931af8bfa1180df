"""The command line: same objects as the construct, every input error reported, nothing half-written."""

import copy
import io
import os
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cdk8s
import pytest
import yaml

from constructs_locust import LocustTest, LocustTestSpec, OperatorDefaults
from constructs_locust.cli import _atomic_output as atomic_output
from constructs_locust.cli import _main as cli
from constructs_locust.cli import _reading as cli_reading
from constructs_locust.spec import _v1 as v1
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT, operator_message

CRS = Path(__file__).parent / "fixtures" / "crs"
REPO = Path(__file__).parent.parent
CR_FILES = sorted(CRS.glob("*.yaml"))
MINIMAL_CR: dict[str, Any] = {
    "apiVersion": "locust.io/v2",
    "kind": "LocustTest",
    "metadata": {"name": "checkout", "namespace": "perf"},
    "spec": {
        "image": "locustio/locust:2.43.1",
        "master": {"command": "--locustfile /lotest/src/main.py --run-time 5m"},  # bounded: no UnboundedRunWarning
        "worker": {"command": "--locustfile /lotest/src/main.py", "replicas": 2},
        "testFiles": {"configMapRef": "checkout-tests"},
    },
}


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def cr(name: str = "checkout", namespace: str | None = "perf", **spec_changes: Any) -> dict[str, Any]:
    """The minimal CR with ``spec`` keys replaced (``None`` deletes a key)."""
    document = copy.deepcopy(MINIMAL_CR)
    document["metadata"] = {"name": name} if namespace is None else {"name": name, "namespace": namespace}
    for key, value in spec_changes.items():
        if value is None:
            document["spec"].pop(key, None)
        else:
            document["spec"][key] = value
    return document


def write_crs(path: Path, *documents: Any) -> Path:
    path.write_text(yaml.safe_dump_all(documents, sort_keys=False))
    return path


def load_documents(path: Path) -> list[Any]:
    return list(yaml.safe_load_all(path.read_text()))


def synthesized(documents: list[dict[str, Any]], defaults: OperatorDefaults | None = None) -> list[dict[str, Any]]:
    """What ``LocustTest`` constructs synthesize for these CRs (v1 ones converted first)."""
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "chart")
    for index, document in enumerate(documents):
        spec = document["spec"]
        if document["apiVersion"] == v1.API_VERSION:
            spec = v1.v1_spec_to_v2(spec)
        metadata = document["metadata"]
        LocustTest(
            chart,
            f"test{index}",
            spec=LocustTestSpec.from_cr(spec),
            name=metadata["name"],
            namespace=metadata.get("namespace"),
            defaults=defaults,
        )
    return list(cdk8s.Testing.synth(chart))


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (and beside it: staging leftovers) with its bytes."""
    files = {str(path.relative_to(directory.parent)): path.read_bytes() for path in directory.rglob("*")}
    files.update({path.name: b"" for path in directory.parent.iterdir() if path != directory})
    return files


def kinds_and_names(documents: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(document["kind"], document["metadata"]["name"]) for document in documents]


@pytest.fixture
def existing_output(tmp_path: Path) -> Iterator[Path]:
    """An output folder that already holds files, checked byte for byte after the test."""
    output = tmp_path / "out" / "manifests"
    output.mkdir(parents=True)
    (output / "checkout.yaml").write_text("# rendered by an earlier run\n")
    (output / "notes.txt").write_text("not ours\n")
    before = tree(output)
    yield output
    assert tree(output) == before


# ---------------------------------------------------------------------------------------------
# Output: the construct's objects, in order, as YAML that round-trips
# ---------------------------------------------------------------------------------------------


def test_there_are_v2_and_v1_fixtures() -> None:
    versions = {load_documents(path)[0]["apiVersion"] for path in CR_FILES}
    assert versions == {"locust.io/v1", "locust.io/v2"}


@LINT_WARNINGS_BESIDE_THE_POINT
@pytest.mark.parametrize("path", CR_FILES, ids=lambda path: path.stem)
def test_render_prints_the_objects_the_construct_synthesizes(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code, out, err = run(capsys, "render", str(path))
    # Warnings (the otel sample runs locustio/locust without the OTel SDK) go to stderr; nothing else may.
    assert (code, [line for line in err.splitlines() if ": warning: " not in line]) == (0, [])
    assert list(yaml.safe_load_all(out)) == synthesized(load_documents(path))


def test_render_of_several_files_prints_every_test_in_input_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = write_crs(tmp_path / "a.yaml", cr("alpha"), None, cr("beta", namespace=None))
    second = write_crs(tmp_path / "b.yaml", cr("gamma"))
    code, out, _ = run(capsys, "render", str(first), str(second))
    documents = list(yaml.safe_load_all(out))
    assert code == 0
    assert kinds_and_names(documents) == [
        (kind, f"{test}-{role}")
        for test in ("alpha", "beta", "gamma")
        for kind, role in (("Service", "master"), ("Job", "master"), ("Job", "worker"))
    ]
    assert documents == synthesized([cr("alpha"), cr("beta", namespace=None), cr("gamma")])


def test_the_namespace_comes_from_the_cr_and_is_left_out_when_absent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("alpha", namespace="perf"), cr("beta", namespace=None))
    _, out, _ = run(capsys, "render", str(path))
    namespaces = [document["metadata"].get("namespace") for document in yaml.safe_load_all(out)]
    assert namespaces == ["perf"] * 3 + [None] * 3


def test_an_empty_namespace_counts_as_none(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr(namespace=""))
    _, out, _ = run(capsys, "render", str(path))
    assert list(yaml.safe_load_all(out)) == synthesized([cr(namespace=None)])


def test_strings_that_look_like_numbers_or_booleans_stay_strings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, out, _ = run(capsys, "render", str(write_crs(tmp_path / "crs.yaml", cr())))
    master_job = list(yaml.safe_load_all(out))[1]
    pod = master_job["spec"]["template"]
    assert pod["metadata"]["annotations"]["prometheus.io/scrape"] == "true"
    assert pod["metadata"]["annotations"]["prometheus.io/port"] == "9646"
    args = pod["spec"]["containers"][0]["args"]
    assert args[args.index("--autoquit") + 1] == "60"
    assert "'60'" in out


def test_output_keeps_the_manifests_key_order_and_is_the_same_every_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = str(write_crs(tmp_path / "crs.yaml", cr()))
    _, first, _ = run(capsys, "render", path)
    _, second, _ = run(capsys, "render", path)
    assert first == second
    assert first.startswith("---\napiVersion: v1\nkind: Service\nmetadata:\n")
    job = list(yaml.safe_load_all(first))[1]
    assert list(job["spec"]) == ["parallelism", "backoffLimit", "template"]
    assert "&id" not in first and "*id" not in first


def test_dash_reads_the_crs_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = yaml.safe_dump_all([cr("alpha"), cr("beta")])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run(capsys, "render", "-")
    assert code == 0
    assert list(yaml.safe_load_all(out)) == synthesized([cr("alpha"), cr("beta")])


def test_validate_checks_and_prints_one_line_per_test(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("alpha"), cr("beta"))
    code, out, err = run(capsys, "validate", str(path))
    assert (code, err) == (0, "")
    assert out == f"{path}: alpha: valid\n{path}: beta: valid\n"
    assert sorted(os.listdir(tmp_path)) == ["crs.yaml"]


# ---------------------------------------------------------------------------------------------
# -o DIR
# ---------------------------------------------------------------------------------------------


def test_output_dir_gets_one_file_per_test_and_is_created_if_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = str(write_crs(tmp_path / "crs.yaml", cr("alpha"), cr("beta.v2")))
    output = tmp_path / "new" / "manifests"
    code, out, err = run(capsys, "render", path, "-o", str(output))
    assert (code, out, err) == (0, "", "")
    assert sorted(os.listdir(output)) == ["alpha.yaml", "beta.v2.yaml"]
    assert sorted(os.listdir(tmp_path)) == ["crs.yaml", "new"]
    assert load_documents(output / "beta.v2.yaml") == synthesized([cr("beta.v2")])


def test_output_files_hold_exactly_what_stdout_would(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = str(write_crs(tmp_path / "crs.yaml", cr("alpha")))
    _, printed, _ = run(capsys, "render", path)
    run(capsys, "render", path, "--output-dir", str(tmp_path / "out"))
    assert (tmp_path / "out" / "alpha.yaml").read_text() == printed


def test_output_dir_replaces_a_test_file_and_leaves_other_files_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "out"
    output.mkdir()
    (output / "checkout.yaml").write_text("old\n")
    (output / "notes.txt").write_text("keep\n")
    code, _, _ = run(capsys, "render", str(write_crs(tmp_path / "crs.yaml", cr())), "-o", str(output))
    assert code == 0
    assert (output / "notes.txt").read_text() == "keep\n"
    assert load_documents(output / "checkout.yaml") == synthesized([cr()])
    assert sorted(os.listdir(tmp_path)) == ["crs.yaml", "out"]


def test_output_dir_that_is_a_file_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("a file\n")
    code, _, err = run(capsys, "render", str(write_crs(tmp_path / "crs.yaml", cr())), "-o", str(target))
    assert code == 1
    assert err == f"{target}: -: cannot write: exists and is not a directory (nothing was changed)\n"
    assert target.read_text() == "a file\n"


def test_same_name_in_two_namespaces_cannot_share_an_output_dir(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, existing_output: Path
) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("alpha", namespace="a"), cr("alpha", namespace="b"))
    code, _, err = run(capsys, "render", str(path), "-o", str(existing_output))
    assert code == 1
    assert err.startswith(f"{path}: alpha: {existing_output / 'alpha.yaml'} would hold two tests")
    assert run(capsys, "render", str(path))[0] == 0  # on stdout they are two different tests


def test_a_failed_write_leaves_the_output_dir_as_it_was(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, existing_output: Path
) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("alpha"), cr("checkout"))
    real_write_new = atomic_output._write_new
    written: list[str] = []

    def failing_write_new(path: Path, data: bytes) -> None:
        if written:
            raise OSError(28, "No space left on device")
        written.append(path.name)
        real_write_new(path, data)

    monkeypatch.setattr(atomic_output, "_write_new", failing_write_new)
    code, out, err = run(capsys, "render", str(path), "-o", str(existing_output))
    assert (code, out) == (1, "")
    assert err == f"{existing_output}: -: cannot write: No space left on device (nothing was changed)\n"


# ---------------------------------------------------------------------------------------------
# Invalid input: exit 1, one line per problem, nothing written
# ---------------------------------------------------------------------------------------------

OTEL_ON = {"openTelemetry": {"enabled": True}}
INVALID_SPECS: dict[str, tuple[dict[str, Any], str]] = {
    "otel-without-endpoint": (
        {"observability": OTEL_ON},
        "spec.observability.openTelemetry.endpoint: " + operator_message("otel_endpoint_required"),
    ),
    "bad-otel-protocol": (
        {"observability": {"openTelemetry": {"enabled": True, "endpoint": "otel:4317", "protocol": "http/json"}}},
        "spec.observability.openTelemetry.protocol: " + operator_message("otel_protocol", "http/json"),
    ),
    "secret-mount-on-test-files": (
        {"env": {"secretMounts": [{"name": "tls", "mountPath": "/lotest/src/certs"}]}},
        "spec.env.secretMounts[0].mountPath: "
        + operator_message("secret_mount_conflict", "/lotest/src/certs", "/lotest/src"),
    ),
    "volume-with-secret-prefix": (
        {"volumes": [{"name": "secret-data", "emptyDir": {}}]},
        "spec.volumes[0].name: " + operator_message("volume_reserved_prefix", "secret-data", "secret-"),
    ),
    "volume-named-locust-lib": (
        {"volumes": [{"name": "locust-lib", "emptyDir": {}}]},
        "spec.volumes[0].name: " + operator_message("volume_reserved_name", "locust-lib"),
    ),
    "volume-named-like-the-master": (
        {"volumes": [{"name": "checkout-master", "emptyDir": {}}]},
        "spec.volumes[0].name: " + operator_message("volume_generated_name", "checkout-master"),
    ),
    "mount-of-undefined-volume": (
        {"volumeMounts": [{"name": "results", "mountPath": "/results"}]},
        "spec.volumeMounts[0].name: " + operator_message("volume_mount_undefined", "results"),
    ),
    "zero-replicas": (
        {"worker": {"command": "--locustfile /lotest/src/main.py", "replicas": 0}},
        "spec.worker.replicas: Invalid value: 0: should be greater than or equal to 1",
    ),
    "too-many-replicas": (
        {"worker": {"command": "--locustfile /lotest/src/main.py", "replicas": 501}},
        "spec.worker.replicas: Invalid value: 501: should be less than or equal to 500",
    ),
    "unknown-field": (
        {"master": {"command": "--locustfile /lotest/src/main.py", "autoStart": True}},
        'spec.master.autoStart: unknown field "spec.master.autoStart": did you mean "autostart"?',
    ),
    "wrong-type": (
        {"worker": {"command": "--locustfile /lotest/src/main.py", "replicas": "2"}},
        'spec.worker.replicas: Invalid value: "2": must be of type integer',
    ),
    "missing-required": ({"image": None}, "spec.image: Required value"),
}


@pytest.mark.parametrize("case", sorted(INVALID_SPECS))
def test_an_invalid_spec_is_reported_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, existing_output: Path, case: str
) -> None:
    changes, message = INVALID_SPECS[case]
    path = write_crs(tmp_path / "crs.yaml", cr(**changes))
    for command in (["render", str(path)], ["render", str(path), "-o", str(existing_output)], ["validate", str(path)]):
        assert run(capsys, *command) == (1, "", f"{path}: checkout: {message}\n")


def test_a_name_too_long_for_the_job_names_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, existing_output: Path
) -> None:
    name = "n" * 57
    path = write_crs(tmp_path / "crs.yaml", cr(name))
    code, out, err = run(capsys, "render", str(path), "-o", str(existing_output))
    assert (code, out) == (1, "")
    assert err == f"{path}: {name}: metadata.name: {operator_message('name_too_long', name)}\n"


def test_the_name_is_checked_before_the_spec_like_the_webhook(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("n" * 57, observability=OTEL_ON))
    _, _, err = run(capsys, "validate", str(path))
    assert "is too long" in err and "endpoint" not in err


def test_a_bad_namespace_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr(namespace="Perf_Team"))
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert err.startswith(f'{path}: checkout: metadata.namespace: Invalid value: "Perf_Team": ')


def test_every_problem_of_every_input_is_reported_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, existing_output: Path
) -> None:
    mixed = write_crs(
        tmp_path / "mixed.yaml",
        cr("good"),
        cr("no-endpoint", observability=OTEL_ON),
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "tests"}},
        cr("no-replicas", worker={"command": "x"}),
    )
    broken = tmp_path / "broken.yaml"
    broken_text = yaml.safe_dump(cr("fine")) + "---\nspec:\n  image: [unclosed\n"
    broken.write_text(broken_text)
    end_of_file = broken_text.count("\n") + 1
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing here yet\n")
    missing = tmp_path / "missing.yaml"
    code, out, err = run(
        capsys, "render", str(mixed), str(missing), str(broken), str(empty), "-o", str(existing_output)
    )
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{mixed}: no-endpoint: spec.observability.openTelemetry.endpoint: "
        + operator_message("otel_endpoint_required"),
        f'{mixed}: tests: not a LocustTest: apiVersion "v1", kind "ConfigMap" '
        "(expected kind LocustTest with apiVersion locust.io/v2 or locust.io/v1)",
        f"{mixed}: no-replicas: spec.worker.replicas: Required value",
        f"{missing}: -: cannot read: No such file or directory",
        f"{broken}: document 2: invalid YAML at line {end_of_file}, column 1: "
        "did not find expected ',' or ']' (while parsing a flow sequence)",
        f"{empty}: -: no LocustTest found: the input holds no YAML document",
    ]


def test_yaml_errors_give_the_line_and_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "crs.yaml"
    path.write_text("apiVersion: locust.io/v2\nkind: LocustTest\n  metadata: {}\n")
    _, _, err = run(capsys, "validate", str(path))
    assert err.startswith(f"{path}: document 1: invalid YAML at line 3, column 11: mapping values are not allowed")
    assert err.count("\n") == 1


def test_text_that_is_not_utf8_is_a_yaml_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "crs.yaml"
    path.write_bytes(b"apiVersion: locust.io/v2\nkind: \xff\n")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert err.startswith(f"{path}: document 1: invalid YAML at line 2: invalid leading UTF-8 octet")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (["a", "list"], "not a Kubernetes object: expected a mapping with apiVersion and kind, got ['a', 'list']"),
        ("text", 'not a Kubernetes object: expected a mapping with apiVersion and kind, got "text"'),
        (
            {"apiVersion": "locust.io/v3", "kind": "LocustTest"},
            'not a LocustTest: apiVersion "locust.io/v3", kind "LocustTest" '
            "(expected kind LocustTest with apiVersion locust.io/v2 or locust.io/v1)",
        ),
        (
            {"kind": "LocustTest"},
            'not a LocustTest: apiVersion (none), kind "LocustTest" '
            "(expected kind LocustTest with apiVersion locust.io/v2 or locust.io/v1)",
        ),
        ({**cr(), "metadata": None}, "metadata.name: Required value: a LocustTest needs a non-empty name"),
        ({**cr(), "metadata": ["x"]}, "metadata: Invalid value: ['x']: must be of type object"),
        ({**cr(), "spec": None}, "spec: Required value"),
        ({**cr(), "spec": "image: x"}, 'spec: Invalid value: "image: x": must be of type object'),
        ({**cr(), "extra": 1}, 'extra: unknown field "extra"'),
    ],
    ids=[
        "list",
        "scalar",
        "other-version",
        "no-api-version",
        "no-name",
        "bad-metadata",
        "no-spec",
        "bad-spec",
        "extra",
    ],
)
def test_documents_that_are_not_valid_locust_tests(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, document: Any, message: str
) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("first"), document)
    code, out, err = run(capsys, "render", str(path))
    label = "checkout" if message.startswith(("spec", "extra")) else "document 2"
    assert (code, out, err) == (1, "", f"{path}: {label}: {message}\n")


def test_status_from_kubectl_get_is_accepted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_crs(tmp_path / "crs.yaml", {**cr(), "status": {"phase": "Running"}})
    assert run(capsys, "validate", str(path))[0] == 0


def test_a_test_given_twice_in_one_run_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first = write_crs(tmp_path / "a.yaml", cr("alpha"), cr("alpha", namespace="other"))
    second = write_crs(tmp_path / "b.yaml", cr("alpha"))
    code, out, err = run(capsys, "render", str(first), str(second), str(first))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f'{second}: alpha: duplicate LocustTest "alpha" in namespace "perf" (first in {first})',
        f'{first}: alpha: duplicate LocustTest "alpha" in namespace "perf" (first in {first})',
        f'{first}: alpha: duplicate LocustTest "alpha" in namespace "other" (first in {first})',
    ]


def test_an_internal_error_is_one_line_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_reading, "render_manifests", broken)
    code, _, err = run(capsys, "validate", str(write_crs(tmp_path / "crs.yaml", cr())))
    assert code == 1
    assert err.endswith("checkout: internal error (RuntimeError: boom); please report it\n")


# ---------------------------------------------------------------------------------------------
# Usage, help and the crd command
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [[], ["render"], ["validate"], ["render", "crs.yaml", "--bogus"], ["explode", "crs.yaml"], ["render", "-o"]],
    ids=["nothing", "render-no-file", "validate-no-file", "unknown-option", "unknown-command", "o-without-dir"],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert "usage: constructs-locust" in err


def test_help_documents_the_commands_errors_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for text in ("render", "validate", "crd", "FILE: NAME: message", "'-'", "metadata.namespace", "2 usage error"):
        assert text in out


def test_render_help_documents_output_and_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "render", "--help")
    assert code == 0
    for text in ("-o DIR, --output-dir DIR", "DIR/<metadata.name>.yaml", "standard input", "leaves DIR as it was"):
        assert text in out


def test_validate_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--help")
    assert code == 0
    assert "FILE: NAME: valid" in out


@pytest.fixture
def fake_crd(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    module = types.ModuleType("constructs_locust.cli._crd")

    def fake_main(argv: list[str], *, prog: str) -> int:
        assert prog == "constructs-locust crd"
        calls.append(argv)
        return 7

    module.main = fake_main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "constructs_locust.cli._crd", module)
    return calls


def test_crd_hands_its_arguments_to_the_crd_module(
    capsys: pytest.CaptureFixture[str], fake_crd: list[list[str]]
) -> None:
    assert run(capsys, "crd", "-o", "crd.yaml")[0] == 7
    assert run(capsys, "crd", "--help")[0] == 7
    assert run(capsys, "crd")[0] == 7
    assert fake_crd == [["-o", "crd.yaml"], ["--help"], []]


# ---------------------------------------------------------------------------------------------
# The real entry point, in a subprocess
# ---------------------------------------------------------------------------------------------


def python_m(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "constructs_locust", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_python_m_renders_stdin_without_starting_cdk8s(tmp_path: Path) -> None:
    text = yaml.safe_dump(cr())
    result = python_m("render", "-", stdin=text)
    assert (result.returncode, result.stderr) == (0, "")
    assert kinds_and_names(list(yaml.safe_load_all(result.stdout))) == [
        ("Service", "checkout-master"),
        ("Job", "checkout-master"),
        ("Job", "checkout-worker"),
    ]
    probe = (
        "import sys; from constructs_locust import cli; cli.main(['validate', sys.argv[1]]); print(sorted(sys.modules))"
    )
    path = write_crs(tmp_path / "crs.yaml", cr())
    modules = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert "cdk8s" not in modules and "jsii" not in modules


def test_python_m_exit_codes_and_no_traceback(tmp_path: Path) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr(observability=OTEL_ON), ["not", "a", "cr"])
    invalid = python_m("render", str(path), str(tmp_path / "missing.yaml"))
    assert invalid.returncode == 1
    assert invalid.stdout == ""
    assert len(invalid.stderr.splitlines()) == 3
    assert "Traceback" not in invalid.stderr
    usage = python_m("render")
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr

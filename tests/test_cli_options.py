"""The command line in CI: operator configuration, namespaces, folders, other kinds, JSON, versions, names."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_cli import REPO, cr, kinds_and_names, run, synthesized, write_crs

from constructs_locust import OperatorDefaults
from constructs_locust.cli import _atomic_output as atomic_output
from constructs_locust.cli import _main as cli
from constructs_locust.cli._parser import package_version
from constructs_locust.cli._results import PYTHON_M_PROG

OPERATOR = Path(__file__).parent / "fixtures" / "operator"
CONFIG_MAP = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "checkout-tests"}, "data": {"a": "on"}}
SECRET = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "token", "namespace": "perf"}}


def namespaces(out: str) -> list[str | None]:
    return [document["metadata"].get("namespace") for document in yaml.safe_load_all(out)]


# ---------------------------------------------------------------------------------------------
# -n / --namespace
# ---------------------------------------------------------------------------------------------


def test_namespace_option_fills_in_crs_without_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("alpha", namespace=None), cr("beta", namespace="perf"))
    code, out, err = run(capsys, "render", "-n", "perf", str(path))
    assert (code, err) == (0, "")
    assert namespaces(out) == ["perf"] * 6
    assert list(yaml.safe_load_all(out)) == synthesized([cr("alpha", namespace="perf"), cr("beta", namespace="perf")])


def test_a_cr_in_another_namespace_is_refused_as_kubectl_apply_n_refuses_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("alpha", namespace="team-a"))
    code, out, err = run(capsys, "render", "--namespace", "perf", str(path))
    assert (code, out) == (1, "")
    assert err == (
        f'{path}: alpha: metadata.namespace: the namespace from the provided object "team-a" does not match the '
        "namespace \"perf\". You must pass '--namespace=team-a' to perform this operation.\n"
    )


def test_duplicates_are_found_in_the_namespace_the_tests_end_up_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("alpha", namespace=None), cr("alpha", namespace="perf"))
    code, _, err = run(capsys, "validate", "-n", "perf", str(path))
    assert code == 1
    assert err == f'{path}: alpha: duplicate LocustTest "alpha" in namespace "perf" (first in {path})\n'


def test_tests_whose_objects_share_names_are_duplicates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("a.b", namespace="perf"), cr("a-b", namespace="perf"))
    other = write_crs(tmp_path / "other.yaml", cr("a-b", namespace="team-a"))  # another namespace: fine
    for command in ("validate", "render"):
        code, _, err = run(capsys, command, str(path), str(other))
        assert code == 1
        assert err == (  # both render a-b-master (Service, Job) and a-b-worker (Job)
            f'{path}: a-b: duplicate LocustTest "a-b" in namespace "perf" '
            f'(renders the same objects as "a.b" in {path})\n'
        )


def test_a_bad_namespace_option_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "render", "-n", "Perf_Team", str(write_crs(tmp_path / "crs.yaml", cr())))
    assert (code, out) == (2, "")
    assert 'error: argument -n/--namespace: Invalid value: "Perf_Team": a lowercase RFC 1123 label' in err


@pytest.mark.parametrize("command", ["render", "validate"])
@pytest.mark.parametrize("mistake", [["-n", "Perf_Team"], ["--bogus"], ["--max-input-size", "1.5Mi"]])
def test_a_usage_error_shows_the_commands_usage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, mistake: list[str]
) -> None:
    code, _, err = run(capsys, command, *mistake, str(write_crs(tmp_path / "crs.yaml", cr())))
    assert code == 2
    assert err.startswith(f"usage: constructs-locust {command} "), err
    assert f"\nconstructs-locust {command}: error: " in err


# ---------------------------------------------------------------------------------------------
# Folders as inputs
# ---------------------------------------------------------------------------------------------


def test_a_folder_stands_for_its_yaml_files_sorted_and_recursive(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "tests"
    (folder / "team-b").mkdir(parents=True)
    (folder / ".github").mkdir()
    write_crs(folder / "z.yml", cr("z"))
    write_crs(folder / "a.yaml", cr("a"))
    write_crs(folder / "team-b" / "c.yaml", cr("c"))
    write_crs(folder / ".github" / "ci.yml", {"on": "push"})
    write_crs(folder / ".hidden.yaml", cr("hidden"))
    (folder / "README.md").write_text("# not YAML\n")
    code, out, err = run(capsys, "validate", str(folder))
    assert (code, err) == (0, "")
    assert out.splitlines() == [  # depth first, names sorted: as kubectl apply -R reads a folder
        f"{folder / 'a.yaml'}: a: valid",
        f"{folder / 'team-b' / 'c.yaml'}: c: valid",
        f"{folder / 'z.yml'}: z: valid",
    ]


def test_a_folder_of_any_depth_is_walked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # relative paths: 1200 levels stay below PATH_MAX
    levels = [os.path.join("deep", *["a"] * level) for level in range(1201)]
    for level in levels:  # os.makedirs and shutil.rmtree recurse per level too
        os.mkdir(level)
    bottom = write_crs(Path(levels[-1]) / "bottom.yaml", cr("bottom"))
    top = write_crs(Path("deep") / "b.yaml", cr("top"))
    try:
        code, out, err = run(capsys, "validate", "deep")
    finally:
        bottom.unlink()
        for level in reversed(levels[1:]):
            os.rmdir(level)
    assert (code, err) == (0, "")
    lines = out.splitlines()  # depth first: deep/a/... sorts before deep/b.yaml
    assert len(lines) == 2
    assert lines[0].startswith("deep/a/a/") and lines[0].endswith(" characters): bottom: valid")  # name shortened
    assert lines[1] == f"{top}: top: valid"


def test_folders_and_files_mix_in_the_order_given(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    write_crs(folder / "z.yaml", cr("z"))
    first = write_crs(tmp_path / "first.yaml", cr("first"))
    code, out, _ = run(capsys, "render", str(first), str(folder))
    assert code == 0
    assert [name for kind, name in kinds_and_names(list(yaml.safe_load_all(out))) if kind == "Service"] == [
        "first-master",
        "z-master",
    ]


def test_a_folder_without_yaml_files_is_a_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("nothing\n")
    assert run(capsys, "validate", str(folder)) == (
        1,
        "",
        f"{folder}: -: no LocustTest found: the folder holds no *.yaml or *.yml file\n",
    )


def unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make ``os.scandir(folder)`` fail as a folder without read permission does (root reads every folder)."""
    scandir = os.scandir

    def refuse(path: Any) -> Any:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)


def test_an_unreadable_folder_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "tests"
    folder.mkdir()
    write_crs(folder / "a.yaml", cr("a"))
    unreadable(monkeypatch, folder)
    for command in ("validate", "render"):
        assert run(capsys, command, str(folder)) == (1, "", f"{folder}: -: cannot read: Permission denied\n")


def test_an_unreadable_sub_folder_is_reported_and_the_rest_is_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "tests"
    (folder / "locked").mkdir(parents=True)
    write_crs(folder / "locked" / "b.yaml", cr("b"))
    write_crs(folder / "a.yaml", cr("a"))
    write_crs(folder / "z.yaml", cr("z"))
    unreadable(monkeypatch, folder / "locked")
    code, out, err = run(capsys, "validate", str(folder))
    assert (code, err) == (1, f"{folder / 'locked'}: -: cannot read: Permission denied\n")
    assert out == f"{folder / 'a.yaml'}: a: valid\n{folder / 'z.yaml'}: z: valid\n"


@pytest.mark.parametrize("text", ["", "# nothing here yet\n", "---\n--- # later\n"])
@pytest.mark.parametrize("policy", ["error", "skip", "keep"])
def test_a_folders_empty_file_is_skipped_as_kubectl_apply_r_skips_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, policy: str
) -> None:
    folder = tmp_path / "tests"
    folder.mkdir()
    write_crs(folder / "a.yaml", cr("a"))
    (folder / "b.yaml").write_text(text)
    code, out, err = run(capsys, "validate", "--other-kinds", policy, str(folder))
    assert (code, err) == (0, "")
    assert out == f"{folder / 'a.yaml'}: a: valid\n{folder / 'b.yaml'}: -: skipped (no YAML document)\n"
    code, out, _ = run(capsys, "validate", "--output", "json", "--other-kinds", policy, str(folder))
    assert (code, json.loads(out)["results"][1]) == (
        0,
        {
            "file": str(folder / "b.yaml"),
            "test": None,
            "namespace": None,
            "status": "skipped",
            "errors": [],
            "warnings": [],
        },
    )
    code, out, err = run(capsys, "render", "--other-kinds", policy, str(folder))
    _, alone, _ = run(capsys, "render", str(folder / "a.yaml"))
    assert (code, out, err) == (0, alone, "")


def test_an_empty_file_named_itself_or_on_stdin_is_still_a_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing here yet\n")
    message = "-: no LocustTest found: the input holds no YAML document\n"
    assert run(capsys, "validate", "--other-kinds", "skip", str(empty)) == (1, "", f"{empty}: {message}")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert run(capsys, "validate", "--other-kinds", "skip", "-") == (1, "", f"<stdin>: {message}")


def test_a_folder_whose_yaml_files_are_all_empty_is_a_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "tests"
    folder.mkdir()
    (folder / "a.yaml").write_text("")
    code, out, err = run(capsys, "validate", str(folder))
    assert (code, out) == (1, f"{folder / 'a.yaml'}: -: skipped (no YAML document)\n")
    assert err == f"{folder}: -: no LocustTest found: the folder's *.yaml and *.yml files hold no YAML document\n"


# ---------------------------------------------------------------------------------------------
# --other-kinds
# ---------------------------------------------------------------------------------------------


def test_other_kinds_are_an_error_by_default(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_crs(tmp_path / "app.yaml", CONFIG_MAP, cr())
    code, _, err = run(capsys, "render", str(path))
    assert code == 1
    assert err == (
        f'{path}: checkout-tests: not a LocustTest: apiVersion "v1", kind "ConfigMap" '
        "(expected kind LocustTest with apiVersion locust.io/v2 or locust.io/v1)\n"
    )


def test_skip_leaves_other_documents_out_and_validate_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_crs(tmp_path / "app.yaml", CONFIG_MAP, cr(), SECRET)
    code, out, err = run(capsys, "render", "--other-kinds", "skip", str(path))
    assert (code, err) == (0, "")
    assert list(yaml.safe_load_all(out)) == synthesized([cr()])
    code, out, err = run(capsys, "validate", "--other-kinds", "skip", str(path))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{path}: checkout-tests: skipped (v1 ConfigMap)",
        f"{path}: checkout: valid",
        f"{path}: token: skipped (v1 Secret)",
    ]


def test_keep_passes_other_documents_through_in_input_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_crs(tmp_path / "app.yaml", CONFIG_MAP, cr("alpha"), SECRET, cr("beta"))
    code, out, err = run(capsys, "render", "--other-kinds", "keep", str(path))
    assert (code, err) == (0, "")
    documents = list(yaml.safe_load_all(out))
    alpha, beta = synthesized([cr("alpha")]), synthesized([cr("beta")])
    assert documents == [CONFIG_MAP, *alpha, SECRET, *beta]


def test_keep_with_an_output_dir_writes_the_other_documents_to_one_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_crs(tmp_path / "app.yaml", CONFIG_MAP, cr("alpha"), SECRET)
    output = tmp_path / "out"
    code, out, err = run(capsys, "render", "--other-kinds", "keep", str(path), "-o", str(output))
    assert (code, out, err) == (0, "", "")
    assert sorted(os.listdir(output)) == ["_other-kinds.yaml", "alpha.yaml"]
    assert list(yaml.safe_load_all((output / "_other-kinds.yaml").read_text())) == [CONFIG_MAP, SECRET]


@pytest.mark.parametrize("policy", ["skip", "keep"])
def test_what_is_not_a_kubernetes_object_or_is_a_locust_test_stays_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, policy: str
) -> None:
    path = write_crs(tmp_path / "app.yaml", ["a", "list"], {"apiVersion": "locust.io/v3", "kind": "LocustTest"})
    code, _, err = run(capsys, "validate", "--other-kinds", policy, str(path))
    assert code == 1
    assert err.splitlines() == [
        f"{path}: document 1: not a Kubernetes object: expected a mapping with apiVersion and kind, got ['a', 'list']",
        f'{path}: document 2: not a LocustTest: apiVersion "locust.io/v3", kind "LocustTest" '
        "(expected kind LocustTest with apiVersion locust.io/v2 or locust.io/v1)",
    ]


# ---------------------------------------------------------------------------------------------
# validate reports every input; --output json
# ---------------------------------------------------------------------------------------------


def test_validate_reports_the_valid_inputs_beside_the_invalid_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write_crs(tmp_path / "good.yaml", cr("good"))
    bad = write_crs(tmp_path / "bad.yaml", cr("bad", image=None))
    code, out, err = run(capsys, "validate", str(good), str(bad))
    assert code == 1
    assert out == f"{good}: good: valid\n"
    assert err == f"{bad}: bad: spec.image: Required value\n"


def test_validate_json_reports_every_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = write_crs(tmp_path / "good.yaml", cr("good", namespace=None), CONFIG_MAP)
    bad = write_crs(tmp_path / "bad.yaml", cr("bad", image=None))
    missing = tmp_path / "missing.yaml"
    code, out, err = run(
        capsys, "validate", "--output", "json", "-n", "perf", "--other-kinds", "skip", str(good), str(bad), str(missing)
    )
    assert (code, err) == (1, "")
    assert json.loads(out) == {
        "valid": False,
        "results": [
            {"file": str(good), "test": "good", "namespace": "perf", "status": "valid", "errors": [], "warnings": []},
            {
                "file": str(good),
                "test": "checkout-tests",
                "namespace": None,
                "status": "skipped",
                "errors": [],
                "warnings": [],
            },
            {
                "file": str(bad),
                "test": "bad",
                "namespace": "perf",
                "status": "invalid",
                "errors": ["spec.image: Required value"],
                "warnings": [],
            },
            {
                "file": str(missing),
                "test": None,
                "namespace": None,
                "status": "invalid",
                "errors": ["cannot read: No such file or directory"],
                "warnings": [],
            },
        ],
    }


def test_validate_json_names_the_document_of_a_yaml_error_and_null_for_a_whole_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(cr("a")) + "---\nkind: [\n")
    missing = tmp_path / "missing.yaml"
    code, out, _ = run(capsys, "validate", "--output", "json", str(broken), str(missing))
    results = json.loads(out)["results"]
    assert code == 1
    assert [(result["file"], result["test"], result["status"]) for result in results] == [
        (str(broken), "a", "valid"),
        (str(broken), "document 2", "invalid"),
        (str(missing), None, "invalid"),
    ]


def test_validate_json_of_valid_inputs_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", "--output", "json", str(write_crs(tmp_path / "a.yaml", cr())))
    report = json.loads(out)
    assert (code, report["valid"], [result["status"] for result in report["results"]]) == (0, True, ["valid"])


def test_render_json_reports_errors_on_stderr_and_prints_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("good"), cr("bad", image=None))
    code, out, err = run(capsys, "render", "--output", "json", str(path))
    assert (code, out) == (1, "")
    report = json.loads(err)
    assert report["valid"] is False
    assert [(result["test"], result["status"], result["errors"]) for result in report["results"]] == [
        ("good", "valid", []),
        ("bad", "invalid", ["spec.image: Required value"]),
    ]


def test_render_json_of_valid_inputs_keeps_stderr_empty(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "render", "--output", "json", str(write_crs(tmp_path / "crs.yaml", cr())))
    assert (code, err) == (0, "")
    assert list(yaml.safe_load_all(out)) == synthesized([cr()])


# ---------------------------------------------------------------------------------------------
# --operator-values / --operator-env on the command line
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "file"), [("--operator-values", "team-values.yaml"), ("--operator-env", "operator.env")]
)
def test_the_operator_configuration_is_used_by_render(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, file: str
) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr())
    code, out, err = run(capsys, "render", option, str(OPERATOR / file), str(path))
    assert (code, err) == (0, "")
    text = (OPERATOR / file).read_text()
    if option == "--operator-values":
        defaults = OperatorDefaults.from_helm_values(yaml.safe_load(text))
    else:
        defaults = OperatorDefaults.from_env(dict(line.split("=", 1) for line in text.splitlines()[1:]))
    assert list(yaml.safe_load_all(out)) == synthesized([cr()], defaults=defaults)
    assert list(yaml.safe_load_all(out)) != synthesized([cr()])


@pytest.mark.parametrize(
    ("option", "text", "message"),
    [
        (
            "--operator-values",
            "locustPods:\n  resources:\n    requests:\n      cpu: lots\n",
            'locustPods.resources.requests.cpu: invalid value for POD_CPU_REQUEST: "lots" is not a valid Kubernetes '
            "quantity",
        ),
        (
            "--operator-values",
            "locustPods:\n  masterResource: {}\n",
            'locustPods.masterResource: unknown key "masterResource": the operator\'s chart has no such value '
            '(did you mean "masterResources"?)',
        ),
        ("--operator-values", "- a\n- list\n", "a Helm values file holds a mapping, got ['a', 'list']"),
        (
            "--operator-values",
            "locustPods: [\n",
            "invalid YAML at line 2, column 1: did not find expected node content (while parsing a flow node)",
        ),
        (
            "--operator-env",
            "# ops\nPOD_MEM_LIMIT=1G i\n",
            'line 2: POD_MEM_LIMIT: invalid value for POD_MEM_LIMIT: "1G i" is not a valid Kubernetes quantity',
        ),
        (
            "--operator-env",
            "LOG_LEVEL=debug\n",
            'line 1: LOG_LEVEL: unknown operator variable "LOG_LEVEL": the operator reads no such setting for the '
            "pods it creates",
        ),
        ("--operator-env", "POD_CPU_LIMIT\n", 'line 1: expected NAME=VALUE, got "POD_CPU_LIMIT"'),
    ],
)
def test_a_bad_operator_configuration_is_reported_and_nothing_is_rendered(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, text: str, message: str
) -> None:
    config = tmp_path / "config"
    config.write_text(text)
    path = write_crs(tmp_path / "crs.yaml", cr())
    for command in ("render", "validate"):
        code, out, err = run(capsys, command, option, str(config), str(path))
        assert (code, out, err) == (1, "", f"{config}: -: {message}\n")


@pytest.mark.parametrize(
    ("option", "text", "messages"),
    [
        (
            "--operator-values",
            "locustPods: {masterResource: {}, workerResource: {}}\nkafka: {bootstrapServer: x}\n",
            [
                'locustPods.masterResource: unknown key "masterResource": the operator\'s chart has no such value '
                '(did you mean "masterResources"?)',
                'locustPods.workerResource: unknown key "workerResource": the operator\'s chart has no such value '
                '(did you mean "workerResources"?)',
                'kafka.bootstrapServer: unknown key "bootstrapServer": the operator\'s chart has no such value '
                '(did you mean "bootstrapServers"?)',
            ],
        ),
        (
            "--operator-values",
            "locustPods: {resources: {requests: {cpu: lots}}, metricsExporter: {port: 9999}}\n"
            "extraEnv: [{name: POD_MEM_LIMIT, value: 1G i}, {name: WORKER_POD_CPU_LIMIT, valueFrom: {}}]\n",
            [
                "extraEnv[1].valueFrom: WORKER_POD_CPU_LIMIT comes from the cluster (valueFrom), which a values file "
                "does not hold: read the operator's environment instead (--operator-env FILE, "
                "OperatorDefaults.from_env)",
                'locustPods.resources.requests.cpu: invalid value for POD_CPU_REQUEST: "lots" is not a valid '
                "Kubernetes quantity",
                'extraEnv[0].value: invalid value for POD_MEM_LIMIT: "1G i" is not a valid Kubernetes quantity',
            ],
        ),
        (
            "--operator-env",
            "FOO=bar\nPOD_CPU_REQUST=1\n",
            [
                'line 1: FOO: unknown operator variable "FOO": the operator reads no such setting for the pods it '
                "creates",
                'line 2: POD_CPU_REQUST: unknown operator variable "POD_CPU_REQUST": the operator reads no such '
                'setting for the pods it creates (did you mean "POD_CPU_REQUEST"?)',
            ],
        ),
        (
            "--operator-env",
            "METRICS_EXPORTER_IMAGE_PULL_POLICY=always\nPOD_CPU_LIMIT\nPOD_MEM_LIMIT=1G i\nPOD_CPU_LIMIT=1\n"
            "POD_CPU_LIMIT=2\n",
            [
                'line 1: METRICS_EXPORTER_IMAGE_PULL_POLICY: Unsupported value: "always": supported values: '
                '"Always", "IfNotPresent", "Never"',
                'line 2: expected NAME=VALUE, got "POD_CPU_LIMIT"',
                'line 3: POD_MEM_LIMIT: invalid value for POD_MEM_LIMIT: "1G i" is not a valid Kubernetes quantity',
                "line 5: POD_CPU_LIMIT is set twice (line 4 and line 5)",
            ],
        ),
    ],
)
def test_every_problem_of_an_operator_configuration_is_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, text: str, messages: list[str]
) -> None:
    config = tmp_path / "config"
    config.write_text(text)
    path = write_crs(tmp_path / "crs.yaml", cr())
    code, out, err = run(capsys, "render", option, str(config), str(path))
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"{config}: -: {message}" for message in messages]
    code, out, _ = run(capsys, "validate", "--output", "json", option, str(config), str(path))
    assert (code, json.loads(out)["results"]) == (
        1,
        [
            {
                "file": str(config),
                "test": None,
                "namespace": None,
                "status": "invalid",
                "errors": messages,
                "warnings": [],
            }
        ],
    )


def test_a_missing_configuration_file_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "values.yaml"
    code, _, err = run(capsys, "validate", "--operator-values", str(missing), str(write_crs(tmp_path / "a.yaml", cr())))
    assert (code, err) == (1, f"{missing}: -: cannot read: No such file or directory\n")


def test_values_and_env_cannot_both_be_given(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "render", "--operator-values", "v.yaml", "--operator-env", "o.env", "crs.yaml")
    assert code == 2
    assert "argument --operator-env: not allowed with argument --operator-values" in err


def test_configuration_warnings_are_shown_and_do_not_fail_the_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    values = tmp_path / "values.yaml"
    values.write_text("config:\n  loadGenerationPods:\n    resource:\n      cpuLimit: 2\n")
    path = write_crs(tmp_path / "crs.yaml", cr())
    code, out, err = run(capsys, "validate", "--operator-values", str(values), str(path))
    assert (code, out) == (0, f"{path}: checkout: valid\n")
    assert err == (
        f"{values}: -: warning: config.loadGenerationPods.resource.cpuLimit has no effect: the chart takes "
        "locustPods.resources.limits.cpu (1000m) first\n"
    )
    code, out, _ = run(capsys, "validate", "--output", "json", "--operator-values", str(values), str(path))
    assert json.loads(out)["results"][0] == {
        "file": str(values),
        "test": None,
        "namespace": None,
        "status": "valid",
        "errors": [],
        "warnings": [
            "config.loadGenerationPods.resource.cpuLimit has no effect: the chart takes "
            "locustPods.resources.limits.cpu (1000m) first"
        ],
    }


TTL_LOST = (
    'locustPods.ttlSecondsAfterFinished: env var JOB_TTL_SECONDS_AFTER_FINISHED has unparseable int32 value "1e+06", '
    "ignoring it"
)
TTL_SHADOWED = (
    "config.loadGenerationJobs.ttlSecondsAfterFinished has no effect: the chart takes "
    "locustPods.ttlSecondsAfterFinished (60) first"
)


def test_strict_makes_configuration_warnings_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text("locustPods: {ttlSecondsAfterFinished: 1000000}\n")
    path = write_crs(tmp_path / "crs.yaml", cr())
    output = tmp_path / "out"
    code, out, err = run(capsys, "render", "--strict", "--operator-values", str(values), str(path), "-o", str(output))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{values}: -: warning: {TTL_LOST}",
        "constructs-locust: -: warnings are errors with --strict: nothing written",
    ]
    assert not output.exists()
    code, out, err = run(capsys, "validate", "--strict", "--operator-values", str(values), str(path))
    assert (code, out) == (1, f"{path}: checkout: valid\n")
    assert err.splitlines() == [
        f"{values}: -: warning: {TTL_LOST}",
        "constructs-locust: -: warnings are errors with --strict",
    ]


CPU_LOTS = 'invalid value for POD_CPU_REQUEST: "lots" is not a valid Kubernetes quantity'


@pytest.mark.parametrize("command", ["validate", "render"])
def test_configuration_warnings_come_with_its_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    values = tmp_path / "values.yaml"
    values.write_text("locustPods:\n  resources: {requests: {cpu: lots}}\n  ttlSecondsAfterFinished: 1000000\n")
    env = tmp_path / "operator.env"
    env.write_text("JOB_TTL_SECONDS_AFTER_FINISHED=abc\nPOD_CPU_REQUEST=lots\n")
    env_warning = (
        "warning: line 1: JOB_TTL_SECONDS_AFTER_FINISHED: env var JOB_TTL_SECONDS_AFTER_FINISHED has "
        'unparseable int32 value "abc", ignoring it'
    )
    path = write_crs(tmp_path / "crs.yaml", cr())
    summary = "warnings are errors with --strict" + (": nothing written" if command == "render" else "")
    code, out, err = run(capsys, command, "--strict", "--operator-values", str(values), str(path))
    assert (code, out) == (1, "")
    assert err.splitlines() == [  # both in one run
        f"{values}: -: locustPods.resources.requests.cpu: {CPU_LOTS}",
        f"{values}: -: warning: {TTL_LOST}",
        f"constructs-locust: -: {summary}",
    ]
    code, out, err = run(capsys, command, "--strict", "--operator-env", str(env), str(path))
    assert (code, out) == (1, "")
    assert err.splitlines() == [  # in line order
        f"{env}: -: {env_warning}",
        f"{env}: -: line 2: POD_CPU_REQUEST: {CPU_LOTS}",
        f"constructs-locust: -: {summary}",
    ]
    code, out, err = run(capsys, command, "--operator-env", str(env), str(path))
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"{env}: -: {env_warning}", f"{env}: -: line 2: POD_CPU_REQUEST: {CPU_LOTS}"]
    code, out, err = run(capsys, command, "--operator-values", str(values), str(path))
    assert (code, out) == (1, "")
    assert sorted(err.splitlines()) == sorted(
        [f"{values}: -: warning: {TTL_LOST}", f"{values}: -: locustPods.resources.requests.cpu: {CPU_LOTS}"]
    )


def test_strict_json_marks_a_configuration_with_warnings_invalid(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env = tmp_path / "operator.env"
    values = tmp_path / "values.yaml"
    values.write_text(
        "locustPods: {ttlSecondsAfterFinished: 60}\nconfig: {loadGenerationJobs: {ttlSecondsAfterFinished: 30}}\n"
    )
    path = write_crs(tmp_path / "crs.yaml", cr())
    code, out, _ = run(capsys, "validate", "--strict", "--output", "json", "--operator-values", str(values), str(path))
    report = json.loads(out)
    assert (code, report["valid"]) == (1, False)
    assert report["results"][0] == {
        "file": str(values),
        "test": None,
        "namespace": None,
        "status": "invalid",
        "errors": [f"warning: {TTL_SHADOWED}"],
        "warnings": [],
    }
    env.write_text("ENABLE_AFFINITY_CR_INJECTION=yes\n")
    code, _, err = run(capsys, "render", "--strict", "--output", "json", "--operator-env", str(env), str(path))
    assert (code, json.loads(err)["results"][0]["errors"]) == (
        1,
        [
            "warning: line 1: ENABLE_AFFINITY_CR_INJECTION: env var ENABLE_AFFINITY_CR_INJECTION has unparseable "
            'boolean value "yes", using default false'
        ],
    )


def test_the_strict_summary_names_the_program_as_it_was_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text("locustPods: {ttlSecondsAfterFinished: 1000000}\n")
    path = write_crs(tmp_path / "crs.yaml", cr())
    assert cli.main(["validate", "--strict", "--operator-values", str(values), str(path)], prog=PYTHON_M_PROG) == 1
    assert (
        capsys.readouterr().err.splitlines()[-1] == "python -m constructs_locust: -: warnings are errors with --strict"
    )


# ---------------------------------------------------------------------------------------------
# --version and one program name everywhere
# ---------------------------------------------------------------------------------------------


def python_m(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "constructs_locust", *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"constructs-locust {package_version()}\n")
    assert package_version() == "0.1.0"  # pyproject.toml's version, installed or not


@pytest.mark.parametrize("argv", [["--help"], ["render", "--help"], ["validate", "--help"], ["crd", "--help"]])
def test_every_help_text_names_the_program_as_it_was_run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.startswith("usage: constructs-locust")
    assert "python -m" not in out
    result = python_m(*argv)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m constructs_locust")
    assert "constructs-locust " not in result.stdout


def test_python_m_version() -> None:
    result = python_m("--version")
    assert (result.returncode, result.stdout) == (0, f"python -m constructs_locust {package_version()}\n")


def test_help_texts_document_the_new_options(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "render", "--help")
    for text in (
        "-n NS, --namespace NS",
        "--operator-values FILE",
        "--operator-env FILE",
        "--other-kinds {error,skip,keep}",
        "--output {text,json}",
        "DIR/_other-kinds.yaml",
        '"status"',
    ):
        assert text in out


def test_render_json_reports_output_problems_at_their_test(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("alpha", namespace="a"), cr("alpha", namespace="b"))
    output = tmp_path / "out"
    code, out, err = run(capsys, "render", "--output", "json", str(path), "-o", str(output))
    assert (code, out) == (1, "")
    report = json.loads(err)
    assert [(result["namespace"], result["status"]) for result in report["results"]] == [
        ("a", "valid"),
        ("b", "invalid"),
    ]
    assert report["results"][1]["errors"][0].startswith(f"{output / 'alpha.yaml'} would hold two tests")
    assert not output.exists()


def test_render_json_reports_an_unwritable_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    output = tmp_path / "out"

    def full_disk(*args: object, **kwargs: object) -> None:
        raise atomic_output.OutputError(output, "No space left on device")

    monkeypatch.setattr(cli, "write_files", full_disk)
    code, _, err = run(
        capsys, "render", "--output", "json", str(write_crs(tmp_path / "a.yaml", cr())), "-o", str(output)
    )
    assert code == 1
    assert json.loads(err)["results"][-1] == {
        "file": str(output),
        "test": None,
        "namespace": None,
        "status": "invalid",
        "errors": ["cannot write: No space left on device (nothing was changed)"],
        "warnings": [],
    }


KEPT_SOURCE = """\
# scripts for the checkout test
apiVersion: v1
kind: ConfigMap
metadata:
  name: checkout-tests   # used by testFiles.configMapRef
data:
  schedule: 12:30
  enabled: on
  main.py: |
    from locust import HttpUser
"""


def test_kept_documents_are_passed_through_as_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "app.yaml"
    test = yaml.safe_dump(cr(), sort_keys=False)
    path.write_text(f"{KEPT_SOURCE}---\n{test}--- {{apiVersion: v1, kind: Secret, metadata: {{name: token}}}}\n")
    code, out, err = run(capsys, "render", "--other-kinds", "keep", str(path))
    assert (code, err) == (0, "")
    _, rendered, _ = run(capsys, "render", str(write_crs(tmp_path / "test.yaml", cr())))
    # exactly as written: the first document (no ---) from the start of the file, the last from its ---
    assert out == f"---\n{KEPT_SOURCE}{rendered}--- {{apiVersion: v1, kind: Secret, metadata: {{name: token}}}}\n"


def test_kept_documents_of_a_utf16_file_are_passed_through_as_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "app.yaml"
    path.write_bytes(yaml.safe_dump(CONFIG_MAP).encode("utf-16"))
    code, out, _ = run(capsys, "render", "--other-kinds", "keep", str(path))
    assert (code, list(yaml.safe_load_all(out))) == (0, [CONFIG_MAP])


def test_kubectl_refuses_a_namespace_mismatch_before_the_server_sees_the_cr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_crs(tmp_path / "crs.yaml", cr("N" * 60, namespace="team-a", image=None))
    code, _, err = run(capsys, "validate", "-n", "perf", str(path))
    assert code == 1
    assert ': metadata.namespace: the namespace from the provided object "team-a" does not match' in err

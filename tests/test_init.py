"""``constructs-locust init DIR``: the files it writes, what it refuses, and the dependency line it pins.

The slow test that installs the library into a fresh venv and runs a new repository's own
commands is tests/test_init_repository.py.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_locust.cli import _init as init_module
from constructs_locust.cli import main
from constructs_locust.cli._init_pin import Pin, installed_pin, pin_from_direct_url
from tests.support import ROOT

FILES = {
    ".gitignore",
    ".github/workflows/load-tests.yml",
    "README.md",
    "cdk8s.yaml",
    "locust/lib/pages.py",
    "locust/locustfile.py",
    "main.py",
    "pyproject.toml",
    "requirements.txt",
    "tests/test_main.py",
}


def tree(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(directory).parts
    }


def init(directory: Path, *args: str) -> int:
    return main(["init", str(directory), *args])


def test_init_writes_a_repository_into_a_new_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "Checkout Tests"
    assert init(target) == 0
    assert set(tree(target)) == FILES
    out = capsys.readouterr().out
    assert out.startswith(f"{target}: wrote 10 files; next: cd {target} && python -m pip install -r requirements.txt")
    main_py = (target / "main.py").read_text()
    assert 'NAME = "checkout-tests"' in main_py  # from the folder's name
    assert 'NAMESPACE = "load-tests"' in main_py
    assert "PodOptions" not in main_py and "OtelCollector" not in main_py and "rerun_on_change" not in main_py
    assert os.access(target / "main.py", os.X_OK)
    for name, text in tree(target).items():
        if name.endswith(".py"):
            ast.parse(text, filename=name)  # every Python file is Python
        if name.endswith((".yml", ".yaml")):
            assert list(yaml.safe_load_all(text)), name
    assert yaml.safe_load((target / "cdk8s.yaml").read_text()) == {
        "language": "python",
        "app": "python main.py",
        "output": "dist",
    }
    assert (target / ".gitignore").read_text().splitlines()[-1] == "dist/"


def test_the_pyproject_configures_pytest_to_import_main(tmp_path: Path) -> None:
    import tomllib

    assert init(tmp_path / "repo") == 0
    pyproject = tomllib.loads((tmp_path / "repo" / "pyproject.toml").read_text())
    assert pyproject["tool"]["pytest"]["ini_options"] == {"pythonpath": ["."], "testpaths": ["tests"]}
    assert pyproject["project"]["name"] == "repo-load-tests"


@pytest.mark.parametrize(
    ("args", "present", "absent"),
    [
        (["--cloud", "gke"], ["PodOptions.gke_on_demand()", "PodOptions.gke_spot()"], ["OtelCollector"]),
        (["--cloud", "eks"], ["master_pod=PodOptions.eks_on_demand()", "worker_pod=PodOptions.eks_spot()"], []),
        (["--cloud", "karpenter"], ["PodOptions.karpenter_on_demand()", "PodOptions.karpenter_spot()"], []),
        (["--cloud", "aks"], ["PodOptions.aks_on_demand()", "PodOptions.aks_spot()"], []),
        (["--otel"], ["OtelCollector(chart", "OtelOptions(endpoint=collector.endpoint()", "locust-otel:"], []),
        (["--gitops", "argocd"], ["rerun_on_change=True", "argo_cd_waves().apply(test, files)"], []),
        (["--gitops", "flux"], ["rerun_on_change=True"], ["argo_cd_waves"]),
        (["--name", "shop", "--namespace", "perf"], ['NAME = "shop"', 'NAMESPACE = "perf"'], []),
    ],
)
def test_each_choice_shows_in_main_py(tmp_path: Path, args: list[str], present: list[str], absent: list[str]) -> None:
    assert init(tmp_path / "repo", *args) == 0
    main_py = (tmp_path / "repo" / "main.py").read_text()
    for text in present:
        assert text in main_py
    for text in absent:
        assert text not in main_py


def test_argocd_writes_an_application_that_applies_dist(tmp_path: Path) -> None:
    url = "https://git.example.org/team/load.git"
    assert init(tmp_path / "repo", "--gitops", "argocd", "--name", "shop", "--repo-url", url) == 0
    (application,) = yaml.safe_load_all((tmp_path / "repo" / "gitops" / "argocd-application.yaml").read_text())
    assert application["kind"] == "Application"
    assert application["spec"]["source"] == {"repoURL": url, "targetRevision": "HEAD", "path": "dist"}
    assert application["spec"]["destination"]["namespace"] == "load-tests"
    assert application["spec"]["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}
    assert "dist/" not in (tmp_path / "repo" / ".gitignore").read_text()  # dist/ is committed
    ci = yaml.safe_load((tmp_path / "repo" / ".github" / "workflows" / "load-tests.yml").read_text())
    steps = [step.get("name") for step in ci["jobs"]["synthesize-validate-test"]["steps"]]
    assert "dist/ is committed as main.py synthesizes it" in steps


def test_flux_writes_a_source_and_a_kustomization_of_dist(tmp_path: Path) -> None:
    assert init(tmp_path / "repo", "--gitops", "flux", "--name", "shop") == 0
    source, kustomization = yaml.safe_load_all((tmp_path / "repo" / "gitops" / "flux.yaml").read_text())
    assert source["kind"] == "GitRepository" and source["spec"]["url"] == init_module.REPO_URL_PLACEHOLDER
    assert kustomization["kind"] == "Kustomization"
    assert kustomization["spec"]["path"] == "./dist"
    assert kustomization["spec"]["prune"] is True
    assert kustomization["spec"]["sourceRef"] == {"kind": "GitRepository", "name": "shop-load-tests"}


def test_a_non_empty_directory_is_refused_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    assert init(tmp_path) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{tmp_path}: -: not empty (1 entries, e.g. 'notes.txt'): init writes into an empty")
    assert "Traceback" not in err
    assert tree(tmp_path) == {"notes.txt": b"mine\n"}


def test_a_git_folder_alone_does_not_make_the_directory_non_empty(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert init(tmp_path) == 0
    assert set(tree(tmp_path)) == FILES
    assert (tmp_path / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"


def test_force_writes_only_the_missing_files_and_keeps_identical_ones(tmp_path: Path) -> None:
    assert init(tmp_path / "first", "--name", "shop") == 0
    expected = tree(tmp_path / "first")
    target = tmp_path / "second"
    (target / "locust").mkdir(parents=True)
    (target / "locust" / "locustfile.py").write_bytes(expected["locust/locustfile.py"])  # as init writes it
    (target / "notes.txt").write_text("mine\n")
    before = (target / "locust" / "locustfile.py").stat().st_mtime_ns
    assert init(target, "--name", "shop", "--force") == 0
    assert tree(target) == {**expected, "notes.txt": b"mine\n"}
    assert (target / "locust" / "locustfile.py").stat().st_mtime_ns == before  # not written again


def test_force_never_overwrites_a_foreign_file_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "main.py").write_text("print('mine')\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_main.py").write_text("def test_mine(): pass\n")
    (tmp_path / "cdk8s.yaml").mkdir()  # a folder where init writes a file
    (tmp_path / "locust").write_text("a file where init makes a folder\n")
    before = tree(tmp_path)
    assert init(tmp_path, "--force") == 1
    err = capsys.readouterr().err.splitlines()
    assert sorted(err) == sorted(
        [
            f"{tmp_path / 'main.py'}: -: exists with other content: init never replaces a file (nothing was written)",
            f"{tmp_path / 'tests' / 'test_main.py'}: -: exists with other content: init never replaces a file "
            "(nothing was written)",
            f"{tmp_path / 'cdk8s.yaml'}: -: exists and is not a regular file (nothing was written)",
            f"{tmp_path / 'locust'}: -: is in the way of locust/locustfile.py: not a directory (nothing was written)",
            f"{tmp_path / 'locust'}: -: is in the way of locust/lib/pages.py: not a directory (nothing was written)",
        ]
    )
    assert tree(tmp_path) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cdk8s.yaml", "locust", "main.py", "tests"]


def test_a_symbolic_link_is_never_written_through(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n")
    target = tmp_path / "repo"
    target.mkdir()
    (target / "README.md").symlink_to(outside)
    assert init(target, "--force") == 1
    assert "README.md: -: exists and is not a regular file" in capsys.readouterr().err
    assert outside.read_text() == "keep\n"
    assert [path.name for path in target.iterdir()] == ["README.md"]


def test_a_file_as_dir_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "repo").write_text("")
    assert init(tmp_path / "repo") == 1
    assert capsys.readouterr().err == f"{tmp_path / 'repo'}: -: exists and is not a directory (nothing was written)\n"


def test_a_failure_while_writing_removes_everything_the_run_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_open = open

    def failing_open(file: Any, mode: str = "r", **kwargs: Any) -> Any:
        if str(file).endswith("test_main.py"):
            raise OSError(28, "No space left on device", str(file))
        return real_open(file, mode, **kwargs)

    monkeypatch.setattr(init_module, "open", failing_open, raising=False)
    target = tmp_path / "new" / "repo"
    assert init(target) == 1
    assert capsys.readouterr().err == (
        f"{target / 'tests' / 'test_main.py'}: -: cannot write: No space left on device (nothing was written)\n"
    )
    assert list(tmp_path.iterdir()) == []  # the folders it made are gone too


def test_an_interrupt_while_writing_removes_what_was_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = open

    def interrupted_open(file: Any, mode: str = "r", **kwargs: Any) -> Any:
        if str(file).endswith("pages.py"):
            raise KeyboardInterrupt
        return real_open(file, mode, **kwargs)

    monkeypatch.setattr(init_module, "open", interrupted_open, raising=False)
    (tmp_path / "keep.txt").write_text("mine\n")
    assert init(tmp_path, "--force") == 130
    assert tree(tmp_path) == {"keep.txt": b"mine\n"}
    assert [path.name for path in tmp_path.iterdir()] == ["keep.txt"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "Shop"], 'error: --name: Invalid value: "Shop"'),
        (["--namespace", "Perf_1"], 'error: --namespace: Invalid value: "Perf_1"'),
        (["--gitops", "argocd", "--name", "a" * 48], "error: --name: Too long: may have at most 47 characters"),
        (["--cloud", "gcp"], "error: argument --cloud: invalid choice: 'gcp'"),
        (["--repo-url", "https://git.example.org/x.git"], "error: --repo-url: Forbidden: only the --gitops manifests"),
    ],
)
def test_bad_options_are_usage_errors(
    tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert init(tmp_path / "repo", *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: constructs-locust init [-h]")
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "repo").exists()


def test_the_requirements_pin_this_checkout_when_it_runs_from_source(tmp_path: Path) -> None:
    """Tests run the checkout on sys.path, not installed: the pin is the checkout's directory."""
    assert installed_pin() == Pin(f"constructs-locust[testing] @ {ROOT.as_uri()}", "checkout", local=True)
    assert init(tmp_path / "repo") == 0
    lines = (tmp_path / "repo" / "requirements.txt").read_text().splitlines()
    assert f"constructs-locust[testing] @ {ROOT.as_uri()}" in lines
    assert "# Only this machine can install it: for CI, pin a released version or a git commit instead." in lines
    assert not any(line.startswith("constructs-locust") and "==" in line for line in lines)
    import importlib.metadata

    assert f"pytest=={importlib.metadata.version('pytest')}" in lines
    assert f"kubernetes-validate=={importlib.metadata.version('kubernetes-validate')}" in lines
    assert "pin a released version" in (tmp_path / "repo" / "README.md").read_text()


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (None, Pin("constructs-locust[testing]==1.2.3", "index", local=False)),
        (
            {"url": "file:///src/constructs-locust", "dir_info": {}},
            Pin("constructs-locust[testing] @ file:///src/constructs-locust", "path", local=True),
        ),
        (
            {"url": "file:///src/my%20checkout", "dir_info": {"editable": True}},
            Pin("-e /src/my checkout[testing]", "editable", local=True),
        ),
        (
            {"url": "https://github.com/o/r.git", "vcs_info": {"vcs": "git", "commit_id": "a" * 40}},
            Pin(f"constructs-locust[testing] @ git+https://github.com/o/r.git@{'a' * 40}", "vcs", local=False),
        ),
        (
            {"url": "https://h/o/r.git", "vcs_info": {"vcs": "git", "commit_id": "b" * 40}, "subdirectory": "lib"},
            Pin(f"constructs-locust[testing] @ git+https://h/o/r.git@{'b' * 40}#subdirectory=lib", "vcs", local=False),
        ),
        (
            {"url": "file:///w/constructs_locust-1.2.3-py3-none-any.whl", "archive_info": {}},
            Pin("constructs-locust[testing] @ file:///w/constructs_locust-1.2.3-py3-none-any.whl", "archive", True),
        ),
    ],
)
def test_the_pin_follows_where_the_package_came_from(direct_url: Any, expected: Pin) -> None:
    assert pin_from_direct_url("1.2.3", direct_url) == expected


def test_init_never_imports_cdk8s(tmp_path: Path) -> None:
    code = (
        "import sys; from constructs_locust.cli import main; "
        f"status = main(['init', {str(tmp_path / 'repo')!r}]); "
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in ('cdk8s', 'jsii', 'constructs')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.splitlines()[-1] == "0 []"


class FakeDistribution:
    """Metadata of constructs-locust as importlib.metadata finds it: where it is and which files it has."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files
        self.version = "0.1.0"

    def locate_file(self, path: str) -> Path:
        return ROOT / path

    def read_text(self, name: str) -> str | None:
        return self.files.get(name)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, Pin(f"constructs-locust[testing] @ {ROOT.as_uri()}", "checkout", local=True)),  # a build's egg-info
        ({"INSTALLER": "pip\n"}, Pin("constructs-locust[testing]==0.1.0", "index", local=False)),
        (
            {"INSTALLER": "pip\n", "direct_url.json": '{"url": "file:///src/cl", "dir_info": {}}'},
            Pin("constructs-locust[testing] @ file:///src/cl", "path", local=True),
        ),
    ],
)
def test_only_metadata_an_installer_wrote_counts_as_installed(
    files: dict[str, str], expected: Pin, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: FakeDistribution(files))
    assert installed_pin() == expected


def test_the_cli_reference_shows_inits_real_help(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_docs_cli_reference import PROG, fenced, help_output, sections

    monkeypatch.setenv("COLUMNS", "100")  # the width the reference is generated at
    init_section = sections()[f"{PROG} init"]
    assert fenced(init_section) == help_output(["init"], capsys)
    rows = "\n".join(init_section)
    assert "| `--cloud` | one of `gke`, `eks`, `karpenter`, `aks` |" in rows
    assert "| `--namespace` | `NS` | `load-tests` |" in rows

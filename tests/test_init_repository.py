"""A repository written by ``constructs-locust init`` works as its README says, offline, in a fresh venv.

One venv for the module: this checkout is installed into it from its path (``pip install
--no-deps --no-build-isolation --no-index CHECKOUT``; the dependencies come from the test
environment through a ``.pth`` file, as in tests/test_package.py, so nothing touches the
network). For a covering set of choices (each ``--cloud`` and none, each ``--gitops`` and none,
with and without ``--otel``), the installed ``constructs-locust`` writes a repository, and the
commands of its README's "Synthesize and test" block run there as written: they pass; ``dist/``
passes ``kubernetes-validate --strict`` for 1.29, 1.31 and 1.33 and every pod meets the Pod
Security level "restricted" that the chart's Namespace enforces. One repository also runs its
CI workflow's steps, and ``cdk8s synth`` (through its ``cdk8s.yaml``) with the pinned cdk8s CLI.
"""

import os
import re
import shutil
import subprocess
import sysconfig
import venv
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.pss_restricted import restricted_violations
from tests.support import ROOT
from tests.test_schema import KUBERNETES_VERSIONS

COMBINATIONS = {
    "gke-argocd-otel": ["--cloud", "gke", "--gitops", "argocd", "--otel"],
    "eks-flux": ["--cloud", "eks", "--gitops", "flux", "--name", "shop", "--namespace", "perf"],
    "aks-otel": ["--cloud", "aks", "--otel"],
    "karpenter": ["--cloud", "karpenter"],
    "plain": [],
}
FULL = "gke-argocd-otel"
"""The repository that also runs its CI workflow's steps (its install step is the README's pip line) and
``cdk8s synth``."""

SPOT_SELECTORS = {
    "gke": {"cloud.google.com/gke-spot": "true"},
    "eks": {"eks.amazonaws.com/capacityType": "SPOT"},
    "aks": {"kubernetes.azure.com/scalesetpriority": "spot"},
    "karpenter": {"karpenter.sh/capacity-type": "spot"},
}
PIN = f"constructs-locust[testing] @ {ROOT.as_uri()}"


class Venv:
    """The fresh venv with this checkout installed, and how to run commands in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin = root / "bin"
        self.env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
        tools = Path(sysconfig.get_paths()["scripts"])  # kubernetes-validate's script (the test environment's)
        self.env["PATH"] = os.pathsep.join([str(self.bin), str(tools), os.environ.get("PATH", "")])
        self.env["VIRTUAL_ENV"] = str(root)
        self.env["PIP_NO_INDEX"] = "1"  # the README's pip line, offline: everything is already here
        self.env["PIP_NO_BUILD_ISOLATION"] = "0"  # (pip's spelling of --no-build-isolation)

    def run(self, command: str, cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["bash", "-e", "-c", command], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=600
        )
        if check:
            assert result.returncode == 0, f"{command!r} failed in {cwd}:\n{result.stdout}\n{result.stderr}"
        return result


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    root = tmp_path_factory.mktemp("init") / "venv"
    venv.create(root, with_pip=False)
    site = subprocess.run(
        [str(root / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    environment = Venv(root)
    environment.run(f"python -m pip install -q --no-deps --no-build-isolation --no-index {ROOT}", cwd=root.parent)
    return environment


def readme_commands(readme: str) -> list[str]:
    """The commands of the README's "Synthesize and test" block, one a line."""
    section = readme.split("## Synthesize and test", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def workflow_steps(repository: Path) -> list[dict[str, Any]]:
    workflow = yaml.safe_load((repository / ".github" / "workflows" / "load-tests.yml").read_text())
    steps: list[dict[str, Any]] = workflow["jobs"]["synthesize-validate-test"]["steps"]
    return steps


def check_dist(repository: Path, cloud: str | None, *, otel: bool, gitops: bool) -> list[dict[str, Any]]:
    (output,) = (repository / "dist").glob("*.yaml")
    manifests = [manifest for manifest in yaml.safe_load_all(output.read_text()) if manifest]
    for version in KUBERNETES_VERSIONS:
        for manifest in manifests:
            kubernetes_validate.validate(manifest, version, strict=True)
    kinds = [manifest["kind"] for manifest in manifests]
    assert kinds.count("Job") == 2 and kinds.count("Namespace") == 1
    assert ("Deployment" in kinds) == otel
    namespace = next(manifest for manifest in manifests if manifest["kind"] == "Namespace")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    templates = [manifest["spec"]["template"] for manifest in manifests if manifest["kind"] in ("Job", "Deployment")]
    assert [restricted_violations(template) for template in templates] == [[]] * len(templates)
    master, worker = (manifest for manifest in manifests if manifest["kind"] == "Job")
    assert "--run-time=5m" in master["spec"]["template"]["spec"]["containers"][0]["args"]
    assert bool(re.search(r"-master-[0-9a-f]{8}$", master["metadata"]["name"])) == gitops
    selector = worker["spec"]["template"]["spec"].get("nodeSelector")
    assert selector == (SPOT_SELECTORS[cloud] if cloud else None)
    return manifests


@pytest.mark.parametrize("combination", list(COMBINATIONS))
def test_a_new_repository_synthesizes_validates_and_tests_as_its_readme_says(
    combination: str, fresh_venv: Venv, tmp_path: Path
) -> None:
    args = COMBINATIONS[combination]
    repository = tmp_path / combination
    program = "constructs-locust" if combination != "plain" else "python -m constructs_locust"
    fresh_venv.run(f"{program} init {repository} {' '.join(args)}", cwd=tmp_path)

    requirements = (repository / "requirements.txt").read_text().splitlines()
    assert PIN in requirements  # the path this checkout was installed from, not an unpublished version
    assert "# constructs-locust as it ran `constructs-locust init`: the local directory it was installed from." in (
        requirements
    )
    imported = fresh_venv.run("python -c 'import constructs_locust; print(constructs_locust.__file__)'", repository)
    assert Path(imported.stdout.strip()).is_relative_to(fresh_venv.root)

    commands = readme_commands((repository / "README.md").read_text())
    assert commands == [
        "python -m pip install -r requirements.txt",
        "python main.py",
        "python -m pytest --snapshot-update",
        "python -m pytest",
    ]
    ci_commands = [step["run"] for step in workflow_steps(repository) if "run" in step]
    for command in commands:
        if command.startswith("python -m pip"):
            # the same requirements in the same venv: installed once, by the FULL repository's CI step
            assert command in ci_commands
        elif combination == FULL and command == "python -m pytest":
            assert command in ci_commands  # its CI workflow runs it below, after the snapshot is committed
        else:
            fresh_venv.run(command, repository)
    assert (repository / "tests" / "__snapshots__" / "test_main" / "test_the_chart_matches_its_snapshot.yaml").exists()

    if combination == FULL:
        run_the_ci_workflow(fresh_venv, repository)
    cloud = args[args.index("--cloud") + 1] if "--cloud" in args else None
    check_dist(repository, cloud, otel="--otel" in args, gitops="--gitops" in args)
    if combination == FULL:
        synthesize_with_the_cdk8s_cli(fresh_venv, repository)


def run_the_ci_workflow(environment: Venv, repository: Path) -> None:
    """The workflow's ``run`` steps pass on the committed repository; its dist/ check catches a stale dist/."""
    git = "git -c user.name=test -c user.email=test@example.com"
    environment.run(f"git init -q && git add -A && {git} commit -q -m init", repository)
    steps = [step for step in workflow_steps(repository) if "run" in step]
    assert [step["name"] for step in steps] == [
        "Install",
        "Synthesize",
        "dist/ is committed as main.py synthesizes it",
        "Validate against the Kubernetes schemas",
        "Snapshot test",
    ]
    for step in steps:
        environment.run(step["run"], repository)
    (output,) = (repository / "dist").glob("*.yaml")
    output.write_text(output.read_text() + "# edited\n")
    stale = environment.run(steps[2]["run"], repository, check=False)
    assert stale.returncode == 1
    assert "dist/ differs from what main.py synthesizes" in stale.stderr
    environment.run("git checkout -q -- dist/", repository)


def synthesize_with_the_cdk8s_cli(environment: Venv, repository: Path) -> None:
    """``cdk8s synth`` reads cdk8s.yaml and writes what ``python main.py`` writes."""
    cdk8s_cli = ROOT / "node_modules" / ".bin" / "cdk8s"
    if not cdk8s_cli.exists():
        pytest.fail("node_modules/.bin/cdk8s is missing: run `npm ci --no-audit --no-fund` at the repository root")
    (output,) = (repository / "dist").glob("*.yaml")
    expected = output.read_text()
    shutil.rmtree(repository / "dist")
    environment.run(f"{cdk8s_cli} synth --no-check-upgrade", repository)
    assert (repository / "dist" / output.name).read_text() == expected

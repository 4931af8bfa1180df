"""The documented CI job (docs/how-to/ci-job.md), run as its steps' commands on a team's repository."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from test_cli import synthesized

from constructs_locust import OperatorDefaults

REPO = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = (
    "locust_v2_locusttest_with_env.yaml",
    "locust_v2_locusttest_with_volumes.yaml",
    "locusttest_v2_production.yaml",
)
SCRIPTS = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "locust-scripts"}, "data": {"a.py": "pass"}}


CI_JOB_PAGE = REPO / "docs" / "how-to" / "ci-job.md"


def ci_job() -> dict[str, Any]:
    """The workflow of the how-to guide 'Check and render CRs in CI'."""
    page = CI_JOB_PAGE.read_text()
    block = re.search(r"```yaml\n(.*?)```", page, re.DOTALL)
    assert block is not None
    workflow: dict[str, Any] = yaml.safe_load(block.group(1))
    return workflow


def run_steps() -> list[dict[str, Any]]:
    """The job's own steps: every ``run`` step but the installation (the package is here already)."""
    steps = ci_job()["jobs"]["render"]["steps"]
    return [step for step in steps if "run" in step and not step["run"].startswith("pip install")]


def commands() -> list[str]:
    return [step["run"] for step in run_steps()]


def team_cr(sample: str) -> dict[str, Any]:
    """An operator sample as a team keeps it: with a run time (the samples run until stopped)."""
    document: dict[str, Any] = yaml.safe_load((FIXTURES / "crs" / sample).read_text())
    master = document["spec"]["master"]
    master["extraArgs"] = [*master.get("extraArgs", []), "--run-time", "30m"]
    return document


def team_repository(root: Path, *, broken: bool = False) -> None:
    """A repository as the job expects it: load-tests/ (templated CRs, no namespace) and deploy/."""
    tests = root / "load-tests"
    (tests / "search").mkdir(parents=True)
    for index, sample in enumerate(SAMPLES):
        document = team_cr(sample)
        del document["metadata"]["namespace"]
        if broken and index == 1:
            del document["spec"]["image"]
        folder = tests / "search" if index == 2 else tests
        (folder / sample).write_text(yaml.safe_dump(document, sort_keys=False))
    (tests / "scripts.yaml").write_text(yaml.safe_dump(SCRIPTS))
    (root / "deploy").mkdir()
    shutil.copy(FIXTURES / "operator" / "team-values.yaml", root / "deploy" / "locust-operator-values.yaml")


def run_job(root: Path) -> list[subprocess.CompletedProcess[str]]:
    """Each step in bash, as the runner does (after a failure only ``if: always()`` steps), console script on PATH."""
    bin_dir = root / ".bin"
    bin_dir.mkdir()
    script = bin_dir / "constructs-locust"
    entry = "from constructs_locust.cli._main import main; raise SystemExit(main())"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "{entry}" "$@"\n')
    script.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(REPO)}
    results: list[subprocess.CompletedProcess[str]] = []
    for step in run_steps():
        if any(result.returncode for result in results) and step.get("if") != "always()":
            continue
        result = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        results.append(result)
    return results


def test_the_docs_have_a_ci_job_with_validate_and_render() -> None:
    assert [command.split()[:2] for command in commands()] == [
        ["constructs-locust", "validate"],
        ["cat", "validation.json"],
        ["constructs-locust", "render"],
    ]


def test_the_ci_job_validates_and_renders_with_the_teams_operator_values(tmp_path: Path) -> None:
    team_repository(tmp_path)
    results = run_job(tmp_path)
    assert [(result.returncode, result.stderr) for result in results] == [(0, "")] * 3
    report = json.loads((tmp_path / "validation.json").read_text())
    assert report["valid"] is True
    assert [(result["test"], result["namespace"], result["status"]) for result in report["results"]] == [
        ("load-test-with-env", "perf", "valid"),
        ("load-test-with-volumes", "perf", "valid"),
        ("locust-scripts", None, "skipped"),
        ("production-load-test", "perf", "valid"),
    ]
    rendered = tmp_path / "rendered"
    assert sorted(os.listdir(rendered)) == [
        "_other-kinds.yaml",
        "load-test-with-env.yaml",
        "load-test-with-volumes.yaml",
        "production-load-test.yaml",
    ]
    values = yaml.safe_load((tmp_path / "deploy" / "locust-operator-values.yaml").read_text())
    defaults = OperatorDefaults.from_helm_values(values)
    for sample in SAMPLES:
        cr = team_cr(sample)
        cr["metadata"]["namespace"] = "perf"
        objects = list(yaml.safe_load_all((rendered / f"{cr['metadata']['name']}.yaml").read_text()))
        assert objects == synthesized([cr], defaults=defaults)
        assert objects[1]["spec"]["ttlSecondsAfterFinished"] == 3600  # the team's (deprecated) TTL key
    assert list(yaml.safe_load_all((rendered / "_other-kinds.yaml").read_text())) == [SCRIPTS]


def test_the_ci_job_fails_on_an_invalid_test_and_the_report_says_why(tmp_path: Path) -> None:
    team_repository(tmp_path, broken=True)
    results = run_job(tmp_path)
    assert [result.returncode for result in results] == [1, 0]  # validate fails; the report is shown
    report = json.loads(results[1].stdout)
    assert report["valid"] is False
    assert [result["errors"] for result in report["results"] if result["status"] == "invalid"] == [
        ["spec.image: Required value"]
    ]
    assert not (tmp_path / "rendered").exists()

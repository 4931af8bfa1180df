"""The tutorial, followed step by step in a fresh folder: its output is schema-valid.

Its files are written from the page's ``file`` blocks, its ``sh`` blocks are run in order with
bash (the install step, marked skip, is stood in for by this checkout on PYTHONPATH and the
test environment's ``kubernetes-validate``), without the jsii variable.
"""

import os
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.docs_blocks import DOCS, Block, blocks, page_files
from tests.support import ROOT

TUTORIAL = DOCS / "tutorials" / "first-load-test.md"
KUBERNETES_VERSIONS = ("1.29.0", "1.31.0", "1.33.0")


def shell_steps() -> list[Block]:
    return [block for block in blocks(TUTORIAL) if block.lang == "sh" and block.kind == "run"]


def follow(folder: Path) -> list[subprocess.CompletedProcess[str]]:
    for name, text in page_files(TUTORIAL).items():
        (folder / name).write_text(text)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", None)
    return [
        subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", step.body],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        for step in shell_steps()
    ]


def test_the_tutorial_installs_writes_two_files_and_runs_three_steps() -> None:
    assert [block.kind for block in blocks(TUTORIAL) if block.kind.startswith("skip")]  # the install step
    assert sorted(page_files(TUTORIAL)) == ["app.py", "locustfile.py"]
    assert [step.body.split()[0] for step in shell_steps()] == ["python", "grep", "kubernetes-validate"]


@pytest.fixture(scope="module")
def followed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[subprocess.CompletedProcess[str]]]:
    folder = tmp_path_factory.mktemp("checkout-load")
    return folder, follow(folder)


def test_every_step_succeeds_quietly(followed: tuple[Path, list[subprocess.CompletedProcess[str]]]) -> None:
    _, results = followed
    assert [(result.returncode, result.stderr) for result in results] == [(0, "")] * len(results)
    synth, args, validation = results
    assert synth.stdout.split() == ["checkout.k8s.yaml"]  # ls dist/
    assert "- --run-time" in args.stdout
    assert validation.stdout.count(" passed for resource ") == 4


def test_the_output_is_the_test_the_tutorial_describes_and_schema_valid(
    followed: tuple[Path, list[subprocess.CompletedProcess[str]]],
) -> None:
    folder, _ = followed
    objects = list(yaml.safe_load_all((folder / "dist" / "checkout.k8s.yaml").read_text()))
    assert [(item["kind"], item["metadata"]["name"]) for item in objects[1:]] == [
        ("Service", "checkout-master"),
        ("Job", "checkout-master"),
        ("Job", "checkout-worker"),
    ]
    config_map, _, master, worker = objects
    assert config_map["kind"] == "ConfigMap"
    assert config_map["data"]["locustfile.py"] == (folder / "locustfile.py").read_text()
    args = master["spec"]["template"]["spec"]["containers"][0]["args"]
    assert args[-6:] == ["--users", "50", "--spawn-rate", "5", "--run-time", "5m"]  # a real, bounded run
    assert "--autoquit" in args
    assert worker["spec"]["parallelism"] == 4
    for version in KUBERNETES_VERSIONS:
        for item in objects:
            kubernetes_validate.validate(item, version, strict=True)

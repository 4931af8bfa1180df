"""Commands that do not synthesize never import cdk8s, jsii or constructs; ``--help`` loads only the parser.

Each command runs in a fresh interpreter (``python -m constructs_locust ...``) that records,
at exit, every module it imported. This is an import assertion, not a timing one: how fast the
command line starts is printed by ``benchmarks/run.py``.
"""

from pathlib import Path

import pytest

from tests.support import CR_FIXTURES, modules_after

CR = str(CR_FIXTURES / "locust_v2_locusttest_with_env.yaml")
SYNTHESIZING = ("cdk8s", "jsii", "constructs")
"""Top-level packages that only synthesizing (the constructs) may import."""


@pytest.mark.parametrize(
    "arguments",
    [
        ["--help"],
        ["render", "--help"],
        ["validate", CR],
        ["validate", str(CR_FIXTURES)],
        ["render", CR],
        ["render", CR, "-o", "out"],
        ["render", CR, "--output", "json"],
        ["validate", "no-such-file.yaml"],
        ["render", "--no-such-option"],
        ["init", "repo"],
        ["init", "repo", "--cloud", "gke", "--gitops", "argocd", "--otel"],
        ["verdict", "no-such-log.txt"],
        ["verdict", "--help"],
        ["dashboard"],
        ["dashboard", "-o", "dashboard.json"],
    ],
    ids=" ".join,
)
def test_a_command_that_does_not_synthesize_imports_no_cdk8s(arguments: list[str], tmp_path: Path) -> None:
    status, modules = modules_after(arguments, tmp_path)
    assert "constructs_locust.cli._launch" in modules  # the command line ran
    loaded = sorted(name for name in modules if name.split(".")[0] in SYNTHESIZING)
    assert loaded == [], f"{arguments} exited {status} having imported {loaded}"


def test_help_imports_the_parser_only(tmp_path: Path) -> None:
    status, modules = modules_after(["--help"], tmp_path)
    assert status == 0
    ours = sorted(name for name in modules if name.startswith("constructs_locust."))
    heavy = [name for name in ours if name.split(".")[1] in ("spec", "manifests", "operator", "otel", "kube")]
    assert heavy == [], heavy
    assert "yaml" not in modules
    assert "attr" not in modules


def test_rendering_still_works_after_the_lazy_start(tmp_path: Path) -> None:
    status, modules = modules_after(["render", CR, "-o", "out"], tmp_path)
    assert status == 0
    assert "constructs_locust.manifests._render" in modules
    (written,) = (tmp_path / "out").glob("*.yaml")
    assert written.read_text(encoding="utf-8").count("\nkind: Job\n") == 2

"""The project files of a new load-test repository: metadata, README, CI workflow, GitOps manifests.

Each function returns one file's text for the choices in :class:`~._init_options.InitOptions`.
The README's "Synthesize and test" block holds the commands the repository is checked with,
one a line; the CI workflow runs the same ones.
"""

from ._init_code import LIB_MODULE, SNAPSHOT_TEST
from ._init_options import InitOptions

__all__ = [
    "KUBERNETES_VERSIONS",
    "README_COMMANDS_HEADING",
    "cdk8s_yaml",
    "gitignore",
    "gitops_file",
    "pyproject_toml",
    "readme",
    "requirements_txt",
    "workflow",
]

KUBERNETES_VERSIONS = ("1.29.0", "1.31.0", "1.33.0")
"""The Kubernetes versions whose schemas the CI workflow validates ``dist/`` against."""

README_COMMANDS_HEADING = "## Synthesize and test"

GITOPS_FILES = {"argocd": "gitops/argocd-application.yaml", "flux": "gitops/flux.yaml"}


def cdk8s_yaml(options: InitOptions) -> str:
    """``cdk8s.yaml``: what ``cdk8s synth`` runs (``main.py``) and where the output goes."""
    return "language: python\napp: python main.py\noutput: dist\n"


def gitignore(options: InitOptions) -> str:
    """``.gitignore``: caches and virtual environments; ``dist/`` too unless a GitOps tool reads it from Git."""
    lines = ["__pycache__/", ".venv/", ".pytest_cache/"]
    if options.gitops is None:
        lines.append("dist/")
    return "\n".join(lines) + "\n"


def pyproject_toml(options: InitOptions) -> str:
    """``pyproject.toml``: the project's metadata and pytest's settings (``main`` importable from tests/)."""
    return f'''[project]
name = "{options.name}-load-tests"
version = "0.1.0"
description = "Load tests for Kubernetes, synthesized with constructs-locust"
requires-python = ">={options.python}"
# The dependencies are pinned in requirements.txt: python -m pip install -r requirements.txt

[tool.pytest.ini_options]
pythonpath = ["."]
testpaths = ["tests"]
'''


def requirements_txt(options: InitOptions) -> str:
    """``requirements.txt``: constructs-locust pinned to what ran ``init``, and the tools the commands run."""
    where = {
        "index": "the version installed from a package index",
        "vcs": "the commit it was installed from",
        "path": "the local directory it was installed from",
        "editable": "the local directory it was installed from (editable)",
        "archive": "the archive it was installed from",
        "checkout": "the source checkout it ran from (not installed)",
    }[options.pin.kind]
    lines = [f"# constructs-locust as it ran `constructs-locust init`: {where}."]
    if options.pin.local:
        lines.append("# Only this machine can install it: for CI, pin a released version or a git commit instead.")
    lines.append(options.pin.line)
    lines.append("# The tools the README's commands and the CI workflow run:")
    lines.extend(options.tools)
    return "\n".join(lines) + "\n"


def readme(options: InitOptions) -> str:
    """``README.md``: what is where, the commands that synthesize and test, how to run it."""
    run = _run_section(options)
    local = (
        "\n`requirements.txt` pins constructs-locust to a local directory, which only this machine has: "
        "pin a released version (`constructs-locust[testing]==VERSION`) or a commit "
        "(`constructs-locust[testing] @ git+https://...@SHA`) before CI can install it.\n"
        if options.pin.local
        else ""
    )
    return f"""# {options.name}: load tests

A distributed [Locust](https://locust.io) test for Kubernetes, written in Python with
constructs-locust and synthesized to plain YAML in `dist/`: what the Locust k8s
operator would create for a `LocustTest`, without the operator.

- `main.py`: the app (the Namespace, the test{", the OpenTelemetry collector" if options.otel else ""}); change
  `HOST`, `USERS`, `RUN_TIME` and `WORKERS` there.
- `locust/locustfile.py` and `locust/lib/{LIB_MODULE}.py`: the load test, mounted into the pods from ConfigMaps.
- `tests/test_main.py`: the synthesized chart against its snapshot in `tests/__snapshots__/`.
- `.github/workflows/load-tests.yml`: CI synthesizes, validates `dist/` against the Kubernetes schemas
  and runs the tests.{_gitops_line(options)}

{README_COMMANDS_HEADING}

In a virtual environment (`python -m venv .venv && . .venv/bin/activate`):

```sh
python -m pip install -r requirements.txt
python main.py
python -m pytest --snapshot-update
python -m pytest
```

`python main.py` writes `dist/load-tests.k8s.yaml` (`cdk8s synth` does the same through
`cdk8s.yaml`, if you have the cdk8s CLI). `--snapshot-update` writes the snapshot
`tests/__snapshots__/test_main/{SNAPSHOT_TEST}.yaml`: run it the first time and after each
change you mean, review the difference and commit it; plain `python -m pytest`, which CI runs,
fails on any difference and when the snapshot is missing.
{local}
{run}"""


def _gitops_line(options: InitOptions) -> str:
    if options.gitops is None:
        return ""
    return f"\n- `{GITOPS_FILES[options.gitops]}`: what makes {_tool(options)} apply `dist/` from this repository."


def _tool(options: InitOptions) -> str:
    return "Argo CD" if options.gitops == "argocd" else "Flux"


def _run_section(options: InitOptions) -> str:
    ns = options.namespace
    if options.gitops is None:
        apply = f"""## Run it

```sh
kubectl apply -f dist/
kubectl -n {ns} logs -f job/{options.name}-master
kubectl -n {ns} port-forward service/{options.name}-master 8089   # the web UI on http://localhost:8089
```

The test runs for `RUN_TIME` and the Jobs complete. Jobs are immutable: to run it again, delete them
(`kubectl -n {ns} delete job {options.name}-master {options.name}-worker`) and apply again.
"""
        return apply
    return f"""## Run it

Commit `dist/` (CI fails when it is not what `main.py` synthesizes), then apply
`{GITOPS_FILES[options.gitops]}` once, after setting its repository URL:
`kubectl apply -f {GITOPS_FILES[options.gitops]}`. {_tool(options)} applies `dist/`; each change of the test gives
new object names (`rerun_on_change`), so every change is a new run and the last one is pruned.

```sh
kubectl -n {ns} get jobs,services -l performance-test-name={options.name}
kubectl -n {ns} logs -f -l performance-test-name={options.name} --max-log-requests 20
```
"""


def workflow(options: InitOptions) -> str:
    """``.github/workflows/load-tests.yml``: install, synthesize, validate ``dist/``, snapshot-test."""
    versions = " ".join(KUBERNETES_VERSIONS)
    committed = ""
    if options.gitops is not None:
        committed = """      - name: dist/ is committed as main.py synthesizes it
        run: |
          if [ -n "$(git status --porcelain -- dist/)" ]; then
            git status -- dist/
            echo "dist/ differs from what main.py synthesizes: run python main.py and commit dist/" >&2
            exit 1
          fi
"""
    return f"""name: load-tests

on:
  push:
  pull_request:

jobs:
  synthesize-validate-test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "{options.python}"
      - name: Install
        run: python -m pip install -r requirements.txt
      - name: Synthesize
        run: python main.py
{committed}      - name: Validate against the Kubernetes schemas
        run: |
          for version in {versions}; do
            kubernetes-validate --strict --quiet --kubernetes-version "$version" dist/*.yaml
          done
      - name: Snapshot test
        run: python -m pytest
"""


def gitops_file(options: InitOptions) -> tuple[str, str] | None:
    """With ``--gitops``: the path and text of the Argo CD Application or the Flux source and Kustomization."""
    if options.gitops is None:
        return None
    name = f"{options.name}-load-tests"
    header = (
        f"# {_tool(options)} applies dist/ of this repository: set the URL (and branch) first, then\n"
        f"# kubectl apply -f {GITOPS_FILES[options.gitops]}\n"
    )
    if options.gitops == "argocd":
        text = f"""apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: {name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: {options.repo_url}
    targetRevision: HEAD
    path: dist
  destination:
    server: https://kubernetes.default.svc
    namespace: {options.namespace}
  syncPolicy:
    automated:
      prune: true
      selfHeal: true
"""
    else:
        text = f"""apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: {name}
  namespace: flux-system
spec:
  interval: 1m
  url: {options.repo_url}
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: {name}
  namespace: flux-system
spec:
  interval: 10m
  sourceRef:
    kind: GitRepository
    name: {name}
  path: ./dist
  prune: true
"""
    return GITOPS_FILES[options.gitops], header + text

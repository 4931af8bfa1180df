"""The ``init`` command's arguments and help, apart from its work, so that ``--help`` stays light.

:mod:`._init` runs the command; this module only declares it (the parser is built on every
start, ``--help`` included, and must not import the templates, the pin reader or the reports).
"""

import argparse
from typing import Any

from ._init_options import CLOUDS, GITOPS

__all__ = ["INIT_EPILOG", "MAX_GITOPS_NAME", "REPO_URL_PLACEHOLDER", "add_init_command"]

REPO_URL_PLACEHOLDER = "https://git.example.com/CHANGE-ME/load-tests.git"
"""The GitOps manifests' repository URL when ``--repo-url`` is not given (edit it before applying)."""

MAX_GITOPS_NAME = 47
"""With ``--gitops`` the test uses ``rerun_on_change``: ``<name>-worker-<hash>`` must fit 63 characters."""

INIT_EPILOG = """\
Writes: cdk8s.yaml, main.py (one test: 50 users, 5 workers, a 5 minute run, restricted pods in a
Namespace of Pod Security level restricted, the web UI), locust/locustfile.py importing
locust/lib/pages.py, tests/test_main.py (a snapshot test), pyproject.toml (pytest configured),
requirements.txt (constructs-locust pinned to the one running this command: a version from an
index, a git commit, or a local path; and pytest, kubernetes-validate), README.md (the commands
that synthesize and test), .gitignore, and .github/workflows/load-tests.yml (CI: synthesize,
validate dist/ against the Kubernetes 1.29, 1.31 and 1.33 schemas, snapshot-test). With --gitops,
also gitops/argocd-application.yaml or gitops/flux.yaml, applying dist/ from Git.

DIR must be empty (a .git folder is fine). With --force, only missing files are written: a file
that exists with other content is a conflict; every conflict is reported, and nothing is written.

Then: cd DIR; python -m pip install -r requirements.txt; python main.py; python -m pytest
--snapshot-update (once: writes the snapshot to review and commit); python -m pytest.

Exit status: 0 written, 1 not empty or a conflict (nothing written), 2 usage error."""


def add_init_command(commands: "argparse._SubParsersAction[Any]") -> None:
    """Add the ``init`` command and its options to the command line's sub-commands."""
    parser = commands.add_parser(
        "init",
        help="write a new load-test repository (main.py, locustfile, tests, CI) into an empty directory",
        description="Write a ready load-test repository into DIR: synthesize with 'python main.py', test with pytest.",
        epilog=INIT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(command_parser=parser)
    parser.add_argument("directory", metavar="DIR", help="the new repository's directory (created if missing)")
    parser.add_argument(
        "--name",
        metavar="NAME",
        help="the LocustTest's name (default: DIR's name in lowercase letters, digits and '-', else load-test)",
    )
    parser.add_argument(
        "--namespace",
        metavar="NS",
        default="load-tests",
        help="the Namespace the chart creates and puts every object in (default: load-tests)",
    )
    parser.add_argument(
        "--cloud",
        choices=CLOUDS,
        help="workers on spot nodes and the master on on-demand nodes with the PodOptions presets of GKE, "
        "EKS managed node groups, Karpenter or AKS (default: no placement)",
    )
    parser.add_argument(
        "--gitops",
        choices=GITOPS,
        help="add an Argo CD Application or a Flux GitRepository and Kustomization that apply dist/ from Git "
        "(the test then uses rerun_on_change; default: none)",
    )
    parser.add_argument(
        "--repo-url",
        metavar="URL",
        default=REPO_URL_PLACEHOLDER,
        help="with --gitops: the Git URL its manifests read (default: a placeholder to edit)",
    )
    parser.add_argument(
        "--otel",
        action="store_true",
        help="deploy an OpenTelemetry collector and send the test's traces, metrics and logs to it",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty DIR: only the missing files (an existing file with other content is a conflict)",
    )

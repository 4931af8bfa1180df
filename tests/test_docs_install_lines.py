"""No documented install line names a version, tag or index that does not exist.

constructs-locust is on no package index and has only the tags ``git tag`` lists, so the
README and the docs may install it from a Git commit (this repository's, or a ``<commit>``
placeholder for the reader's own), a path, or a wheel built from a checkout, and nothing else.
"""

import re
import subprocess

import pytest

import constructs_locust
from tests.docs_blocks import pages
from tests.support import ROOT

PIN = re.compile(r"constructs[-_]locust(?:\[[^\]]*\])?\s*(?:===|==|~=|>=|<=|!=|>|<)\s*([\w.*]+)", re.IGNORECASE)
GIT_REF = re.compile(r"constructs[-_]locust[^\s\"'`]*?\.git@([^\s\"'`#]+)", re.IGNORECASE)
WHEEL = re.compile(r"constructs_locust-([^-\s]+)-[^\s\"'`]*\.whl")
INSTALL = re.compile(r"\bpip3? install\b[^\n]*")
INDEX_OPTION = re.compile(r"(?:--(?:extra-)?index-url|--find-links|(?<!\S)-[if])(?:=|\s+)\S+")
PLACEHOLDER = re.compile(r"<[\w -]+>")


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=60, check=False)


def ref_exists(ref: str) -> bool:
    """Whether ``ref`` is a tag, branch or commit of this repository (``git rev-parse --verify``)."""
    return _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0


def install_line_problems(text: str) -> list[str]:
    """What is wrong with the install lines of ``text``: each problem names the line's words."""
    problems = [
        f"{found[0]!r}: constructs-locust is on no package index"
        for found in PIN.finditer(text)
        if not found[1].isupper()  # VERSION: a placeholder for the one installed (constructs-locust init)
    ]
    for ref in GIT_REF.findall(text):
        if not PLACEHOLDER.fullmatch(ref) and not ref_exists(ref):
            problems.append(f"@{ref}: no such tag or commit in this repository (git tag: {tags() or 'none'})")
    for version in WHEEL.findall(text):
        if version not in ("*", constructs_locust.__version__):
            problems.append(f"constructs_locust-{version}: a checkout builds {constructs_locust.__version__}")
    for line in INSTALL.findall(text):
        problems += [f"{option!r}: an index this project is not on" for option in INDEX_OPTION.findall(line)]
    return problems


def tags() -> str:
    return " ".join(_git("tag").stdout.split())


@pytest.mark.parametrize(
    "line",
    [
        "pip install constructs-locust==0.1.0",
        'python -m pip install "constructs-locust[testing]>=0.1"',
        'dependencies = ["constructs_locust ~= 0.1"]',
        'pip install "constructs-locust @ git+https://git.example.com/perf/constructs-locust.git@v0.1.0"',
        'pip install "constructs-locust @ git+https://git.example.com/perf/constructs-locust.git@0000000000000000"',
        "pip install wheels/constructs_locust-9.9.9-py3-none-any.whl",
        "pip install --index-url https://pypi.example.com/simple constructs-locust",
        "pip install -i https://pypi.example.com/simple constructs-locust",
    ],
)
def test_a_line_that_names_what_does_not_exist_is_found(line: str) -> None:
    assert install_line_problems(line), line


@pytest.mark.parametrize(
    "line",
    [
        'pip install "constructs-locust @ git+https://git.example.com/perf/constructs-locust.git@<commit>"',
        "pip install ../constructs-locust",
        "pip install -e ../constructs-locust",
        "| a package index | `constructs-locust[testing]==VERSION` |",  # a placeholder
        "pip install wheels/constructs_locust-*.whl",
        f"pip install wheels/constructs_locust-{constructs_locust.__version__}-py3-none-any.whl",
        "python -m pip install -r requirements.txt",
        "pip install kubernetes-validate",
        "- uses: actions/checkout@v4",  # another repository's tag
    ],
)
def test_a_line_that_works_passes(line: str) -> None:
    assert install_line_problems(line) == []


def test_a_commit_of_this_repository_passes() -> None:
    head = _git("rev-parse", "HEAD").stdout.strip()
    if not head:
        pytest.skip("not a git checkout")
    line = f'pip install "constructs-locust @ git+https://git.example.com/perf/constructs-locust.git@{head}"'
    assert install_line_problems(line) == []


def test_no_page_documents_an_install_line_that_cannot_work() -> None:
    found = {str(page.relative_to(ROOT)): install_line_problems(page.read_text()) for page in pages()}
    assert {page: problems for page, problems in found.items() if problems} == {}
    assert any("git+" in page.read_text() for page in pages())  # the Git way is documented

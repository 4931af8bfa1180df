"""The requirement line that installs this very constructs-locust again: a version, a commit or a path.

``init`` pins the new repository to what runs it, so that the repository synthesizes what its
author saw. Where the installed package came from is in its metadata (PEP 610,
``direct_url.json``, written by pip and uv for every install that did not come from an index):

- from a package index (no ``direct_url.json``): ``constructs-locust[testing]==VERSION``, a
  version that index has;
- from a VCS (``vcs_info``): ``constructs-locust[testing] @ git+URL@COMMIT``, the commit;
- from a local directory (``dir_info``): ``constructs-locust[testing] @ file:///PATH``, or
  ``-e PATH[testing]`` for an editable install;
- from an archive (``archive_info``, a wheel or sdist file or URL): that URL;
- not installed at all (run from a source checkout, e.g. with ``PYTHONPATH``; metadata that no
  installer wrote, such as a build's ``*.egg-info`` in the checkout, does not count): the
  checkout's directory, as a ``file://`` URL.

A version is written only when an index served it: a package built from a checkout carries the
checkout's version, which no index may have.
"""

import json
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["DISTRIBUTION", "EXTRA", "Pin", "installed_pin", "pin_from_direct_url", "source_checkout_pin"]

DISTRIBUTION = "constructs-locust"
EXTRA = "testing"
"""The extra the new repository needs: its snapshot test uses syrupy."""

_SPEC = f"{DISTRIBUTION}[{EXTRA}]"


class Pin(NamedTuple):
    """A line of ``requirements.txt`` and where it points."""

    line: str
    kind: str
    """``index``, ``vcs``, ``path``, ``editable``, ``archive`` or ``checkout`` (not installed: run from source)."""
    local: bool
    """Whether only this machine can install it (a path or ``file://`` archive): CI cannot."""


def installed_pin() -> Pin:
    """The pin of the constructs-locust that runs this code (see the module's docstring)."""
    import importlib.metadata  # here, not at start-up: --help never needs it

    try:
        distribution = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return source_checkout_pin(Path(__file__).resolve().parents[2])
    own = Path(__file__).resolve().parents[1]
    located = Path(str(distribution.locate_file("constructs_locust"))).resolve()
    if located != own or distribution.read_text("INSTALLER") is None:
        # another copy is installed but this one runs (a checkout on PYTHONPATH), or the metadata
        # is a build's egg-info in the checkout itself, which no installer wrote
        return source_checkout_pin(own.parent)
    text = distribution.read_text("direct_url.json")
    direct_url = json.loads(text) if text else None
    return pin_from_direct_url(distribution.version, direct_url)


def source_checkout_pin(root: Path) -> Pin:
    """The pin of the source checkout at ``root`` (the folder holding ``pyproject.toml``)."""
    return Pin(f"{_SPEC} @ {root.resolve().as_uri()}", "checkout", local=True)


def pin_from_direct_url(version: str, direct_url: Any) -> Pin:
    """The pin of an installed ``version`` with PEP 610 ``direct_url`` (``None``: from an index)."""
    if not isinstance(direct_url, dict) or not isinstance(direct_url.get("url"), str):
        return Pin(f"{_SPEC}=={version}", "index", local=False)
    url: str = direct_url["url"]
    subdirectory = direct_url.get("subdirectory")
    fragment = f"#subdirectory={subdirectory}" if isinstance(subdirectory, str) and subdirectory else ""
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("commit_id"), str):
        kind = vcs.get("vcs", "git")
        return Pin(f"{_SPEC} @ {kind}+{url}@{vcs['commit_id']}{fragment}", "vcs", local=url.startswith("file:"))
    dir_info = direct_url.get("dir_info")
    if isinstance(dir_info, dict):
        if dir_info.get("editable") is True and url.startswith("file://"):
            return Pin(f"-e {_file_path(url)}[{EXTRA}]", "editable", local=True)
        return Pin(f"{_SPEC} @ {url}{fragment}", "path", local=True)
    return Pin(f"{_SPEC} @ {url}{fragment}", "archive", local=url.startswith("file:"))


def _file_path(url: str) -> str:
    """The local path of a ``file://`` URL."""
    from urllib.parse import unquote, urlsplit

    return unquote(urlsplit(url).path)

"""Every ``constructs_locust.x.y`` path named in the docstrings and the documentation exists.

Each dotted reference must import (module) or be reached by attribute (name) without a
``DeprecationWarning``: a path that moved into a layer package would send readers to a module
that warns and then goes away. The old paths named on purpose are skipped: the table of moved
modules (``_core/moved.py``) and the deprecation paragraph of docs/about.md.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

REFERENCE = re.compile(r"\bconstructs_locust(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
MOVED_TABLE = ROOT / "constructs_locust" / "_core" / "moved.py"

RESOLVE = """
import importlib, json, sys, warnings
warnings.simplefilter("error")
failed = {}
for reference in json.load(sys.stdin):
    parts = reference.split(".")
    try:
        value = importlib.import_module(parts[0])
        for index, part in enumerate(parts[1:], start=2):
            if hasattr(value, part):
                value = getattr(value, part)
            else:
                value = importlib.import_module(".".join(parts[:index]))
    except Exception as error:
        failed[reference] = f"{type(error).__name__}: {error}"
json.dump(failed, sys.stdout)
"""


def _without_deprecation_paragraph(text: str) -> str:
    """``text`` less its paragraphs about the old module paths (which name them on purpose)."""
    return "\n\n".join(paragraph for paragraph in text.split("\n\n") if "DeprecationWarning" not in paragraph)


def sources() -> list[Path]:
    """The package's modules, the documentation's pages and extensions, and the README."""
    package = sorted(path for path in (ROOT / "constructs_locust").rglob("*.py") if path != MOVED_TABLE)
    docs = sorted(
        path for path in (ROOT / "docs").rglob("*") if path.suffix in (".md", ".py") and "_build" not in path.parts
    )
    return [*package, *docs, ROOT / "README.md"]


def references() -> dict[str, list[str]]:
    """Each dotted reference and the files naming it."""
    found: dict[str, list[str]] = {}
    for path in sources():
        text = path.read_text()
        if path.suffix == ".md":
            text = _without_deprecation_paragraph(text)
        for reference in sorted(set(REFERENCE.findall(text))):
            found.setdefault(reference, []).append(str(path.relative_to(ROOT)))
    return found


def test_the_scan_finds_references_and_skips_the_deprecation_paragraph() -> None:
    found = references()
    assert "constructs_locust.testing.YamlSnapshotExtension" in found
    assert "constructs_locust.cli.build_parser" in found
    assert "docs/about.md" not in found.get("constructs_locust.defaults", [])
    assert "deprecated" in _without_deprecation_paragraph("a\n\nold DeprecationWarning\n\ndeprecated b")


def test_every_dotted_reference_resolves_without_a_deprecation_warning() -> None:
    found = references()
    result = subprocess.run(
        [sys.executable, "-c", RESOLVE],
        input=json.dumps(sorted(found)),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    failed = json.loads(result.stdout)
    assert failed == {}, {reference: (message, found[reference]) for reference, message in failed.items()}

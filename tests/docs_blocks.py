"""The fenced code blocks of the documentation (README.md and docs/**/*.md) and their test markers.

A comment on the line before a block says how the tests treat it:

* none: a Python block is a complete program, run alone;
* ``<!-- docs-test: file NAME -->``: the block is a file the page's programs read (written as
  NAME into their folder first); a Python one is compiled, not run;
* ``<!-- docs-test: continues N -->``: the program of the page's Python block N (from 1),
  followed by this block;
* ``<!-- docs-test: pytest -->``: a test file, its first line ``# NAME``, run by pytest;
* ``<!-- docs-test: skip (reason) -->``: not run.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from tests.support import ROOT

DOCS = ROOT / "docs"
MARKER = re.compile(r"<!-- docs-test: (?P<kind>pytest|file \S+|continues \d+|skip \([^)]+\)) -->")
OPENING = re.compile(r"^(?P<indent> *)```(?P<info>\S*)\s*$")
CLOSING = re.compile(r"^ *```\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced block: its page, language, marker kind and text."""

    page: Path
    lang: str
    kind: str
    body: str
    python_index: int  # 1-based among the page's Python blocks; 0 for other languages

    @property
    def name(self) -> str:
        """A test id: the page and the block's number."""
        return f"{self.page.relative_to(ROOT)}:{self.python_index or self.lang}"


def pages() -> list[Path]:
    """The README and every page of the site."""
    return [ROOT / "README.md", *sorted(path for path in DOCS.rglob("*.md") if "_build" not in path.parts)]


def blocks(page: Path) -> list[Block]:
    """The page's fenced blocks in order."""
    lines = page.read_text().splitlines()
    found: list[Block] = []
    python_count = 0
    index = 0
    while index < len(lines):
        opening = OPENING.match(lines[index])
        if not opening:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if CLOSING.match(lines[i]))
        indent = len(opening["indent"])
        body = "".join(line[indent:] + "\n" for line in lines[index + 1 : end])
        before = next((line.strip() for line in reversed(lines[:index]) if line.strip()), "")
        marker = MARKER.fullmatch(before)
        lang = opening["info"]
        if lang == "python":
            python_count += 1
        kind = marker["kind"] if marker else "run"
        found.append(Block(page, lang, kind, body, python_count if lang == "python" else 0))
        index = end + 1
    return found


def python_blocks() -> list[Block]:
    """Every Python block of every page."""
    return [block for page in pages() for block in blocks(page) if block.lang == "python"]


def program(block: Block) -> str:
    """The complete program a runnable block stands for (with the blocks it continues)."""
    if block.kind.startswith("continues "):
        number = int(block.kind.split()[1])
        (previous,) = [other for other in blocks(block.page) if other.python_index == number]
        return program(previous) + "\n" + block.body
    return block.body


def page_files(page: Path) -> dict[str, str]:
    """The files a page's programs read: its ``file NAME`` blocks."""
    return {block.kind.split()[1]: block.body for block in blocks(page) if block.kind.startswith("file ")}

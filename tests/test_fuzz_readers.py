"""A fuzz target for every reader of the command line: generated and mutated input, never a traceback.

Each example is an input made from a seed (the CRs under tests/fixtures, the README's sample
CRs, the operator's values and env files) by structural mutations (a value or a key of the
parsed seed replaced by an odd one: ``None``, numbers, dates, bytes, non-string keys, explicit
tags) and textual ones (YAML tokens, tags, anchors and aliases, quotes, control and non-ASCII
characters inserted, spans deleted or repeated, bytes flipped). It is fed to one reader:
``validate`` or ``render`` in-process, the operator's Helm values (``--operator-values``) or
env file (``--operator-env``), and to :func:`read_locust_test` and
:func:`operator_defaults_from_file` directly. The only accepted outcomes are a result, a
:class:`SpecError` or YAML error from the library, and from the command line exit 0 or 1 with
one-line problems (no traceback, no ``internal error``).

In CI a few hundred examples run (about half a minute). For a long run::

    FUZZ_EXAMPLES=200000 python -m pytest -q -p no:cacheprovider tests/test_fuzz_readers.py

(``FUZZ_SEED`` picks another random sequence; unset, CI's examples are the same on every run.)
"""

import contextlib
import copy
import datetime
import io
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st

from constructs_locust import SpecError, read_locust_test
from constructs_locust.cli import _main as cli
from constructs_locust.cli._inputs import operator_defaults_from_file
from constructs_locust.cli._yaml_input import load_documents

REPO = Path(__file__).parent.parent
FIXTURES = REPO / "tests" / "fixtures"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
LONG = "FUZZ_EXAMPLES" in os.environ
FUZZ_SEED = int(os.environ.get("FUZZ_SEED", "20"))

_README_CR = re.compile(r"```yaml\n(apiVersion: locust\.io/v[12]\nkind: LocustTest\n.*?)```", re.DOTALL)


def _seeds() -> tuple[list[str], list[str], list[str]]:
    """The CR texts, Helm values texts and env file texts that mutations start from."""
    crs = [path.read_text() for path in sorted((FIXTURES / "crs").glob("*.yaml"))]
    crs += _README_CR.findall((REPO / "README.md").read_text())
    values = [path.read_text() for path in sorted((FIXTURES / "operator").glob("*.yaml"))]
    env = [path.read_text() for path in sorted((FIXTURES / "operator").glob("*.env"))]
    return crs, values, env


CRS, VALUES, ENVS = _seeds()
GOOD_CR = (FIXTURES / "crs" / "locust_v2_locusttest.yaml").read_text()

TOKENS = [
    *(f"!!{tag} " for tag in ("str", "bool", "int", "float", "null", "timestamp", "binary", "seq", "map")),
    *(f"!!{tag} " for tag in ("omap", "pairs", "set", "merge", "value")),
    "!local ",
    "! ",
    "!<tag:example.com,2000:x> ",
    "!!python/object:os.system ",
    "&a ",
    "*a",
    "&b [*a, *a, *a] ",
    "<<: ",
    "<<: *a",
    "? ",
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! tag:example.com,2000:\n",
    "~",
    "null",
    "true",
    "yes",
    "off",
    "0",
    "-1",
    "0x1F",
    "0o17",
    "1_000",
    "1:30",
    "1e999",
    "1.5",
    ".nan",
    "-.inf",
    "2001-12-14",
    "2001-12-14 21:59:43.10 -5",
    "aGk=",
    '"',
    "'",
    '"\\x00\\ud800"',
    "|\n",
    ">-\n",
    "#",
    "\n",
    "  ",
    "\t",
    "\r\n",
    "é",
    "\u202e",
    "\x00",
    "\x85",
    "\ufeff",
    "\U0001f600",
    "9" * 70,
    "x" * 300,
]

_KEYS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=20),
    st.binary(max_size=8),
    st.dates(min_value=datetime.date(1, 1, 1)),
    st.sampled_from(["", "x", "-1", "1Gi", "500m", "Always", "--locustfile /x.py", "a" * 70, "UPPER_case", "name"]),
)
_SCALARS = st.one_of(_KEYS, st.floats(allow_nan=True, allow_infinity=True))
ODD_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(_KEYS, children, max_size=3)),
    max_leaves=8,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value of a parsed document (``()`` is the document)."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _subtrees() -> list[Any]:
    """Every value of every seed document, to put in other places."""
    found = []
    for text in CRS + VALUES:
        for document in yaml.safe_load_all(text):
            for path in _paths(document):
                node = document
                for part in path:
                    node = node[part]
                found.append(node)
    return found


SUBTREES = st.sampled_from(_subtrees()).map(copy.deepcopy)


@st.composite
def structural(draw: st.DrawFn, text: str) -> str:
    """``text`` parsed, one to three of its values (or keys) replaced by odd ones or by a part of a
    seed (a well-formed structure in the wrong place), dumped again."""
    try:
        documents = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return text
    document = documents[0]
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(document)))
        if not path:
            continue
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict) and draw(st.booleans()):
            parent[draw(_KEYS)] = parent.pop(path[-1])  # a key replaced
        else:
            parent[path[-1]] = draw(st.one_of(ODD_VALUES, SUBTREES))
    try:
        return yaml.dump(document, Dumper=yaml.Dumper, default_flow_style=draw(st.booleans()), allow_unicode=True)
    except (yaml.YAMLError, ValueError, TypeError):
        return text


@st.composite
def textual(draw: st.DrawFn, text: str) -> str:
    """``text`` with one to four insertions, deletions, repetitions or replacements."""
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(text)))
        operation = draw(st.sampled_from(["token", "token", "token", "delete", "repeat", "text", "line"]))
        if operation == "token":
            text = text[:where] + draw(st.sampled_from(TOKENS)) + text[where:]
        elif operation == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 40)) :]
        elif operation == "repeat":
            end = where + draw(st.integers(1, 80))
            text = text[:end] + text[where:end] * draw(st.integers(1, 4)) + text[end:]
        elif operation == "text":
            text = text[:where] + draw(st.text(max_size=10)) + text[where:]
        else:  # a line moved to another place
            lines = text.splitlines(keepends=True) or [""]
            line = lines.pop(draw(st.integers(0, len(lines) - 1)))
            lines.insert(draw(st.integers(0, len(lines))), line)
            text = "".join(lines)
    return text


@st.composite
def inputs(draw: st.DrawFn, seeds: list[str]) -> bytes:
    """An input made from one of ``seeds``: mutated structurally, textually, or both, some bytes flipped;
    or generated from YAML tokens; or the seed itself (so that valid inputs are rendered too)."""
    text = draw(st.sampled_from(seeds))
    kind = draw(st.sampled_from(["structural", "structural", "textual", "textual", "both", "generated", "seed"]))
    if kind == "generated":
        text = "".join(draw(st.lists(st.sampled_from([*TOKENS, "a", "b", "1"]), max_size=40)))
    if kind in ("structural", "both"):
        text = draw(structural(text))
    if kind in ("textual", "both"):
        text = draw(textual(text))
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    for _ in range(draw(st.integers(0, 2)) if kind != "seed" else 0):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("fuzz")
    (directory / "good.yaml").write_text(GOOD_CR)
    return directory


def _fuzz_settings() -> Callable[[Any], Any]:
    """CI: ``EXAMPLES`` examples, the same on every run. Long runs: ``FUZZ_SEED``'s sequence."""
    configured = settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not LONG,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )

    def apply(test: Any) -> Any:
        test = configured(test)
        return seed(FUZZ_SEED)(test) if LONG else test

    return apply


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """``argv`` through the command line in this process: exit status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def assert_clean(code: int, err: str, data: bytes) -> None:
    """Exit 0 or 1 with one-line problems: no traceback, no internal error."""
    assert code in (0, 1), (code, err, data)
    assert "Traceback" not in err, (err, data)
    assert "internal error" not in err, (err, data)
    for line in err.splitlines():
        assert re.fullmatch(r"\S.*?: .+?: .+", line), (line, data)


def read_directly(data: bytes) -> None:
    """The library readers on ``data``: a result, a ``SpecError`` or a YAML error, nothing else."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for document in load_documents(data):
                with contextlib.suppress(SpecError):
                    read_locust_test(document)
        except yaml.YAMLError:
            pass
        for kind in ("values", "env"):
            with contextlib.suppress(SpecError, yaml.YAMLError):
                operator_defaults_from_file(kind, data)


READERS: dict[str, tuple[Callable[[str], list[str]], list[str]]] = {
    "validate": (lambda path: ["validate", path], CRS),
    "render": (lambda path: ["render", path], CRS),
    "validate-json": (lambda path: ["validate", "--output", "json", "--strict", path], CRS),
    "render-keep": (lambda path: ["render", "--other-kinds", "keep", path], CRS),
    "values": (lambda path: ["validate", "--operator-values", path, "good.yaml"], VALUES),
    "env": (lambda path: ["validate", "--operator-env", path, "good.yaml"], ENVS),
}
"""Each reader's command line (``path`` is the input's), and the seeds its inputs are mostly made from."""


@st.composite
def reader_inputs(draw: st.DrawFn) -> tuple[str, bytes]:
    """A reader, and an input made from its own seeds (four times in five) or from any seed."""
    reader = draw(st.sampled_from(sorted(READERS)))
    seeds = READERS[reader][1] if draw(st.integers(0, 4)) else CRS + VALUES + ENVS
    return reader, draw(inputs(seeds))


@_fuzz_settings()
@given(case=reader_inputs())
def test_no_input_makes_a_reader_fail_uncleanly(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, case: tuple[str, bytes]
) -> None:
    reader, data = case
    monkeypatch.chdir(workdir)
    (workdir / "input.yaml").write_bytes(data)
    read_directly(data)
    code, _, err = run_cli(READERS[reader][0]("input.yaml"))
    event(f"{reader}: exit {code}")  # --hypothesis-show-statistics: how many inputs were read as valid
    assert_clean(code, err, data)

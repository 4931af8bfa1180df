"""The fast YAML writer writes, byte for byte, what PyYAML's dumper with the project's quoting writes.

:func:`dump_plain` skips PyYAML's representer and resolver and hands libyaml the events itself;
these tests hold it to the PyYAML path it replaces (the command line's ``_Dumper``), on
generated data (hostile strings included: every kind of character, texts kubectl or a YAML
1.1/1.2 reader would type, line breaks of either YAML version) and on rendered manifests, and
check that anything but plain data is left to PyYAML.
"""

import datetime
import random
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from constructs_locust import LocustTestSpec, render_manifests
from constructs_locust.cli import _yaml_output
from constructs_locust.kube._yaml_writer import dump_plain
from tests.strategies import random_cr_spec

FIXTURES = Path(__file__).parent / "fixtures"

_TRICKY = [
    "",
    " ",
    "~",
    "null",
    "Null",
    "NULL",
    "y",
    "n",
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "False",
    "<<",
    "=",
    "0",
    "-0",
    "+1",
    "07",
    "08",
    "09",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "1e3",
    "1E400",
    ".5",
    "-.inf",
    ".NaN",
    "1:00",
    "2024-01-01",
    "2001-12-14t21:59:43.10-05:00",
    "12:30:45",
    "- a",
    "a: b",
    "a #b",
    "#c",
    "'q'",
    '"d"',
    "&a",
    "*b",
    "!t",
    "%x",
    "@at",
    "`bt",
    "|",
    ">",
    "?",
    "? x",
    "-",
    "---",
    "...",
    "{a}",
    "[b]",
    "a,b",
    "tab\there",
    "trailing ",
    " leading",
    "line\nbreak",
    "two\n\nbreaks",
    "\r",
    "crlf\r\n",
    "nel\x85x",
    "ls\u2028x",
    "ps\u2029x",
    "bom\ufeff",
    "nul\x00",
    "bell\x07",
    "del\x7f",
    "\x9f",
    "é",
    "日本",
    "🙂",
    "x" * 300,
    "y\n" * 40,
]
"""Texts whose quoting differs from reader to reader, or which libyaml must escape or fold."""

_strings = st.one_of(
    st.sampled_from(_TRICKY),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.text(alphabet=" \t\n:#-?'\"!&*%@`|>{}[],.~0123456789eExXoObB+_yYnNtTfF", max_size=12),
)
_scalars = st.one_of(
    _strings,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
)
_plain = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(_strings, st.integers(), st.booleans(), st.none()), children, max_size=5),
    ),
    max_leaves=30,
)


def _pyyaml(documents: list[Any]) -> str:
    """What the command line wrote before the fast writer (and still writes for other data)."""
    text: str = yaml.dump_all(
        documents,
        Dumper=_yaml_output._Dumper,
        sort_keys=False,
        explicit_start=True,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31 - 1,
    )
    return text


@settings(max_examples=400, deadline=None)
@given(st.lists(_plain, min_size=1, max_size=3))
def test_generated_plain_data_is_written_byte_for_byte_as_pyyaml_writes_it(documents: list[Any]) -> None:
    assert dump_plain(documents) == _pyyaml(documents)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_rendered_manifests_are_written_byte_for_byte_as_pyyaml_writes_them(seed: int) -> None:
    spec = LocustTestSpec.from_cr(random_cr_spec(random.Random(seed)))
    manifests = list(render_manifests(spec, "load", "perf"))
    assert dump_plain(manifests) == _pyyaml(manifests)


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.yaml")), ids=lambda path: path.name)
def test_fixture_documents_are_written_byte_for_byte_as_pyyaml_writes_them(path: Path) -> None:
    documents = [document for document in yaml.safe_load_all(path.read_text(encoding="utf-8")) if document]
    assert documents
    assert dump_plain(documents) == _pyyaml(documents)


def test_a_value_met_twice_is_written_in_full_both_times() -> None:
    shared = {"app": "load", "items": ["a", "b"]}
    documents = [{"one": shared, "two": shared, "list": [shared["items"], shared["items"]]}]
    assert dump_plain(documents) == _pyyaml(documents)


@pytest.mark.parametrize(
    "value",
    [
        OrderedDict(a=1),
        (1, 2),
        b"bytes",
        datetime.date(2024, 1, 1),
        {1, 2},
        type("Text", (str,), {})("sub"),
        type("Whole", (int,), {})(3),
    ],
    ids=lambda value: type(value).__name__,
)
def test_anything_but_plain_data_is_left_to_pyyaml(value: Any) -> None:
    assert dump_plain([{"spec": {"list": [1, value]}}]) is None


def test_a_container_that_holds_itself_is_left_to_pyyaml() -> None:
    loop: list[Any] = []
    loop.append(loop)
    assert dump_plain([{"loop": loop}]) is None


def test_the_command_line_output_uses_the_writer_and_still_equals_pyyaml() -> None:
    manifests = list(render_manifests(LocustTestSpec.from_cr(random_cr_spec(random.Random(7))), "load", "perf"))
    assert _yaml_output._dump(manifests) == _pyyaml(manifests)
    with_other = [*manifests, {"when": datetime.date(2024, 1, 1)}]  # not plain: the PyYAML path, same text
    assert _yaml_output._dump(with_other) == _pyyaml(with_other)

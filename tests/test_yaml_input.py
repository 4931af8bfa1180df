"""The bounded YAML reader: same values as PyYAML's safe loader, refusals with their line."""

import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_locust.cli import _yaml_input as yaml_input
from constructs_locust.cli._yaml_input import (
    InputTooLarge,
    format_size,
    load_documents,
    parse_size,
    read_input,
    read_stream,
)


def load(text: str) -> list[Any]:
    return list(load_documents(text.encode("utf-8")))


def refusal(text: str) -> str:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        load(text)
    error = caught.value
    assert error.problem_mark is not None
    return f"line {error.problem_mark.line + 1}, column {error.problem_mark.column + 1}: {error.problem}"


SAME_AS_PYYAML = [
    "a: 1\nb: [1, 2.5, true, null, ~, 'x', \"y\"]\n",
    "a: &x {k: v}\nb: *x\nc: [*x, *x]\n",
    "base: &b {x: 1, w: 2}\nderived:\n  <<: *b\n  w: 3\n",
    "one: &o {a: 1}\ntwo: &t {a: 2, b: 2}\nmerged:\n  <<: [*o, *t]\n  c: 3\n",
    "binary: !!binary aGVsbG8=\nhex: 0x1f\n",
    "text: !!str 123\nyes: yes\noff: off\n",
    "---\na: 1\n---\n---\n- b\n",
    "",
    "just a scalar\n",
    "? complex key\n: value\n",
]


@pytest.mark.parametrize("text", SAME_AS_PYYAML)
def test_documents_are_what_pyyaml_safe_load_all_gives(text: str) -> None:
    assert load(text) == list(yaml.safe_load_all(text))


def test_aliases_are_copies_not_shared_objects() -> None:
    (document,) = load("a: &x {k: [1]}\nb: *x\n")
    assert document["a"] == document["b"]
    assert document["a"] is not document["b"]
    assert document["a"]["k"] is not document["b"]["k"]


def test_a_duplicate_key_is_refused_with_both_lines_as_kubectl_does() -> None:
    assert refusal("spec:\n  replicas: 1\n  image: x\n  replicas: 2\n") == (
        'line 4, column 3: mapping key "replicas" already defined at line 2'
    )


def test_a_key_overriding_a_merged_key_is_no_duplicate() -> None:
    assert load("b: &b {x: 1}\nm: {<<: *b, x: 2}\n") == [{"b": {"x": 1}, "m": {"x": 2}}]


def test_alias_expansion_is_bounded() -> None:
    levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 6)]
    assert refusal("\n".join(levels) + "\n") == (
        "line 5, column 45: aliases expand to more than 100000 values (at alias *l3); "
        "refusing what looks like an alias bomb"
    )


def test_moderate_alias_use_is_fine() -> None:
    text = "env: &env [{name: A, value: '1'}, {name: B, value: '2'}]\n" + "".join(f"c{n}: *env\n" for n in range(100))
    (document,) = load(text)
    assert document["c99"] == [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]


def test_a_recursive_alias_is_refused() -> None:
    assert refusal("a: &a [1, *a]\n") == "line 1, column 11: alias *a refers to a node that contains it"


def test_an_undefined_alias_is_refused() -> None:
    assert refusal("a: *nowhere\n") == "line 1, column 4: found undefined alias *nowhere"


def test_depth_is_bounded() -> None:
    assert load("x: " + "[" * 99 + "]" * 99 + "\n") != []
    assert refusal("x: " + "[" * 100 + "]" * 100 + "\n") == "line 1, column 103: nesting deeper than 100 levels"


def test_depth_through_an_alias_is_bounded() -> None:
    deep = "[" * 60 + "]" * 60
    assert refusal(
        f"a: &d {deep}\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*d]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
    ) == ("line 2, column 44: nesting deeper than 100 levels (through alias *d)")


def test_long_integers_are_refused_before_conversion() -> None:
    assert load("k: " + "9" * 64 + "\n") == [{"k": 1e64}]  # past 64 bits, kubectl sends a float
    assert refusal("k: 1" + "_" * 64 + "\n") == (
        "line 1, column 4: integer of 65 characters is too large (the Kubernetes API has 64-bit integers)"
    )


def test_a_collection_as_key_is_refused() -> None:
    assert refusal("? [a, b]\n: c\n") == "line 1, column 3: a mapping key must be a scalar, not a mapping or sequence"


def test_unknown_tags_are_refused() -> None:
    assert refusal("a: !!set {x}\n").startswith("line 1, column 4: unsupported tag tag:yaml.org,2002:set")
    with pytest.raises(yaml.constructor.ConstructorError):
        load("a: !!python/name:os.system x\n")


def test_a_date_is_a_string_as_kubectl_reads_it() -> None:
    assert load("when: 2024-13-45\nday: 2024-01-02\n") == [{"when": "2024-13-45", "day": "2024-01-02"}]


@pytest.mark.parametrize(
    ("text", "size"), [("4194304", 4 * 1024**2), ("4Mi", 4 * 1024**2), ("16M", 16_000_000), ("1Gi", 1024**3)]
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "0", "-1", "1.5M", "4 MB", "lots"])
def test_bad_sizes(text: str) -> None:
    with pytest.raises(ValueError, match="not a size"):
        parse_size(text)


def test_format_size() -> None:
    assert format_size(4 * 1024**2) == "4194304 bytes (4Mi)"
    assert format_size(4000) == "4000 bytes"


def test_a_stream_is_read_up_to_the_limit_only() -> None:
    stream = io.BytesIO(b"x" * 1000)
    assert read_stream(io.BytesIO(b"x" * 100), 100) == b"x" * 100
    with pytest.raises(InputTooLarge, match="the limit is 100 bytes and the input is larger than that"):
        read_stream(stream, 100)
    assert stream.tell() == 101


def test_a_regular_file_is_measured_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(InputTooLarge, match="the input is 2000 bytes"):
        read_input(str(path), 1000)
    assert read_input(str(path), 2000) == b"x" * 2000


def test_the_default_limit_is_4_mib() -> None:
    assert yaml_input.DEFAULT_MAX_INPUT_BYTES == 4 * 1024**2

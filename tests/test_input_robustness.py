"""Hostile input, third round: explicit tags, a budget per input, non-string keys, memory.

Each test here failed on the reader before the fix: a traceback (``KeyError`` for ``!!bool x``),
minutes of CPU (a file of many small alias bombs) or ``internal error`` (``{1: x}`` as labels).
"""

import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_locust import SpecError, read_locust_test
from constructs_locust.cli import _main as cli
from constructs_locust.cli import _reading as reading
from constructs_locust.cli import _yaml_input as yaml_input
from constructs_locust.cli._inputs import operator_defaults_from_file
from constructs_locust.cli._yaml_input import MAX_ALIAS_NODES, InputTooLarge, load_documents, parse_size, read_stream
from tests.support import bounded_cr_text

REPO = Path(__file__).parent.parent
FIXTURES = REPO / "tests" / "fixtures"
GOOD_CR = bounded_cr_text((FIXTURES / "crs" / "locust_v2_locusttest.yaml").read_text())


def refusal(text: str) -> str:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        list(load_documents(text.encode("utf-8")))
    error = caught.value
    assert error.problem_mark is not None
    return f"line {error.problem_mark.line + 1}, column {error.problem_mark.column + 1}: {error.problem}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- explicit tags -------------------------------------------------------------------------

BAD_TAGS = {
    "!!bool x": 'cannot read "x" as !!bool: it reads as !!str',
    '!!bool ""': 'cannot read "" as !!bool: it reads as !!null',
    "!!bool 1": 'cannot read "1" as !!bool: it reads as !!int',
    '!!int ""': 'cannot read "" as !!int: it reads as !!null',
    '!!int "_"': 'cannot read "_" as !!int: it reads as !!str',
    '!!int "+"': 'cannot read "+" as !!int: it reads as !!str',
    "!!int 0x": 'cannot read "0x" as !!int: it reads as !!str',
    "!!int 1.5": 'cannot read "1.5" as !!int: it reads as !!float',
    '!!int "é"': 'cannot read "é" as !!int: it reads as !!str',
    '!!float ""': 'cannot read "" as !!float: it reads as !!null',
    '!!float "1:"': 'cannot read "1:" as !!float: it reads as !!str',
    "!!float true": 'cannot read "true" as !!float: it reads as !!bool',
    '!!float "٣.٣"': 'cannot read "٣.٣" as !!float: it reads as !!str',
    "!!null x": 'cannot read "x" as !!null: it reads as !!str',
    "!!null 0": 'cannot read "0" as !!null: it reads as !!int',
    "!!timestamp x": 'cannot read "x" as !!timestamp: expected a date (2001-12-14) or a date and time '
    "(2001-12-14T21:59:43.10Z)",
    '!!timestamp ""': 'cannot read "" as !!timestamp: expected a date (2001-12-14) or a date and time '
    "(2001-12-14T21:59:43.10Z)",
    "!!timestamp 2001-13-01": 'cannot read tag:yaml.org,2002:timestamp value "2001-13-01": month must be in 1..12',
    '!!timestamp "2001-01-01 1:00:00+99"': "cannot read tag:yaml.org,2002:timestamp value "
    '"2001-01-01 1:00:00+99": offset must be a timedelta strictly between -timedelta(hours=24) and '
    "timedelta(hours=24), not datetime.timedelta(days=4, seconds=10800).",
    '!!binary "@@@@"': 'cannot read "@@@@" as !!binary: it is not base64 data',
    '!!binary "aGk"': 'cannot read "aGk" as !!binary: it is not base64 data',
    '!!binary "éé=="': 'cannot read "éé==" as !!binary: it is not base64 data',
    "!!seq x": '!!seq needs a sequence, not the scalar "x"',
    "!!map x": '!!map needs a mapping, not the scalar "x"',
    "!!set x": '!!set needs a mapping, not the scalar "x"',
    '!!omap ""': '!!omap needs a sequence of one-key mappings, not the scalar ""',
    "!!pairs x": '!!pairs needs a sequence of one-key mappings, not the scalar "x"',
    "!!foo x": "could not determine a constructor for the tag 'tag:yaml.org,2002:foo'",
    "!local x": "could not determine a constructor for the tag '!local'",
    "!<tag:example.com,2000:app/x> x": "could not determine a constructor for the tag 'tag:example.com,2000:app/x'",
    "!!set {a: ~}": "unsupported tag tag:yaml.org,2002:set on a mapping",
    "!!omap [a: 1]": "unsupported tag tag:yaml.org,2002:omap on a sequence",
    "!!str [1]": "unsupported tag tag:yaml.org,2002:str on a sequence",
}


@pytest.mark.parametrize("value", list(BAD_TAGS))
def test_an_explicit_tag_its_value_does_not_fit_is_a_yaml_error_with_its_line(value: str) -> None:
    assert refusal(f"ok: 1\nkey: {value}\n") == f"line 2, column 6: {BAD_TAGS[value]}"


@pytest.mark.parametrize("tag", ["!!bool", "!!int", "!!float", "!!null", "!!timestamp", "!!binary"])
def test_a_huge_explicitly_tagged_value_is_refused_fast(tag: str) -> None:
    value = "é" + "9" * 1_000_000
    assert refusal(f'key: {tag} "{value}"\n').startswith('line 1, column 6: cannot read "é999')


def test_a_huge_explicit_integer_is_refused_as_kubectl_refuses_it() -> None:
    """Past 64 bits and past float range, go-yaml reads the digits as a string, which ``!!int`` cannot tag."""
    message = refusal(f'key: !!int "{"9" * 5000}"\n')
    assert message.startswith('line 1, column 6: cannot read "999')
    assert message.endswith('"... (5000 characters) as !!int: it reads as !!str')
    assert len(message) < 1200  # the value is shown bounded


ACCEPTED_TAGS: list[tuple[str, Any]] = [
    ("!!str 123", "123"),
    ("!!str", ""),
    ("!!bool yes", True),
    ('!!bool "false"', False),
    ('!!int "0x1F"', 31),
    ("!!int -12", -12),
    ("!!float 1", 1),  # a whole float goes to JSON as the integer 1, as kubectl sends it
    ("!!float 2.5", 2.5),
    ('!!null ""', None),
    ("!!null ~", None),
    ("!!binary aGk=", b"hi"),
    ("!!binary |\n  aGVs\n  bG8=\n", b"hello"),
    ("!!timestamp 2001-12-14", yaml.safe_load("2001-12-14")),
    ('!!timestamp "2001-12-14 21:59:43.10 -5"', yaml.safe_load("2001-12-14 21:59:43.10 -5")),
    ("!!seq [1]", [1]),
    ("!!map {a: 1}", {"a": 1}),
]


@pytest.mark.parametrize(("value", "expected"), ACCEPTED_TAGS)
def test_an_explicit_tag_that_fits_its_value_builds_it(value: str, expected: Any) -> None:
    ((document),) = load_documents(f"key: {value}\n".encode())
    assert document == {"key": expected}
    assert type(document["key"]) is type(expected)


def test_a_twelve_byte_file_is_one_line_and_the_other_files_are_still_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("t.yaml").write_text("a: !!bool x\n")
    Path("good.yaml").write_text(GOOD_CR)
    assert run(capsys, "validate", "t.yaml", "good.yaml") == (
        1,
        "good.yaml: sample-test: valid\n",
        't.yaml: document 1: invalid YAML at line 1, column 4: cannot read "x" as !!bool: it reads as !!str\n',
    )
    code, out, err = run(capsys, "validate", "--output", "json", "t.yaml", "good.yaml")
    report = json.loads(out)
    assert (code, err) == (1, "")
    assert [(result["file"], result["status"]) for result in report["results"]] == [
        ("t.yaml", "invalid"),
        ("good.yaml", "valid"),
    ]


@pytest.mark.parametrize(("value", "shown"), [("!!timestamp x", '"x"'), ('!!int ""', '""'), ("!!bool x", '"x"')])
def test_an_operator_values_file_with_a_bad_tag_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, value: str, shown: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("values.yaml").write_text(f"replicaCount: 1\nlocustPods:\n  affinityInjection: {value}\n")
    Path("good.yaml").write_text(GOOD_CR)
    code, out, err = run(capsys, "render", "--operator-values", "values.yaml", "good.yaml")
    assert (code, out) == (1, "")
    where = "values.yaml: -: invalid YAML at line 3, column 22"
    assert err.startswith(f"{where}: cannot read {shown} as {value.split()[0]}")
    assert err.count("\n") == 1


# --- one alias budget per input ------------------------------------------------------------

SMALL_BOMB = (
    "a: &a [x,x,x,x,x,x,x,x,x]\n"
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
)
"""One document of 163 bytes to which its aliases add 74,718 values: under the budget alone."""


def test_one_small_bomb_is_read() -> None:
    (document,) = load_documents(SMALL_BOMB.encode())
    assert len(document["e"]) == 9


def test_the_alias_budget_is_for_the_whole_input_not_each_document() -> None:
    documents = load_documents((SMALL_BOMB + "---\n" + SMALL_BOMB).encode())
    assert len(next(documents)["e"]) == 9
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        next(documents)
    error = caught.value
    assert error.problem_mark is not None
    assert (error.problem_mark.line + 1, error.problem) == (
        11,
        f"aliases expand to more than {MAX_ALIAS_NODES} values in this input's documents together (at alias *d); "
        "refusing what looks like an alias bomb",
    )


def test_each_input_has_its_own_budget() -> None:
    for _ in range(3):
        assert len(list(load_documents(SMALL_BOMB.encode()))) == 1


def test_a_four_mib_file_of_small_bombs_is_refused_at_its_second_document(tmp_path: Path) -> None:
    document = SMALL_BOMB + "---\n"
    (tmp_path / "bombs.yaml").write_text(document * (yaml_input.DEFAULT_MAX_INPUT_BYTES // len(document)))
    # before the budget per input: 25,115 documents of 74,718 values each, about 50 ms of CPU each (20 minutes)
    result = subprocess.run(
        [sys.executable, "-m", "constructs_locust", "validate", "bombs.yaml"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "bombs.yaml: document 1: not a LocustTest: apiVersion (none), kind (none) "
        "(expected kind LocustTest with apiVersion locust.io/v2 or locust.io/v1)",
        f"bombs.yaml: document 2: invalid YAML at line 11, column 11: aliases expand to more than {MAX_ALIAS_NODES} "
        "values in this input's documents together (at alias *d); refusing what looks like an alias bomb",
    ]


# --- non-string keys -----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["~", "1", "true", "1.5"])  # a date is a string to go-yaml
@pytest.mark.parametrize("field", ["labels", "annotations"])
def test_a_non_string_key_in_metadata_is_a_spec_error_naming_the_field(key: str, field: str) -> None:
    text = GOOD_CR.replace("  namespace: default\n", f"  namespace: default\n  {field}:\n    ok: x\n    {key}: x\n")
    (document,) = load_documents(text.encode())
    with pytest.raises(SpecError) as caught:
        read_locust_test(document)
    ((path, message),) = [(error.path, error.reason) for error in caught.value.errors]
    assert path == f"metadata.{field}"
    assert message.endswith(": keys must be strings")


def test_a_non_string_label_key_is_one_line_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("cr.yaml").write_text(GOOD_CR.replace("  namespace: default\n", "  namespace: default\n  labels: {1: x}\n"))
    assert run(capsys, "validate", "cr.yaml") == (
        1,
        "",
        "cr.yaml: sample-test: metadata.labels: Invalid value: 1: keys must be strings\n",
    )


EVERY_FIELD_CR = (FIXTURES / "crs" / "crd_every_field.yaml").read_text()


@pytest.mark.parametrize("key", [None, 1, True])
@pytest.mark.parametrize(
    ("place", "shown"),
    [
        ("master.labels", "spec.master.labels"),
        ("worker.annotations", "spec.worker.annotations"),
        ("master.resources.requests", "spec.master.resources.requests"),
        ("scheduling.nodeSelector", "spec.scheduling.nodeSelector"),
        ("scheduling.affinity.nodeAffinity", "spec.scheduling.affinity.nodeAffinity"),
        ("scheduling.tolerations.0", "spec.scheduling.tolerations[0]"),
        ("env.variables.1.valueFrom.fieldRef", "spec.env.variables[1].valueFrom.fieldRef"),
        ("volumes.0.emptyDir", "spec.volumes[0].emptyDir"),
        ("security.podSecurityContext", "spec.security.podSecurityContext"),
        ("observability.openTelemetry.extraEnvVars", "spec.observability.openTelemetry.extraEnvVars"),
    ],
)
def test_a_non_string_key_in_a_spec_mapping_is_a_spec_error(place: str, shown: str, key: Any) -> None:
    document = yaml.safe_load(EVERY_FIELD_CR)
    node = document["spec"]
    for name in place.split("."):
        node = node[int(name)] if name.isdigit() else node[name]
    node[key] = "x"
    with pytest.raises(SpecError) as caught:
        read_locust_test(document)
    assert [(error.path, error.reason) for error in caught.value.errors] == [
        (shown, f"Invalid value: {json.dumps(key)}: keys must be strings")
    ]


@pytest.mark.parametrize(
    ("change", "paths"),
    [
        (("# A team", "1: x\n~: y\n2.5: z\n# A team"), ["1", "None", "2.5"]),
        (("locustPods:\n", "locustPods:\n  1: x\n"), ["locustPods.1"]),
        (("  masterResources:\n", "  masterResources:\n    ~: {}\n"), ["locustPods.masterResources.None"]),
    ],
)
def test_a_non_string_key_in_the_operator_values_is_a_spec_error(change: tuple[str, str], paths: list[str]) -> None:
    values = (FIXTURES / "operator" / "team-values.yaml").read_text().replace(*change)
    with pytest.raises(SpecError) as caught:
        operator_defaults_from_file("values", values.encode())
    assert [error.path for error in caught.value.errors] == paths


# --- memory --------------------------------------------------------------------------------


def test_a_size_limit_past_one_gib_is_refused_up_front() -> None:
    assert parse_size("1Gi") == 1024**3
    with pytest.raises(ValueError, match=r"size too large: '2Gi' is more than 1073741824 bytes \(1Gi\)"):
        parse_size("2Gi")
    with pytest.raises(ValueError, match="size too large"):
        parse_size("9" * 400)


def test_a_huge_size_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "--max-input-size", "64G", "x.yaml")
    assert (code, out) == (2, "")
    assert "argument --max-input-size: size too large: '64G' is more than 1073741824 bytes (1Gi)" in err


class _Exhausting(io.RawIOBase):
    """A stream whose reads run out of memory after ``chunks`` chunks."""

    def __init__(self, chunks: int) -> None:
        self.left = chunks

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.left == 0:
            raise MemoryError
        self.left -= 1
        return b"x" * size


def test_running_out_of_memory_while_reading_is_input_too_large() -> None:
    with pytest.raises(InputTooLarge) as caught:
        read_stream(_Exhausting(3), 1024**3)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "input too large for the memory available: out of memory after reading 196608 bytes "
        "(the limit is 1073741824 bytes (1Gi)); lower --max-input-size"
    )


def test_running_out_of_memory_while_building_is_a_yaml_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*_: Any) -> None:
        raise MemoryError

    monkeypatch.setattr(yaml_input._DocumentBuilder, "_add", exhausted)
    documents = load_documents(b"a: 1\n")
    with pytest.raises(yaml.YAMLError) as caught:
        next(documents)
    assert str(caught.value) == (
        "out of memory building a document: the input is too large for the memory available; lower --max-input-size"
    )


def test_a_limit_past_the_memory_available_is_one_line(tmp_path: Path) -> None:
    limit = 768 * 1024**2

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "constructs_locust", "validate", "--max-input-size", "1Gi", "/dev/zero"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap_memory,
        check=False,
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("/dev/zero: -: input too large for the memory available: out of memory after")
    assert result.stderr.endswith("(the limit is 1073741824 bytes (1Gi)); lower --max-input-size\n")
    assert result.stderr.count("\n") == 1


def test_running_out_of_memory_on_a_large_input_is_one_line(tmp_path: Path) -> None:
    """A 60 MiB value is read within a raised limit, then rendering or writing it runs out of memory: one line.

    Where the memory runs out (checking the spec, or writing its YAML) depends on the machine's
    allocator (building the document from YAML is a third place); each says it ran out of memory
    and points at --max-input-size, in one line, never as an internal error.
    """
    limit = 300 * 1024**2

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    big = tmp_path / "big.yaml"
    cr = {
        "apiVersion": "locust.io/v2",
        "kind": "LocustTest",
        "metadata": {"name": "big"},
        "spec": {
            "image": "locustio/locust:2.43.4",
            "master": {"command": "locust -f /lotest/src/x.py -t 5m"},
            "worker": {"command": "locust -f /lotest/src/x.py", "replicas": 1},
            "env": {"variables": [{"name": "X", "value": "x" * (60 * 1024**2)}]},
        },
    }
    big.write_text(yaml.safe_dump(cr, width=2**31))
    result = subprocess.run(
        [sys.executable, "-m", "constructs_locust", "render", "--max-input-size", "1Gi", str(big)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap_memory,
        check=False,
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.endswith(
        (
            f": -: {cli.OUT_OF_MEMORY}\n",  # checking the spec
            f": -: cannot render: {cli.OUT_OF_MEMORY}\n",  # writing its YAML
            f": {yaml_input._OUT_OF_MEMORY}\n",  # building the document
        )
    ), result.stderr


@pytest.mark.parametrize(
    ("module", "function", "said"),
    [
        (cli, "dump_tests", "cannot render: out of memory"),  # writing the files
        (reading, "_render_document", "out of memory"),  # rendering a document: no "internal error"
    ],
    ids=["writing-files", "rendering-a-document"],
)
def test_running_out_of_memory_while_rendering_writes_nothing(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    module: Any,
    function: str,
    said: str,
) -> None:
    def exhausted(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError

    (tmp_path / "t.yaml").write_text(
        "apiVersion: locust.io/v2\nkind: LocustTest\nmetadata: {name: t}\nspec:\n  image: locustio/locust:2.43.4\n"
        "  master: {command: locust -f /lotest/src/x.py -t 5m}\n"
        "  worker: {command: locust -f /lotest/src/x.py, replicas: 1}\n"
    )
    monkeypatch.setattr(module, function, exhausted)
    assert cli.main(["render", str(tmp_path / "t.yaml"), "-o", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (
        "",
        f"constructs-locust: -: {said} (nothing was written); lower --max-input-size or split the input\n",
    )
    assert not (tmp_path / "out").exists()


def test_running_out_of_memory_anywhere_in_a_command_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def exhausted(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError

    monkeypatch.setattr(cli, "_run", exhausted)
    assert cli.main(["validate", str(tmp_path / "x.yaml")]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (
        "",
        "constructs-locust: -: out of memory (nothing was written); lower --max-input-size or split the input\n",
    )

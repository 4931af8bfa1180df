"""kubectl's reading is the reference (issue #20): input typed as kubectl types it, output read back as meant.

The scalar typing of :mod:`constructs_locust.kube._yaml` is checked against a table of go-yaml
v2's results and, where ``kubectl`` is installed, against ``kubectl`` itself; every string the
CLI writes (``render`` output, ``-o`` files, ``--operator-env`` values), every kept document,
snapshot and example is read back by the real ``kubectl`` (``kubectl label --local -f - NAME-
-o json``: it decodes every kind, the LocustTest CR included, with no cluster and no discovery,
and removing a label that is not there changes nothing but an absent ``metadata.labels``, which
it adds empty). All documents of a check go through one ``kubectl`` call.
"""

import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_locust import OperatorDefaults, read_locust_test, render_manifests
from constructs_locust.cli import _yaml_input as yaml_input
from constructs_locust.kube._yaml import SafeDumper, go_resolve, join_documents, needs_quotes
from constructs_locust.otel._collector_config import config_text
from tests.support import CR_FIXTURES, LINT_WARNINGS_BESIDE_THE_POINT, ROOT

KUBECTL = shutil.which("kubectl")
needs_kubectl = pytest.mark.skipif(
    KUBECTL is None, reason="kubectl is not installed: the reading of the real kubectl cannot be compared"
)
SAMPLES = next(
    (
        folder / "reference" / "operator" / "samples"
        for folder in (ROOT.parent / "shared", Path("/work/shared"))
        if (folder / "reference" / "operator" / "samples").is_dir()
    ),
    ROOT / "no-samples",
)
"""The operator's own sample CRs, in the shared folder beside the repository (CI's ``../shared``)."""

AMBIGUOUS = [
    *("y", "n", "Y", "N", "1e3", "1.0e3", "3e-2", ".5e3", "+.5", "0e0", "0o17", "09", "0800", "08540"),
    *("yes", "No", "NO", "on", "Off", "~", "null", "true", "False", "0x1F", "0X1F", "0O17", "0b101", "0B101"),
    *("1_000", "1:00", "1:05", ".inf", "-.Inf", ".NaN", "2001-12-14", "2001-12-14T21:59:43Z", "=", "<<"),
    *("", "+12", "-0", "1.", "0.5", "1e400", ".5_5", "017", "-0b11"),
]
"""Strings that some YAML reader types as no string."""
BREAKS_OF_YAML_11 = ["line1\u2028line2", "a\x85b", "p\u2029q"]
"""Strings with a character that YAML 1.1 takes for a line break and YAML 1.2 does not."""
TRICKY = [
    *AMBIGUOUS,
    *(" lead", "trail ", "#x", "a: b", "- x", "@at", "%p", "!t", "&a", "*a", "|", "?", ":", "x #y"),
    *BREAKS_OF_YAML_11,
]
"""And strings that cannot be plain for other reasons (PyYAML's emitter quotes them)."""
LABEL_SAFE = [
    value
    for value in AMBIGUOUS
    if value[:1].isalnum() and value[-1:].isalnum() and all(char.isalnum() or char in "-_." for char in value)
]
"""Those that are valid label values (and annotation keys): ``y``, ``0o17``, ``1_000``..."""
PLAIN = ["hello", "1.2.3", "v1", "locustio/locust:2.43.1", "a b", "yess", "0x", "._5", "-", "nully"]
"""Strings every reader types as themselves: written as PyYAML always wrote them."""


# ---------------------------------------------------------------------------------------------
# kubectl


def kubectl_read(stream: str, tmp_path: Path) -> list[Any]:
    """Every document of ``stream`` as kubectl reads it, in order (one kubectl call)."""
    assert KUBECTL is not None
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "KUBECONFIG": str(tmp_path / "no-kubeconfig")}
    result = subprocess.run(
        [KUBECTL, "label", "--local", "-f", "-", "kubeyaml.test/probe-", "-o", "json"],
        input=stream,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return list(_json_values(result.stdout))


def _json_values(text: str) -> Iterator[Any]:
    decoder = json.JSONDecoder()
    index = 0
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index == len(text):
            return
        value, index = decoder.raw_decode(text, index)
        yield _without_added_labels(value)


def _without_added_labels(document: Any) -> Any:
    """``document`` without the empty ``metadata.labels`` that ``kubectl label`` adds where there is none."""
    if isinstance(document, dict) and document.get("metadata", {}).get("labels") == {}:
        del document["metadata"]["labels"]
    return document


def as_json(value: Any) -> Any:
    """``value`` as a JSON reader reads it back."""
    return json.loads(json.dumps(value))


# ---------------------------------------------------------------------------------------------
# Input: scalars typed as go-yaml v2 types them, values as kubectl's JSON carries them.

GO_YAML = {
    **dict.fromkeys(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"], True),
    **dict.fromkeys(["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"], False),
    **dict.fromkeys(["~", "null", "Null", "NULL"], None),
    **{"1e3": 1000, "1.0e3": 1000, "3e-2": 0.03, ".5e3": 500, "+.5": 0.5, "0e0": 0, "5.0": 5, "1e1": 10},
    **{"0o17": 15, "0O17": 15, "017": 15, "09": 9, "0800": 800, "08540": 8540, "0x1F": 31, "0X1F": 31},
    **{"+0x1F": 31, "-0x1F": -31, "0b101": 5, "0B101": 5, "-0b11": -3, "1_000": 1000, "1__0": 10, "1_": 1},
    **{".5_5": 0.55, "1_0.5": 10.5, "1e-400": 0, "1e21": 1e21, "0.0000001": 1e-07, "-0.0": 0, "+1": 1},
    **{"1e20": 10**20, "9223372036854775807": 2**63 - 1, "-9223372036854775808": -(2**63)},
    **{"-9223372036854775809": -9223372036854776000, "0777777777777777777777777": 7.777777777777778e23},
    # Strings: sexagesimal, timestamps, out of range, not a number in Go's syntax.
    **{text: text for text in ["1:00", "1:05", "2001-12-14", "2001-1-2", "2001-12-14t21:59:43.10-05:00", "="]},
    **{text: text for text in ["1e400", ".5e400", "-1e400", "._5", "0x", "0b", "0o8", "_1", "1e", ".", "+"]},
    **{text: text for text in ["NaN", "inf", "0x1p3", ".5.", "-0x8000000000000001", "1.2.3", "yess", "<"]},
}
"""Plain scalar -> the value in kubectl's JSON (probed with kubectl v1.32 on ConfigMap data)."""


@pytest.mark.parametrize(("text", "value"), GO_YAML.items(), ids=repr)
def test_a_plain_scalar_is_typed_as_go_yaml_types_it(text: str, value: Any) -> None:
    (document,) = yaml_input.load_documents(f"k: {text}\n")
    assert document == {"k": value}
    assert type(document["k"]) is type(value)


@pytest.mark.parametrize("text", [".nan", ".inf", "-.Inf", "+.INF"])
def test_nan_and_infinities_stay_floats_for_the_checks_to_refuse(text: str) -> None:
    (document,) = yaml_input.load_documents(f"k: {text}\n")
    assert isinstance(document["k"], float) and not math.isfinite(document["k"])


def test_quoted_scalars_are_strings_and_tags_are_go_yaml_s() -> None:
    assert list(yaml_input.load_documents("a: 'y'\nb: \"09\"\nc: !!str 1e3\nd: !!float 1\ne: !!int 0o17\n")) == [
        {"a": "y", "b": "09", "c": "1e3", "d": 1, "e": 15}
    ]
    with pytest.raises(yaml.YAMLError, match=re.escape('cannot read "1.5" as !!int: it reads as !!float')):
        list(yaml_input.load_documents("a: !!int 1.5\n"))


def test_merge_keys_still_merge_and_a_quoted_one_is_a_key() -> None:
    assert list(yaml_input.load_documents("b: &b {x: 1}\nm: {<<: *b, z: 2}\nq: {'<<': 3}\nv: <<\n")) == [
        {"b": {"x": 1}, "m": {"x": 1, "z": 2}, "q": {"<<": 3}, "v": "<<"}
    ]


@needs_kubectl
def test_the_typing_is_kubectl_s(tmp_path: Path) -> None:
    """Every entry of the table, and every ambiguous string, read by kubectl as by the loader."""
    texts = [text for text in dict.fromkeys([*GO_YAML, *AMBIGUOUS]) if not _not_json(go_resolve(text)[1])]
    stream = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typing}\ndata:\n"
    stream += "".join(f"  k{index}: {text}\n" for index, text in enumerate(texts))
    (read,) = kubectl_read(stream, tmp_path)
    (loaded,) = yaml_input.load_documents(stream)
    assert read["data"] == loaded["data"]
    assert len(read["data"]) == len(texts) > 80


def _not_json(value: Any) -> bool:
    """NaN and infinities, which kubectl refuses to send, and integers past 64 bits, which it prints as floats."""
    return (isinstance(value, float) and not math.isfinite(value)) or (isinstance(value, int) and abs(value) >= 2**63)


SPEC = {
    "image": "locustio/locust:2.43.1",
    "master": {"command": "--locustfile /lotest/src/main.py --run-time 5m"},
    "worker": {"command": "--locustfile /lotest/src/main.py", "replicas": 2},
    "testFiles": {"configMapRef": "scripts"},
}


def cr_text(worker: str = "    replicas: 2\n", master: str = "", spec: str = "") -> str:
    """A LocustTest CR in YAML, with extra lines (already indented) in its worker, master and spec."""
    return (
        "apiVersion: locust.io/v2\nkind: LocustTest\nmetadata:\n  name: typed\nspec:\n"
        "  image: locustio/locust:2.43.1\n"
        f"  master:\n    command: --locustfile /lotest/src/main.py --run-time 5m\n{master}"
        f"  worker:\n    command: --locustfile /lotest/src/main.py\n{worker}"
        f"  testFiles:\n    configMapRef: scripts\n{spec}"
    )


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI's exit code and its output, line breaks as written (``\\r\\n`` kept)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "constructs_locust", *args],
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    return subprocess.CompletedProcess(run.args, run.returncode, run.stdout.decode(), run.stderr.decode())


@pytest.mark.parametrize("replicas", ["1:05", "'1:05'", "y", "2001-12-14"])
def test_a_replica_count_kubectl_sends_as_no_integer_is_refused(tmp_path: Path, replicas: str) -> None:
    (tmp_path / "cr.yaml").write_text(cr_text(worker=f"    replicas: {replicas}\n"))
    run = run_cli(tmp_path, "render", "cr.yaml")
    assert run.returncode == 1 and run.stdout == ""
    assert "spec.worker.replicas: Invalid value:" in run.stderr and "must be of type integer" in run.stderr


@pytest.mark.parametrize(("replicas", "parallelism"), [("1e1", 10), ("0o5", 5), ("5.0", 5), ("0x0A", 10), ("1_2", 12)])
def test_a_replica_count_kubectl_sends_as_an_integer_is_one(tmp_path: Path, replicas: str, parallelism: int) -> None:
    (tmp_path / "cr.yaml").write_text(cr_text(worker=f"    replicas: {replicas}\n"))
    run = run_cli(tmp_path, "render", "cr.yaml")
    assert (run.returncode, run.stderr) == (0, "")
    assert f"  parallelism: {parallelism}\n" in run.stdout


def test_a_sexagesimal_timeout_is_refused_not_read_as_seconds(tmp_path: Path) -> None:
    (tmp_path / "cr.yaml").write_text(cr_text(master="    autoquit:\n      enabled: true\n      timeout: 1:00\n"))
    run = run_cli(tmp_path, "validate", "cr.yaml")
    assert run.returncode == 1
    assert 'spec.master.autoquit.timeout: Invalid value: "1:00": must be of type integer' in run.stderr


def test_an_unquoted_y_label_is_a_boolean_as_kubectl_sends_it(tmp_path: Path) -> None:
    (tmp_path / "cr.yaml").write_text(cr_text(master="    labels:\n      role: y\n"))
    run = run_cli(tmp_path, "validate", "cr.yaml")
    assert run.returncode == 1
    assert "spec.master.labels.role: Invalid value: true: must be of type string" in run.stderr


def test_a_date_like_label_is_a_string_as_kubectl_sends_it(tmp_path: Path) -> None:
    (tmp_path / "cr.yaml").write_text(cr_text(master="    labels:\n      released: 2001-12-14\n"))
    run = run_cli(tmp_path, "render", "cr.yaml")
    assert (run.returncode, run.stderr) == (0, "")
    assert "released: '2001-12-14'\n" in run.stdout


# ---------------------------------------------------------------------------------------------
# Output: every string read back as itself.


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_an_ambiguous_string_needs_quotes(text: str) -> None:
    assert needs_quotes(text)


@pytest.mark.parametrize("text", PLAIN)
def test_a_plain_string_is_written_as_before(text: str) -> None:
    assert not needs_quotes(text)
    assert yaml.dump({"k": text}, Dumper=SafeDumper) == yaml.safe_dump({"k": text})


@pytest.mark.parametrize("text", TRICKY)
def test_every_reader_reads_a_written_string_back(text: str) -> None:
    written = yaml.dump({text: text}, Dumper=SafeDumper)
    (read,) = yaml_input.load_documents(written)
    assert read == {text: text}
    assert yaml.safe_load(written) == {text: text}


NODE_YAML = Path(__file__).resolve().parents[1] / "node_modules" / "yaml"


@pytest.mark.skipif(shutil.which("node") is None or not NODE_YAML.is_dir(), reason="node or its yaml package is absent")
@pytest.mark.parametrize("schema", ["core", "yaml-1.1"])
def test_a_yaml_1_2_and_a_yaml_1_1_reader_read_every_written_string_back(schema: str) -> None:
    """The npm ``yaml`` package (installed with cdk8s-cli), as a YAML 1.2 core and a YAML 1.1 reader."""
    written = yaml.dump({"values": TRICKY}, Dumper=SafeDumper, allow_unicode=True)
    script = (
        f"const YAML = require({json.dumps(str(NODE_YAML))});"
        "let text = ''; process.stdin.on('data', c => text += c);"
        "process.stdin.on('end', () =>"
        f" process.stdout.write(JSON.stringify(YAML.parse(text, {{schema: '{schema}'}}))));"
    )
    result = subprocess.run(
        ["node", "-e", script], input=written, capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(result.stdout) == {"values": TRICKY}


def tricky_cr() -> dict[str, Any]:
    """A LocustTest with every ambiguous string in labels, annotations (keys too), env values and args."""
    labels = {f"l{index}": value for index, value in enumerate(LABEL_SAFE)}
    annotations = {f"example.com/a{index}": value for index, value in enumerate(TRICKY)}
    annotations |= {key: "key" for key in LABEL_SAFE}
    variables = [{"name": f"V{index}", "value": value} for index, value in enumerate(TRICKY)]
    master = {**SPEC["master"], "labels": labels, "annotations": annotations, "extraArgs": TRICKY}
    worker = {**SPEC["worker"], "labels": {"canary": "n"}, "extraArgs": TRICKY}
    spec = {**SPEC, "master": master, "worker": worker, "env": {"variables": variables}}
    return {"apiVersion": "locust.io/v2", "kind": "LocustTest", "metadata": {"name": "tricky"}, "spec": spec}


OPERATOR_ENV = "KAFKA_USERNAME=08540\nKAFKA_PASSWORD=y\nKAFKA_BOOTSTRAP_SERVERS=0o17\n"


def expected_manifests(cr: dict[str, Any], defaults: OperatorDefaults | None = None) -> list[Any]:
    """The library's objects for ``cr``, as JSON."""
    document = read_locust_test(cr)
    manifests = render_manifests(document.spec, document.name, document.namespace, defaults)
    return [as_json(manifest) for manifest in manifests]


@needs_kubectl
def test_render_output_and_files_are_read_by_kubectl_as_meant(tmp_path: Path) -> None:
    cr = tricky_cr()
    (tmp_path / "tricky.yaml").write_text(json.dumps(cr))  # JSON is YAML: the input is unambiguous
    (tmp_path / "operator.env").write_text(OPERATOR_ENV)
    printed = run_cli(tmp_path, "render", "--operator-env", "operator.env", "tricky.yaml")
    written = run_cli(tmp_path, "render", "--operator-env", "operator.env", "-o", "out", "tricky.yaml")
    assert (printed.returncode, printed.stderr, written.returncode, written.stderr) == (0, "", 0, "")
    file_text = (tmp_path / "out" / "tricky.yaml").read_text()
    expected = expected_manifests(cr, OperatorDefaults.from_env(dict(_env_lines(OPERATOR_ENV))))
    assert kubectl_read(printed.stdout + file_text, tmp_path) == expected + expected
    master_env = {
        item["name"]: item.get("value") for item in expected[1]["spec"]["template"]["spec"]["containers"][0]["env"]
    }
    assert {master_env[name] for name in ("KAFKA_USERNAME", "KAFKA_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS")} == {
        "08540",
        "y",
        "0o17",
    }
    assert "canary: 'n'\n" in printed.stdout and "value: '08540'\n" in file_text


def _env_lines(text: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines():
        name, _, value = line.partition("=")
        yield name, value


@needs_kubectl
def test_the_cr_read_back_by_kubectl_is_the_one_meant(tmp_path: Path) -> None:
    """The CR itself, written by this library's dumper: the LocustTest kind decodes with no discovery."""
    cr = tricky_cr()
    text = yaml.dump(cr, Dumper=SafeDumper, sort_keys=False)
    assert kubectl_read(text, tmp_path) == [cr]


# ---------------------------------------------------------------------------------------------
# Kept documents: their source, byte for byte.

KEPT = (
    "# a secret, whose password ends with two spaces\n"
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds   # the name\n"
    "stringData:\n  ambiguous: y\n  date: 2001-12-14\n  password: |\n    hunter2  \n"
)
LOCUST_CR = json.dumps({"apiVersion": "locust.io/v2", "kind": "LocustTest", "metadata": {"name": "t"}, "spec": SPEC})
KEPT_AFTER = (
    "--- # a config map, CRLF line breaks, a tab after a value, a kept block's trailing blank lines\r\n"
    "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: cm}\r\n"
    'data:\r\n  tabs: "a\\tb"\t\r\n  keep: |+\r\n    x\r\n\r\n\r\n'
)


def test_kept_documents_are_written_byte_for_byte(tmp_path: Path) -> None:
    (tmp_path / "mixed.yaml").write_text(KEPT + "---\n" + LOCUST_CR + "\n" + KEPT_AFTER, newline="")
    printed = run_cli(tmp_path, "render", "--other-kinds", "keep", "mixed.yaml")
    written = run_cli(tmp_path, "render", "--other-kinds", "keep", "-o", "out", "mixed.yaml")
    assert (printed.returncode, printed.stderr, written.returncode, written.stderr) == (0, "", 0, "")
    out = printed.stdout
    assert out.startswith("---\n" + KEPT)
    assert out.endswith(KEPT_AFTER)
    kept_file = (tmp_path / "out" / "_other-kinds.yaml").read_bytes().decode()
    assert kept_file == "---\n" + KEPT + KEPT_AFTER


def test_a_kept_document_with_a_directive_is_ended_before(tmp_path: Path) -> None:
    directive = "%YAML 1.1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n"
    (tmp_path / "a.yaml").write_text(LOCUST_CR + "\n---\n" + "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}")
    (tmp_path / "b.yaml").write_text(directive)
    run = run_cli(tmp_path, "render", "--other-kinds", "keep", "a.yaml", "b.yaml")
    assert (run.returncode, run.stderr) == (0, "")
    assert "\nmetadata: {name: x}\n...\n" + directive in run.stdout
    assert [document["kind"] for document in yaml.safe_load_all(run.stdout)] == [
        "Service",
        "Job",
        "Job",
        "Namespace",
        "ConfigMap",
    ]


def test_documents_are_joined_into_one_valid_stream() -> None:
    directive = "%YAML 1.1\n---\nb: 2\n"
    assert join_documents(["---\na: wait...\n", directive]) == "---\na: wait...\n...\n" + directive
    assert join_documents(["---\na: 1\n... # end\n", directive]) == "---\na: 1\n... # end\n" + directive
    assert join_documents(["---\na: |\n  x", "", "---\nb: 2\n"]) == "---\na: |\n  x\n---\nb: 2\n"
    assert join_documents(["", "---\na: |+\n  x"]) == "---\na: |+\n  x"  # at the end: exactly as written


@needs_kubectl
def test_kept_documents_are_read_by_kubectl_as_their_source(tmp_path: Path) -> None:
    (tmp_path / "mixed.yaml").write_text(KEPT + "---\n" + LOCUST_CR + "\n" + KEPT_AFTER, newline="")
    run = run_cli(tmp_path, "render", "--other-kinds", "keep", "mixed.yaml")
    assert (run.returncode, run.stderr) == (0, "")
    read = kubectl_read(run.stdout, tmp_path)
    source = kubectl_read(KEPT + KEPT_AFTER, tmp_path)
    assert [read[0], read[-1]] == source
    assert source[0]["stringData"] == {"ambiguous": True, "date": "2001-12-14", "password": "hunter2  \n"}
    assert source[1]["data"] == {"tabs": "a\tb", "keep": "x\n\n\n"}


# ---------------------------------------------------------------------------------------------
# Everything else this library writes.


def test_the_collector_configuration_quotes_ambiguous_strings() -> None:
    text = config_text({"exporters": {"otlp": {"headers": {value: value for value in LABEL_SAFE}}}})
    assert "'0o17': '0o17'\n" in text and "'y': 'y'\n" in text
    (read,) = yaml_input.load_documents(text)
    assert read["exporters"]["otlp"]["headers"] == {value: value for value in LABEL_SAFE}


def example_streams() -> Iterator[tuple[str, str]]:
    """Every snapshot, the example app's ``dist/`` and the committed CRD, as (name, YAML text)."""
    for path in sorted((ROOT / "tests" / "__snapshots__").rglob("*.yaml")):
        yield str(path.relative_to(ROOT)), path.read_text()
    for path in sorted((ROOT / "dist").glob("*.yaml")):
        yield str(path.relative_to(ROOT)), path.read_text()
    yield "crds/locust.io_locusttests.yaml", (ROOT / "crds" / "locust.io_locusttests.yaml").read_text()


def _objects(text: str) -> list[Any]:
    """The Kubernetes objects of a stream as PyYAML reads it (documents without a kind are not objects)."""
    return [document for document in yaml.safe_load_all(text) if isinstance(document, dict) and "kind" in document]


@needs_kubectl
def test_every_snapshot_and_example_is_read_by_kubectl_as_by_yaml_1_1(tmp_path: Path) -> None:
    names, stream, expected = [], "", []
    for name, text in example_streams():
        objects = _objects(text)
        names.append(name)
        expected.extend(as_json(item) for item in objects)
        stream += _as_stream(text, objects)
    read = kubectl_read(stream, tmp_path)
    assert len(read) == len(expected) > 30
    assert read == expected


def _as_stream(text: str, objects: list[Any]) -> str:
    """``text`` as it is, ready to follow another stream, when it holds objects (text snapshots hold none)."""
    if not objects:
        return ""
    return ("" if text.startswith("---") else "---\n") + text + ("" if text.endswith("\n") else "\n")


@needs_kubectl
@LINT_WARNINGS_BESIDE_THE_POINT
def test_every_sample_and_fixture_renders_to_what_kubectl_reads_as_meant(tmp_path: Path) -> None:
    groups = [sorted(CR_FIXTURES.glob("*.yaml")), sorted(SAMPLES.glob("*.yaml")) if SAMPLES.is_dir() else []]
    stream, expected = "", []
    for number, paths in enumerate(groups):
        run = run_cli(tmp_path, "render", "-o", f"out{number}", *map(str, paths))
        assert run.returncode == 0, run.stderr
        stream += "".join(path.read_text() for path in sorted((tmp_path / f"out{number}").glob("*.yaml")))
        documents = [document for path in paths for document in yaml_input.load_documents(path.read_bytes())]
        rendered = [expected_manifests(document) for document in documents]
        expected.extend(sorted(rendered, key=lambda manifests: str(manifests[0]["metadata"]["name"])))
    read = kubectl_read(stream, tmp_path)
    assert read == [manifest for manifests in expected for manifest in manifests]
    assert len(read) == 3 * sum(map(len, groups)) > 30

"""The requests a test's constructs send the Node runtime, encoded at once (``constructs/_jsii_wire.py``).

Each test builds the same app twice in one process: through the one-pass encoder, and through
jsii's own runtime (the encoder switched off), and compares what reaches Node (every request,
``$jsii.map`` wrappers unwrapped and object numbers dropped) and what ``app.synth`` writes.
"""

import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import cdk8s
import jsii
import pytest
import yaml

from constructs_locust import LocustTest, LocustTestSpec, NetworkFence, Reports, Thresholds
from constructs_locust.constructs import _jsii_wire
from constructs_locust.constructs._manifest_object import ManifestObject
from tests.support import CR_FIXTURES, LINT_WARNINGS_BESIDE_THE_POINT

pytestmark = LINT_WARNINGS_BESIDE_THE_POINT

_MINIMAL_CR_SPEC = {
    "image": "locustio/locust:2.43.1",
    "master": {"command": "--locustfile /lotest/src/l.py --run-time 1m"},
    "worker": {"command": "--locustfile /lotest/src/l.py", "replicas": 2},
    "testFiles": {"configMapRef": "scripts"},
}


class _Recorder:
    """Stands in for the Node process's stdin: keeps every request line written to it."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.lines: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.lines.extend(line for line in data.split(b"\n") if line)
        written: int = self.stream.write(data)
        return written

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def _recorded(monkeypatch: pytest.MonkeyPatch, *, one_pass: bool) -> Iterator[list[bytes]]:
    """Record every request sent to Node inside; ``one_pass=False`` sends them all through jsii's runtime."""
    process = cast(Any, jsii.kernel.provider)._process
    recorder = _Recorder(process._process.stdin)
    with monkeypatch.context() as patch:
        patch.setattr(process._process, "stdin", recorder)
        if not one_pass:
            patch.setattr(_jsii_wire, "_node_process", lambda: None)
        yield recorder.lines


def _normalized(line: bytes) -> Any:
    """A request as the kernel reads it: maps unwrapped, object numbers (which differ run to run) dropped."""

    def unwrap(value: Any) -> Any:
        if isinstance(value, dict):
            if value.keys() == {"$jsii.map"}:
                return unwrap(value["$jsii.map"])
            return {key: unwrap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [unwrap(item) for item in value]
        if isinstance(value, str):
            return re.sub(r"@\d+$", "@", value)
        return value

    return unwrap(json.loads(line))


def _add_every_fixture(chart: cdk8s.Chart) -> None:
    """Every v2 CR fixture as a test, and one test with every extra object (policies, plugin)."""
    for path in sorted(CR_FIXTURES.glob("*.yaml")):
        for index, cr in enumerate(yaml.safe_load_all(path.read_text(encoding="utf-8"))):
            if cr.get("apiVersion") != "locust.io/v2":
                continue
            name = f"{path.stem.replace('_', '-')[:40]}-{index}"
            LocustTest(chart, name, spec=LocustTestSpec.from_cr(cr["spec"]))
    spec = LocustTestSpec.from_cr(_MINIMAL_CR_SPEC)
    LocustTest(
        chart,
        "fenced",
        spec=spec,
        network_policy=NetworkFence(),
        thresholds=Thresholds(failure_ratio=0.01),
        reports=Reports(volume_claim="reports"),
    )


def _build(monkeypatch: pytest.MonkeyPatch, outdir: Path, *, one_pass: bool) -> tuple[list[Any], dict[str, bytes]]:
    """Every fixture's test in a fresh app: the requests their constructs sent, and the files synthesized."""
    app = cdk8s.App(outdir=str(outdir))
    chart = cdk8s.Chart(app, "load", namespace="perf")
    with _recorded(monkeypatch, one_pass=one_pass) as lines:
        _add_every_fixture(chart)
    app.synth()
    written = {path.name: path.read_bytes() for path in sorted(outdir.iterdir())}
    return [_normalized(line) for line in lines], written


def test_the_requests_and_the_yaml_are_those_of_jsiis_own_runtime(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fast_requests, fast_yaml = _build(monkeypatch, tmp_path / "one-pass", one_pass=True)
    jsii_requests, jsii_yaml = _build(monkeypatch, tmp_path / "jsii", one_pass=False)
    assert fast_yaml == jsii_yaml
    assert len(fast_requests) == len(jsii_requests) > 50

    def in_any_order(requests: list[Any]) -> list[str]:  # an object's patches now go before its create
        return sorted(json.dumps(request, sort_keys=True) for request in requests)

    assert in_any_order(fast_requests) == in_any_order(jsii_requests)


def test_the_library_s_objects_take_the_one_pass_path(monkeypatch: pytest.MonkeyPatch) -> None:
    through_jsii: list[str] = []
    process = cast(Any, jsii.kernel.provider)._process
    send = process.send
    chart = cdk8s.Chart(cdk8s.Testing.app(), "load")
    spec = LocustTestSpec.from_cr(_MINIMAL_CR_SPEC)
    LocustTest(chart, "first", spec=spec)  # the scope's own look-ups, once per scope, go through jsii as before

    def counted_send(request: Any, response_type: Any) -> Any:
        through_jsii.append(type(request).__name__)
        return send(request, response_type)

    monkeypatch.setattr(process, "send", counted_send)
    with _recorded(monkeypatch, one_pass=True) as lines:
        LocustTest(chart, "second", spec=spec)
    assert through_jsii == []
    assert len(lines) == 10  # the Construct; per object: JsonPatch.add, create (written at once), addJsonPatch


def _object(scope: Any, manifest: dict[str, Any]) -> list[dict[str, Any]]:
    ManifestObject(scope, "Object", manifest=manifest)
    return list(cdk8s.Testing.synth(scope))


def _config_map(data: Any) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": data}


@pytest.mark.parametrize(
    "data",
    [
        {"$jsii.map": {"a": "b"}},  # the kernel would read this key as a wire token: jsii wraps it
        {"$jsii.byref": "cdk8s.App@10000"},
        {"text": 'a "$jsii.map" in a value'},  # harmless, but the cheap check cannot tell
    ],
    ids=["map-token-key", "reference-token-key", "token-in-a-value"],
)
def test_data_the_kernel_could_read_as_a_wire_token_goes_through_jsii(
    monkeypatch: pytest.MonkeyPatch, data: dict[str, Any]
) -> None:
    assert _jsii_wire._plain(data) is None
    fast = _object(cdk8s.Chart(cdk8s.Testing.app(), "fast"), _config_map(data))
    with monkeypatch.context() as patch:
        patch.setattr(_jsii_wire, "_node_process", lambda: None)
        slow = _object(cdk8s.Chart(cdk8s.Testing.app(), "slow"), _config_map(data))
    # Reading the synthesized objects back, jsii turns a "$jsii.byref" map into whatever object of
    # this process has that number (a fresh proxy each time): compare what they are, not which.
    assert _shown(fast) == _shown(slow)


def _shown(value: Any) -> str:
    """``value`` as JSON, a jsii object shown by its class (proxies of one object are not equal)."""
    return json.dumps(value, sort_keys=True, default=lambda obj: f"<{type(obj).__qualname__}>")


@pytest.mark.parametrize("value", [math.nan, datetime(2026, 1, 1), {1, 2}], ids=["nan", "datetime", "set"])
def test_data_that_is_not_plain_json_goes_through_jsii(value: Any) -> None:
    assert _jsii_wire._plain({"key": value}) is None
    scope = cdk8s.Chart(cdk8s.Testing.app(), "load")
    assert not _jsii_wire.create_api_object(
        ManifestObject.__new__(ManifestObject), scope, "x", _config_map({"key": value}), ["data"]
    )


def test_metadata_beyond_name_namespace_labels_and_annotations_goes_through_jsii() -> None:
    scope = cdk8s.Chart(cdk8s.Testing.app(), "load")
    manifest = _config_map({})
    manifest["metadata"] = {"name": "x", "finalizers": ["a/b"]}
    assert not _jsii_wire.create_api_object(ManifestObject.__new__(ManifestObject), scope, "x", manifest, ["data"])
    assert _object(scope, manifest)[0]["metadata"]["finalizers"] == ["a/b"]


def test_a_scope_that_is_not_a_jsii_object_goes_through_jsii() -> None:
    assert not _jsii_wire.create_construct(object(), object(), "x")


def test_host_stack_traces_switch_the_one_pass_path_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JSII_HOST_STACK_TRACES", "1")
    assert _jsii_wire._node_process() is None


class _LabelledChart(cdk8s.Chart):
    """A chart whose ``labels`` is a Python override: Node calls back into Python when an object reads it."""

    @property
    def labels(self) -> dict[str, str]:
        return {"team": "load"}


def test_a_callback_into_python_while_an_object_is_created_is_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = LocustTestSpec.from_cr(_MINIMAL_CR_SPEC)
    fast_chart = _LabelledChart(cdk8s.Testing.app(), "fast")
    LocustTest(fast_chart, "demo", spec=spec)
    with monkeypatch.context() as patch:
        patch.setattr(_jsii_wire, "_node_process", lambda: None)
        slow_chart = _LabelledChart(cdk8s.Testing.app(), "slow")
        LocustTest(slow_chart, "demo", spec=spec)
    fast, slow = cdk8s.Testing.synth(fast_chart), cdk8s.Testing.synth(slow_chart)
    assert fast == slow
    assert all(manifest["metadata"]["labels"]["team"] == "load" for manifest in fast)


def test_an_error_from_node_is_raised_as_jsii_raises_it() -> None:
    scope = cdk8s.Chart(cdk8s.Testing.app(), "load")
    ManifestObject(scope, "Same", manifest=_config_map({}))
    with pytest.raises(RuntimeError, match="There is already a Construct with name 'Same'"):
        ManifestObject(scope, "Same", manifest=_config_map({}))


class _Described(LocustTest):
    """A test whose ``to_string`` overrides the construct's: jsii registers the override at creation."""

    def to_string(self) -> str:
        return "described"


def test_a_subclass_s_overrides_are_registered_as_jsii_registers_them(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = LocustTestSpec.from_cr(_MINIMAL_CR_SPEC)
    requests = []
    for one_pass in (True, False):
        chart = cdk8s.Chart(cdk8s.Testing.app(), "load")
        LocustTest(chart, "scope-look-ups", spec=spec)  # the scope's look-ups, once per scope, through jsii
        with _recorded(monkeypatch, one_pass=one_pass) as lines:
            _Described(chart, "demo", spec=spec)
        requests.append(next(_normalized(line) for line in lines if b'"constructs.Construct"' in line))
    assert requests[0] == requests[1]
    assert requests[0]["overrides"] == [{"method": "toString", "property": None, "cookie": "to_string"}]

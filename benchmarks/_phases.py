"""Where a test's time goes, in one process: ``run.py`` prints what this measures.

Usage: ``python _phases.py CASE ARGS...`` (the cases below, arguments as in ``_child.py``); prints one JSON
object: ``{"tests": N, "phases": {label: seconds}, "calls": {label: count}}``. The work is the
very one the fresh-process benchmark times (the same library functions, called the same way),
with a clock around each stage, after every import, so the figures add up to the work alone.

- ``synth``: ``LocustTestSpec.from_cr`` (reading the CR into a checked spec), inside
  ``LocustTest``: ``render_manifests`` (the webhook's and the API server's checks again on the
  name and namespace, then building the three objects), the jsii round trips (each write to
  the Node runtime and its answer: time spent waiting on Node), the rest of ``LocustTest`` in
  Python (jsii's own serialising of the bodies, the name claims, the lint warnings), then
  ``app.synth()``.
- ``synth-floor``: the same for bare ``ApiObject`` s from precomputed bodies.
- ``render-floor``: ``_child.py render-floor`` with the same clocks.
- ``render``: the command line's ``render FILE... -o DIR``, with a clock around reading the
  files, parsing the YAML, checking (``read_locust_test``: schema, webhook, API server rules),
  building (``render_manifests``), the lint warnings, dumping the YAML and writing the files.
"""

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

_SECONDS: Counter[str] = Counter()
_CALLS: Counter[str] = Counter()
_STACK: list[str] = []
SYNTH = "app.synth() (Node writes the YAML)"
JSII = "jsii round trips (waiting on Node)"


def _timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its calls counted and its exclusive time (less inner clocks') added to ``label``."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        if label == JSII and _STACK and _STACK[-1] == SYNTH:
            return function(*args, **kwargs)  # part of app.synth(): counted there
        _STACK.append(label)
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            _STACK.pop()
            _SECONDS[label] += elapsed
            _CALLS[label] += 1
            if _STACK:
                _SECONDS[_STACK[-1]] -= elapsed

    return timed


def _count_jsii() -> None:
    """Time every round trip to the jsii runtime (Node) and count them.

    jsii's runtime sends one request per round trip; the library's one-pass encoder
    (``constructs/_jsii_wire.py``) writes an object's patches and its create at once, one round
    trip. Either way the clock runs from the write to the last answer read.
    """
    from jsii._kernel.providers import process

    process._NodeProcess.send = _timed(JSII, process._NodeProcess.send)  # type: ignore[method-assign]
    try:
        from constructs_locust.constructs import _jsii_wire
    except ImportError:  # an older checkout: every request goes through jsii's runtime
        return
    _jsii_wire._exchange = _timed(JSII, _jsii_wire._exchange)


def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def synth(crs_path: str, outdir: str) -> int:
    import cdk8s

    from constructs_locust import LocustTest, LocustTestSpec
    from constructs_locust.constructs import _locust_test

    crs = _load(crs_path)
    app = cdk8s.App(outdir=outdir)
    chart = cdk8s.Chart(app, "load")
    _count_jsii()
    _locust_test.render_manifests = _timed("render_manifests (checks, building)", _locust_test.render_manifests)
    from_cr = _timed("from_cr (reading, checks)", LocustTestSpec.from_cr)
    construct = _timed("LocustTest, the rest (Python: jsii serialising, claims, lint)", LocustTest)
    for cr in crs:
        metadata = cr["metadata"]
        construct(chart, metadata["name"], spec=from_cr(cr["spec"]), namespace=metadata["namespace"])
    _timed(SYNTH, app.synth)()
    return len(crs)


def synth_floor(manifests_path: str, outdir: str) -> int:
    import cdk8s

    manifests = _load(manifests_path)
    app = cdk8s.App(outdir=outdir)
    chart = cdk8s.Chart(app, "load")
    _count_jsii()
    add = _timed("ApiObjects, the rest (Python: jsii serialising)", _add_object)
    for index, manifest in enumerate(manifests):
        add(cdk8s, chart, index, manifest)
    _timed(SYNTH, app.synth)()
    return len(manifests) // 3


def _add_object(cdk8s: Any, chart: Any, index: int, manifest: dict[str, Any]) -> None:
    api_object = cdk8s.ApiObject(
        chart, f"o{index}", api_version=manifest["apiVersion"], kind=manifest["kind"], metadata=manifest["metadata"]
    )
    api_object.add_json_patch(cdk8s.JsonPatch.add("/spec", manifest["spec"]))


def render(outdir: str, *cr_files: str) -> int:
    from constructs_locust.cli import _main, _reading, _yaml_input

    _yaml_input.read_input = _timed("reading files", _yaml_input.read_input)
    load_documents = _yaml_input.load_documents  # a generator: parse it all inside the clock
    _yaml_input.load_documents = _timed("parsing YAML", lambda data: iter(list(load_documents(data))))
    _reading.read_locust_test = _timed("checking (schema, webhook, API server)", _reading.read_locust_test)
    _reading.render_manifests = _timed("building (render_manifests)", _reading.render_manifests)
    _reading.spec_warnings = _timed("lint warnings", _reading.spec_warnings)
    _main.dump_tests = _timed("dumping YAML", _main.dump_tests)
    _main.write_files = _timed("writing files (atomic)", _main.write_files)
    status = _timed("the rest (arguments, reports, checks of names)", _main.main)(["render", *cr_files, "-o", outdir])
    if status != 0:
        sys.exit(f"render failed: {status}")
    return len(cr_files)


def render_floor(manifests_path: str, outdir: str, *cr_files: str) -> int:
    """``_child.py render-floor`` with the same clocks: PyYAML (libyaml) reads, dumps, writes."""
    import yaml

    manifests = _load(manifests_path)
    directory = Path(outdir)
    directory.mkdir(parents=True, exist_ok=True)

    def read(path: str) -> bytes:
        with open(path, "rb") as stream:
            return stream.read()

    def dump(documents: list[Any]) -> str:
        text: str = yaml.dump_all(
            documents,
            Dumper=yaml.CSafeDumper,
            sort_keys=False,
            explicit_start=True,
            allow_unicode=True,
            default_flow_style=False,
            width=2**31 - 1,
        )
        return text

    timed_read = _timed("reading files", read)
    parse = _timed("parsing YAML", lambda data: list(yaml.load_all(data, Loader=yaml.CSafeLoader)))
    timed_dump = _timed("dumping YAML", dump)
    write = _timed("writing files", lambda path, text: path.write_text(text, encoding="utf-8"))
    for index, cr_file in enumerate(cr_files):
        (cr,) = parse(timed_read(cr_file))
        write(directory / f"{cr['metadata']['name']}.yaml", timed_dump(manifests[3 * index : 3 * index + 3]))
    return len(cr_files)


CASES: dict[str, Callable[..., int]] = {
    "synth": synth,
    "synth-floor": synth_floor,
    "render": render,
    "render-floor": render_floor,
}

if __name__ == "__main__":
    tests = CASES[sys.argv[1]](*sys.argv[2:])
    print(json.dumps({"tests": tests, "phases": dict(_SECONDS), "calls": dict(_CALLS)}))

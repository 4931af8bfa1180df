"""The processes that ``run.py`` times, one case per fresh interpreter.

Usage: ``python _child.py CASE ARGS...``. Every input was prepared by ``run.py`` before the
clock started, so each case does only the work being measured (plus interpreter start-up,
imports and, for cdk8s, starting Node, which every real run pays too).

- ``synth-ours CRS.json OUTDIR``: ``LocustTestSpec.from_cr`` and ``LocustTest`` for every CR,
  then ``app.synth()``: what a user's cdk8s app does.
- ``synth-floor MANIFESTS.json OUTDIR``: the same objects, already rendered, handed to bare
  ``cdk8s.ApiObject`` s (one JSON patch each for the body), then ``app.synth()``: the least any
  cdk8s app that creates these objects has to pay.
- ``render-floor MANIFESTS.json OUTDIR CR_FILE...``: PyYAML's C loader reads every CR file and
  its C dumper writes the already rendered objects, one file per test as ``render -o`` does.

Two untimed helpers keep the parent process small (a child's peak RSS starts from its
parent's, which it shares until ``exec``): ``prepare COUNT DIR`` writes the inputs and
``versions`` prints the PyYAML version and whether libyaml is there.
"""

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _load_json(path: str) -> Any:
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def synth_ours(crs_path: str, outdir: str) -> None:
    import cdk8s

    from constructs_locust import LocustTest, LocustTestSpec

    crs = _load_json(crs_path)
    app = cdk8s.App(outdir=outdir)
    chart = cdk8s.Chart(app, "load")
    for cr in crs:
        metadata = cr["metadata"]
        spec = LocustTestSpec.from_cr(cr["spec"])
        LocustTest(chart, metadata["name"], spec=spec, namespace=metadata["namespace"])
    app.synth()


def synth_floor(manifests_path: str, outdir: str) -> None:
    import cdk8s

    manifests = _load_json(manifests_path)
    app = cdk8s.App(outdir=outdir)
    chart = cdk8s.Chart(app, "load")
    for index, manifest in enumerate(manifests):
        api_object = cdk8s.ApiObject(
            chart,
            f"o{index}",
            api_version=manifest["apiVersion"],
            kind=manifest["kind"],
            metadata=manifest["metadata"],
        )
        api_object.add_json_patch(cdk8s.JsonPatch.add("/spec", manifest["spec"]))
    app.synth()


def render_floor(manifests_path: str, outdir: str, *cr_files: str) -> None:
    import yaml

    manifests = _load_json(manifests_path)
    directory = Path(outdir)
    directory.mkdir(parents=True, exist_ok=True)
    for index, cr_file in enumerate(cr_files):
        with open(cr_file, "rb") as stream:
            (cr,) = yaml.load_all(stream, Loader=yaml.CSafeLoader)
        text = yaml.dump_all(
            manifests[3 * index : 3 * index + 3],
            Dumper=yaml.CSafeDumper,
            sort_keys=False,
            explicit_start=True,
            allow_unicode=True,
            default_flow_style=False,
            width=2**31 - 1,
        )
        (directory / f"{cr['metadata']['name']}.yaml").write_text(text, encoding="utf-8")


def prepare(count: str, directory: str) -> None:
    """Write ``crs.json``, ``manifests.json`` (rendered) and ``crs/<name>.yaml`` for N tests."""
    import yaml
    from workload import NAMESPACE, locust_test_crs

    from constructs_locust import LocustTestSpec, render_manifests

    root = Path(directory)
    (root / "crs").mkdir(parents=True)
    crs = locust_test_crs(int(count))
    manifests: list[dict[str, Any]] = []
    for cr in crs:
        name = cr["metadata"]["name"]
        manifests.extend(render_manifests(LocustTestSpec.from_cr(cr["spec"]), name, NAMESPACE))
        (root / "crs" / f"{name}.yaml").write_text(yaml.safe_dump(cr, sort_keys=False), encoding="utf-8")
    (root / "crs.json").write_text(json.dumps(crs), encoding="utf-8")
    (root / "manifests.json").write_text(json.dumps(manifests), encoding="utf-8")


def versions() -> None:
    """Print the PyYAML version and whether its C extension (libyaml) is available."""
    import yaml

    print(f"PyYAML {yaml.__version__} (libyaml: {'yes' if yaml.__with_libyaml__ else 'no'})")


CASES: dict[str, Callable[..., None]] = {
    "synth-ours": synth_ours,
    "synth-floor": synth_floor,
    "render-floor": render_floor,
    "prepare": prepare,
    "versions": versions,
}

if __name__ == "__main__":
    CASES[sys.argv[1]](*sys.argv[2:])

"""The processes that ``test_files.py`` times, one case per fresh interpreter.

Usage: ``python _files_child.py CASE ARGS...``.

- ``prepare COUNT DIR``: writes ``DIR/repo/src`` (a locustfile) and ``DIR/repo/lib`` (three
  modules and a binary file), ``DIR/crs.json`` (N LocustTest CRs, the five shapes of
  ``workload.py``) and ``DIR/manifests.json``: the 5N objects that ``synth-ours`` makes, as
  synthesized (untimed).
- ``synth-ours DIR OUTDIR``: per test, ``LocustTestFiles`` (reads the two folders, builds two
  cdk8s-plus ConfigMaps) and ``LocustTest`` with its ``test_files``; then ``app.synth()``.
- ``synth-floor DIR OUTDIR``: the same 5N objects, already rendered, as bare
  ``cdk8s.ApiObject`` s (one JSON patch per top-level field); then ``app.synth()``.
- ``in-process DIR REPEATS``: both of the above in one process, alternating, after every
  import, Node's start and one untimed warm-up run of each; prints the wall seconds of each
  run as JSON.
"""

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOCUSTFILE = '''"""A locustfile of typical size."""

from locust import HttpUser, between, task

from shop import CATALOG, item_path


class Shopper(HttpUser):
    wait_time = between(1, 3)

    @task(3)
    def browse(self):
        self.client.get(CATALOG)

    @task
    def item(self):
        self.client.get(item_path(42), name="/item/[id]")
'''


def _chart(outdir: str) -> tuple[Any, Any]:
    import cdk8s

    app = cdk8s.App(outdir=outdir)
    return app, cdk8s.Chart(app, "load")


def build_ours(chart: Any, directory: Path) -> None:
    """Every test's files and test, in a chart."""
    import attrs

    from constructs_locust import LocustTest, LocustTestFiles, LocustTestSpec

    crs = json.loads((directory / "crs.json").read_text(encoding="utf-8"))
    for cr in crs:
        name = cr["metadata"]["name"]
        files = LocustTestFiles(
            chart, f"{name}-files", name=name, src=directory / "repo" / "src", lib=directory / "repo" / "lib"
        )
        spec = attrs.evolve(LocustTestSpec.from_cr(cr["spec"]), test_files=files.test_files)
        LocustTest(chart, name, spec=spec, namespace=cr["metadata"]["namespace"])


def synth_ours(directory: str, outdir: str) -> None:
    app, chart = _chart(outdir)
    build_ours(chart, Path(directory))
    app.synth()


def synth_floor(directory: str, outdir: str) -> None:
    manifests = json.loads((Path(directory) / "manifests.json").read_text(encoding="utf-8"))
    build_floor(manifests, outdir)


def build_floor(manifests: list[dict[str, Any]], outdir: str) -> None:
    """The rendered objects as bare ApiObjects, synthesized."""
    import cdk8s

    app, chart = _chart(outdir)
    for index, manifest in enumerate(manifests):
        api_object = cdk8s.ApiObject(
            chart, f"o{index}", api_version=manifest["apiVersion"], kind=manifest["kind"], metadata=manifest["metadata"]
        )
        for key, value in manifest.items():
            if key not in ("apiVersion", "kind", "metadata"):
                api_object.add_json_patch(cdk8s.JsonPatch.add(f"/{key}", value))
    app.synth()


def prepare(count: str, directory: str) -> None:
    import cdk8s
    from workload import locust_test_crs

    root = Path(directory)
    src = root / "repo" / "src"
    lib = root / "repo" / "lib"
    src.mkdir(parents=True)
    lib.mkdir(parents=True)
    (src / "locustfile.py").write_text(LOCUSTFILE, encoding="utf-8")
    (lib / "shop.py").write_text('CATALOG = "/catalog"\n\n\ndef item_path(i):\n    return f"/item/{i}"\n')
    (lib / "auth.py").write_text("def token():\n    return 'x' * 32\n" * 20)
    (lib / "data.py").write_text("IDS = " + repr(list(range(400))) + "\n")
    (lib / "seed.bin").write_bytes(bytes(range(256)) * 4)
    (root / "crs.json").write_text(json.dumps(locust_test_crs(int(count))), encoding="utf-8")
    chart = cdk8s.Chart(cdk8s.Testing.app(), "load")
    build_ours(chart, root)
    (root / "manifests.json").write_text(json.dumps(list(cdk8s.Testing.synth(chart))), encoding="utf-8")


def in_process(directory: str, repeats: str) -> None:
    import time

    import cdk8s_plus_27  # noqa: F401  (imported up front: the figures leave out every import)

    root = Path(directory)
    manifests = json.loads((root / "manifests.json").read_text(encoding="utf-8"))
    seconds: dict[str, list[float]] = {"ours": [], "floor": []}
    cases: tuple[tuple[str, Callable[[], None]], ...] = (
        ("ours", lambda: synth_ours(directory, str(root / "ip-ours"))),
        ("floor", lambda: build_floor(manifests, str(root / "ip-floor"))),
    )
    for _, run in cases:  # warm-up, untimed: first use of each class in Python and in Node
        run()
    for _ in range(int(repeats)):
        for name, run in cases:
            started = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - started)
    print(json.dumps(seconds))


CASES: dict[str, Callable[..., None]] = {
    "synth-ours": synth_ours,
    "synth-floor": synth_floor,
    "prepare": prepare,
    "in-process": in_process,
}

if __name__ == "__main__":
    CASES[sys.argv[1]](*sys.argv[2:])

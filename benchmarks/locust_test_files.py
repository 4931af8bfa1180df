#!/usr/bin/env python
"""Print what ``LocustTestFiles`` costs next to the same objects created as bare ``ApiObject`` s.

Usage: ``python benchmarks/locust_test_files.py [--repeats R] [--sizes 1,10,100]``

Per test: ``LocustTestFiles`` reads a locustfile and a lib folder (three modules, one binary
file), builds two cdk8s-plus ConfigMaps, and ``LocustTest`` renders its Service and two Jobs
with those ConfigMaps mounted: 5 objects. The floor creates the same 5N objects, rendered and
saved beforehand, as bare ``cdk8s.ApiObject`` s; both end with ``app.synth()`` and must write
the same YAML (checked).

- fresh process: the whole process, median of the repeats, ours and the floor alternating
  (see ``run.py``). Ours also imports cdk8s-plus-27 (loading its jsii assembly into Node),
  a fixed cost the floor does not pay.
- in process: both built and synthesized in one process after every import, alternating;
  the median and the best run of each. This is the cost per test, free of start-up.

The script prints figures and asserts nothing.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from run import PYTHON, Bench, _command, _environment, _same_files, _table, child_env

HERE = Path(__file__).resolve().parent
CHILD = str(HERE / "_files_child.py")


def main(argv: Sequence[str] | None = None) -> int:
    """Prepare the inputs, run both cases for each N, print the table."""
    parser = argparse.ArgumentParser(description="LocustTestFiles next to bare ApiObjects.")
    parser.add_argument("--repeats", type=int, default=3, help="repeats per case, median shown (default 3)")
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated numbers of tests (default 1,10,100)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    started = time.perf_counter()
    print(f"LocustTestFiles benchmark: {_environment()}")
    print(f"each figure: median of {args.repeats} fresh processes\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="constructs-locust-files-bench-") as temp:
        bench = Bench(Path(temp), args.repeats)
        try:
            results = {}
            identical = True
            for count in sizes:
                directory = Path(temp) / f"n{count}"
                bench.launcher.run([PYTHON, CHILD, "prepare", str(count), str(directory)])
                ours_dir, floor_dir = directory / "ours", directory / "floor"
                cases = {
                    "ours": _command([PYTHON, CHILD, "synth-ours", str(directory), str(ours_dir)]),
                    "floor": _command([PYTHON, CHILD, "synth-floor", str(directory), str(floor_dir)]),
                }
                results[count] = bench.medians(cases, args.repeats)
                identical = identical and _same_files(ours_dir, floor_dir)
            title = "fresh process: N x (LocustTestFiles + LocustTest) -> 5N objects, app.synth()"
            print("\n".join(_table(title, results, identical)) + "\n", flush=True)
            print("\n".join(in_process(Path(temp), sizes, args.repeats)) + "\n", flush=True)
        finally:
            bench.close()
    print(f"total benchmark time {time.perf_counter() - started:.0f} s")
    return 0


def in_process(temp: Path, sizes: Sequence[int], repeats: int) -> list[str]:
    """Build and synth times in one process, imports and Node's start left out."""
    lines = [
        "in process: the same, after every import (median / best of the runs)",
        f"{'N':>6}{'ours s':>14}{'floor s':>14}{'ratio':>14}{'ours ms/test':>14}",
    ]
    for count in sizes:
        out = subprocess.run(
            [PYTHON, CHILD, "in-process", str(temp / f"n{count}"), str(max(repeats, 3))],
            capture_output=True,
            text=True,
            env=child_env(),
            check=True,
            cwd=HERE,
        ).stdout
        seconds = json.loads(out.strip().splitlines()[-1])
        ours, floor = seconds["ours"], seconds["floor"]
        median = statistics.median(ours), statistics.median(floor)
        best = min(ours), min(floor)
        lines.append(
            f"{count:>6}{median[0]:>7.2f} /{best[0]:>5.2f}{median[1]:>7.2f} /{best[1]:>5.2f}"
            f"{median[0] / median[1]:>7.2f}x/{best[0] / best[1]:>4.2f}x{median[0] / count * 1000:>14.2f}"
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())

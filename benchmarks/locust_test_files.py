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
- in process: both built and synthesized in one process after every import and one untimed
  warm-up run of each, then alternating; the median and the best of the runs (at least
  ``IN_PROCESS_REPEATS``, and ``IN_PROCESS_TESTS`` tests in all). This is the cost per test,
  free of start-up.
- the fixed cost: ``import cdk8s, cdk8s_plus_27`` next to ``import cdk8s`` (best and median
  of fresh processes), set against what the 1.3x bar leaves a one-test app: 0.3 times the
  floor's one-test process. When the import alone costs more, no ``LocustTestFiles`` built
  with cdk8s-plus-27 can meet the bar for one test in a fresh process.

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

from run import (
    IMPORT_REPEATS,
    PYTHON,
    Bench,
    Figures,
    _command,
    _environment,
    _same_files,
    _table,
    child_env,
    compile_package,
)

HERE = Path(__file__).resolve().parent
CHILD = str(HERE / "_files_child.py")
IN_PROCESS_REPEATS = 7
"""The fewest in-process runs of each case."""
IN_PROCESS_TESTS = 100
"""In process, small N gets more runs (at least this many tests in all): a run of one test
takes milliseconds, and a garbage collection in Python or in Node sways it most."""
BAR = 1.3
"""The issue's bar: a test with ``LocustTestFiles`` within 1.3x of the same bare ApiObjects."""


def main(argv: Sequence[str] | None = None) -> int:
    """Prepare the inputs, run both cases for each N, print the table."""
    parser = argparse.ArgumentParser(description="LocustTestFiles next to bare ApiObjects.")
    parser.add_argument("--repeats", type=int, default=3, help="repeats per case, median shown (default 3)")
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated numbers of tests (default 1,10,100)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    started = time.perf_counter()
    compile_package()
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
            if 1 in results:
                print("\n".join(fixed_cost(bench, results[1]["floor"], args.repeats)) + "\n", flush=True)
        finally:
            bench.close()
    print(f"total benchmark time {time.perf_counter() - started:.0f} s")
    return 0


def fixed_cost(bench: Bench, one_test_floor: Figures, repeats: int) -> list[str]:
    """What importing cdk8s-plus-27 costs a process, next to the one-test budget of the bar."""
    statements = {"import cdk8s": "import cdk8s", "import cdk8s, cdk8s_plus_27": "import cdk8s, cdk8s_plus_27"}
    runs: dict[str, list[float]] = {label: [] for label in statements}
    for _ in range(max(repeats, IMPORT_REPEATS)):
        for label, code in statements.items():
            runs[label].append(bench.launcher.run([PYTHON, "-c", code]).seconds)
    lines = [
        "fixed cost: importing cdk8s-plus-27, fresh process (median / best)",
        *(
            f"  {label:<30}{statistics.median(seconds):>7.2f} /{min(seconds):>5.2f} s"
            for label, seconds in runs.items()
        ),
    ]
    base, plus = runs["import cdk8s"], runs["import cdk8s, cdk8s_plus_27"]
    added = statistics.median(plus) - statistics.median(base), min(plus) - min(base)
    budget = (BAR - 1) * one_test_floor.seconds
    lines += [
        f"  cdk8s-plus-27 adds             {added[0]:>7.2f} /{added[1]:>5.2f} s",
        f"  the {BAR}x bar leaves one test {budget:>7.2f} s over its floor ({one_test_floor.seconds:.2f} s)",
    ]
    return lines


def in_process(temp: Path, sizes: Sequence[int], repeats: int) -> list[str]:
    """Build and synth times in one process, imports and Node's start left out."""
    lines = [
        "in process: the same, after every import and a warm-up (median / best of the runs)",
        f"{'N':>6}{'runs':>6}{'ours ms':>16}{'floor ms':>16}{'ratio':>14}{'ours ms/test':>14}",
    ]
    for count in sizes:
        runs = max(repeats, IN_PROCESS_REPEATS, IN_PROCESS_TESTS // count)
        out = subprocess.run(
            [PYTHON, CHILD, "in-process", str(temp / f"n{count}"), str(runs)],
            capture_output=True,
            text=True,
            env=child_env(),
            check=True,
            cwd=HERE,
        ).stdout
        seconds = json.loads(out.strip().splitlines()[-1])
        ours, floor = seconds["ours"], seconds["floor"]
        median = statistics.median(ours) * 1000, statistics.median(floor) * 1000
        best = min(ours) * 1000, min(floor) * 1000
        lines.append(
            f"{count:>6}{runs:>6}{median[0]:>9.1f} /{best[0]:>6.1f}{median[1]:>9.1f} /{best[1]:>6.1f}"
            f"{median[0] / median[1]:>7.2f}x/{best[0] / best[1]:>5.2f}x{median[0] / count:>14.2f}"
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())

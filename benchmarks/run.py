#!/usr/bin/env python
"""Print how fast constructs-locust is next to the floor it cannot go below.

Usage: ``python benchmarks/run.py [--quick] [--repeats R] [--sizes 1,10,100,1000]``

Every figure is a whole fresh process (interpreter start, imports, Node start-up for cdk8s,
the work, exit), with the package's byte code written beforehand, as an install writes it.
Wall time is taken around the process; peak RSS is ``ru_maxrss`` from ``wait4``, which on
Linux is the largest of the process and the children it waited for (the Python interpreter or
the Node runtime that jsii starts). Each case is repeated and the
median shown; ours and the floor run alternately, so a busy machine slows both alike.

- import: ``import constructs_locust`` (no cdk8s: what the command line starts with) and
  ``from constructs_locust import LocustTest`` (cdk8s loaded) next to ``import cdk8s``; then
  how fast the command line starts: ``python -m constructs_locust --help`` next to
  ``python -c "import yaml"`` (the bar: 1.5x).
- synth: N tests through ``LocustTest`` and ``app.synth()`` next to the floor: the same 3N
  objects, rendered and saved beforehand, as bare ``cdk8s.ApiObject`` s. Same YAML (checked).
- render: ``python -m constructs_locust render FILE... -o DIR`` of N CR files next to the
  floor: PyYAML (libyaml) loading the same files and dumping the same objects. Same YAML
  (checked). Then as in CI: their folder as the input, with ``--operator-values`` (the chart's
  defaults written out, so the YAML is still the same).

- where the time goes: the same work once more in one process per path, at the largest N,
  with a clock around each stage (``_phases.py``): reading, checking, building, jsii round trips
  and writing, per test, ours next to the floor.

"ms/test" is the marginal cost ``(t(N) - t(1)) / (N - 1)``: about the same from row to row
means linear in N. The script prints figures and asserts nothing.
"""

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHILD = str(HERE / "_child.py")
PHASES = str(HERE / "_phases.py")
PYTHON = sys.executable
IMPORT_REPEATS = 7
"""Imports take half a second, so they get more repeats: a busy machine sways them most."""


class Figures(NamedTuple):
    """Wall seconds and peak RSS (MiB) of one process, or the medians of a case's repeats."""

    seconds: float
    rss_mib: float


def compile_package() -> None:
    """Write this checkout's byte code before anything is timed, as ``pip install`` does.

    A process that finds no ``.pyc`` compiles every module it imports (about 50 ms for the
    package), and with ``PYTHONDONTWRITEBYTECODE`` set (as on some CI machines) it does so in
    every run: the figures would measure the machine's setting, not the library.
    """
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(REPO / "constructs_locust"), str(REPO / "imports")],
        env=child_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def child_env() -> dict[str, str]:
    """The environment of every timed process: this checkout first on the path, Node quiet."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


class Launcher:
    """The driver's end of ``_launcher.py``: runs one process at a time and returns its figures."""

    def __init__(self, workdir: Path) -> None:
        self.stderr = workdir / "stderr.txt"
        self.process = subprocess.Popen(
            [PYTHON, "-S", "-E", str(HERE / "_launcher.py")],
            cwd=workdir,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv: Sequence[str]) -> Figures:
        """Run ``argv`` to completion; exit with its standard error if it fails."""
        assert self.process.stdin is not None and self.process.stdout is not None
        request = {"argv": list(argv), "env": child_env(), "stderr": str(self.stderr)}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        if reply["exit"] != 0:
            errors = self.stderr.read_text(encoding="utf-8", errors="replace")
            sys.exit(f"benchmark process failed ({reply['exit']}): {' '.join(argv)}\n{errors}")
        return Figures(reply["seconds"], reply["maxrss_kib"] / 1024)

    def close(self) -> None:
        """End the launcher's input, so that it exits, and reap it."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


class Workload(NamedTuple):
    """The prepared input for N tests."""

    size: int
    crs_json: Path
    manifests_json: Path
    cr_files: list[str]


class Bench:
    """Runs the cases of one benchmark session in ``workdir``."""

    def __init__(self, workdir: Path, repeats: int) -> None:
        self.workdir = workdir
        self.repeats = repeats
        self.launcher = Launcher(workdir)

    def prepare(self, count: int) -> Workload:
        """Write N CRs (JSON, and one YAML file each) and their 3N rendered objects, untimed.

        A child process does it, so that this one never imports the library or PyYAML.
        """
        directory = self.workdir / f"n{count}"
        self.launcher.run([PYTHON, CHILD, "prepare", str(count), str(directory)])
        cr_files = sorted(str(path) for path in (directory / "crs").iterdir())
        return Workload(count, directory / "crs.json", directory / "manifests.json", cr_files)

    def medians(self, cases: dict[str, Callable[[], Sequence[str]]], repeats: int) -> dict[str, Figures]:
        """Run each case's command ``repeats`` times, interleaved (a, b, a, b, ...); the medians.

        A case is a function returning the command line, so it can clear its output first.
        """
        runs: dict[str, list[Figures]] = {name: [] for name in cases}
        for _ in range(repeats):
            for name, argv in cases.items():
                runs[name].append(self.launcher.run(argv()))
        return {
            name: Figures(statistics.median(r.seconds for r in rs), statistics.median(r.rss_mib for r in rs))
            for name, rs in runs.items()
        }

    def imports(self) -> list[str]:
        """Fresh-process import times next to ``import cdk8s``."""
        statements = {
            "python -c pass": "pass",
            "import cdk8s": "import cdk8s",
            "import constructs_locust": "import constructs_locust",
            "from constructs_locust import LocustTest": "from constructs_locust import LocustTest",
        }
        cases = {label: _command([PYTHON, "-c", code]) for label, code in statements.items()}
        results = self.medians(cases, max(self.repeats, IMPORT_REPEATS))
        floor = results["import cdk8s"].seconds
        lines = [f"{'import (fresh process)':<44}{'wall s':>8}{'vs cdk8s':>10}{'peak MiB':>10}"]
        for label, figures in results.items():
            ratio = "" if label == "python -c pass" else f"{figures.seconds / floor:.2f}x"
            lines.append(f"  {label:<42}{figures.seconds:>8.2f}{ratio:>10}{figures.rss_mib:>10.0f}")
        return [*lines, "", *self.start()]

    def start(self) -> list[str]:
        """``python -m constructs_locust --help`` next to ``python -c "import yaml"`` (bar: 1.5x)."""
        cases = {
            'python -c "import yaml"': _command([PYTHON, "-c", "import yaml"]),
            "python -m constructs_locust --help": _command([PYTHON, "-m", "constructs_locust", "--help"]),
        }
        results = self.medians(cases, max(self.repeats, IMPORT_REPEATS))
        floor = results['python -c "import yaml"'].seconds
        lines = [f"{'command line start (fresh process)':<44}{'wall s':>8}{'vs yaml':>10}{'peak MiB':>10}"]
        for label, figures in results.items():
            lines.append(
                f"  {label:<42}{figures.seconds:>8.2f}{figures.seconds / floor:>9.2f}x{figures.rss_mib:>10.0f}"
            )
        return lines

    def synth(self, workloads: Sequence[Workload]) -> list[str]:
        """``LocustTest`` and ``app.synth()`` next to bare ``ApiObject`` s, for each N."""
        results: dict[int, dict[str, Figures]] = {}
        identical = True
        for work in workloads:
            ours_dir = self.workdir / f"synth-ours-{work.size}"
            floor_dir = self.workdir / f"synth-floor-{work.size}"
            cases = {
                "ours": _command([PYTHON, CHILD, "synth-ours", str(work.crs_json), str(ours_dir)]),
                "floor": _command([PYTHON, CHILD, "synth-floor", str(work.manifests_json), str(floor_dir)]),
            }
            results[work.size] = self.medians(cases, self.repeats)
            identical = identical and _same_files(ours_dir, floor_dir)
        return _table("synth: N LocustTests -> 3N objects, app.synth()", results, identical)

    def render(self, workloads: Sequence[Workload]) -> list[str]:
        """The command line's ``render -o DIR`` next to PyYAML loading and dumping the same.

        Twice: with the CR files as arguments, and as in CI, with their folder as the input and
        the chart's default values given explicitly as ``--operator-values`` (same YAML).
        """
        results: dict[int, dict[str, Figures]] = {}
        ci_results: dict[int, dict[str, Figures]] = {}
        identical = True
        values = self.workdir / "operator-values.yaml"
        values.write_text(_DEFAULT_VALUES)
        for work in workloads:
            ours_dir = self.workdir / f"render-ours-{work.size}"
            ci_dir = self.workdir / f"render-ci-{work.size}"
            floor_dir = self.workdir / f"render-floor-{work.size}"
            folder = str(Path(work.cr_files[0]).parent)
            ours = [PYTHON, "-m", "constructs_locust", "render", *work.cr_files, "-o", str(ours_dir)]
            ci = [
                PYTHON,
                "-m",
                "constructs_locust",
                "render",
                folder,
                "--operator-values",
                str(values),
                "-o",
                str(ci_dir),
            ]
            floor = [PYTHON, CHILD, "render-floor", str(work.manifests_json), str(floor_dir), *work.cr_files]
            cases = {
                "ours": _command(ours, clear=ours_dir),
                "ci": _command(ci, clear=ci_dir),
                "floor": _command(floor, clear=floor_dir),
            }
            figures = self.medians(cases, self.repeats)
            results[work.size] = {"ours": figures["ours"], "floor": figures["floor"]}
            ci_results[work.size] = {"ours": figures["ci"], "floor": figures["floor"]}
            identical = identical and _same_files(ours_dir, floor_dir) and _same_files(ci_dir, floor_dir)
        return [
            *_table("render: N CR files -> N YAML files (render FILE... -o DIR)", results, identical),
            "",
            *_table("render as in CI (render FOLDER --operator-values FILE -o DIR)", ci_results, identical),
        ]

    def phases(self, work: Workload) -> list[str]:
        """Per test, where the time goes in each path, ours next to the floor (one process each)."""
        outputs = self.workdir / "phases"
        shutil.rmtree(outputs, ignore_errors=True)
        outputs.mkdir()
        runs = {
            "synth": [PYTHON, PHASES, "synth", str(work.crs_json), str(outputs / "synth")],
            "synth floor": [PYTHON, PHASES, "synth-floor", str(work.manifests_json), str(outputs / "floor")],
            "render": [PYTHON, PHASES, "render", str(outputs / "render"), *work.cr_files],
            "render floor": [
                PYTHON,
                PHASES,
                "render-floor",
                str(work.manifests_json),
                str(outputs / "render-floor"),
                *work.cr_files,
            ],
        }
        lines = [f"where the time goes at N = {work.size}, per test (one process each, after imports)"]
        for label, argv in runs.items():
            result = subprocess.run(argv, env=child_env(), capture_output=True, text=True, check=False)
            if result.returncode != 0:
                sys.exit(f"benchmark process failed: {' '.join(argv)}\n{result.stderr}")
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            tests = figures["tests"]
            total = sum(figures["phases"].values())
            lines.append(f"  {label}: {total / tests * 1000:.2f} ms/test")
            for phase, seconds in figures["phases"].items():
                calls = figures["calls"][phase]
                per_test = f"{calls / tests:.1f}/test" if calls >= tests else f"{calls} call(s)"
                lines.append(f"    {phase:<64}{seconds / tests * 1000:>8.3f} ms {per_test:>12}")
        return lines

    def close(self) -> None:
        """Stop the launcher."""
        self.launcher.close()


_DEFAULT_VALUES = """\
# The chart's defaults for the Locust pods, written out: the same objects as no values at all.
locustPods:
  resources:
    requests: {cpu: 250m, memory: 128Mi, ephemeralStorage: 30M}
    limits: {cpu: 1000m, memory: 1024Mi, ephemeralStorage: 50M}
  affinityInjection: true
  tolerationsInjection: true
  metricsExporter:
    image: containersol/locust_exporter:v0.5.0
    port: 9646
    pullPolicy: IfNotPresent
"""


def _command(argv: Sequence[str], clear: Path | None = None) -> Callable[[], Sequence[str]]:
    """A case: removes ``clear`` (a previous repeat's output) and returns ``argv``."""

    def case() -> Sequence[str]:
        if clear is not None:
            shutil.rmtree(clear, ignore_errors=True)
        return argv

    return case


def _same_files(left: Path, right: Path) -> bool:
    """Whether two output directories hold the same file names with the same bytes."""
    names = sorted(path.name for path in left.iterdir())
    if names != sorted(path.name for path in right.iterdir()):
        return False
    return all((left / name).read_bytes() == (right / name).read_bytes() for name in names)


def _table(title: str, results: dict[int, dict[str, Figures]], identical: bool) -> list[str]:
    """Wall time, marginal cost per test and peak RSS of ours and the floor, with ratios."""
    lines = [
        title,
        f"{'N':>6}{'ours s':>9}{'floor s':>9}{'ratio':>8}{'ours ms/test':>14}{'floor ms/test':>15}"
        f"{'ours MiB':>10}{'floor MiB':>11}{'ratio':>8}",
    ]
    base = results.get(1)
    for count, figures in results.items():
        ours, floor = figures["ours"], figures["floor"]
        per_ours = per_floor = "-"
        if base is not None and count > 1:
            per_ours = f"{(ours.seconds - base['ours'].seconds) / (count - 1) * 1000:.2f}"
            per_floor = f"{(floor.seconds - base['floor'].seconds) / (count - 1) * 1000:.2f}"
        lines.append(
            f"{count:>6}{ours.seconds:>9.2f}{floor.seconds:>9.2f}{ours.seconds / floor.seconds:>7.2f}x"
            f"{per_ours:>14}{per_floor:>15}{ours.rss_mib:>10.0f}{floor.rss_mib:>11.0f}"
            f"{ours.rss_mib / floor.rss_mib:>7.2f}x"
        )
    lines.append(f"  same YAML as the floor: {'yes' if identical else 'NO'}")
    return lines


def _environment() -> str:
    def output(argv: list[str]) -> str:
        return subprocess.run(argv, capture_output=True, text=True, env=child_env(), check=False).stdout.strip()

    return (
        f"{os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
        f"node {output(['node', '--version'])}, cdk8s {importlib.metadata.version('cdk8s')}, "
        f"{output([PYTHON, CHILD, 'versions'])}, load average {os.getloadavg()[0]:.2f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Prepare the inputs, run every case, print the tables."""
    parser = argparse.ArgumentParser(description="Print constructs-locust's figures next to their floors.")
    parser.add_argument("--quick", action="store_true", help="N = 1, 10, 100, one repeat (about 30 s)")
    parser.add_argument("--repeats", type=int, help="repeats per case, median shown (default 3, --quick 1)")
    parser.add_argument("--sizes", help="comma-separated numbers of tests (default 1,100,1000)")
    args = parser.parse_args(argv)
    default_sizes = "1,10,100" if args.quick else "1,100,1000"
    sizes = [int(size) for size in (args.sizes or default_sizes).split(",")]
    repeats = args.repeats or (1 if args.quick else 3)

    started = time.perf_counter()
    compile_package()
    print(f"constructs-locust benchmarks: {_environment()}")
    import_repeats = max(repeats, IMPORT_REPEATS)
    print(f"each figure: median of {repeats} fresh processes (imports: of {import_repeats})\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="constructs-locust-bench-") as temp:
        bench = Bench(Path(temp), repeats)
        try:
            workloads = [bench.prepare(count) for count in sizes]
            print("\n".join(bench.imports()) + "\n", flush=True)
            print("\n".join(bench.synth(workloads)) + "\n", flush=True)
            if any((REPO / "constructs_locust" / name).exists() for name in ("cli", "cli.py")):
                print("\n".join(bench.render(workloads)) + "\n", flush=True)
            print("\n".join(bench.phases(workloads[-1])) + "\n", flush=True)
        finally:
            bench.close()
    print(f"total benchmark time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

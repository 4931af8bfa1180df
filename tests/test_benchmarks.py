"""The benchmark scripts still run, and ours and the floor still write the same YAML.

No figure is asserted (timings belong to the scripts' output, never to tests): this only keeps
``benchmarks/run.py`` and ``benchmarks/locust_test_files.py`` from rotting, with the smallest
workload they take. ``otel_overhead.py`` runs real Locust processes for minutes and is left out.
"""

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _run(script: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    ("script", "sections", "compared"),
    [
        (
            "run.py",
            [
                "import (fresh process)",
                "command line start",
                "synth: N LocustTests",
                "render: N CR files",
                "render as in CI",
                "where the time goes",
                "jsii round trips",
                "dumping YAML",
            ],
            3,
        ),
        ("locust_test_files.py", ["fresh process: N x (LocustTestFiles", "in process:", "fixed cost:"], 1),
    ],
)
def test_a_benchmark_prints_every_table_and_the_floor_writes_the_same_yaml(
    script: str, sections: list[str], compared: int
) -> None:
    output = _run(script, "--sizes", "1", "--repeats", "1")
    for section in sections:
        assert section in output, output
    assert output.count("same YAML as the floor: yes") == compared, output

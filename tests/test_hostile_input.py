"""Hostile input on the command line: one clean line within seconds and bounded memory, never a traceback.

Each test runs the CLI in a child process under an address-space limit (a safety net: a
regression fails instead of eating the machine) and asserts the child's own CPU time and peak
resident memory, measured by ``getrusage`` in the child itself.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import IO, Any, NamedTuple

import pytest
import yaml

REPO = Path(__file__).parent.parent
CPU_SECONDS = 5.0
"""CPU time a hostile input may cost (the unbounded versions ran past 90 s)."""
PEAK_MEMORY_MB = 200
"""Peak resident memory a hostile input may cost (the unbounded versions reached 5.8 GB)."""
ADDRESS_SPACE = 2 * 1024**3

_WRAPPER = textwrap.dedent(
    """
    import atexit, json, os, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))

    def report():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        # ru_maxrss keeps the forking parent's peak across exec on Linux: read this process's own
        # high-water mark of resident memory instead.
        with open("/proc/self/status") as status:
            peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        with open(os.environ["RUSAGE_OUT"], "w") as out:
            json.dump({{"cpu": usage.ru_utime + usage.ru_stime, "rss_kb": peak_kb}}, out)

    atexit.register(report)
    from constructs_locust.cli._main import main
    sys.exit(main(sys.argv[1:]))
    """
)


class Run(NamedTuple):
    code: int
    out: str
    err: str
    cpu: float
    rss_mb: float


def run_cli(
    tmp_path: Path,
    *args: str,
    stdin: int | IO[Any] | None = subprocess.DEVNULL,
    stdout: int | IO[Any] | None = subprocess.PIPE,
    close_stdin: bool = False,
) -> Run:
    usage = tmp_path / "rusage.json"
    env = {**os.environ, "RUSAGE_OUT": str(usage), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER.format(limit=ADDRESS_SPACE), *args],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
        timeout=120,
        preexec_fn=(lambda: os.close(0)) if close_stdin else None,
        check=False,
    )
    measured = json.loads(usage.read_text())
    out = result.stdout.decode("utf-8", "replace") if isinstance(result.stdout, bytes) else ""
    return Run(
        result.returncode, out, result.stderr.decode("utf-8", "replace"), measured["cpu"], measured["rss_kb"] / 1024
    )


def assert_one_clean_line(run: Run, expected: str, code: int = 1) -> None:
    """Exit ``code``, nothing on stdout, exactly ``expected`` on stderr, within the cost bounds."""
    assert (run.code, run.out, run.err) == (code, "", expected + "\n")
    assert run.cpu < CPU_SECONDS, f"took {run.cpu:.1f} s of CPU"
    assert run.rss_mb < PEAK_MEMORY_MB, f"peaked at {run.rss_mb:.0f} MB"


HEADER = "apiVersion: locust.io/v2\nkind: LocustTest\nmetadata:\n  name: checkout\n"
SPEC = (
    "spec:\n"
    "  image: locustio/locust:2.43.1\n"
    "  master:\n    command: --locustfile /lotest/src/main.py -t 5m\n"
    "  worker:\n    command: --locustfile /lotest/src/main.py\n    replicas: 2\n"
)


def bomb(indent: str) -> str:
    """A billion-laughs block of nine levels (9^9 values once expanded) as mapping entries at ``indent``."""
    lines = [f"{indent}l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"{indent}l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


BOMB_PLACES = {
    "whole document": (bomb("") + "---\n", "invalid YAML at line 6, column 10"),
    "apiVersion": ("x:\n" + bomb("  ") + "apiVersion: *l9\n", "invalid YAML at line 7, column 12"),
    "spec": (HEADER + "x:\n" + bomb("  ") + "spec: *l9\n", "invalid YAML at line 11, column 12"),
    "spec.image": (HEADER + "spec:\n  x:\n" + bomb("    ") + "  image: *l9\n", "invalid YAML at line 12, column 14"),
    "scheduling.affinity": (
        HEADER + SPEC + "  scheduling:\n    affinity:\n      nodeAffinity:\n" + bomb("        "),
        "invalid YAML at line 20, column 18",
    ),
}


@pytest.mark.parametrize("place", list(BOMB_PLACES))
def test_an_alias_bomb_anywhere_fails_fast(tmp_path: Path, place: str) -> None:
    text, where = BOMB_PLACES[place]
    assert len(text) < 1024 + len(HEADER) + len(SPEC)
    (tmp_path / "bomb.yaml").write_text(text)
    run = run_cli(tmp_path, "render", "bomb.yaml")
    assert_one_clean_line(
        run,
        f"bomb.yaml: document 1: {where}: aliases expand to more than 100000 values (at alias *l4); "
        "refusing what looks like an alias bomb",
    )


def test_a_huge_integer_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "int.yaml").write_text(HEADER + SPEC.replace("replicas: 2", "replicas: " + "9" * 5000))
    run = run_cli(tmp_path, "validate", "int.yaml")
    assert_one_clean_line(  # past float64's range kubectl sends the string (go-yaml's resolve)
        run,
        f'int.yaml: checkout: spec.worker.replicas: Invalid value: "{"9" * 1024}"... (5000 characters): '
        "must be of type integer",
    )


def test_an_integer_past_64_bits_in_a_passed_through_structure_is_refused_with_its_path(tmp_path: Path) -> None:
    toleration = "  scheduling:\n    tolerations:\n    - key: a\n      operator: Exists\n      effect: NoExecute\n"
    (tmp_path / "int.yaml").write_text(HEADER + SPEC + toleration + "      tolerationSeconds: " + "9" * 40 + "\n")
    run = run_cli(tmp_path, "validate", "int.yaml")
    assert_one_clean_line(
        run,
        "int.yaml: checkout: spec.scheduling.tolerations[0].tolerationSeconds: Invalid value: "
        "1e+40: must be of type integer",  # past 64 bits kubectl sends a float
    )


def test_a_huge_quantity_exponent_costs_nothing(tmp_path: Path) -> None:
    resources = '    resources:\n      requests:\n        cpu: "1e999999999"\n'
    (tmp_path / "quantity.yaml").write_text(HEADER + SPEC + resources)
    run = run_cli(tmp_path, "render", "quantity.yaml")
    assert (run.code, run.err) == (0, "")
    assert "cpu: '1e999999999'\n" in run.out  # a YAML 1.2 reader would read a float
    assert run.cpu < CPU_SECONDS
    assert run.rss_mb < PEAK_MEMORY_MB


def test_a_quantity_with_too_many_digits_is_one_line(tmp_path: Path) -> None:
    resources = f'    resources:\n      requests:\n        cpu: "{"1" * 200}"\n'
    (tmp_path / "quantity.yaml").write_text(HEADER + SPEC + resources)
    run = run_cli(tmp_path, "validate", "quantity.yaml")
    assert_one_clean_line(
        run,
        f'quantity.yaml: checkout: spec.worker.resources.requests.cpu: Invalid value: "{"1" * 200}": '
        "must be a Kubernetes quantity",
    )


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deep_nesting_is_one_line(tmp_path: Path) -> None:
    affinity = f"  scheduling:\n    affinity:\n      nodeAffinity: {nested(400)}\n"
    (tmp_path / "deep.yaml").write_text(HEADER + SPEC + affinity)
    run = run_cli(tmp_path, "render", "deep.yaml")
    assert_one_clean_line(
        run, "deep.yaml: document 1: invalid YAML at line 14, column 117: nesting deeper than 100 levels"
    )


def test_nesting_at_the_limit_is_read(tmp_path: Path) -> None:
    # root, status, x: three levels, then 97 lists: 100 in all. `status` is read and ignored
    # (as the API server ignores it on create); no spec field takes free-form structures.
    status = f"status:\n  x: {nested(97)}\n"
    (tmp_path / "deep.yaml").write_text(HEADER + SPEC + status)
    run = run_cli(tmp_path, "render", "deep.yaml")
    assert (run.code, run.err) == (0, "")
    assert len(list(yaml.safe_load_all(run.out))) == 3
    assert run.cpu < CPU_SECONDS


@pytest.mark.parametrize("number", [".nan", ".inf", "-.inf", "+.INF"])
def test_nan_and_infinity_are_refused_with_their_path(tmp_path: Path, number: str) -> None:
    toleration = "  scheduling:\n    tolerations:\n    - key: a\n      operator: Exists\n      effect: NoExecute\n"
    (tmp_path / "nan.yaml").write_text(HEADER + SPEC + toleration + f"      tolerationSeconds: {number}\n")
    run = run_cli(tmp_path, "render", "nan.yaml")
    shown = {".nan": "nan", ".inf": "inf", "-.inf": "-inf", "+.INF": "inf"}[number]
    assert_one_clean_line(
        run,
        f"nan.yaml: checkout: spec.scheduling.tolerations[0].tolerationSeconds: Invalid value: {shown}: "
        "must be a finite number",
    )


def test_an_endless_file_is_refused_at_the_limit(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "validate", "/dev/zero")
    assert_one_clean_line(
        run,
        "/dev/zero: -: input too large: the limit is 4194304 bytes (4Mi) and the input is larger than that; "
        "raise the limit with --max-input-size",
    )


def test_endless_stdin_is_refused_at_the_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        run = run_cli(tmp_path, "render", "-", "--max-input-size", "64Ki", stdin=zero)
    assert_one_clean_line(
        run,
        "<stdin>: -: input too large: the limit is 65536 bytes (64Ki) and the input is larger than that; "
        "raise the limit with --max-input-size",
    )


def test_a_large_regular_file_is_refused_by_its_size_before_reading(tmp_path: Path) -> None:
    with open(tmp_path / "big.yaml", "wb") as big:
        big.truncate(5 * 1024**3)  # sparse: 5 GiB that cost no disk
    run = run_cli(tmp_path, "validate", "big.yaml")
    assert_one_clean_line(
        run,
        "big.yaml: -: input too large: the limit is 4194304 bytes (4Mi) and the input is 5368709120 bytes; "
        "raise the limit with --max-input-size",
    )


def test_the_size_limit_can_be_raised(tmp_path: Path) -> None:
    text = HEADER + SPEC + "#" * 5000 + "\n"
    (tmp_path / "cr.yaml").write_text(text)
    refused = run_cli(tmp_path, "validate", "cr.yaml", "--max-input-size", "4K")
    assert refused.code == 1
    assert "the limit is 4000 bytes and the input is" in refused.err
    accepted = run_cli(tmp_path, "validate", "cr.yaml", "--max-input-size", "8K")
    assert (accepted.code, accepted.out, accepted.err) == (0, "cr.yaml: checkout: valid\n", "")


def test_a_bad_size_is_a_usage_error(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "validate", "cr.yaml", "--max-input-size", "lots")
    assert run.code == 2
    assert "--max-input-size: not a size: 'lots'" in run.err


def test_closed_stdin_is_one_line(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "validate", "-", close_stdin=True)
    assert_one_clean_line(run, "<stdin>: -: cannot read: standard input is closed")


def test_a_full_disk_on_stdout_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "cr.yaml").write_text(HEADER + SPEC)
    with open("/dev/full", "wb") as full:
        run = run_cli(tmp_path, "render", "cr.yaml", stdout=full)
    assert_one_clean_line(run, "<stdout>: -: cannot write: No space left on device")


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["render", "--help"], ["crd", "--help"]])
def test_version_and_help_on_a_full_disk_are_one_line(tmp_path: Path, argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        run = run_cli(tmp_path, *argv, stdout=full)
    assert_one_clean_line(run, "<stdout>: -: cannot write: No space left on device")


def test_an_empty_directory_as_input_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    run = run_cli(tmp_path, "validate", "dir.yaml")
    assert_one_clean_line(run, "dir.yaml: -: no LocustTest found: the folder holds no *.yaml or *.yml file")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("checkout\nprod.yaml: checkout: valid", "checkout\\nprod.yaml: checkout: valid"),
        ("x\x1b[2K\rprod.yaml: checkout: valid", "x\\x1b[2K\\rprod.yaml: checkout: valid"),
        ("x\u202eevil\u2028line", "x\\u202eevil\\u2028line"),
    ],
)
def test_control_characters_in_names_cannot_forge_lines(tmp_path: Path, name: str, shown: str) -> None:
    quoted = json.dumps(name)  # a YAML double-quoted scalar
    (tmp_path / "cr.yaml").write_text(HEADER.replace("name: checkout", f"name: {quoted}") + SPEC)
    run = run_cli(tmp_path, "validate", "cr.yaml")
    assert run.code == 1
    assert run.err.count("\n") == 1
    assert run.err.startswith(f"cr.yaml: {shown}: metadata.name: Invalid value: ")
    assert all(char.isprintable() for char in run.err.rstrip("\n"))
    assert run.cpu < CPU_SECONDS
    assert run.rss_mb < PEAK_MEMORY_MB


def test_control_characters_in_keys_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "cr.yaml").write_text(HEADER + SPEC + '  "bad\\nkey\\e[31m": 1\n')
    run = run_cli(tmp_path, "validate", "cr.yaml")
    assert_one_clean_line(run, 'cr.yaml: checkout: spec.bad\\nkey\\x1b[31m: unknown field "spec.bad\\nkey\\x1b[31m"')


def test_the_crd_on_a_full_disk_is_one_line(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        run = run_cli(tmp_path, "crd", stdout=full)
    assert_one_clean_line(run, "<stdout>: -: cannot write: No space left on device")


def test_the_memory_measure_is_the_child_s_own_peak(tmp_path: Path) -> None:
    """A parent that grew large does not make every child look large (ru_maxrss would: it survives exec)."""
    ballast = bytearray(400 * 1024**2)  # the parent's resident memory, above PEAK_MEMORY_MB
    ballast[::4096] = b"x" * len(ballast[::4096])
    run = run_cli(tmp_path, "--version")
    assert run.code == 0
    assert run.rss_mb < PEAK_MEMORY_MB
    del ballast

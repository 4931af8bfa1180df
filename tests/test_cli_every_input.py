"""Every problem of every input: a broken operator configuration does not hide the CRs' own errors."""

import json
from pathlib import Path

import pytest
from test_cli import cr, run, write_crs

VALUES = (
    "locustPods: {masterResource: {}}\n",
    'locustPods.masterResource: unknown key "masterResource": the operator\'s chart has no such value '
    '(did you mean "masterResources"?)',
)
ENV = (
    "POD_CPU_REQUST=1\n",
    'line 1: POD_CPU_REQUST: unknown operator variable "POD_CPU_REQUST": the operator reads no such setting for the '
    'pods it creates (did you mean "POD_CPU_REQUEST"?)',
)
CONFIGURATIONS = {"--operator-values": VALUES, "--operator-env": ENV}


def inputs(tmp_path: Path, option: str) -> tuple[Path, Path]:
    config = tmp_path / "config"
    config.write_text(CONFIGURATIONS[option][0])
    crs = write_crs(tmp_path / "crs.yaml", cr("good"), cr("bad", image=None), cr("worse", worker={"replicas": 0}))
    return config, crs


CR_ERRORS = [
    ("bad", ["spec.image: Required value"]),
    (
        "worse",
        [
            "spec.worker.command: Required value",
            "spec.worker.replicas: Invalid value: 0: should be greater than or equal to 1",
        ],
    ),
]


@pytest.mark.parametrize("option", sorted(CONFIGURATIONS))
@pytest.mark.parametrize("command", ["render", "validate"])
def test_text_reports_the_configuration_and_the_crs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, command: str
) -> None:
    config, crs = inputs(tmp_path, option)
    code, out, err = run(capsys, command, option, str(config), str(crs))
    assert (code, out) == (1, "")  # nothing rendered, no test listed as valid
    assert err.splitlines() == [
        f"{config}: -: {CONFIGURATIONS[option][1]}",
        *(f"{crs}: {name}: {message}" for name, messages in CR_ERRORS for message in messages),
    ]


@pytest.mark.parametrize("option", sorted(CONFIGURATIONS))
def test_json_reports_the_configuration_and_the_crs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str
) -> None:
    config, crs = inputs(tmp_path, option)
    expected = [
        {
            "file": str(config),
            "test": None,
            "namespace": None,
            "status": "invalid",
            "errors": [CONFIGURATIONS[option][1]],
            "warnings": [],
        },
        *(
            {
                "file": str(crs),
                "test": name,
                "namespace": "perf",
                "status": "invalid",
                "errors": messages,
                "warnings": [],
            }
            for name, messages in CR_ERRORS
        ),
    ]
    code, out, err = run(capsys, "validate", "--output", "json", option, str(config), str(crs))
    assert (code, err) == (1, "")
    assert json.loads(out) == {"valid": False, "results": expected}
    code, out, err = run(capsys, "render", "--output", "json", option, str(config), str(crs))
    assert (code, out) == (1, "")
    assert json.loads(err) == {"valid": False, "results": expected}


def test_an_unreadable_cr_file_is_reported_beside_a_broken_configuration(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config, _ = inputs(tmp_path, "--operator-env")
    missing = tmp_path / "missing.yaml"
    code, out, err = run(capsys, "validate", "--operator-env", str(config), str(missing))
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"{config}: -: {ENV[1]}", f"{missing}: -: cannot read: No such file or directory"]

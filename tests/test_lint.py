"""Warnings for specs that run but will not do what their author means: exact messages, Python warnings, CLI."""

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml

from constructs_locust import LocustTestSpec
from constructs_locust.cli._main import main
from constructs_locust.spec._lint import LocustTestWarning, spec_warnings
from tests.support import minimal_cr_spec, synth_test

OTEL = {"openTelemetry": {"enabled": True, "endpoint": "otel-collector.monitoring:4317"}}
ADVICE = "put it in a Secret and load it with spec.env.secretRefs (or a valueFrom.secretKeyRef)"


def bounded(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with a ``--run-time`` after its master's extraArgs: the run-time warning is test_traps.py's."""
    master = spec["master"]
    return {**spec, "master": {**master, "extraArgs": [*master.get("extraArgs", []), "--run-time=5m"]}}


def warnings_of(name: str = "demo", **overrides: Any) -> tuple[str, ...]:
    return spec_warnings(LocustTestSpec.from_cr(bounded(minimal_cr_spec(**overrides))), name=name)


def test_a_plain_spec_has_no_warnings() -> None:
    assert warnings_of() == ()
    assert warnings_of(observability=OTEL) == ()  # minimal_cr_spec uses locustio/locust-otel


def test_otel_on_the_plain_locust_image() -> None:
    assert warnings_of(image="locustio/locust:2.43.5", observability=OTEL) == (
        'spec.image: OpenTelemetry is enabled but "locustio/locust:2.43.5" has no OpenTelemetry SDK: Locust logs '
        '"OpenTelemetry SDK is not installed" and exports nothing; use locustio/locust-otel:2.43.5, or an image '
        "with locust[otel]",
    )
    assert len(warnings_of(image="docker.io/locustio/locust", observability=OTEL)) == 1
    assert warnings_of(image="locustio/locust:2.43.1") == ()  # OTel off: nothing to warn about
    assert warnings_of(image="registry.example.com/locust-otel:1", observability=OTEL) == ()


@pytest.mark.parametrize(
    ("tag", "suggested"),
    [
        ("2.43.4", "locustio/locust-otel:2.43.4,"),
        ("2.100.0", "locustio/locust-otel:2.100.0,"),  # compared as numbers, not as text
        ("3.0", "locustio/locust-otel:3.0,"),
        ("2.43.1", "locustio/locust-otel:2.43.4 or later (there is none for 2.43.1),"),
        ("2.32.0", "locustio/locust-otel:2.43.4 or later (there is none for 2.32.0),"),
        ("2.9.9", "locustio/locust-otel:2.43.4 or later (there is none for 2.9.9),"),
        ("latest", "locustio/locust-otel:2.43.4 or later,"),
        (None, "locustio/locust-otel:2.43.4 or later,"),
    ],
)
def test_the_otel_image_suggested_exists(tag: str | None, suggested: str) -> None:
    image = "locustio/locust" if tag is None else f"locustio/locust:{tag}"
    (warning,) = warnings_of(image=image, observability=OTEL)
    assert f"exports nothing; use {suggested} or an image with locust[otel]" in warning


def test_extra_env_var_duplicating_an_operator_variable() -> None:
    otel = {"openTelemetry": {**OTEL["openTelemetry"], "extraEnvVars": {"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}}}
    assert warnings_of(name="shop", observability=otel) == (
        "spec.observability.openTelemetry.extraEnvVars.OTEL_EXPORTER_OTLP_PROTOCOL: OTEL_EXPORTER_OTLP_PROTOCOL is "
        "set by the operator too, so the containers of shop-master and shop-worker get it twice (this value comes "
        "last and wins; kubectl apply warns that it hides the first)",
    )


def test_env_variable_duplicating_a_kafka_variable() -> None:
    assert warnings_of(env={"variables": [{"name": "KAFKA_BOOTSTRAP_SERVERS", "value": "kafka:9092"}]}) == (
        "spec.env.variables[0]: KAFKA_BOOTSTRAP_SERVERS is set by the operator too, so the containers of "
        "demo-master and demo-worker get it twice (this value comes last and wins; kubectl apply warns that it "
        "hides the first)",
    )


def test_variable_warnings_come_in_the_variables_order() -> None:
    variables = [
        {"name": "API_TOKEN", "value": "s3cr3t"},
        {"name": "KAFKA_BOOTSTRAP_SERVERS", "value": "kafka:9092"},
    ]
    assert [warning.split(":")[0] for warning in warnings_of(env={"variables": variables})] == [
        "spec.env.variables[0]",
        "spec.env.variables[1]",
    ]


def test_warnings_of_several_fields_come_in_cr_field_order() -> None:
    otel = {"openTelemetry": {**OTEL["openTelemetry"], "extraEnvVars": {"OTEL_EXPORTER_OTLP_HEADERS": "api-key=k"}}}
    found = warnings_of(
        image="locustio/locust:2.43.1",
        master={"command": "--locustfile /elsewhere/x.py"},
        env={"variables": [{"name": "API_TOKEN", "value": "s3cr3t"}]},
        observability=otel,
    )
    paths = [warning.split(":")[0] for warning in found]
    assert paths == [
        "spec.image",
        "spec.master.command",
        "spec.env.variables[0]",
        "spec.observability.openTelemetry.extraEnvVars.OTEL_EXPORTER_OTLP_HEADERS",
    ]


def test_insecure_is_a_duplicate_only_when_the_operator_sets_it() -> None:
    extra = {"OTEL_EXPORTER_OTLP_INSECURE": "true"}
    assert warnings_of(observability={"openTelemetry": {**OTEL["openTelemetry"], "extraEnvVars": extra}}) == ()
    insecure = {"openTelemetry": {**OTEL["openTelemetry"], "insecure": True, "extraEnvVars": extra}}
    assert len(warnings_of(observability=insecure)) == 1


def test_otlp_headers_with_a_credential() -> None:
    headers = {"OTEL_EXPORTER_OTLP_HEADERS": "x-tenant=shop,Authorization=Bearer abc"}
    otel = {"openTelemetry": {**OTEL["openTelemetry"], "extraEnvVars": headers}}
    assert warnings_of(observability=otel) == (
        "spec.observability.openTelemetry.extraEnvVars.OTEL_EXPORTER_OTLP_HEADERS: OTEL_EXPORTER_OTLP_HEADERS "
        f"carries the Authorization header in plain text; {ADVICE}",
    )
    api_key = {
        "openTelemetry": {**OTEL["openTelemetry"], "extraEnvVars": {"OTEL_EXPORTER_OTLP_TRACES_HEADERS": "api-key=1"}}
    }
    assert "carries the api-key header in plain text" in warnings_of(observability=api_key)[0]
    harmless = {
        "openTelemetry": {**OTEL["openTelemetry"], "extraEnvVars": {"OTEL_EXPORTER_OTLP_HEADERS": "x-tenant=a"}}
    }
    assert warnings_of(observability=harmless) == ()


def test_credential_named_variables_with_literal_values() -> None:
    variables = [
        {"name": "API_TOKEN", "value": "abc"},
        {"name": "DB_Password", "value": "hunter2"},
        {"name": "CLIENT_SECRET", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}},
        {"name": "TOKEN_URL_EMPTY", "value": ""},
    ]
    assert warnings_of(env={"variables": variables}) == (
        f"spec.env.variables[0]: API_TOKEN looks like a credential and has a literal value; {ADVICE}",
        f"spec.env.variables[1]: DB_Password looks like a credential and has a literal value; {ADVICE}",
    )


def test_locustfile_outside_every_mounted_path() -> None:
    master = {"command": "-f /home/locust/locustfile.py"}
    assert warnings_of(master=master) == (
        'spec.master.command: locustfile "/home/locust/locustfile.py" is outside every path mounted in the master '
        "pod (/lotest/src), so Locust will not find the mounted test files there",
    )


def test_locustfile_in_extra_args_is_checked_too() -> None:
    master = {"command": "--locustfile /lotest/src/a.py", "extraArgs": ["-f", "/tmp/b.py"]}
    assert warnings_of(master=master) == (
        'spec.master.command: locustfile "/tmp/b.py" is outside every path mounted in the master pod '
        "(/lotest/src), so Locust will not find the mounted test files there",
    )


@pytest.mark.parametrize(
    "command",
    [
        "--locustfile /lotest/src/a.py",
        "--locustfile=/lotest/src/a.py,/lotest/src/b.py",
        "-f/lotest/src/a.py",
        "-f /lotest/src",
        "-f https://example.com/locustfile.py",
        "--headless",  # no -f at all: nothing to compare
    ],
)
def test_locustfiles_under_a_mounted_path_pass(command: str) -> None:
    assert warnings_of(master={"command": command}) == ()


def test_locustfile_checks_need_mounted_test_files_and_see_every_mount() -> None:
    spec = bounded(minimal_cr_spec(master={"command": "-f /home/locust/locustfile.py"}))
    del spec["testFiles"]
    assert spec_warnings(LocustTestSpec.from_cr(spec), name="demo") == ()  # the image carries its locustfile
    volumes = [{"name": "tests", "emptyDir": {}}]
    mounts = [{"name": "tests", "mountPath": "/home/locust", "target": "master"}]
    worker = {"command": "-f /home/locust/locustfile.py", "replicas": 1}
    found = warnings_of(master={"command": "-f /home/locust/x.py"}, worker=worker, volumes=volumes, volumeMounts=mounts)
    assert found == (
        'spec.worker.command: locustfile "/home/locust/locustfile.py" is outside every path mounted in the worker '
        "pod (/lotest/src), so Locust will not find the mounted test files there",
    )


def test_the_construct_emits_them_as_python_warnings() -> None:
    spec = LocustTestSpec.from_cr(bounded(minimal_cr_spec(image="locustio/locust:2.43.1", observability=OTEL)))
    with pytest.warns(LocustTestWarning) as caught:
        synth_test(spec, name="shop")
    assert [str(warning.message) for warning in caught] == [f"shop: {spec_warnings(spec, name='shop')[0]}"]


def test_the_construct_is_silent_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", LocustTestWarning)
        synth_test(LocustTestSpec.from_cr(bounded(minimal_cr_spec())))


def _cr_file(tmp_path: Path, **overrides: Any) -> Path:
    path = tmp_path / "test.yaml"
    document = {"apiVersion": "locust.io/v2", "kind": "LocustTest", "metadata": {"name": "shop"}}
    path.write_text(yaml.safe_dump({**document, "spec": bounded(minimal_cr_spec(**overrides))}))
    return path


@pytest.mark.parametrize("command", ["render", "validate"])
def test_cli_prints_warnings_and_exits_zero(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _cr_file(tmp_path, env={"variables": [{"name": "API_TOKEN", "value": "abc"}]})
    assert main([command, str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"{path}: shop: warning: spec.env.variables[0]: API_TOKEN looks like a credential and has a literal value; "
        f"{ADVICE}\n"
    )
    assert captured.out


def test_cli_strict_turns_warnings_into_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _cr_file(tmp_path, env={"variables": [{"name": "API_TOKEN", "value": "abc"}]})
    out = tmp_path / "out"
    assert main(["render", "--strict", str(path), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{path}: shop: warning: spec.env.variables[0]: API_TOKEN looks like a credential and has a literal value; "
        f"{ADVICE}",
        "constructs-locust: -: warnings are errors with --strict: nothing written",
    ]
    assert not out.exists()
    assert main(["validate", "--strict", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == "constructs-locust: -: warnings are errors with --strict"


def test_cli_strict_json_marks_the_test_invalid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _cr_file(tmp_path, env={"variables": [{"name": "API_TOKEN", "value": "abc"}]})
    assert main(["validate", "--strict", "--output", "json", str(path)]) == 1
    (result,) = json.loads(capsys.readouterr().out)["results"]
    assert (result["status"], result["warnings"]) == ("invalid", [])
    assert result["errors"] == [
        f"warning: spec.env.variables[0]: API_TOKEN looks like a credential and has a literal value; {ADVICE}"
    ]


def test_cli_json_lists_warnings_of_a_valid_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _cr_file(tmp_path, env={"variables": [{"name": "API_TOKEN", "value": "abc"}]})
    assert main(["validate", "--output", "json", str(path)]) == 0
    (result,) = json.loads(capsys.readouterr().out)["results"]
    assert (result["status"], result["errors"]) == ("valid", [])
    assert result["warnings"] == [
        f"spec.env.variables[0]: API_TOKEN looks like a credential and has a literal value; {ADVICE}"
    ]


def test_cli_strict_passes_a_clean_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict", str(_cr_file(tmp_path))]) == 0
    assert capsys.readouterr().err == ""


FLAG_CONFLICT = (
    'spec.master.extraArgs: "--master-port=9999" repeats a flag the operator sets; it is kept, '
    "after the operator's, and Locust takes the last value"
)


def test_extra_args_repeating_an_operator_flag() -> None:
    assert warnings_of(
        master={"command": "locust -f /lotest/src/x.py", "extraArgs": ["--master-port=9999", "--csv=r"]}
    ) == (FLAG_CONFLICT,)
    assert warnings_of(worker={"command": "locust -f /lotest/src/x.py", "replicas": 1, "extraArgs": ["--otel"]}) == (
        'spec.worker.extraArgs: "--otel" repeats a flag the operator sets; it is kept, '
        "after the operator's, and Locust takes the last value",
    )


def test_cli_strict_fails_on_an_operator_flag_in_extra_args(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The conflict is a warning like every other: a ``FILE: NAME: warning:`` line, and an error with --strict."""
    path = _cr_file(tmp_path, master={"command": "locust -f /lotest/src/x.py", "extraArgs": ["--master-port=9999"]})
    assert main(["validate", "--strict", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{path}: shop: warning: {FLAG_CONFLICT}",
        "constructs-locust: -: warnings are errors with --strict",
    ]
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().err.splitlines() == [f"{path}: shop: warning: {FLAG_CONFLICT}"]


def test_no_module_logs_through_logging() -> None:
    """Warnings leave by one channel (LocustTestWarning and its subclasses), never through ``logging``."""
    package = Path(__file__).resolve().parents[1] / "constructs_locust"
    logging_users = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "import logging" in path.read_text() or "from logging" in path.read_text()
    ]
    assert logging_users == []

"""No silent traps: each combination the documentation warns against is refused or warned about.

- GitOps: a TTL on Jobs a tool re-applies (the self-heal trap), a sync hook on a re-run test,
  ``argo_cd_waves()`` on fixed names.
- A run that never ends on its own (:class:`UnboundedRunWarning`): the construct, the CR
  construct and the command line (``--strict`` fails on it).
- Durations as ``timedelta``.
"""

import json
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import cdk8s
import pytest
import yaml

from constructs_locust import (
    GitOpsWarning,
    LocustTest,
    LocustTestResource,
    LocustTestSpec,
    LocustTestWarning,
    OperatorDefaults,
    OtelOptions,
    Security,
    SpecError,
    UnboundedRunWarning,
    spec_warnings,
)
from constructs_locust.cli._main import main
from constructs_locust.gitops import GitOpsPreset, argo_cd_replace, argo_cd_sync_hook, argo_cd_waves, flux_force
from tests.support import minimal_cr_spec

BOUND = ["--users", "10", "--spawn-rate", "2", "--run-time", "5m"]
UNBOUNDED = (
    "spec.master.extraArgs: the test never ends on its own: no --run-time (-t) in spec.master.command or "
    "spec.master.extraArgs and no LOCUST_RUN_TIME in spec.env.variables, so Locust runs until it is stopped "
    "(unless the locustfile stops it: a LoadTestShape or runner.quit()); the master Job never completes and its "
    "ttlSecondsAfterFinished never starts; bound the run, "
    'e.g. extraArgs: ["--users", "10", "--spawn-rate", "2", "--run-time", "5m"]'
)
NO_AUTOQUIT = (
    "spec.master.autoquit.enabled: false keeps the master running after the test is over, so the master Job never "
    "completes and its ttlSecondsAfterFinished never starts; leave autoquit on"
)


def bounded_spec(**master: Any) -> LocustTestSpec:
    cr = minimal_cr_spec()
    return LocustTestSpec.from_cr({**cr, "master": {**cr["master"], "extraArgs": BOUND, **master}})


def new_test(**kwargs: Any) -> LocustTest:
    chart = cdk8s.Chart(cdk8s.Testing.app(), "load", namespace="perf")
    return LocustTest(chart, "checkout", spec=kwargs.pop("spec", bounded_spec()), **kwargs)


# --- GitOps ------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", [argo_cd_waves(), argo_cd_replace(), flux_force()], ids=lambda p: p.name)
@pytest.mark.parametrize("ttl", [600, timedelta(minutes=10)], ids=["int", "timedelta"])
def test_a_ttl_under_a_preset_that_reapplies_jobs_is_refused_naming_both(preset: GitOpsPreset, ttl: Any) -> None:
    test = new_test(rerun_on_change=True, ttl_seconds_after_finished=ttl)
    with pytest.raises(SpecError) as caught:
        preset.apply(test)
    assert caught.value.path == "ttl_seconds_after_finished"
    assert str(caught.value).startswith(
        f"ttl_seconds_after_finished: Forbidden: 600 is not for the {preset.name} preset: it re-applies the Jobs"
    )
    assert "the test runs again, every 600 seconds (the self-heal trap)" in str(caught.value)
    assert all("annotations" not in m["metadata"] for m in cdk8s.Testing.synth(test.node.scope))  # nothing applied


def test_an_operator_wide_ttl_is_the_same_trap_and_named_as_such() -> None:
    test = new_test(rerun_on_change=True, defaults=OperatorDefaults(job_ttl_seconds_after_finished=300))
    with pytest.raises(SpecError) as caught:
        argo_cd_waves().apply(test)
    assert str(caught.value).startswith(
        "defaults.job_ttl_seconds_after_finished: Forbidden: 300 is not for the argo-cd-waves preset"
    )


def test_a_ttl_is_fine_for_the_sync_hook_and_without_a_preset() -> None:
    test = new_test(ttl_seconds_after_finished=600)
    argo_cd_sync_hook().apply(test)
    jobs = [m for m in cdk8s.Testing.synth(test.node.scope) if m["kind"] == "Job"]
    assert [job["spec"]["ttlSecondsAfterFinished"] for job in jobs] == [600, 600]
    GitOpsPreset(name="mine", job_annotations={"a": "b"}).apply(new_test(ttl_seconds_after_finished=1))


def test_the_sync_hook_on_a_rerun_on_change_test_is_refused_naming_both() -> None:
    test = new_test(rerun_on_change=True)
    with pytest.raises(SpecError) as caught:
        argo_cd_sync_hook().apply(test)
    assert str(caught.value) == (
        "rerun_on_change: Forbidden: True is not for the argo-cd-sync-hook preset: hook Jobs are never pruned, so the "
        "Jobs of every earlier run would stay; use argo_cd_waves() with rerun_on_change=True, or this preset with "
        "fixed names"
    )


def test_waves_on_fixed_names_warn_and_strict_filters_make_it_an_error() -> None:
    test = new_test()
    with pytest.warns(GitOpsWarning) as caught:
        argo_cd_waves().apply(test)
    (warning,) = caught
    assert str(warning.message).startswith("checkout: the argo-cd-waves preset is made for rerun_on_change=True")
    assert warning.filename == __file__  # points at the caller of apply()
    with warnings.catch_warnings():
        warnings.simplefilter("error", LocustTestWarning)
        with pytest.raises(GitOpsWarning):
            argo_cd_waves().apply(new_test())
    with warnings.catch_warnings():
        warnings.simplefilter("error", LocustTestWarning)
        argo_cd_waves().apply(new_test(rerun_on_change=True))  # what it is made for: silent


# --- A run that never ends ---------------------------------------------------------------------


def lint(**master: Any) -> tuple[str, ...]:
    cr = minimal_cr_spec()
    return spec_warnings(LocustTestSpec.from_cr({**cr, "master": {**cr["master"], **master}}), name="checkout")


def test_a_master_without_a_run_time_never_ends() -> None:
    assert lint() == (UNBOUNDED,)
    assert lint(extraArgs=["--users", "10"]) == (UNBOUNDED,)
    assert lint(extraArgs=["--iterations", "5"]) == (UNBOUNDED,)  # locust-plugins' flag, not Locust's


@pytest.mark.parametrize(
    "master",
    [
        {"extraArgs": ["--run-time", "5m"]},
        {"extraArgs": ["--run-time=5m"]},
        {"extraArgs": ["-t", "1h30m"]},
        {"extraArgs": ["-t30s"]},
        {"command": "--locustfile /lotest/src/locustfile.py -t 5m"},
        {"command": "--locustfile /lotest/src/locustfile.py --config /lotest/src/locust.conf"},  # unreadable here
        {"autostart": False},  # the web UI: a person starts and stops it
    ],
)
def test_a_run_time_or_the_web_ui_is_no_warning(master: dict[str, Any]) -> None:
    assert lint(**master) == ()


@pytest.mark.parametrize("variable", ["LOCUST_RUN_TIME", "LOCUST_CONFIG"])
def test_a_run_time_from_the_environment_is_no_warning(variable: str) -> None:
    spec = minimal_cr_spec(env={"variables": [{"name": variable, "value": "5m"}]})
    assert spec_warnings(LocustTestSpec.from_cr(spec), name="checkout") == ()


def test_a_master_that_never_quits_never_ends_either() -> None:
    assert lint(extraArgs=BOUND, autoquit={"enabled": False}) == (NO_AUTOQUIT,)
    assert lint(autoquit={"enabled": False}) == (UNBOUNDED, NO_AUTOQUIT)
    assert lint(extraArgs=BOUND, autoquit={"enabled": True, "timeout": 0}) == ()


def test_the_constructs_warn_with_their_own_class_and_render_the_operators_objects() -> None:
    spec = LocustTestSpec.from_cr(minimal_cr_spec())
    with pytest.warns(UnboundedRunWarning) as caught:
        test = new_test(spec=spec)
    assert [str(w.message) for w in caught] == [f"checkout: {UNBOUNDED}"]
    assert issubclass(UnboundedRunWarning, LocustTestWarning)
    assert "--run-time" not in test.manifests.master_job["spec"]["template"]["spec"]["containers"][0]["args"]
    with pytest.warns(UnboundedRunWarning):
        LocustTestResource(cdk8s.Chart(cdk8s.Testing.app(), "crs"), "checkout", spec=spec)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LocustTestWarning)  # what pytest's filterwarnings=error does
        with pytest.raises(UnboundedRunWarning):
            new_test(spec=spec)
        new_test()  # bounded: silent


def cr_file(tmp_path: Path, **master: Any) -> Path:
    cr = minimal_cr_spec()
    document = {
        "apiVersion": "locust.io/v2",
        "kind": "LocustTest",
        "metadata": {"name": "checkout"},
        "spec": {**cr, "master": {**cr["master"], **master}},
    }
    path = tmp_path / "checkout.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


@pytest.mark.parametrize("command", ["render", "validate"])
def test_the_command_line_warns_and_strict_fails(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cr_file(tmp_path)
    assert main([command, str(path)]) == 0
    assert capsys.readouterr().err == f"{path}: checkout: warning: {UNBOUNDED}\n"
    assert main([command, "--strict", str(path)]) == 1
    captured = capsys.readouterr()
    summary = "warnings are errors with --strict" + (": nothing written" if command == "render" else "")
    assert (captured.out, captured.err.splitlines()) == (
        "",
        [f"{path}: checkout: warning: {UNBOUNDED}", f"constructs-locust: -: {summary}"],
    )
    assert main([command, "--strict", str(cr_file(tmp_path, extraArgs=BOUND))]) == 0
    assert capsys.readouterr().err == ""


def test_the_json_report_lists_it_and_strict_makes_it_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cr_file(tmp_path, autoquit={"enabled": False})
    assert main(["validate", "--output", "json", str(path)]) == 0
    (result,) = json.loads(capsys.readouterr().out)["results"]
    assert (result["status"], result["warnings"]) == ("valid", [UNBOUNDED, NO_AUTOQUIT])
    assert main(["validate", "--strict", "--output", "json", str(path)]) == 1
    (result,) = json.loads(capsys.readouterr().out)["results"]
    assert (result["status"], result["errors"]) == ("invalid", [f"warning: {UNBOUNDED}", f"warning: {NO_AUTOQUIT}"])


# --- Durations ---------------------------------------------------------------------------------


def test_a_ttl_may_be_a_timedelta_and_renders_as_its_seconds() -> None:
    with_int = new_test(ttl_seconds_after_finished=5400)
    with_timedelta = new_test(ttl_seconds_after_finished=timedelta(hours=1, minutes=30))
    assert with_timedelta.manifests == with_int.manifests
    assert with_timedelta.ttl_seconds_after_finished == 5400
    assert (
        new_test(ttl_seconds_after_finished=timedelta(0)).manifests.master_job["spec"]["ttlSecondsAfterFinished"] == 0
    )


@pytest.mark.parametrize(
    ("ttl", "message"),
    [
        (timedelta(seconds=1.5), "Invalid value: 0:00:01.500000: must be a whole number of seconds"),
        (timedelta(seconds=-5), "Invalid value: -1 day, 23:59:55: must not be negative"),
        (timedelta(days=30000), "Invalid value: 2592000000: must be an integer between 0 and 2147483647"),
    ],
)
def test_a_bad_timedelta_ttl_is_refused_clearly(ttl: timedelta, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        new_test(ttl_seconds_after_finished=ttl)
    assert str(caught.value).startswith(f"ttl_seconds_after_finished: {message}")


def test_otel_durations_keep_their_rules_through_the_shared_helper() -> None:
    with pytest.raises(SpecError) as caught:
        OtelOptions(endpoint="c:4317", metric_export_interval=timedelta(0))
    assert str(caught.value) == "OtelOptions.metric_export_interval: Invalid value: 0:00:00: must be positive"
    with pytest.raises(SpecError) as caught:
        OtelOptions(endpoint="c:4317", exporter_timeout=timedelta(microseconds=1500))
    assert str(caught.value) == (
        "OtelOptions.exporter_timeout: Invalid value: 0:00:00.001500: must be a whole number of milliseconds"
    )


def test_every_new_warning_and_refusal_is_documented() -> None:
    page = (Path(__file__).parent.parent / "docs" / "reference" / "warnings.md").read_text()
    for name in (
        "UnboundedRunWarning",
        "GitOpsWarning",
        "--run-time",
        "LOCUST_RUN_TIME",
        "autoquit.enabled",
        "OTLP_TIMEOUT",
    ):
        assert name in page, name
    for option in ("ttl_seconds_after_finished", "defaults.job_ttl_seconds_after_finished", "rerun_on_change"):
        assert option in page, option
    for preset in ("argo_cd_waves()", "argo_cd_replace()", "flux_force()", "argo_cd_sync_hook()"):
        assert preset in page, preset


def test_the_operator_wide_ttl_takes_a_timedelta_too() -> None:
    assert OperatorDefaults(job_ttl_seconds_after_finished=timedelta(hours=1)) == OperatorDefaults(
        job_ttl_seconds_after_finished=3600
    )
    with pytest.raises(SpecError) as caught:
        OperatorDefaults(job_ttl_seconds_after_finished=timedelta(milliseconds=10))
    assert str(caught.value) == (
        "defaults.job_ttl_seconds_after_finished: Invalid value: 0:00:00.010000: must be a whole number of seconds"
    )


# --- An OTLP timeout in milliseconds --------------------------------------------------------------


def test_an_otlp_timeout_in_milliseconds_is_warned_about() -> None:
    otel = {"enabled": True, "endpoint": "otel-collector:4317", "extraEnvVars": {"OTEL_EXPORTER_OTLP_TIMEOUT": "2000"}}
    spec = minimal_cr_spec(observability={"openTelemetry": otel}, master={**bounded_spec().to_cr()["master"]})
    assert spec_warnings(LocustTestSpec.from_cr(spec), name="checkout") == (
        "spec.observability.openTelemetry.extraEnvVars.OTEL_EXPORTER_OTLP_TIMEOUT: "
        'OTEL_EXPORTER_OTLP_TIMEOUT is "2000", which the Python SDK of the Locust image reads as seconds '
        '(2000 s), not milliseconds; write seconds (e.g. "2"), or use OtelOptions(exporter_timeout=...)',
    )
    variables = [{"name": "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "value": "10000"}]
    spec = minimal_cr_spec(env={"variables": variables}, master={**bounded_spec().to_cr()["master"]})
    (warning,) = spec_warnings(LocustTestSpec.from_cr(spec), name="checkout")
    assert warning.startswith('spec.env.variables[0]: OTEL_EXPORTER_OTLP_TRACES_TIMEOUT is "10000"')


@pytest.mark.parametrize("value", ["2", "1.5", "999", "soon"])
def test_an_otlp_timeout_in_seconds_is_fine(value: str) -> None:
    variables = [{"name": "OTEL_EXPORTER_OTLP_TIMEOUT", "value": value}]
    spec = minimal_cr_spec(env={"variables": variables}, master={**bounded_spec().to_cr()["master"]})
    assert spec_warnings(LocustTestSpec.from_cr(spec), name="checkout") == ()


# --- The replacement trap of podSecurityContext ----------------------------------------------------

SECCOMP = (
    "spec.security.podSecurityContext: it replaces the operator's default {seccompProfile: {type: RuntimeDefault}} "
    "and sets no seccompProfile, so the pods run without a seccomp profile (the restricted Pod Security Standard "
    "refuses them); add seccompProfile: {type: RuntimeDefault}, or start from Security.restricted()"
)


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ({"runAsNonRoot": True}, (SECCOMP,)),
        ({}, (SECCOMP,)),
        ({"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}, ()),
        ({"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}, ()),
    ],
)
def test_a_pod_security_context_without_seccomp_is_warned_about(context: dict[str, Any], expected: tuple[str]) -> None:
    spec = {**bounded_spec().to_cr(), "security": {"podSecurityContext": context}}
    assert spec_warnings(LocustTestSpec.from_cr(spec), name="checkout") == expected


def test_the_restricted_preset_and_no_context_are_fine() -> None:
    assert spec_warnings(attrs.evolve(bounded_spec(), security=Security.restricted()), name="checkout") == ()
    assert spec_warnings(bounded_spec(), name="checkout") == ()


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"security": {"podSecurityContext": {"runAsNonRoot": True}}}, SECCOMP),
        (
            {"env": {"variables": [{"name": "OTEL_EXPORTER_OTLP_TIMEOUT", "value": "5000"}]}},
            "OTEL_EXPORTER_OTLP_TIMEOUT",
        ),
    ],
    ids=["seccomp", "otlp-timeout"],
)
def test_strict_fails_on_the_other_traps_too(
    spec: dict[str, Any], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "checkout.yaml"
    document = {"apiVersion": "locust.io/v2", "kind": "LocustTest", "metadata": {"name": "checkout"}}
    path.write_text(yaml.safe_dump({**document, "spec": {**bounded_spec().to_cr(), **spec}}))
    assert main(["validate", "--strict", str(path)]) == 1
    (warning, summary) = capsys.readouterr().err.splitlines()
    assert warning.startswith(f"{path}: checkout: warning: ") and expected in warning
    assert summary == "constructs-locust: -: warnings are errors with --strict"

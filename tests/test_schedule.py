"""Scheduled runs (``LocustTest(..., schedule=Schedule(...))``): two CronJobs whose Jobs are the operator's.

The Jobs are compared as the CronJob controller would create them (``tests/schedule_support.py``
builds them as ``getJobFromTemplate2`` does): apart from what the controller adds and the
schedule's ``activeDeadlineSeconds``, they are the Jobs rendered without a schedule.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import cdk8s
import kubernetes_validate
import pytest
from syrupy.assertion import SnapshotAssertion

from constructs_locust import (
    LocustTest,
    LocustTestFiles,
    LocustTestResource,
    LocustTestSpec,
    PodOptions,
    Schedule,
    SpecError,
)
from constructs_locust.testing import synth_manifests, synth_yaml
from tests.schedule_support import (
    SCHEDULED_TIMESTAMP,
    job_from_cron_job,
    jobs_from_cronjobs,
    without_controller_additions,
)
from tests.support import LINT_WARNINGS_BESIDE_THE_POINT, minimal_cr_spec, synth_test
from tests.test_kube_yaml import kubectl_read, needs_kubectl
from tests.test_schema import KUBERNETES_VERSIONS

pytestmark = LINT_WARNINGS_BESIDE_THE_POINT

PLAIN = LocustTestSpec.from_cr(minimal_cr_spec())
OTEL = LocustTestSpec.from_cr(
    minimal_cr_spec(observability={"openTelemetry": {"enabled": True, "endpoint": "collector:4317"}})
)
HOUR = timedelta(hours=1)
NIGHTLY = Schedule(cron="0 2 * * *", max_run_time=HOUR)
EVERY_OPTION = Schedule(
    cron="30 1 * * mon-fri",
    time_zone="Europe/Paris",
    suspend=True,
    starting_deadline=timedelta(seconds=90),
    successful_jobs_history_limit=5,
    failed_jobs_history_limit=2,
    max_run_time=timedelta(minutes=45),
)
SPOT = PodOptions(tolerations=[{"key": "spot", "operator": "Exists", "effect": "NoSchedule"}])

OPTIONS: dict[str, tuple[dict[str, Any], str, Any]] = {
    "cron": ({"cron": "@weekly"}, "schedule", "@weekly"),
    "time_zone": ({"time_zone": "America/New_York"}, "timeZone", "America/New_York"),
    "suspend": ({"suspend": True}, "suspend", True),
    "starting_deadline": ({"starting_deadline": timedelta(minutes=4)}, "startingDeadlineSeconds", 240),
    "successful_jobs_history_limit": ({"successful_jobs_history_limit": 0}, "successfulJobsHistoryLimit", 0),
    "failed_jobs_history_limit": ({"failed_jobs_history_limit": 7}, "failedJobsHistoryLimit", 7),
}
"""Each CronJob-level option: the argument, the CronJob spec field it sets, the value rendered."""


def schedule(**changes: Any) -> Schedule:
    return attrs.evolve(NIGHTLY, **changes)


def by_kind(manifests: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [manifest for manifest in manifests if manifest["kind"] == kind]


def without_template(cron_job: dict[str, Any]) -> dict[str, Any]:
    """The CronJob's own fields (its Job template is the operator's Job, compared elsewhere)."""
    return {**cron_job, "spec": {k: v for k, v in cron_job["spec"].items() if k != "jobTemplate"}}


def without_deadline(job: dict[str, Any]) -> dict[str, Any]:
    spec = {key: value for key, value in job["spec"].items() if key != "activeDeadlineSeconds"}
    return {**job, "spec": spec}


# ---------------------------------------------------------------------------------------------
# What is rendered


def test_no_schedule_renders_the_operators_objects_unchanged() -> None:
    for spec in (PLAIN, OTEL):
        assert synth_test(spec, schedule=None) == synth_test(spec)


def test_a_schedule_turns_each_job_into_a_cron_job_and_keeps_the_service() -> None:
    plain, scheduled = synth_test(PLAIN, name="nightly"), synth_test(PLAIN, name="nightly", schedule=NIGHTLY)
    assert [(m["kind"], m["metadata"]["name"]) for m in scheduled] == [
        ("Service", "nightly-master"),
        ("CronJob", "nightly-master"),
        ("CronJob", "nightly-worker"),
    ]
    assert scheduled[0] == plain[0]
    for cron_job, job in zip(scheduled[1:], plain[1:], strict=True):
        assert cron_job["metadata"] == job["metadata"]
        assert cron_job["spec"]["jobTemplate"] == {"spec": {**job["spec"], "activeDeadlineSeconds": 3600}}
        assert list(cron_job["spec"]["jobTemplate"]["spec"]) == [
            "parallelism",
            "activeDeadlineSeconds",
            "backoffLimit",
            "template",
        ]


def test_defaults_forbid_overlap_and_bound_the_start_and_the_run() -> None:
    for cron_job in by_kind(synth_test(PLAIN, schedule=NIGHTLY), "CronJob"):
        assert without_template(cron_job)["spec"] == {
            "schedule": "0 2 * * *",
            "startingDeadlineSeconds": 120,
            "concurrencyPolicy": "Forbid",
            "suspend": False,
            "successfulJobsHistoryLimit": 3,
            "failedJobsHistoryLimit": 1,
        }
        assert cron_job["spec"]["jobTemplate"]["spec"]["activeDeadlineSeconds"] == 3600


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_each_option_sets_its_field_on_both_cron_jobs(option: str, snapshot: SnapshotAssertion) -> None:
    changes, key, rendered = OPTIONS[option]
    cron_jobs = by_kind(synth_test(PLAIN, name="nightly", schedule=schedule(**changes)), "CronJob")
    assert [cron_job["spec"][key] for cron_job in cron_jobs] == [rendered, rendered]
    assert [without_template(cron_job) for cron_job in cron_jobs] == snapshot


def test_max_run_time_is_both_jobs_active_deadline(snapshot: SnapshotAssertion) -> None:
    cron_jobs = by_kind(
        synth_test(PLAIN, name="nightly", schedule=schedule(max_run_time=timedelta(minutes=20))), "CronJob"
    )
    deadlines = [cron_job["spec"]["jobTemplate"]["spec"]["activeDeadlineSeconds"] for cron_job in cron_jobs]
    assert deadlines == [1200, 1200]
    assert [cron_job["spec"]["jobTemplate"]["spec"] | {"template": "..."} for cron_job in cron_jobs] == snapshot


def test_no_time_zone_leaves_the_field_out() -> None:
    for cron_job in by_kind(synth_test(PLAIN, schedule=NIGHTLY), "CronJob"):
        assert "timeZone" not in cron_job["spec"]


def test_snapshot_every_option(snapshot: SnapshotAssertion) -> None:
    assert synth_test(OTEL, name="nightly", schedule=EVERY_OPTION, worker_pod=SPOT) == snapshot


def test_snapshot_with_rerun_on_change(snapshot: SnapshotAssertion) -> None:
    assert synth_test(PLAIN, name="nightly", schedule=NIGHTLY, rerun_on_change=True) == snapshot


def test_rerun_on_change_labels_go_to_the_cron_jobs_and_their_job_templates() -> None:
    manifests = synth_test(PLAIN, name="nightly", schedule=NIGHTLY, rerun_on_change=True)
    service, *cron_jobs = manifests
    suffix = service["metadata"]["name"].rsplit("-", 1)[1]
    labels = {"performance-test-name": "nightly", "performance-test-run": suffix}
    for role, cron_job in zip(("master", "worker"), cron_jobs, strict=True):
        assert cron_job["metadata"]["name"] == f"nightly-{role}-{suffix}"
        assert cron_job["metadata"]["labels"] == labels
        assert cron_job["spec"]["jobTemplate"]["metadata"] == {"labels": labels}
    worker_args = cron_jobs[1]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["args"]
    assert f"--master-host=nightly-master-{suffix}" in worker_args


# ---------------------------------------------------------------------------------------------
# The Jobs the CronJob controller creates are the operator's


CASES = {
    "plain": (PLAIN, {}),
    "otel": (OTEL, {}),
    "pod options": (PLAIN, {"master_pod": PodOptions(priority_class_name="high"), "worker_pod": SPOT}),
    "rerun_on_change": (PLAIN, {"rerun_on_change": True}),
    "ttl": (PLAIN, {"ttl_seconds_after_finished": 600}),
    "no namespace": (PLAIN, {"namespace": None}),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("option", [NIGHTLY, EVERY_OPTION], ids=["nightly", "every-option"])
def test_the_controllers_jobs_are_the_operators_apart_from_its_additions(case: str, option: Schedule) -> None:
    spec, kwargs = CASES[case]
    operator_jobs = by_kind(synth_test(spec, name="nightly", **kwargs), "Job")
    scheduled = synth_test(spec, name="nightly", schedule=option, **kwargs)
    cron_jobs = by_kind(scheduled, "CronJob")
    created = jobs_from_cronjobs(scheduled)
    assert len(created) == len(operator_jobs) == 2
    for job, cron_job, operator_job in zip(created, cron_jobs, operator_jobs, strict=True):
        assert job["spec"]["activeDeadlineSeconds"] == option.max_run_time // timedelta(seconds=1)
        assert without_deadline(without_controller_additions(job, cron_job["metadata"]["name"])) == operator_job


def test_the_controller_names_each_run_after_its_cron_job_and_the_scheduled_minute() -> None:
    scheduled = synth_test(PLAIN, name="nightly", schedule=EVERY_OPTION)
    created = jobs_from_cronjobs(scheduled)
    # 2026-12-08T02:00:00Z is 29944920 minutes after the epoch.
    assert [job["metadata"]["name"] for job in created] == ["nightly-master-29944920", "nightly-worker-29944920"]
    assert {job["metadata"]["annotations"][SCHEDULED_TIMESTAMP] for job in created} == {"2026-12-08T03:00:00+01:00"}
    assert {job["metadata"]["namespace"] for job in created} == {"load"}


def test_the_pods_still_carry_the_labels_the_service_selects() -> None:
    service, *cron_jobs = synth_test(PLAIN, name="nightly", schedule=NIGHTLY)
    master = job_from_cron_job(cron_jobs[0])
    assert service["spec"]["selector"].items() <= master["spec"]["template"]["metadata"]["labels"].items()


# ---------------------------------------------------------------------------------------------
# Valid for the API server


def every_rendering() -> list[dict[str, Any]]:
    manifests = []
    for option in (NIGHTLY, EVERY_OPTION):
        for case, (spec, kwargs) in sorted(CASES.items()):
            manifests += by_kind(
                synth_test(spec, name=f"s-{case.replace(' ', '-').replace('_', '-')}", schedule=option, **kwargs),
                "CronJob",
            )
    return manifests


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_cron_job_passes_strict_validation(version: str) -> None:
    cron_jobs = every_rendering()
    assert len(cron_jobs) == 24
    for cron_job in cron_jobs:
        kubernetes_validate.validate(cron_job, version, strict=True)
    for job in jobs_from_cronjobs(cron_jobs):
        kubernetes_validate.validate(job, version, strict=True)


@needs_kubectl
def test_kubectl_reads_the_synthesized_yaml_back_as_rendered(tmp_path: Path) -> None:
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "nightly", namespace="load")
    LocustTest(chart, "nightly", spec=OTEL, schedule=EVERY_OPTION, worker_pod=SPOT)
    LocustTest(chart, "weekly", spec=PLAIN, schedule=schedule(cron="@weekly"), rerun_on_change=True)
    assert kubectl_read(synth_yaml(chart), tmp_path) == synth_manifests(chart)


# ---------------------------------------------------------------------------------------------
# Names


def test_the_longest_name_gives_cron_jobs_of_52_characters() -> None:
    for name, kwargs in (("n" * 45, {}), ("r" * 36, {"rerun_on_change": True})):
        cron_jobs = by_kind(synth_test(PLAIN, name=name, schedule=NIGHTLY, **kwargs), "CronJob")
        assert [len(cron_job["metadata"]["name"]) for cron_job in cron_jobs] == [52, 52]
        # The API server keeps 11 characters for "-<minutes>": a dash and up to 10 digits (8 today).
        assert [len(job["metadata"]["name"]) for job in jobs_from_cronjobs(cron_jobs)] == [61, 61]


@pytest.mark.parametrize(("length", "kwargs", "longest"), [(46, {}, 45), (37, {"rerun_on_change": True}, 36)])
def test_a_longer_name_is_refused_naming_the_limit(length: int, kwargs: dict[str, Any], longest: int) -> None:
    with pytest.raises(SpecError) as caught:
        synth_test(PLAIN, name="n" * length, schedule=NIGHTLY, **kwargs)
    assert caught.value.path == "metadata.name"
    assert f"must be no more than {longest} characters with a schedule" in caught.value.reason
    assert "would be longer than 52" in caught.value.reason


def test_without_a_schedule_the_operators_56_characters_still_hold() -> None:
    assert len(synth_test(PLAIN, name="n" * 56)) == 3


# ---------------------------------------------------------------------------------------------
# The options' checks


def test_every_field_declares_its_rule() -> None:
    for field in attrs.fields(Schedule):
        assert field.validator is None, field.name
        assert field.metadata.get("check"), field.name


def test_cron_and_max_run_time_are_required() -> None:
    with pytest.raises(TypeError, match="max_run_time"):
        Schedule(cron="@daily")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="cron"):
        Schedule(max_run_time=HOUR)  # type: ignore[call-arg]


def test_every_bad_argument_is_reported_at_once() -> None:
    with pytest.raises(SpecError) as caught:
        Schedule(
            cron=5,  # type: ignore[arg-type]
            time_zone="Mars/Olympus",
            suspend="no",  # type: ignore[arg-type]
            starting_deadline=timedelta(seconds=5),
            successful_jobs_history_limit=-1,
            failed_jobs_history_limit=True,
            max_run_time=timedelta(seconds=1.5),
        )
    assert [str(error) for error in caught.value.errors] == [
        "Schedule.cron: Invalid value: 5: must be of type string",
        'Schedule.time_zone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
        'Schedule.suspend: Invalid value: "no": must be of type boolean',
        "Schedule.starting_deadline: Invalid value: 0:00:05: must be between 0:00:10 and 0:04:00: the controller "
        "looks at a CronJob about every 10 s, and a run may start this late, while a worker waits about 5 minutes "
        "for its master",
        "Schedule.successful_jobs_history_limit: Invalid value: -1: must be between 0 and 2147483647",
        "Schedule.failed_jobs_history_limit: Invalid value: true: must be of type integer",
        "Schedule.max_run_time: Invalid value: 0:00:01.500000: must be a whole number of seconds",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"max_run_time": timedelta(0)}, "Schedule.max_run_time: Invalid value: 0:00:00: must be positive"),
        ({"max_run_time": 3600}, "Schedule.max_run_time: Invalid value: 3600: must be a datetime.timedelta"),
        (
            {"starting_deadline": timedelta(minutes=5)},
            "Schedule.starting_deadline: Invalid value: 0:05:00: must be between",
        ),
        ({"starting_deadline": None}, "Schedule.starting_deadline: Invalid value: null: must be a datetime.timedelta"),
        (
            {"failed_jobs_history_limit": 2**31},
            "Schedule.failed_jobs_history_limit: Invalid value: 2147483648: must be",
        ),
        ({"time_zone": 1}, "Schedule.time_zone: Invalid value: 1: must be of type string"),
    ],
)
def test_each_bad_option_is_refused_naming_the_field(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as caught:
        schedule(**changes)
    assert str(caught.value).startswith(message)


def test_the_deadline_bounds_are_accepted() -> None:
    for seconds in (10, 240):
        assert schedule(starting_deadline=timedelta(seconds=seconds)).starting_deadline.total_seconds() == seconds


def test_a_schedule_that_is_no_schedule_is_refused() -> None:
    with pytest.raises(SpecError) as caught:
        synth_test(PLAIN, schedule="0 2 * * *")
    assert str(caught.value) == 'schedule: Invalid value: "0 2 * * *": must be a Schedule'


def test_the_cr_construct_takes_no_schedule() -> None:
    """The operator runs a CR once; a schedule for it would need a CronJob running kubectl (see the how-to)."""
    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "crs")
    with pytest.raises(TypeError, match="schedule"):
        LocustTestResource(chart, "nightly", spec=PLAIN, schedule=NIGHTLY)  # type: ignore[call-arg]


# ---------------------------------------------------------------------------------------------
# With LocustTestFiles


def test_test_files_config_maps_are_unchanged_and_mounted_by_every_run(tmp_path: Path) -> None:
    locustfile = tmp_path / "locustfile.py"
    locustfile.write_text("from locust import HttpUser\n")

    def build(option: Schedule | None) -> list[dict[str, Any]]:
        app = cdk8s.Testing.app()
        chart = cdk8s.Chart(app, "files", namespace="load")
        files = LocustTestFiles(chart, "checkout", src=locustfile)
        spec = attrs.evolve(PLAIN, test_files=files.test_files)
        LocustTest(chart, "nightly", spec=spec, schedule=option)
        return synth_manifests(chart)

    plain, scheduled = build(None), build(NIGHTLY)
    assert by_kind(scheduled, "ConfigMap") == by_kind(plain, "ConfigMap") != []
    for job, operator_job in zip(jobs_from_cronjobs(scheduled), by_kind(plain, "Job"), strict=True):
        assert job["spec"]["template"]["spec"]["volumes"] == operator_job["spec"]["template"]["spec"]["volumes"]

"""Scheduled runs: the operator's two Jobs as two CronJobs on one schedule (beyond the operator).

``LocustTest(..., schedule=Schedule(...))`` renders the master Service as it is and, in place of
each Job, a ``batch/v1`` CronJob whose ``jobTemplate`` is that Job: its labels and annotations
in ``jobTemplate.metadata``, its ``spec`` in ``jobTemplate.spec`` with one addition,
``activeDeadlineSeconds`` (``Schedule.max_run_time``), so that every run ends. The CronJobs are
built from the finished Job manifests (:func:`scheduled`), so whatever shaped the Jobs before
(pod options, ``rerun_on_change``, other options) is in their template as it was in the Jobs.

When a schedule fires, the CronJob controller creates ``<cronjob>-<scheduled minute since the
epoch>`` from each template, each CronJob on its own. The two runs meet because the worker
retries its master for about five minutes (Locust's ``CONNECT_TIMEOUT`` x
``CONNECT_RETRY_COUNT``) and the master waits for ``--expect-workers`` without limit; the bounds
here keep a run whose other half never came from running on: a starting deadline well inside
the worker's retry window, and ``activeDeadlineSeconds`` on both Jobs
(docs/how-to/scheduled-runs.md has the figures).
"""

from datetime import timedelta
from typing import Any

from attrs import field, frozen

from .._core.constants import MAX_JOB_NAME_LENGTH
from .._core.display import go_quote
from .._core.field_errors import invalid
from .._core.frozen import thaw
from .._core.model import INT32_MAX
from .._core.option_fields import check_fields, checked, of_type, optional
from ..kube._cron import check_cron_schedule, check_time_zone
from . import LocustManifests

__all__ = [
    "CRON_JOB_SUFFIX_LENGTH",
    "MAX_CRON_JOB_NAME_LENGTH",
    "MAX_STARTING_DEADLINE",
    "MIN_STARTING_DEADLINE",
    "Schedule",
    "check_schedule",
    "cron_job",
    "scheduled",
]

CRON_JOB_SUFFIX_LENGTH = 11
"""``-<minutes since the epoch>``: what the CronJob controller appends to name a run's Job."""

MAX_CRON_JOB_NAME_LENGTH = MAX_JOB_NAME_LENGTH - CRON_JOB_SUFFIX_LENGTH  # 52
"""The API server refuses a longer CronJob name (``ValidateCronJobCreate``)."""

MIN_STARTING_DEADLINE = timedelta(seconds=10)
"""The controller looks at a CronJob about every 10 s; a shorter deadline may skip runs at random."""

MAX_STARTING_DEADLINE = timedelta(minutes=4)
"""Well inside the ~305 s a Locust worker retries a master that is not there (benchmarks/scheduled_runs.py)."""

CONCURRENCY_POLICY = "Forbid"
"""No run starts while the same CronJob's last one is still active."""


def _whole_seconds(path: str, value: object) -> None:
    """Refuse a value that is not a positive ``timedelta`` of whole seconds."""
    if not isinstance(value, timedelta):
        raise invalid(path, value, "must be a datetime.timedelta")
    if value <= timedelta(0):
        raise invalid(path, value, "must be positive", shown=str(value))
    if value % timedelta(seconds=1):
        raise invalid(path, value, "must be a whole number of seconds", shown=str(value))


def _starting_deadline(path: str, value: object) -> None:
    """A whole number of seconds from :data:`MIN_STARTING_DEADLINE` to :data:`MAX_STARTING_DEADLINE`."""
    _whole_seconds(path, value)
    assert isinstance(value, timedelta)
    if not MIN_STARTING_DEADLINE <= value <= MAX_STARTING_DEADLINE:
        raise invalid(
            path,
            value,
            f"must be between {MIN_STARTING_DEADLINE} and {MAX_STARTING_DEADLINE}: the controller looks at a "
            "CronJob about every 10 s, and a run may start this late, while a worker waits about 5 minutes "
            "for its master",
            shown=str(value),
        )


def _history_limit(path: str, value: object) -> None:
    """An int32 >= 0 (``successfulJobsHistoryLimit``, ``failedJobsHistoryLimit``)."""
    of_type(int, "integer")(path, value)
    assert isinstance(value, int)
    if not 0 <= value <= INT32_MAX:
        raise invalid(path, value, f"must be between 0 and {INT32_MAX}")


def _cron(path: str, value: object) -> None:
    of_type(str, "string")(path, value)
    assert isinstance(value, str)
    check_cron_schedule(path, value)


def _time_zone(path: str, value: object) -> None:
    of_type(str, "string")(path, value)
    assert isinstance(value, str)
    check_time_zone(path, value)


@frozen(kw_only=True)
class Schedule:
    """When a test runs by itself: ``LocustTest(..., schedule=Schedule(cron="0 2 * * *", ...))``.

    Beyond the operator: instead of the two Jobs, two CronJobs (``<name>-master`` and
    ``<name>-worker``) fire on this schedule, each creating the Job the operator would have
    created (named ``<cronjob>-<minutes since the epoch>``), with ``concurrencyPolicy: Forbid``.
    The master Service stays as it is. See docs/how-to/scheduled-runs.md.

    Attributes:
        cron: The CronJob ``schedule``: five fields (minute hour day-of-month month
            day-of-week) or ``@yearly``, ``@annually``, ``@monthly``, ``@weekly``, ``@daily``,
            ``@midnight``, ``@hourly``; checked as the API server checks it, with its messages.
            ``TZ=``/``CRON_TZ=`` prefixes are refused (use ``time_zone``), and so is ``@every``
            (each CronJob would count it from its own creation). Required.
        time_zone: An IANA zone (``Europe/Paris``) the schedule is read in; checked against
            the tz database as the API server checks it. Default ``None``: the zone of the
            kube-controller-manager (UTC on most clusters).
        suspend: ``True`` stops new runs (a running one goes on). Default ``False``.
        starting_deadline: How late a run may still start (``startingDeadlineSeconds``): when
            the controller misses a time by more, that run is skipped. Whole seconds, from
            10 s to 4 min, so that a worker started this late still meets its master (and the
            reverse). Default 2 minutes.
        successful_jobs_history_limit: Finished runs kept per CronJob. Default ``3``.
        failed_jobs_history_limit: Failed runs kept per CronJob. Default ``1``.
        max_run_time: The longest a run may take, start to end, set as both Jobs'
            ``activeDeadlineSeconds``: a master whose workers never came, or workers whose
            master never came, is stopped then (the Job fails with ``DeadlineExceeded``).
            Allow for image pulls, the test's ``--run-time`` and autoquit. Whole seconds.
            Required.
    """

    cron: str = field(metadata=checked(_cron))
    time_zone: str | None = field(default=None, metadata=checked(optional(_time_zone)))
    suspend: bool = field(default=False, metadata=checked(of_type(bool, "boolean")))
    starting_deadline: timedelta = field(default=timedelta(minutes=2), metadata=checked(_starting_deadline))
    successful_jobs_history_limit: int = field(default=3, metadata=checked(_history_limit))
    failed_jobs_history_limit: int = field(default=1, metadata=checked(_history_limit))
    max_run_time: timedelta = field(metadata=checked(_whole_seconds))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "Schedule")


def check_schedule(value: object, path: str) -> Schedule | None:
    """Refuse a ``schedule`` that is neither ``None`` nor a :class:`Schedule`."""
    if value is not None and not isinstance(value, Schedule):
        raise invalid(path, value, "must be a Schedule")
    return value


def _seconds(value: timedelta) -> int:
    return value // timedelta(seconds=1)


def _with_deadline(spec: dict[str, Any], seconds: int) -> dict[str, Any]:
    """The Job spec with ``activeDeadlineSeconds`` before ``backoffLimit`` (the API's field order)."""
    bounded: dict[str, Any] = {}
    for key, value in spec.items():
        if key == "backoffLimit":
            bounded["activeDeadlineSeconds"] = seconds
        if key != "activeDeadlineSeconds":
            bounded[key] = value
    bounded.setdefault("activeDeadlineSeconds", seconds)
    return bounded


def cron_job(job: dict[str, Any], schedule: Schedule) -> dict[str, Any]:
    """The CronJob that creates ``job`` (plus ``activeDeadlineSeconds``) on ``schedule``."""
    job = thaw(job)
    metadata = job["metadata"]
    template_metadata = {key: metadata[key] for key in ("labels", "annotations") if metadata.get(key)}
    template: dict[str, Any] = {"metadata": template_metadata} if template_metadata else {}
    template["spec"] = _with_deadline(job["spec"], _seconds(schedule.max_run_time))
    own = {key: metadata[key] for key in ("name", "namespace", "labels") if metadata.get(key)}
    body: dict[str, Any] = {"schedule": schedule.cron}
    if schedule.time_zone is not None:
        body["timeZone"] = schedule.time_zone
    body["startingDeadlineSeconds"] = _seconds(schedule.starting_deadline)
    body["concurrencyPolicy"] = CONCURRENCY_POLICY
    body["suspend"] = schedule.suspend
    body["jobTemplate"] = template
    body["successfulJobsHistoryLimit"] = schedule.successful_jobs_history_limit
    body["failedJobsHistoryLimit"] = schedule.failed_jobs_history_limit
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": own, "spec": body}


def check_cron_job_names(manifests: LocustManifests, test_name: str) -> None:
    """Refuse a test name whose CronJob names would pass 52 characters, naming the longest allowed."""
    for job in (manifests.master_job, manifests.worker_job):
        name = job["metadata"]["name"]
        if len(name) > MAX_CRON_JOB_NAME_LENGTH:
            longest = MAX_CRON_JOB_NAME_LENGTH - (len(name) - len(test_name))
            raise invalid(
                "metadata.name",
                test_name,
                f"must be no more than {longest} characters with a schedule: the CronJob {go_quote(name)} "
                f"would be longer than {MAX_CRON_JOB_NAME_LENGTH} (the CronJob controller names each run's Job "
                f"<cronjob>-<minutes>, at most {MAX_JOB_NAME_LENGTH})",
            )


def scheduled(manifests: LocustManifests, schedule: Schedule, test_name: str) -> LocustManifests:
    """The master Service as it is, and each finished Job as the CronJob that creates it."""
    check_cron_job_names(manifests, test_name)
    return LocustManifests(
        master_service=manifests.master_service,
        master_job=cron_job(manifests.master_job, schedule),
        worker_job=cron_job(manifests.worker_job, schedule),
    )

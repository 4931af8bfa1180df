"""What the CronJob controller makes of a scheduled test's CronJobs, for the tests and benchmarks.

:func:`job_from_cron_job` builds the Job the controller creates when a CronJob fires, as
``getJobFromTemplate2`` does (``pkg/controller/cronjob/utils.go``): named
``<cronjob>-<scheduled time in minutes since the epoch>``, the template's labels and annotations
(plus the ``batch.kubernetes.io/cronjob-scheduled-timestamp`` annotation, RFC 3339 in the
CronJob's time zone, on by default since Kubernetes 1.28), ``creationTimestamp`` at the
scheduled time, a controller ``ownerReference`` to the CronJob, and a copy of the template's
spec; the Job is created in the CronJob's namespace. :func:`without_controller_additions`
takes those additions away again.
"""

import copy
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp"
"""``batchv1.CronJobScheduledTimestampAnnotation``."""
CRON_JOB_UID = "00000000-0000-4000-8000-000000000001"
"""The uid the tests give a CronJob (the API server assigns one)."""
SCHEDULED = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)
"""The scheduled time the tests fire CronJobs at."""


def _rfc3339(moment: datetime) -> str:
    text = moment.isoformat(timespec="seconds")
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def job_from_cron_job(cron_job: dict[str, Any], scheduled: datetime = SCHEDULED) -> dict[str, Any]:
    """The Job the CronJob controller creates from ``cron_job`` for the time ``scheduled``."""
    template = cron_job["spec"]["jobTemplate"]
    template_metadata = template.get("metadata", {})
    zone = ZoneInfo(cron_job["spec"].get("timeZone") or "UTC")
    annotations = dict(template_metadata.get("annotations", {}))
    annotations[SCHEDULED_TIMESTAMP] = _rfc3339(scheduled.astimezone(zone))
    name = cron_job["metadata"]["name"]
    metadata: dict[str, Any] = {
        "name": f"{name}-{int(scheduled.timestamp()) // 60}",
        "labels": dict(template_metadata.get("labels", {})),
        "annotations": annotations,
        "creationTimestamp": _rfc3339(scheduled.astimezone(UTC)),
        "ownerReferences": [
            {
                "apiVersion": "batch/v1",
                "kind": "CronJob",
                "name": name,
                "uid": CRON_JOB_UID,
                "controller": True,
                "blockOwnerDeletion": True,
            }
        ],
    }
    if "namespace" in cron_job["metadata"]:
        metadata["namespace"] = cron_job["metadata"]["namespace"]
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": metadata, "spec": copy.deepcopy(template["spec"])}


def jobs_from_cronjobs(manifests: list[dict[str, Any]], scheduled: datetime = SCHEDULED) -> list[dict[str, Any]]:
    """The Jobs every CronJob of ``manifests`` creates at ``scheduled``, in order."""
    return [job_from_cron_job(manifest, scheduled) for manifest in manifests if manifest["kind"] == "CronJob"]


def without_controller_additions(job: dict[str, Any], cron_job_name: str) -> dict[str, Any]:
    """``job`` named after its CronJob again, without what the controller added (and empty maps)."""
    job = copy.deepcopy(job)
    metadata = job["metadata"]
    assert metadata["name"].startswith(f"{cron_job_name}-"), metadata["name"]
    metadata["name"] = cron_job_name
    for key in ("creationTimestamp", "ownerReferences"):
        del metadata[key]
    del metadata["annotations"][SCHEDULED_TIMESTAMP]
    for key in ("labels", "annotations"):
        if not metadata[key]:
            del metadata[key]
    return job


def locust_container_of(jobs: list[dict[str, Any]], cron_job_name: str) -> list[str]:
    """The args of the Locust container (named as the CronJob) of the one Job created from ``cron_job_name``."""
    found = [job for job in jobs if job["metadata"]["name"].rsplit("-", 1)[0] == cron_job_name]
    assert len(found) == 1, f"expected one Job from CronJob {cron_job_name}, found {len(found)}"
    containers = [c for c in found[0]["spec"]["template"]["spec"]["containers"] if c["name"] == cron_job_name]
    assert len(containers) == 1, f"expected one container {cron_job_name}"
    return list(containers[0]["args"])

"""What makes each run of a test its own: content-addressed names and a per-test TTL.

Jobs are immutable, so a GitOps tool cannot apply a changed test over the Jobs of the last run.
With ``LocustTest(..., rerun_on_change=True)`` the master Service, both Jobs and the worker's
``--master-host`` carry a short hash of the rendered objects (:func:`run_hash`): a changed test
is a set of new objects, an unchanged one keeps its names. Both options are beyond the
operator; with both off, the manifests are left exactly as the operator's.
"""

import hashlib
import json
from datetime import timedelta
from typing import Any

import attrs

from .._core.constants import LABEL_POD_NAME, LABEL_RUN, LABEL_TEST_NAME, MASTER, MAX_JOB_NAME_LENGTH, WORKER
from .._core.durations import whole_seconds
from .._core.errors import SpecError, go_quote
from .._core.field_errors import invalid
from .._core.frozen import thaw
from .._core.model import INT32_MAX
from .._core.names import node_name
from ..operator import OperatorDefaults
from . import LocustManifests

RUN_HASH_LENGTH = 8
"""Hex digits of the run hash (32 bits): collisions between runs of one test are negligible."""

MAX_RERUN_TEST_NAME_LENGTH = MAX_JOB_NAME_LENGTH - len(f"-{WORKER}-") - RUN_HASH_LENGTH  # 47
"""The longest test name with ``rerun_on_change``: ``<name>-worker-<hash>`` stays within 63."""

_HASH_SCHEME = b"constructs-locust/run/v1\n"
"""Prefix of the hashed bytes: a new scheme (other inputs) gives new names on purpose."""


def run_hash(manifests: LocustManifests) -> str:
    """The first :data:`RUN_HASH_LENGTH` hex digits of sha256 over what defines the run.

    The input is the canonical JSON (sorted keys, no spaces, UTF-8) of the three rendered
    objects, so it is the same in every process whatever ``PYTHONHASHSEED`` or dict order.
    Left out: ``metadata.namespace`` (where a run goes is not what it is; the names only need
    to differ within a namespace) and ``spec.ttlSecondsAfterFinished`` (mutable on a Job, so
    changing the cleanup delay is applied in place instead of starting a new run). Object
    annotations added afterwards (GitOps presets, escape hatches) are not seen either.
    """
    objects = []
    for manifest in manifests:
        data = thaw(manifest)
        data["metadata"].pop("namespace", None)
        data["spec"].pop("ttlSecondsAfterFinished", None)
        objects.append(data)
    canonical = json.dumps(objects, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(_HASH_SCHEME + canonical.encode("utf-8")).hexdigest()[:RUN_HASH_LENGTH]


def check_rerun_name(test_name: str) -> None:
    """Refuse a test name too long for ``<name>-worker-<hash>`` (the 56-character rule becomes 47)."""
    if len(test_name) > MAX_RERUN_TEST_NAME_LENGTH:
        raise SpecError(
            "metadata.name",
            f"name {go_quote(test_name)} is too long for rerun_on_change: generated Job names would exceed "
            f"{MAX_JOB_NAME_LENGTH} characters (max CR name length is {MAX_RERUN_TEST_NAME_LENGTH} with "
            f"rerun_on_change)",
        )


def content_addressed(manifests: LocustManifests, test_name: str) -> LocustManifests:
    """The same objects, renamed ``<name>-<role>-<hash>``, with every reference to them.

    Renamed: the Service and both Jobs, the pods' ``performance-test-pod-name`` label and the
    Service selector on it (so a new Service never selects the master of an older run still
    around), and the worker's ``--master-host``. Kept: container and volume names (local to a
    pod) and the ``app`` / ``performance-test-name`` pod labels, which group every run of the
    test. The Jobs and the Service get ``performance-test-name`` and ``performance-test-run``
    labels, for selecting (and pruning) runs by test or by hash, next to any labels the
    objects already have (``ServiceOptions(labels=...)``). A Job whose containers read the
    ``performance-test-run`` pod label through the downward API (``OtelOptions`` identity)
    gets it on its pods too, so its telemetry names the run.
    """
    check_rerun_name(test_name)
    suffix = run_hash(manifests)
    service, master_job, worker_job = (thaw(manifest) for manifest in manifests)
    master, master_run = node_name(test_name, MASTER), f"{node_name(test_name, MASTER)}-{suffix}"
    labels = {LABEL_TEST_NAME: test_name, LABEL_RUN: suffix}
    for role, manifest in ((MASTER, service), (MASTER, master_job), (WORKER, worker_job)):
        manifest["metadata"]["name"] = f"{node_name(test_name, role)}-{suffix}"
        manifest["metadata"]["labels"] = {**manifest["metadata"].get("labels", {}), **labels}
    service["spec"]["selector"][LABEL_POD_NAME] = master_run
    master_job["spec"]["template"]["metadata"]["labels"][LABEL_POD_NAME] = master_run
    worker_job["spec"]["template"]["metadata"]["labels"][LABEL_POD_NAME] = f"{node_name(test_name, WORKER)}-{suffix}"
    for job in (master_job, worker_job):
        if _asks_for_run_label(job):  # OtelOptions.identity reads the run from the pod's label
            job["spec"]["template"]["metadata"]["labels"][LABEL_RUN] = suffix
    operator_flag, run_flag = f"--master-host={master}", f"--master-host={master_run}"
    for container in worker_job["spec"]["template"]["spec"]["containers"]:
        container["args"] = [run_flag if arg == operator_flag else arg for arg in container["args"]]
    return LocustManifests(master_service=service, master_job=master_job, worker_job=worker_job)


def _asks_for_run_label(job: dict[str, Any]) -> bool:
    """Whether a container of ``job`` reads the pod's ``performance-test-run`` label (downward API)."""
    wanted = f"metadata.labels['{LABEL_RUN}']"
    return any(
        ((variable.get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath") == wanted
        for container in job["spec"]["template"]["spec"]["containers"]
        for variable in container.get("env", ())
    )


def check_rerun_on_change(value: Any) -> bool:
    """Refuse a ``rerun_on_change`` that is not a bool (a truthy string is no answer)."""
    if not isinstance(value, bool):
        raise invalid("rerun_on_change", value, "must be True or False")
    return value


def check_ttl(ttl: Any) -> int | None:
    """Refuse a ``ttl_seconds_after_finished`` that is not ``None``, an int32 >= 0 or such a ``timedelta``.

    A ``timedelta`` (whole seconds, not negative) is returned as its ``int`` of seconds.
    """
    ttl = whole_seconds("ttl_seconds_after_finished", ttl)
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int) or not 0 <= ttl <= INT32_MAX):
        raise invalid(
            "ttl_seconds_after_finished", ttl, f"must be an integer between 0 and {INT32_MAX} (seconds), or None"
        )
    return ttl


def with_job_ttl(defaults: OperatorDefaults | None, ttl: int | timedelta | None) -> OperatorDefaults | None:
    """``defaults`` with this test's ``ttlSecondsAfterFinished``; ``ttl=None`` keeps the operator's."""
    ttl = check_ttl(ttl)
    if ttl is None:
        return defaults
    if defaults is None:
        defaults = OperatorDefaults()
    elif not isinstance(defaults, OperatorDefaults):
        return defaults  # the renderer names the bad value
    return attrs.evolve(defaults, job_ttl_seconds_after_finished=ttl)

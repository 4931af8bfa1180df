"""What ``reports=`` changes in the master Job: Locust's report flags, a volume, the upload container.

Only the master Job changes (the Service and the worker Job stay the operator's):

- the Locust container gets ``--html``, ``--csv`` (``--csv-full-history``) and ``--json-file``
  after the operator's args and ``extraArgs`` (so these flags are the reports'), and mounts the
  ``emptyDir`` ``locust-reports`` at ``<directory>/run``;
- the pod gets the upload container (a second regular container: its failure fails the pod),
  ``shareProcessNamespace: true`` (so it sees the master exit), the ``emptyDir`` (and the
  claim, mounted at ``<directory>/volume`` in the upload container only), and a
  ``terminationGracePeriodSeconds`` long enough for an upload after SIGTERM.

The run hash is set last (:func:`with_report_run`), after ``rerun_on_change`` has hashed the
objects with an empty one, so the hash in the reports' path is the one in the names.
"""

from datetime import timedelta
from typing import Any

from .._core.constants import MASTER
from .._core.field_errors import duplicate
from .._core.frozen import thaw
from .._core.names import node_name
from ..spec._classes import LocustTestSpec
from . import LocustManifests
from ._reports import Reports
from ._upload_script import UPLOAD_SCRIPT

UPLOAD_CONTAINER = "upload-reports"
"""The upload container's name."""

RUN_VOLUME = "locust-reports"
"""The ``emptyDir`` the master writes its reports into."""

CLAIM_VOLUME = "locust-reports-volume"
"""The PersistentVolumeClaim the reports are copied to (``Reports(volume_claim=...)``)."""

RCLONE_REMOTE = "reports"
"""The rclone remote the upload container configures from ``RCLONE_CONFIG_REPORTS_*``."""

HTML_FILE = "report.html"
CSV_PREFIX = "locust"
JSON_FILE = "stats"
"""``--json-file`` names the file without its extension: Locust writes ``stats.json``."""

UPLOAD_UID = 1009
"""The ``rclone`` user of the ``rclone/rclone`` image: not Locust's 1000, so the locustfile cannot
read the upload container's environment (its credentials) through the shared ``/proc``."""

START_SECONDS = 60
"""How long the upload container looks for the master process before uploading what is there."""

GRACE_MARGIN = timedelta(seconds=30)
"""Added to ``upload_timeout`` for the pod's grace period: the master's own shutdown, the JSON line."""

RCLONE_SETTINGS = (
    ("RCLONE_CONTIMEOUT", "10s"),
    ("RCLONE_TIMEOUT", "30s"),
    ("RCLONE_RETRIES", "3"),
    ("RCLONE_RETRIES_SLEEP", "2s"),
    ("RCLONE_LOW_LEVEL_RETRIES", "3"),
    ("RCLONE_LOG_LEVEL", "INFO"),
)
"""rclone's flags as env: connect timeout, idle timeout, whole-copy retries, their pause, per-request
retries; ``INFO`` logs each file copied. ``timeout`` bounds all of it (``upload_timeout``)."""

UPLOAD_RESOURCES = {"limits": {"memory": "256Mi"}, "requests": {"cpu": "50m", "memory": "64Mi"}}
UPLOAD_SECURITY_CONTEXT = {
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "readOnlyRootFilesystem": True,
    "runAsGroup": UPLOAD_UID,
    "runAsNonRoot": True,
    "runAsUser": UPLOAD_UID,
}

_POD_ORDER = (
    "volumes",
    "initContainers",
    "containers",
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "dnsPolicy",
    "nodeSelector",
    "serviceAccountName",
    "shareProcessNamespace",
    "securityContext",
)
"""The PodSpec fields before and around those added here, in the order Go serializes them."""

_CONTAINER_ORDER = ("name", "image", "command", "args", "ports", "envFrom", "env", "resources", "volumeMounts")


def report_args(reports: Reports) -> list[str]:
    """Locust's report flags, writing under ``<directory>/run``."""
    run = run_directory(reports)
    args = []
    if reports.html:
        args.append(f"--html={run}/{HTML_FILE}")
    if reports.csv:
        args.append(f"--csv={run}/{CSV_PREFIX}")
    if reports.csv_full_history:
        args.append("--csv-full-history")
    if reports.json:
        args.append(f"--json-file={run}/{JSON_FILE}")
    return args


def run_directory(reports: Reports) -> str:
    """Where the master writes this run's files (the ``emptyDir``)."""
    return f"{reports.directory.rstrip('/')}/run"


def claim_directory(reports: Reports) -> str:
    """Where the claim is mounted in the upload container."""
    return f"{reports.directory.rstrip('/')}/volume"


def destination(reports: Reports, test_name: str) -> str:
    """Where the upload goes, before ``/<run>/<start>``: an rclone remote path or a local path."""
    parts = [part for part in reports.path.split("/") if part]
    if reports.storage is not None:
        return f"{RCLONE_REMOTE}:" + "/".join([*parts, test_name])
    return "/".join([claim_directory(reports), *parts, test_name])


def _env(name: str, value: str) -> dict[str, str]:
    return {"name": name, "value": value}


def upload_env(reports: Reports, test_name: str) -> list[dict[str, Any]]:
    """The upload container's env: the script's settings, rclone's flags, the remote's config."""
    env: list[dict[str, Any]] = [
        _env("REPORTS_DIRECTORY", run_directory(reports)),
        _env("REPORTS_DESTINATION", destination(reports, test_name)),
        _env("REPORTS_RUN", ""),
        _env("REPORTS_TIMEOUT", str(reports.upload_timeout // timedelta(seconds=1))),
        _env("REPORTS_START_SECONDS", str(START_SECONDS)),
        _env("REPORTS_AFTER_ARGUMENT", "--master"),
    ]
    env += [_env(name, value) for name, value in RCLONE_SETTINGS]
    storage = reports.storage
    if storage is not None:
        prefix = f"RCLONE_CONFIG_{RCLONE_REMOTE.upper()}_"
        env.append(_env(f"{prefix}TYPE", storage.type))
        env += [_env(f"{prefix}{option.upper()}", value) for option, value in sorted(storage.options.items())]
        for option, key in sorted(storage.secret_options.items()):
            ref = {"secretKeyRef": {"name": storage.secret_name, "key": key}}
            env.append({"name": f"{prefix}{option.upper()}", "valueFrom": ref})
    return env


def upload_container(reports: Reports, test_name: str) -> dict[str, Any]:
    """The upload container: ``/bin/sh -c`` :data:`UPLOAD_SCRIPT` in ``reports.image``."""
    mounts = [{"name": RUN_VOLUME, "mountPath": run_directory(reports), "readOnly": True}]
    if reports.volume_claim is not None:
        mounts.append({"name": CLAIM_VOLUME, "mountPath": claim_directory(reports)})
    return {
        "name": UPLOAD_CONTAINER,
        "image": reports.image,
        "command": ["/bin/sh", "-c", UPLOAD_SCRIPT],
        "env": upload_env(reports, test_name),
        "resources": thaw(UPLOAD_RESOURCES),
        "volumeMounts": mounts,
        "imagePullPolicy": "IfNotPresent",
        "securityContext": thaw(UPLOAD_SECURITY_CONTEXT),
    }


def _ordered(mapping: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """``mapping`` with the keys of ``order`` first, in that order, then the others as they were."""
    first = {key: mapping[key] for key in order if key in mapping}
    return {**first, **{key: value for key, value in mapping.items() if key not in first}}


def with_reports(manifests: LocustManifests, reports: Reports, test_name: str, spec: LocustTestSpec) -> LocustManifests:
    """The manifests of ``spec`` with the master Job keeping its reports (the run hash still empty)."""
    job = thaw(manifests.master_job)
    pod = job["spec"]["template"]["spec"]
    _check_free(spec, pod, reports)
    locust = next(c for c in pod["containers"] if c["name"] == node_name(test_name, MASTER))
    locust["args"] = [*locust["args"], *report_args(reports)]
    mount = {"name": RUN_VOLUME, "mountPath": run_directory(reports)}
    locust["volumeMounts"] = [*locust.get("volumeMounts", []), mount]
    pod["containers"] = [_ordered(c, _CONTAINER_ORDER) if c is locust else c for c in pod["containers"]]
    pod["containers"].append(upload_container(reports, test_name))
    volumes = [{"name": RUN_VOLUME, "emptyDir": {}}]
    if reports.volume_claim is not None:
        volumes.append({"name": CLAIM_VOLUME, "persistentVolumeClaim": {"claimName": reports.volume_claim}})
    pod["volumes"] = [*pod.get("volumes", []), *volumes]
    pod["shareProcessNamespace"] = True
    pod["terminationGracePeriodSeconds"] = (reports.upload_timeout + GRACE_MARGIN) // timedelta(seconds=1)
    job["spec"]["template"]["spec"] = _ordered(pod, _POD_ORDER)
    return manifests._replace(master_job=job)


def _check_free(spec: LocustTestSpec, pod: dict[str, Any], reports: Reports) -> None:
    """Refuse a spec whose volumes or the master's mounts already use the reports' names or path."""
    for index, volume in enumerate(spec.volumes or ()):
        if volume["name"] in (RUN_VOLUME, CLAIM_VOLUME):
            raise duplicate(f"spec.volumes[{index}].name", volume["name"], "the name of a reports volume")
    for container in pod["containers"]:
        for mount in container.get("volumeMounts", []):
            if mount["mountPath"].rstrip("/") == run_directory(reports):
                raise duplicate("reports.directory", reports.directory, f"{mount['mountPath']} is already mounted")


def with_report_run(manifests: LocustManifests, run: str) -> LocustManifests:
    """The manifests with ``run`` (the run hash) as the upload container's ``REPORTS_RUN``."""
    job = thaw(manifests.master_job)
    for container in job["spec"]["template"]["spec"]["containers"]:
        if container["name"] == UPLOAD_CONTAINER:
            for entry in container["env"]:
                if entry["name"] == "REPORTS_RUN":
                    entry["value"] = run
    return manifests._replace(master_job=job)

"""Reports that outlive the pod: ``LocustTest(..., reports=Reports(...))`` (beyond the operator).

The master writes Locust's HTML report (``--html``), its CSV files (``--csv``, with
``--csv-full-history`` when asked) and its JSON statistics (``--json-file``) into an
``emptyDir``; a second regular container of the master pod, the *upload container*
(``rclone/rclone``), waits for the master process to exit (the pod shares one process
namespace), then copies that directory once, bounded in time, to a PersistentVolumeClaim or to
object storage, under ``<path>/<test>/<run>/<start>/``. Its exit code is part of the pod's
result, so a failed or timed-out upload fails the master Job too, and it prints one JSON line
(:mod:`~constructs_locust.manifests._upload_script`). docs/how-to/reports.md has the whole design.

This module holds the typed options; :mod:`~constructs_locust.manifests._reports_pod` puts them
into the manifests.
"""

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from attrs import field, frozen

from .._core.field_errors import duplicate, forbidden, invalid, required, type_error
from .._core.frozen import freeze
from .._core.names import is_dns1123_subdomain
from .._core.option_fields import check_fields, checked, optional, typed

__all__ = ["DEFAULT_UPLOAD_IMAGE", "ObjectStorage", "Reports"]

DEFAULT_UPLOAD_IMAGE = "rclone/rclone:1.69.1"
"""The upload container's image: rclone's official image (Alpine: ``/bin/sh``, GNU ``timeout``)."""

DEFAULT_UPLOAD_TIMEOUT = timedelta(minutes=5)
"""How long the copy may take, retries included, before it is stopped and counted as failed."""

DEFAULT_DIRECTORY = "/locust-reports"
"""Where the reports' volumes are mounted (``run/``: this run's files; ``volume/``: the claim)."""

SECRET_OPTIONS = frozenset(
    {
        "access_key_id",
        "account_key",
        "bearer_token",
        "client_secret",
        "key",
        "pass",
        "password",
        "sas_url",
        "secret_access_key",
        "service_account_credentials",
        "session_token",
        "token",
    }
)
"""rclone options that are credentials: only ``secret_options`` may set them, never a literal."""

_BACKEND = re.compile(r"[a-z][a-z0-9]*")
_OPTION = re.compile(r"[a-z][a-z0-9_]*")
_SECRET_KEY = re.compile(r"[-._a-zA-Z0-9]+")
_PATH_CHARACTERS = re.compile(r"[A-Za-z0-9._/-]*")


def _backend(path: str, value: object) -> None:
    """An rclone backend name (``s3``, ``gcs``, ``azureblob``, ``webdav``, ...)."""
    if not isinstance(value, str):
        raise type_error(path, value, "string")
    if not _BACKEND.fullmatch(value):
        raise invalid(path, value, "must be an rclone backend name such as s3, gcs or azureblob")


def _option_map(path: str, value: object, *, values: re.Pattern[str] | None = None) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise type_error(path, value, "object")
    for key, item in value.items():
        if not isinstance(key, str) or not _OPTION.fullmatch(key):
            raise invalid(path, key, "must be an rclone option name (lower case, digits and '_')")
        if not isinstance(item, str):
            raise type_error(f"{path}.{key}", item, "string")
        if values is not None and not values.fullmatch(item):
            raise invalid(f"{path}.{key}", item, "must be a Secret key (letters, digits, '-', '_' or '.')")
    return value


def _plain_options(path: str, value: object) -> None:
    """rclone options given as literals: anything but ``type`` and the credentials."""
    for key in _option_map(path, value):
        if key == "type":
            raise forbidden(f"{path}.type", "the backend is ObjectStorage.type")
        if key in SECRET_OPTIONS:
            raise forbidden(f"{path}.{key}", "a credential comes only from a Secret: give it in secret_options")


def _secret_options(path: str, value: object) -> None:
    _option_map(path, value, values=_SECRET_KEY)


def _object_name(path: str, value: object) -> None:
    if not isinstance(value, str):
        raise type_error(path, value, "string")
    if not is_dns1123_subdomain(value):
        raise invalid(path, value, "must be a lowercase RFC 1123 subdomain (the name of a Kubernetes object)")


@frozen(kw_only=True)
class ObjectStorage:
    """Object storage the reports are copied to: an rclone remote configured from env variables.

    The upload container configures the remote ``reports`` as rclone reads it from its
    environment: ``RCLONE_CONFIG_REPORTS_TYPE`` from ``type``, ``RCLONE_CONFIG_REPORTS_<OPTION>``
    from each of ``options`` (literal values) and of ``secret_options`` (``secretKeyRef`` to a key
    of the Secret ``secret_name``). Credentials are refused in ``options``. The presets
    :meth:`s3`, :meth:`gcs` and :meth:`azure_blob` fill these in.

    Attributes:
        type: The rclone backend: ``s3`` (AWS and every S3-compatible store: MinIO, Ceph, R2,
            ...), ``gcs``, ``azureblob``, or any other rclone backend (``webdav``, ``sftp``).
        options: rclone options of that backend, not secret (``provider``, ``region``,
            ``endpoint``, ``url``...). Default: none.
        secret_name: The Secret in the test's namespace that ``secret_options`` read from.
            Default ``None``: no Secret (then ``secret_options`` must be empty).
        secret_options: rclone option -> key of ``secret_name`` holding its value
            (``{"access_key_id": "AWS_ACCESS_KEY_ID"}``). rclone wants some values obscured
            (``pass`` of webdav and sftp: ``rclone obscure``); store them so. Default: none.
    """

    type: str = field(metadata=checked(_backend))
    options: Mapping[str, str] = field(factory=dict, converter=freeze, metadata=checked(_plain_options))
    secret_name: str | None = field(default=None, metadata=checked(optional(_object_name)))
    secret_options: Mapping[str, str] = field(factory=dict, converter=freeze, metadata=checked(_secret_options))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "ObjectStorage")
        if self.secret_options and self.secret_name is None:
            raise required("ObjectStorage.secret_name", "secret_options read from a Secret")
        both = sorted(set(self.options) & set(self.secret_options))
        if both:
            raise duplicate(f"ObjectStorage.secret_options.{both[0]}", both[0], "also given in options")

    @classmethod
    def s3(
        cls,
        *,
        secret_name: str | None,
        provider: str = "AWS",
        region: str | None = None,
        endpoint: str | None = None,
        access_key_id_key: str = "AWS_ACCESS_KEY_ID",
        secret_access_key_key: str = "AWS_SECRET_ACCESS_KEY",
    ) -> "ObjectStorage":
        """S3 or an S3-compatible store; ``Reports.path`` starts with the bucket.

        ``secret_name`` holds the access key pair under ``access_key_id_key`` and
        ``secret_access_key_key``; ``None`` takes credentials from the pod's identity instead
        (``env_auth``: IAM roles for service accounts, with ``PodOptions.service_account_name``).
        ``provider`` is rclone's (``AWS``, ``Minio``, ``Ceph``, ``Cloudflare``, ``Other``...).
        """
        options = {"provider": provider}
        if region is not None:
            options["region"] = region
        if endpoint is not None:
            options["endpoint"] = endpoint
        if secret_name is None:
            return cls(type="s3", options={**options, "env_auth": "true"})
        keys = {"access_key_id": access_key_id_key, "secret_access_key": secret_access_key_key}
        return cls(type="s3", options=options, secret_name=secret_name, secret_options=keys)

    @classmethod
    def gcs(cls, *, secret_name: str, key: str = "service-account.json") -> "ObjectStorage":
        """Google Cloud Storage, a service account's JSON key in ``secret_name`` under ``key``.

        ``Reports.path`` starts with the bucket; ``bucket_policy_only`` suits buckets with
        uniform bucket-level access (the default for new buckets).
        """
        return cls(
            type="gcs",
            options={"bucket_policy_only": "true"},
            secret_name=secret_name,
            secret_options={"service_account_credentials": key},
        )

    @classmethod
    def azure_blob(
        cls, *, secret_name: str, account_key: str = "AZURE_STORAGE_ACCOUNT", key_key: str = "AZURE_STORAGE_KEY"
    ) -> "ObjectStorage":
        """Azure Blob Storage with a storage account and its key; ``Reports.path`` starts with the container."""
        return cls(type="azureblob", secret_name=secret_name, secret_options={"account": account_key, "key": key_key})


def _storage(path: str, value: object) -> None:
    if value is not None and not isinstance(value, ObjectStorage):
        raise invalid(path, value, "must be an ObjectStorage")


def _relative_path(path: str, value: object) -> None:
    """A relative path of safe characters (shown in the JSON line unescaped), no ``..``."""
    if not isinstance(value, str):
        raise type_error(path, value, "string")
    if not _PATH_CHARACTERS.fullmatch(value):
        raise invalid(path, value, "may contain only letters, digits, '.', '_', '-' and '/'")
    if value.startswith("/") or ".." in value.split("/"):
        raise invalid(path, value, "must be a relative path without '..'")


def _directory(path: str, value: object) -> None:
    if not isinstance(value, str):
        raise type_error(path, value, "string")
    if not _PATH_CHARACTERS.fullmatch(value) or not value.startswith("/") or value.rstrip("/") == "":
        raise invalid(path, value, "must be an absolute path (letters, digits, '.', '_', '-', '/'), not '/'")
    if ".." in value.split("/"):
        raise invalid(path, value, "must not contain '..'")


def _timeout(path: str, value: object) -> None:
    if not isinstance(value, timedelta):
        raise invalid(path, value, "must be a datetime.timedelta")
    if value < timedelta(seconds=1) or value % timedelta(seconds=1):
        raise invalid(path, value, "must be a whole number of seconds, at least 1", shown=str(value))


def _image(path: str, value: object) -> None:
    if not isinstance(value, str):
        raise type_error(path, value, "string")
    if not value or value != value.strip():
        raise invalid(path, value, "must be an image reference")


@frozen(kw_only=True)
class Reports:
    """Keep the master's reports: ``LocustTest(..., reports=Reports(...))``.

    Give exactly one destination, ``volume_claim`` or ``storage``. Each run's files go to
    ``<path>/<test>/<run>/<start>/``: the test's name, the run hash (the 8 hex digits that
    ``rerun_on_change`` puts in the names; the same for the same rendered test), and the upload
    container's UTC start time (``20261207T034500Z``). The files: ``report.html``,
    ``locust_stats.csv``, ``locust_stats_history.csv``, ``locust_failures.csv``,
    ``locust_exceptions.csv``, ``stats.json``, and anything else the locustfile writes to
    ``<directory>/run``.

    Attributes:
        volume_claim: A PersistentVolumeClaim (its name, in the test's namespace) to copy the
            reports to; mounted in the upload container only. Default ``None``.
        storage: Object storage to copy the reports to (:class:`ObjectStorage`). Default ``None``.
        path: Where under the destination: for object storage ``<bucket>/<prefix>`` (Azure:
            ``<container>/<prefix>``), for a claim a directory in it. Default ``""``: the top.
        html: Write the HTML report (``--html``). Default ``True``.
        csv: Write the CSV files (``--csv``). Default ``True``.
        csv_full_history: Every stats row of every request name in
            ``locust_stats_history.csv`` (``--csv-full-history``); needs ``csv``. Default ``False``:
            only the aggregated rows.
        json: Write the JSON statistics (``--json-file``). Locust then no longer prints its
            summary table in the master's log. Default ``True``.
        upload_timeout: The bound on the copy, retries included; a copy stopped at it is a
            failed upload (status ``timeout``). Whole seconds. Default 5 minutes.
        image: The upload container's image; it needs ``/bin/sh``, ``timeout`` and ``rclone``.
            Default :data:`DEFAULT_UPLOAD_IMAGE`.
        directory: Where the reports' volumes are mounted in the master and upload containers.
            Default ``/locust-reports``.
    """

    volume_claim: str | None = field(default=None, metadata=checked(optional(_object_name)))
    storage: ObjectStorage | None = field(default=None, metadata=checked(_storage))
    path: str = field(default="", metadata=checked(_relative_path))
    html: bool = field(default=True, metadata=checked(typed(bool)))
    csv: bool = field(default=True, metadata=checked(typed(bool)))
    csv_full_history: bool = field(default=False, metadata=checked(typed(bool)))
    json: bool = field(default=True, metadata=checked(typed(bool)))
    upload_timeout: timedelta = field(default=DEFAULT_UPLOAD_TIMEOUT, metadata=checked(_timeout))
    image: str = field(default=DEFAULT_UPLOAD_IMAGE, metadata=checked(_image))
    directory: str = field(default=DEFAULT_DIRECTORY, metadata=checked(_directory))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "Reports")
        if self.volume_claim is None and self.storage is None:
            raise required("Reports.volume_claim", "give a volume_claim or a storage")
        if self.volume_claim is not None and self.storage is not None:
            raise forbidden("Reports.storage", "give a volume_claim or a storage, not both")
        if self.csv_full_history and not self.csv:
            raise invalid("Reports.csv_full_history", True, "needs csv=True (Locust's --csv-full-history needs --csv)")
        if not (self.html or self.csv or self.json):
            raise required("Reports.html", "at least one of html, csv and json")


def check_reports(value: Any) -> Reports | None:
    """Refuse a ``reports`` keyword that is not ``None`` or a :class:`Reports`."""
    if value is not None and not isinstance(value, Reports):
        raise invalid("reports", value, "must be a Reports")
    return value

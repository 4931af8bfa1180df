"""The operator's admission webhook rules (``api/v2/locusttest_webhook.go``), in its order.

The webhook returns only the first error; so do these functions. Rules that need only the
spec run when a :class:`~constructs_locust.spec.LocustTestSpec` is built; the rules that
need the test's name run again, in full order, when the test is rendered. After them come
the API server's rules on the volumes and mounts of the pods the operator builds from an
accepted CR (:func:`._pod_volumes.check_pod_volumes`).

This module knows the spec classes by their attributes only (it never imports
:mod:`constructs_locust.spec`, which imports it).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from .._core.constants import (
    DEFAULT_LIB_MOUNT_PATH,
    DEFAULT_SRC_MOUNT_PATH,
    LIB_VOLUME_NAME,
    ROLES,
    SECRET_VOLUME_PREFIX,
)
from .._core.errors import SpecError, go_quote
from .._core.names import check_test_name, node_name
from ._pod_volumes import check_pod_volumes

if TYPE_CHECKING:
    from ._classes import LocustTestSpec, OpenTelemetry, TestFiles


_DEFERRED: ContextVar[bool] = ContextVar("constructs_locust_webhook_rules_deferred", default=False)


@contextmanager
def webhook_rules_deferred() -> Iterator[None]:
    """Within this block, building a spec checks its schema only, not the webhook's rules.

    For a reader that checks a whole CR: it collects every schema error of the object first
    (metadata and spec), then runs :func:`check_webhook_rules` itself, in the webhook's full
    order (the name first).
    """
    token = _DEFERRED.set(True)
    try:
        yield
    finally:
        _DEFERRED.reset(token)


def webhook_rules_are_deferred() -> bool:
    """Whether building a spec here skips the webhook's rules (inside :func:`webhook_rules_deferred`)."""
    return _DEFERRED.get()


def check_spec_rules(spec: "LocustTestSpec") -> None:
    """Every webhook rule that does not depend on the test's name (none in a deferred block)."""
    if _DEFERRED.get():
        return
    _check_secret_mounts(spec)
    _check_volumes(spec, test_name=None)
    if spec.observability and spec.observability.open_telemetry:
        check_open_telemetry(spec.observability.open_telemetry)
    check_pod_volumes(spec, test_name=None)  # then the API server's, on the pods the operator builds


def check_webhook_rules(name: str, spec: "LocustTestSpec") -> None:
    """``validateLocustTest``: name, secret mounts, volumes, OpenTelemetry; first error wins.

    Then the API server's rules on the pods' volumes and mounts, which the operator's Jobs
    would break only after the CR was accepted.
    """
    check_test_name(name)
    _check_secret_mounts(spec)
    _check_volumes(spec, test_name=name)
    if spec.observability and spec.observability.open_telemetry:
        check_open_telemetry(spec.observability.open_telemetry)
    check_pod_volumes(spec, test_name=name)


def check_open_telemetry(otel: "OpenTelemetry") -> None:
    """``validateOTelConfig``: an enabled exporter needs an endpoint."""
    if otel.enabled and not otel.endpoint:
        raise SpecError(
            "spec.observability.openTelemetry.endpoint",
            "observability.openTelemetry.endpoint is required when OpenTelemetry is enabled",
        )


def reserved_paths(test_files: "TestFiles | None") -> list[str]:
    """``getReservedPaths``: the paths the operator mounts test files at."""
    if test_files is None:
        return [DEFAULT_SRC_MOUNT_PATH, DEFAULT_LIB_MOUNT_PATH]
    paths = []
    if test_files.config_map_ref:
        paths.append(test_files.effective_src_mount_path)
    if test_files.lib_config_map_ref:
        paths.append(test_files.effective_lib_mount_path)
    if not paths:
        paths = [test_files.effective_src_mount_path, test_files.effective_lib_mount_path]
    return paths


def paths_conflict(first: str, second: str) -> bool:
    """``PathConflicts``: equal, or one lies under the other (trailing slashes ignored)."""
    a, b = first.rstrip("/"), second.rstrip("/")
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def _conflicting_reserved_path(path: str, reserved: list[str]) -> str | None:
    return next((candidate for candidate in reserved if paths_conflict(path, candidate)), None)


def _check_secret_mounts(spec: "LocustTestSpec") -> None:
    mounts = spec.env.secret_mounts if spec.env else None
    reserved = reserved_paths(spec.test_files)
    for index, mount in enumerate(mounts or ()):
        clash = _conflicting_reserved_path(mount.mount_path, reserved)
        if clash is not None:
            raise SpecError(
                f"spec.env.secretMounts[{index}].mountPath",
                f"secretMount path {go_quote(mount.mount_path)} conflicts with reserved path "
                f"{go_quote(clash)}; operator uses this path for test files",
            )


def _check_volumes(spec: "LocustTestSpec", test_name: str | None) -> None:
    generated = {node_name(test_name, role) for role in ROLES} if test_name is not None else set()
    for index, volume in enumerate(spec.volumes or ()):
        name = str(volume["name"])
        path = f"spec.volumes[{index}].name"
        if name.startswith(SECRET_VOLUME_PREFIX):
            raise SpecError(path, f"volume name {go_quote(name)} uses reserved prefix {go_quote(SECRET_VOLUME_PREFIX)}")
        if name == LIB_VOLUME_NAME:
            raise SpecError(path, f"volume name {go_quote(name)} is reserved by the operator")
        if name in generated:
            raise SpecError(path, f"volume name {go_quote(name)} conflicts with operator-generated name")
    reserved = reserved_paths(spec.test_files)
    for index, mount in enumerate(spec.volume_mounts or ()):
        clash = _conflicting_reserved_path(mount.mount_path, reserved)
        if clash is not None:
            raise SpecError(
                f"spec.volumeMounts[{index}].mountPath",
                f"volumeMount path {go_quote(mount.mount_path)} conflicts with reserved path {go_quote(clash)}",
            )
    defined = {str(volume["name"]) for volume in spec.volumes or ()}
    for index, mount in enumerate(spec.volume_mounts or ()):
        if mount.name not in defined:
            raise SpecError(
                f"spec.volumeMounts[{index}].name", f"volumeMount {go_quote(mount.name)} references undefined volume"
            )

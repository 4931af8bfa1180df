"""The operator's admission webhook rules (``api/v2/locusttest_webhook.go``), in its order.

The webhook returns only the first error; so do these functions. Rules that need only the
spec run when a :class:`~constructs_locust.spec.LocustTestSpec` is built; the rules that
need the test's name run again, in full order, when the test is rendered.
"""

from typing import TYPE_CHECKING

from .constants import LIB_VOLUME_NAME, ROLES, SECRET_VOLUME_PREFIX
from .errors import SpecError, go_quote, show_value
from .names import check_namespace, check_test_name, node_name

if TYPE_CHECKING:
    from .spec import LocustTestSpec, OpenTelemetry, TestFiles


def check_spec_rules(spec: "LocustTestSpec") -> None:
    """Every webhook rule that does not depend on the test's name."""
    _check_secret_mounts(spec)
    _check_volumes(spec, test_name=None)
    if spec.observability and spec.observability.open_telemetry:
        check_open_telemetry(spec.observability.open_telemetry)


def check_webhook_rules(name: str, spec: "LocustTestSpec") -> None:
    """``validateLocustTest``: name, secret mounts, volumes, OpenTelemetry; first error wins."""
    check_test_name(name)
    _check_secret_mounts(spec)
    _check_volumes(spec, test_name=name)
    if spec.observability and spec.observability.open_telemetry:
        check_open_telemetry(spec.observability.open_telemetry)


def check_test(spec: object, name: str, namespace: str | None) -> "LocustTestSpec":
    """Everything a test needs before it is rendered or emitted: a spec, the webhook's rules in
    order, a valid namespace. Returns the spec, typed."""
    from .spec import LocustTestSpec

    if not isinstance(spec, LocustTestSpec):
        raise SpecError("spec", f"Invalid value: {show_value(spec)}: must be a LocustTestSpec")
    check_webhook_rules(name, spec)
    check_namespace(namespace)
    return spec


def check_open_telemetry(otel: "OpenTelemetry") -> None:
    """``validateOTelConfig``: an enabled exporter needs an endpoint."""
    if otel.enabled and not otel.endpoint:
        raise SpecError(
            "spec.observability.openTelemetry.endpoint",
            "observability.openTelemetry.endpoint is required when OpenTelemetry is enabled",
        )


def reserved_paths(test_files: "TestFiles | None") -> list[str]:
    """``getReservedPaths``: the paths the operator mounts test files at."""
    from .spec import TestFiles

    files = test_files or TestFiles()
    paths = []
    if files.config_map_ref:
        paths.append(files.effective_src_mount_path)
    if files.lib_config_map_ref:
        paths.append(files.effective_lib_mount_path)
    if not paths:
        paths = [files.effective_src_mount_path, files.effective_lib_mount_path]
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

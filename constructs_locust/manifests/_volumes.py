"""Volumes and volume mounts (``job.go:buildVolumes/buildVolumeMounts``, ``volumes.go``)."""

from typing import Any

from .._core.constants import LIB_VOLUME_NAME, SECRET_VOLUME_PREFIX
from .._core.names import node_name
from ..kube import go_json
from ..spec._classes import LocustTestSpec


def pod_volumes(spec: LocustTestSpec, test_name: str, role: str) -> list[dict[str, Any]]:
    """Test files, library, secret mounts, then the user volumes mounted in this role's pod."""
    volumes: list[dict[str, Any]] = []
    files = spec.test_files
    if files and files.config_map_ref:
        volumes.append({"name": node_name(test_name, role), "configMap": {"name": files.config_map_ref}})
    if files and files.lib_config_map_ref:
        volumes.append({"name": LIB_VOLUME_NAME, "configMap": {"name": files.lib_config_map_ref}})
    for mount in spec.env.secret_mounts or () if spec.env else ():
        volumes.append({"name": SECRET_VOLUME_PREFIX + mount.name, "secret": {"secretName": mount.name}})
    used = {mount.name for mount in spec.volume_mounts or () if mount.applies_to(role)}
    volumes += [go_json("Volume", volume) for volume in spec.volumes or () if volume["name"] in used]
    return volumes


def container_volume_mounts(spec: LocustTestSpec, test_name: str, role: str) -> list[dict[str, Any]]:
    """Mounts in the same order as :func:`pod_volumes`, ``target`` stripped from user mounts.

    User volumes and mounts come out as the operator's Go structs write them (``go_json``).
    """
    mounts: list[dict[str, Any]] = []
    files = spec.test_files
    if files and files.config_map_ref:
        mounts.append({"name": node_name(test_name, role), "mountPath": files.effective_src_mount_path})
    if files and files.lib_config_map_ref:
        mounts.append({"name": LIB_VOLUME_NAME, "mountPath": files.effective_lib_mount_path})
    for secret in spec.env.secret_mounts or () if spec.env else ():
        entry: dict[str, Any] = {"name": SECRET_VOLUME_PREFIX + secret.name, "mountPath": secret.mount_path}
        if secret.read_only is not False:  # CRD default true; false is omitted (Go ``omitempty``)
            entry["readOnly"] = True
        mounts.append(entry)
    mounts += [go_json("VolumeMount", mount.mount) for mount in spec.volume_mounts or () if mount.applies_to(role)]
    return mounts

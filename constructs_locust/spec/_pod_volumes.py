"""The volumes and mount paths of each pod the operator builds, checked as the API server checks a pod.

The operator gives every pod its own volumes (test files, library, secret mounts) and only the
user volumes that pod mounts; :func:`check_pod_volumes` lists them, in the order the
renderer writes them, and hands each pod's list to the API server's rules in :mod:`..kube`.
"""

from typing import TYPE_CHECKING

from .._core.constants import LIB_VOLUME_NAME, ROLES, SECRET_VOLUME_PREFIX
from .._core.names import node_name
from ..kube import PodVolume, check_mount_paths, check_pod_volume_list

if TYPE_CHECKING:
    from ._classes import LocustTestSpec

__all__ = ["check_pod_volumes"]


def check_pod_volumes(spec: "LocustTestSpec", test_name: str | None) -> None:
    """``ValidateVolumes`` and ``ValidateVolumeMounts`` on the master pod, then the worker pod.

    Without ``test_name`` the test-files volume (named after the test) is left out of the
    volume names; its mount path still counts.
    """
    for role in ROLES:
        check_pod_volume_list(_pod_volumes(spec, test_name, role))
        check_mount_paths(_mount_paths(spec, role))


def _pod_volumes(spec: "LocustTestSpec", test_name: str | None, role: str) -> list[PodVolume]:
    """The pod's volumes in the order ``manifests.volumes.pod_volumes`` writes them."""
    volumes: list[PodVolume] = []
    files = spec.test_files
    if files and files.config_map_ref and test_name is not None:
        volumes.append(PodVolume(node_name(test_name, role), "spec.testFiles.configMapRef", {}))
    if files and files.lib_config_map_ref:
        volumes.append(PodVolume(LIB_VOLUME_NAME, "spec.testFiles.libConfigMapRef", {}))
    for index, mount in enumerate(spec.env.secret_mounts or () if spec.env else ()):
        volumes.append(PodVolume(SECRET_VOLUME_PREFIX + mount.name, f"spec.env.secretMounts[{index}].name", {}))
    used = {mount.name for mount in spec.volume_mounts or () if mount.applies_to(role)}
    for index, volume in enumerate(spec.volumes or ()):
        if volume["name"] in used:
            volumes.append(
                PodVolume(str(volume["name"]), f"spec.volumes[{index}].name", volume, f"spec.volumes[{index}]")
            )
    return volumes


def _mount_paths(spec: "LocustTestSpec", role: str) -> list[tuple[str, str]]:
    """The Locust container's mount paths as ``container_volume_mounts`` orders them, with their CR paths."""
    paths: list[tuple[str, str]] = []
    files = spec.test_files
    if files and files.config_map_ref:
        paths.append((files.effective_src_mount_path, "spec.testFiles.srcMountPath"))
    if files and files.lib_config_map_ref:
        paths.append((files.effective_lib_mount_path, "spec.testFiles.libMountPath"))
    for index, secret in enumerate(spec.env.secret_mounts or () if spec.env else ()):
        paths.append((secret.mount_path, f"spec.env.secretMounts[{index}].mountPath"))
    for index, mount in enumerate(spec.volume_mounts or ()):
        if mount.applies_to(role):
            paths.append((mount.mount_path, f"spec.volumeMounts[{index}].mountPath"))
    return paths

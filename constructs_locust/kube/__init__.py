"""Kubernetes core/v1 structures that the LocustTest CR passes through into the pods.

- :mod:`.structures`: their shape as ``kubectl apply`` checks it (unknown keys, types, required
  keys), from a key table generated from the Kubernetes schemas (``_schema.py``).
- :mod:`.rules`: the API server's rules on their values (labels, annotations, env variable and
  volume names, tolerations, node selector, resources).
- :mod:`._pod_rules`: the API server's rules on env variable sources, Secret key references, and
  the volumes and mounts of each pod the operator builds.
- :mod:`.go_json`: how the operator's Go structs write them back (``omitempty`` zero values
  dropped, struct fields always written, maps sorted, quantities canonical).

The ``check_*`` functions here are the spec fields' ``check=`` callbacks: each takes the CR
path and the field's value and raises :class:`~constructs_locust.SpecError`.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from .._core.constants import SECRET_VOLUME_PREFIX
from .._core.errors import SpecError
from . import _rules as rules
from ._go_json import go_json
from ._pod_rules import (
    PodVolume,
    check_config_key,
    check_env_sources,
    check_mount_paths,
    check_pod_volume_list,
    check_secret_name,
)
from ._structures import check_structure

__all__ = [
    "PodVolume",
    "check_affinity",
    "check_annotations",
    "check_config_key",
    "check_container_security_context",
    "check_env_from_prefix",
    "check_env_variables",
    "check_extra_env_var_names",
    "check_image_pull_secrets",
    "check_labels",
    "check_mount_paths",
    "check_node_selector",
    "check_pod_security_context",
    "check_pod_volume_list",
    "check_resources",
    "check_secret_name",
    "check_secret_volume_name",
    "check_structure",
    "check_tolerations",
    "check_volume_mount",
    "check_volumes",
    "go_json",
]


def _each(type_name: str, path: str, items: Sequence[Any]) -> None:
    for index, item in enumerate(items):
        check_structure(type_name, f"{path}[{index}]", item)


def check_resources(path: str, value: Mapping[str, Any]) -> None:
    """``master.resources`` / ``worker.resources``: a ResourceRequirements the API server accepts."""
    check_structure("ResourceRequirements", path, value)
    rules.check_resource_requirements(path, value)


def check_labels(path: str, value: Mapping[str, str]) -> None:
    """``master.labels`` / ``worker.labels``: pod labels."""
    rules.check_labels(path, value)


def check_annotations(path: str, value: Mapping[str, str]) -> None:
    """``master.annotations`` / ``worker.annotations``: pod annotations."""
    rules.check_annotations(path, value)


def check_affinity(path: str, value: Mapping[str, Any]) -> None:
    """``scheduling.affinity``: an Affinity the API server accepts."""
    check_structure("Affinity", path, value)
    rules.check_affinity(path, value)


def check_tolerations(path: str, value: Sequence[Mapping[str, Any]]) -> None:
    """``scheduling.tolerations``: Tolerations, shape first, then the API server's rules."""
    _each("Toleration", path, value)
    rules.check_tolerations(path, value)


def check_node_selector(path: str, value: Mapping[str, str]) -> None:
    """``scheduling.nodeSelector``: label keys and values."""
    rules.check_label_selector_map(path, value)


def check_env_variables(path: str, value: Sequence[Mapping[str, Any]]) -> None:
    """``env.variables``: EnvVars with valid names and ``valueFrom`` sources."""
    _each("EnvVar", path, value)
    rules.check_env_vars(path, value)
    check_env_sources(path, value)


def check_extra_env_var_names(path: str, value: Mapping[str, str]) -> None:
    """``observability.openTelemetry.extraEnvVars``: each key becomes an env variable name."""
    for name in value:
        rules.check_env_var_name(f"{path}.{name}", name)


def check_env_from_prefix(path: str, value: str) -> None:
    """``env.configMapRefs[].prefix`` / ``secretRefs[].prefix``: ``ValidateEnvFrom``'s prefix rule."""
    if value:
        rules.check_env_var_name(path, value)


def check_secret_volume_name(path: str, value: str) -> None:
    """``env.secretMounts[].name``: the operator names its volume ``secret-<name>``, which must be
    a valid volume name (the error shows that volume name, reported at this field)."""
    try:
        rules.check_volume_names(path, [{"name": SECRET_VOLUME_PREFIX + value}])
    except SpecError as error:
        raise error.at(path) from None


def check_volumes(path: str, value: Sequence[Mapping[str, Any]]) -> None:
    """``spec.volumes``: Volumes with DNS-1123 label names."""
    _each("Volume", path, value)
    rules.check_volume_names(path, value)


def check_volume_mount(path: str, value: Mapping[str, Any]) -> None:
    """One ``spec.volumeMounts[]`` entry without its ``target``: a VolumeMount."""
    check_structure("VolumeMount", path, value)


def check_image_pull_secrets(path: str, value: Sequence[Mapping[str, Any]]) -> None:
    """``spec.imagePullSecrets``: LocalObjectReferences."""
    _each("LocalObjectReference", path, value)


def check_pod_security_context(path: str, value: Mapping[str, Any]) -> None:
    """``security.podSecurityContext``: a PodSecurityContext."""
    check_structure("PodSecurityContext", path, value)


def check_container_security_context(path: str, value: Mapping[str, Any]) -> None:
    """``security.containerSecurityContext``: a SecurityContext."""
    check_structure("SecurityContext", path, value)

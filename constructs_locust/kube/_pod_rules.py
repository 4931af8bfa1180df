"""The API server's rules on the env variables, volumes and mounts of the pods the operator builds.

Kubernetes' ``pkg/apis/core/validation/validation.go`` refuses a Job whose pod has an env
variable with ``value`` and ``valueFrom``, a ``valueFrom`` with two sources, an unsupported
``fieldRef.fieldPath``, a bad Secret or ConfigMap key reference, two volumes of one name, a
volume with two sources, or two mounts at one path. The CR carries all of them through, so the
operator's Job is refused long after the CR was accepted. These functions apply the same rules
when the spec is built (the per-field ones) or checked with the webhook's rules (the pod-wide
ones), and raise :class:`~constructs_locust.SpecError` at the CR path with the API
server's message. Each function reports the first problem it finds, in the API server's order.

Pod-wide rules look at the pods as the operator builds them (``manifests/volumes.py``): its own
volumes and mounts first (test files, library, secret mounts), then the user volumes that have a
mount in that pod, so a volume that no pod mounts is never judged: the operator drops it.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from .._core.field_errors import duplicate, forbidden, invalid, not_supported, required
from ._quantity import canonical_quantity, compare_quantities
from ._rules import _dns1123_subdomain_problems, _invalid, _max_len_error, _regex_error, label_name_problems

__all__ = [
    "PodVolume",
    "check_config_key",
    "check_env_sources",
    "check_mount_paths",
    "check_pod_volume_list",
    "check_secret_name",
    "config_key_problems",
]

_CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+"
_CONFIG_KEY = re.compile(_CONFIG_KEY_FMT)
_CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"

_ENV_FIELD_PATHS = (
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
)
"""``validEnvDownwardAPIFieldPathExpressions``: what a ``fieldRef`` of an env variable may select."""

_POD_FIELD_LABELS = frozenset(
    {
        "metadata.annotations",
        "metadata.labels",
        *_ENV_FIELD_PATHS,
        "spec.restartPolicy",
        "spec.schedulerName",
        "status.phase",
    }
)
"""The labels ``ConvertDownwardAPIFieldLabel`` (``pkg/apis/core/pods/helpers.go``) converts (plus ``spec.host``)."""

_RESOURCE_FIELD_PATHS = (
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
)
"""``validContainerResourceFieldPathExpressions``, sorted as the API server lists them."""
_HUGEPAGES_PREFIXES = ("limits.hugepages-", "requests.hugepages-")
_SCALED_DIVISORS = frozenset({"1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"})
_SCALED_DIVISOR_LIST = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei"

_NAMED_SOURCES = "`fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"
"""The sources the API server names when a ``valueFrom`` has none (``fileKeyRef`` counts, unnamed)."""
_VALUE_SOURCES = ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef")
"""The sources of an ``EnvVarSource``, in the order ``validateEnvVarValueFrom`` counts them."""

_VOLUME_SOURCES = (
    "emptyDir",
    "hostPath",
    "gitRepo",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "secret",
    "nfs",
    "iscsi",
    "glusterfs",
    "flocker",
    "persistentVolumeClaim",
    "rbd",
    "cinder",
    "cephfs",
    "quobyte",
    "downwardAPI",
    "fc",
    "flexVolume",
    "configMap",
    "azureFile",
    "vsphereVolume",
    "photonPersistentDisk",
    "portworxVolume",
    "azureDisk",
    "storageos",
    "projected",
    "scaleIO",
    "csi",
    "ephemeral",
    "image",
)
"""Every source of a ``corev1.Volume`` (its JSON key), in the order ``validateVolumeSource`` checks them."""


# --- Secret and ConfigMap references -----------------------------------------------------


def config_key_problems(key: str) -> list[str]:
    """``validation.IsConfigMapKey``: a Secret or ConfigMap key, at most 253 bytes of ``[-._a-zA-Z0-9]``."""
    problems = []
    if len(key.encode()) > 253:
        problems.append(_max_len_error(253))
    if not _CONFIG_KEY.fullmatch(key):
        problems.append(_regex_error(_CONFIG_KEY_MSG, _CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"))
    if key == ".":
        problems.append("must not be '.'")
    elif key == "..":
        problems.append("must not be '..'")
    elif key.startswith(".."):
        problems.append("must not start with '..'")
    return problems


def check_secret_name(path: str, name: str) -> None:
    """``ValidateSecretName`` (``NameIsDNSSubdomain``): the name of a referenced Secret or ConfigMap."""
    _invalid(path, name, _dns1123_subdomain_problems(name))


def check_config_key(path: str, key: str) -> None:
    """A key of a Secret or ConfigMap: required, then ``IsConfigMapKey``."""
    if key == "":
        raise required(path)
    _invalid(path, key, config_key_problems(key))


def _check_key_selector(path: str, selector: Mapping[str, Any]) -> None:
    """``validateSecretKeySelector`` / ``validateConfigMapKeySelector``: the name, then the key."""
    check_secret_name(f"{path}.name", selector.get("name") or "")
    check_config_key(f"{path}.key", selector.get("key") or "")


# --- env variables -------------------------------------------------------------------------


def check_env_sources(path: str, variables: Sequence[Mapping[str, Any]]) -> None:
    """``ValidateEnv``'s ``validateEnvVarValueFrom`` for every variable (names are checked elsewhere)."""
    for index, variable in enumerate(variables):
        source = variable.get("valueFrom")
        if source is not None:
            _check_value_from(f"{path}[{index}].valueFrom", source, variable.get("value") or "")


def _check_value_from(path: str, source: Mapping[str, Any], value: str) -> None:
    """``validateEnvVarValueFrom``: each source, then the number of sources and ``value``.

    A ``valueFrom`` with no source is refused in the API server's words, which stayed the same
    when ``fileKeyRef`` became a source (it counts as one, and is not named in the message).
    """
    given = [key for key in _VALUE_SOURCES if source.get(key) is not None]
    for key in given:
        where = f"{path}.{key}"
        if key == "fieldRef":
            _check_field_ref(where, source[key])
        elif key == "resourceFieldRef":
            _check_resource_field_ref(where, source[key])
        elif key in ("configMapKeyRef", "secretKeyRef"):
            _check_key_selector(where, source[key])
    if not given:
        raise invalid(
            path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"
        )
    if value:
        raise invalid(path, "", "may not be specified when `value` is not empty")
    if len(given) > 1:
        raise invalid(path, "", "may not have more than one field specified at a time")


def _split_subscript(field_path: str) -> tuple[str, str] | None:
    """``fieldpath.SplitMaybeSubscriptedPath``: ``metadata.labels['app']`` is ``("metadata.labels", "app")``."""
    if not field_path.endswith("']"):
        return None
    base, bracket, subscript = field_path[:-2].partition("['")
    if not bracket or not base:
        return None
    return base, subscript


def _check_field_ref(path: str, ref: Mapping[str, Any]) -> None:
    """``validateObjectFieldSelector`` with the env variables' field paths.

    An empty ``apiVersion`` is ``v1``: ``SetDefaults_ObjectFieldSelector`` sets it before validation.
    """
    version = ref.get("apiVersion") or "v1"
    field_path = ref.get("fieldPath") or ""
    where = f"{path}.fieldPath"
    if field_path == "":
        raise required(where)
    conversion = _convert_field_label(version, field_path)
    if conversion is not None:
        raise invalid(where, field_path, f"error converting fieldPath: {conversion}")
    subscripted = _split_subscript(field_path)
    if subscripted is not None:
        base, subscript = subscripted
        key = subscript.lower() if base == "metadata.annotations" else subscript
        _invalid(path, key, label_name_problems(key))
        return
    internal = "spec.nodeName" if field_path == "spec.host" else field_path
    if internal not in _ENV_FIELD_PATHS:
        raise not_supported(where, internal, _ENV_FIELD_PATHS)


def _convert_field_label(version: str, field_path: str) -> str | None:
    """Why ``ConvertDownwardAPIFieldLabel`` cannot convert ``field_path``, or ``None`` when it can."""
    if version != "v1":
        return f"unsupported pod version: {version}"
    subscripted = _split_subscript(field_path)
    if subscripted is not None:
        if subscripted[0] in ("metadata.annotations", "metadata.labels"):
            return None
        return f"field label does not support subscript: {field_path}"
    if field_path in _POD_FIELD_LABELS or field_path == "spec.host":
        return None
    return f"field label not supported: {field_path}"


def _check_resource_field_ref(path: str, ref: Mapping[str, Any]) -> None:
    """``validateContainerResourceFieldSelector`` (not a volume's: no container name needed), then
    ``validateContainerResourceDivisor``."""
    resource = ref.get("resource") or ""
    if resource == "":
        raise required(f"{path}.resource")
    if resource not in _RESOURCE_FIELD_PATHS and not resource.startswith(_HUGEPAGES_PREFIXES):
        raise not_supported(f"{path}.resource", resource, _RESOURCE_FIELD_PATHS)
    divisor = ref.get("divisor")
    if divisor is None or compare_quantities(divisor, 0) == 0:
        return
    allowed, kind = _divisors_of(resource)
    if canonical_quantity(divisor) not in allowed:
        shown = "1m and 1" if kind == "cpu" else _SCALED_DIVISOR_LIST
        reason = f"only divisor's values {shown} are supported with the {kind} resource"
        raise invalid(f"{path}.divisor", resource, reason)


def _divisors_of(resource: str) -> tuple[frozenset[str], str]:
    """The divisors a resource accepts and how the API server names the resource in its message."""
    if resource.endswith(".cpu"):
        return frozenset({"1m", "1"}), "cpu"
    if resource.endswith(".memory"):
        return _SCALED_DIVISORS, "memory"
    if resource.endswith(".ephemeral-storage"):
        return _SCALED_DIVISORS, "local ephemeral storage"
    return _SCALED_DIVISORS, "hugepages"


# --- volumes and mounts of one pod --------------------------------------------------------


class PodVolume(NamedTuple):
    """One volume of a pod: its name, where the CR sets that name, and the volume itself (for a user volume)."""

    name: str
    name_path: str
    volume: Mapping[str, Any]
    volume_path: str = ""


def check_pod_volume_list(volumes: Sequence[PodVolume]) -> None:
    """``ValidateVolumes``: per volume, one source (``validateVolumeSource``), then a name not seen before."""
    seen: set[str] = set()
    for entry in volumes:
        given = [key for key in _VOLUME_SOURCES if entry.volume.get(key) is not None]
        if len(given) > 1:
            raise forbidden(f"{entry.volume_path}.{given[1]}", "may not specify more than 1 volume type")
        if entry.name in seen:
            raise duplicate(entry.name_path, entry.name)
        seen.add(entry.name)


def check_mount_paths(paths: Sequence[tuple[str, str]]) -> None:
    """``ValidateVolumeMounts``: no two mounts of a container at the same path (compared as written)."""
    seen: set[str] = set()
    for mount_path, where in paths:
        if mount_path in seen:
            raise invalid(where, mount_path, "must be unique")
        seen.add(mount_path)

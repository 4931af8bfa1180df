"""Write a passed-through core/v1 structure the way the operator's Go structs serialize it.

The operator decodes the CR into k8s.io/api Go types and encodes the Jobs it creates with
``encoding/json``. That changes what reaches the API server in four ways, all mirrored here:

- A field tagged ``omitempty`` that is not a pointer disappears when it holds its zero value
  (``value: ""`` of an env var, ``readOnly: false``, ``subPath: ""``, empty toleration
  strings, ``emptyDir.medium: ""``, an empty ``items`` list ...). Pointer fields
  (``*bool``, ``*int64`` ...) keep their zero values (``runAsUser: 0`` stays); ``null``
  becomes a nil pointer and disappears.
- A non-pointer struct field is always written, even when absent from the CR
  (``resourceFieldRef.divisor: "0"``, an ephemeral claim template's
  ``metadata: {creationTimestamp: null}``); so are the few optional fields without
  ``omitempty`` (``projected.sources: null``, ``dataSourceRef.apiGroup: null``).
- Maps come out with sorted keys.
- Quantities come out canonical (``1000m`` -> ``1``).

The tables below are transcribed from the JSON tags of k8s.io/api ``core/v1/types.go``
(kubernetes/api commit 3fed8b5a8558cb508dd58c8cfb228d04cc9a52a5) and k8s.io/apimachinery
``pkg/apis/meta/v1/types.go``; the key/value types come from the generated schema table.
Keys the tables do not name are written as given. Run the value through
:func:`~constructs_locust.kube._structures.check_structure` first: this module assumes a
well-formed structure.
"""

from collections.abc import Mapping
from typing import Any

from .._core.frozen import thaw
from ._quantity import canonical_quantity
from ._schema import TYPES

__all__ = ["ALWAYS_WRITTEN", "OMITTED_WHEN_ZERO", "go_json"]

_STR, _BOOL, _INT = "", False, 0
_LIST: tuple[()] = ()
_MAP: dict[str, Any] = {}

OMITTED_WHEN_ZERO: dict[str, dict[str, Any]] = {
    "AWSElasticBlockStoreVolumeSource": {"fsType": _STR, "partition": _INT, "readOnly": _BOOL},
    "AzureFileVolumeSource": {"readOnly": _BOOL},
    "CSIVolumeSource": {"volumeAttributes": _MAP},
    "Capabilities": {"add": _LIST, "drop": _LIST},
    "CephFSVolumeSource": {"path": _STR, "user": _STR, "secretFile": _STR, "readOnly": _BOOL},
    "CinderVolumeSource": {"fsType": _STR, "readOnly": _BOOL},
    "ConfigMapKeySelector": {"name": _STR},
    "ConfigMapProjection": {"name": _STR, "items": _LIST},
    "ConfigMapVolumeSource": {"name": _STR, "items": _LIST},
    "DownwardAPIProjection": {"items": _LIST},
    "DownwardAPIVolumeSource": {"items": _LIST},
    "EmptyDirVolumeSource": {"medium": _STR},
    "EnvVar": {"value": _STR},
    "FCVolumeSource": {"targetWWNs": _LIST, "fsType": _STR, "readOnly": _BOOL, "wwids": _LIST},
    "FlexVolumeSource": {"fsType": _STR, "readOnly": _BOOL, "options": _MAP},
    "FlockerVolumeSource": {"datasetName": _STR, "datasetUUID": _STR},
    "GCEPersistentDiskVolumeSource": {"fsType": _STR, "partition": _INT, "readOnly": _BOOL},
    "GitRepoVolumeSource": {"revision": _STR, "directory": _STR},
    "GlusterfsVolumeSource": {"readOnly": _BOOL},
    "ISCSIVolumeSource": {
        "iscsiInterface": _STR,
        "fsType": _STR,
        "readOnly": _BOOL,
        "portals": _LIST,
        "chapAuthDiscovery": _BOOL,
        "chapAuthSession": _BOOL,
    },
    "ImageVolumeSource": {"reference": _STR, "pullPolicy": _STR},
    "LabelSelector": {"matchLabels": _MAP, "matchExpressions": _LIST},
    "LabelSelectorRequirement": {"values": _LIST},
    "LocalObjectReference": {"name": _STR},
    "ManagedFieldsEntry": {
        "manager": _STR,
        "operation": _STR,
        "apiVersion": _STR,
        "fieldsType": _STR,
        "subresource": _STR,
    },
    "NFSVolumeSource": {"readOnly": _BOOL},
    "NodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": _LIST},
    "NodeSelectorRequirement": {"values": _LIST},
    "NodeSelectorTerm": {"matchExpressions": _LIST, "matchFields": _LIST},
    "ObjectFieldSelector": {"apiVersion": _STR},
    "ObjectMeta": {
        "name": _STR,
        "generateName": _STR,
        "namespace": _STR,
        "selfLink": _STR,
        "uid": _STR,
        "resourceVersion": _STR,
        "generation": _INT,
        "labels": _MAP,
        "annotations": _MAP,
        "ownerReferences": _LIST,
        "finalizers": _LIST,
        "managedFields": _LIST,
    },
    "PersistentVolumeClaimSpec": {"accessModes": _LIST, "volumeName": _STR},
    "PersistentVolumeClaimVolumeSource": {"readOnly": _BOOL},
    "PhotonPersistentDiskVolumeSource": {"fsType": _STR},
    "PodAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": _LIST,
        "preferredDuringSchedulingIgnoredDuringExecution": _LIST,
    },
    "PodAffinityTerm": {"namespaces": _LIST, "matchLabelKeys": _LIST, "mismatchLabelKeys": _LIST},
    "PodAntiAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": _LIST,
        "preferredDuringSchedulingIgnoredDuringExecution": _LIST,
    },
    "PodCertificateProjection": {
        "signerName": _STR,
        "keyType": _STR,
        "credentialBundlePath": _STR,
        "keyPath": _STR,
        "certificateChainPath": _STR,
        "userAnnotations": _MAP,
    },
    "PodSecurityContext": {"supplementalGroups": _LIST, "sysctls": _LIST},
    "PortworxVolumeSource": {"fsType": _STR, "readOnly": _BOOL},
    "QuobyteVolumeSource": {"readOnly": _BOOL, "user": _STR, "group": _STR, "tenant": _STR},
    "RBDVolumeSource": {"fsType": _STR, "pool": _STR, "user": _STR, "keyring": _STR, "readOnly": _BOOL},
    "ResourceClaim": {"request": _STR},
    "ResourceFieldSelector": {"containerName": _STR},
    "ResourceRequirements": {"limits": _MAP, "requests": _MAP, "claims": _LIST},
    "SELinuxOptions": {"user": _STR, "role": _STR, "type": _STR, "level": _STR},
    "ScaleIOVolumeSource": {
        "sslEnabled": _BOOL,
        "protectionDomain": _STR,
        "storagePool": _STR,
        "storageMode": _STR,
        "volumeName": _STR,
        "fsType": _STR,
        "readOnly": _BOOL,
    },
    "SecretKeySelector": {"name": _STR},
    "SecretProjection": {"name": _STR, "items": _LIST},
    "SecretVolumeSource": {"secretName": _STR, "items": _LIST},
    "ServiceAccountTokenProjection": {"audience": _STR},
    "StorageOSVolumeSource": {"volumeName": _STR, "volumeNamespace": _STR, "fsType": _STR, "readOnly": _BOOL},
    "Toleration": {"key": _STR, "operator": _STR, "value": _STR, "effect": _STR},
    "TopologySpreadConstraint": {"matchLabelKeys": _LIST},
    "VolumeMount": {"readOnly": _BOOL, "subPath": _STR, "subPathExpr": _STR},
    "VolumeResourceRequirements": {"limits": _MAP, "requests": _MAP},
    "VsphereVirtualDiskVolumeSource": {"fsType": _STR, "storagePolicyName": _STR, "storagePolicyID": _STR},
}
"""Per type, the non-pointer ``omitempty`` fields and their Go zero value (in JSON form)."""

ALWAYS_WRITTEN: dict[str, dict[str, Any]] = {
    "ResourceFieldSelector": {"divisor": "0"},  # resource.Quantity, omitempty has no effect on structs
    "PersistentVolumeClaimTemplate": {"metadata": {}},  # metav1.ObjectMeta, a struct
    "ObjectMeta": {"creationTimestamp": None},  # metav1.Time, a struct marshalled as null when zero
    "PersistentVolumeClaimSpec": {"resources": {}},  # VolumeResourceRequirements, a struct
    "ProjectedVolumeSource": {"sources": None},  # []VolumeProjection without omitempty: nil is null
    "TypedObjectReference": {"apiGroup": None},  # *string without omitempty
    "TypedLocalObjectReference": {"apiGroup": None},  # *string without omitempty
}
"""Per type, the optional fields Go writes even when the CR leaves them out, with that value."""


def go_json(type_name: str, value: Any) -> Any:
    """A copy of ``value`` (a ``type_name`` structure) as the operator's Go structs write it."""
    if not isinstance(value, Mapping):
        return value
    keys = TYPES[type_name][0]
    omitted = OMITTED_WHEN_ZERO.get(type_name, {})
    always = ALWAYS_WRITTEN.get(type_name, {})
    result: dict[str, Any] = {}
    for key, item in value.items():
        if item is None:
            if key in always:
                result[key] = _written(keys.get(key, "any"), always[key])
            continue
        if key in omitted and _is_zero(item, omitted[key]):
            continue
        result[key] = _written(keys.get(key, "any"), item)
    for key, zero in always.items():
        if key not in result:
            result[key] = _written(keys.get(key, "any"), zero)
    return result


def _is_zero(value: Any, zero: Any) -> bool:
    if isinstance(zero, bool):
        return value is False
    if isinstance(zero, int):
        return type(value) is int and value == 0
    if isinstance(zero, str):
        return isinstance(value, str) and value == ""
    return isinstance(value, (list, tuple, Mapping)) and len(value) == 0


def _written(kind: str, value: Any) -> Any:
    """``value`` (described by ``kind``, see the generated schema) in its Go-written form."""
    if value is None:
        return None
    if kind.startswith("@"):
        return go_json(kind[1:], value)
    if kind.startswith("[]"):
        return [_written(kind[2:], item) for item in value]
    if kind.startswith("{}"):
        return {key: _written(kind[2:], value[key]) for key in sorted(value)}
    if kind == "quantity":
        return canonical_quantity(value)
    if kind == "any":
        return thaw(value)
    return value

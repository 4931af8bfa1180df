"""Passed-through core/v1 structures come out as the operator's Go structs write them.

Each expectation below is read off the JSON tags of k8s.io/api core/v1 (kubernetes/api
3fed8b5a): a non-pointer field tagged ``omitempty`` loses its zero value, a pointer field keeps
it, a field without ``omitempty`` is always written, a non-pointer struct is always written.
"""

from typing import Any

import pytest

from constructs_locust import LocustTestSpec, render_manifests
from constructs_locust.kube._go_json import ALWAYS_WRITTEN, OMITTED_WHEN_ZERO, go_json
from constructs_locust.kube._schema import TYPES
from tests.support import minimal_cr_spec


def _render(**overrides: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(master pod spec, master Locust container) rendered from a minimal spec with ``overrides``."""
    spec = LocustTestSpec.from_cr(minimal_cr_spec(**overrides))
    pod = render_manifests(spec, "demo").master_job["spec"]["template"]["spec"]
    return pod, pod["containers"][0]


def test_env_var_with_empty_value_loses_its_value() -> None:
    # EnvVar.Value string `json:"value,omitempty"`: what `value: "${UNSET}"` becomes after envsubst.
    _, container = _render(env={"variables": [{"name": "TOKEN", "value": ""}, {"name": "A", "value": "1"}]})
    assert container["env"][-2:] == [{"name": "TOKEN"}, {"name": "A", "value": "1"}]


def test_env_var_value_from_keeps_pointer_fields_and_gets_the_divisor_struct() -> None:
    # ConfigMapKeySelector.Optional *bool keeps false; ResourceFieldSelector.Divisor resource.Quantity
    # (a struct) is always written, "0" when unset; ContainerName string omitempty drops "".
    variables = [
        {"name": "A", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k", "optional": False}}},
        {"name": "B", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "containerName": ""}}},
        {"name": "C", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1024Mi"}}},
    ]
    _, container = _render(env={"variables": variables})
    assert container["env"][-3:] == [
        {"name": "A", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k", "optional": False}}},
        {"name": "B", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "0"}}},
        {"name": "C", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Gi"}}},
    ]


def test_volume_mount_drops_false_read_only_and_empty_sub_paths() -> None:
    # VolumeMount.ReadOnly bool, SubPath/SubPathExpr string: omitempty; MountPropagation is a pointer.
    mounts = [
        {"name": "data", "mountPath": "/data", "readOnly": False, "subPath": "", "subPathExpr": ""},
        {"name": "cache", "mountPath": "/cache", "readOnly": True, "mountPropagation": "None", "target": "master"},
    ]
    volumes = [{"name": "data", "emptyDir": {}}, {"name": "cache", "emptyDir": {}}]
    _, container = _render(volumes=volumes, volumeMounts=mounts)
    assert container["volumeMounts"][-2:] == [
        {"name": "data", "mountPath": "/data"},
        {"name": "cache", "mountPath": "/cache", "readOnly": True, "mountPropagation": "None"},
    ]


def test_volumes_drop_zero_values_and_write_go_structs() -> None:
    volumes = [
        # EmptyDirVolumeSource.Medium StorageMedium omitempty; SizeLimit *Quantity canonical.
        {"name": "scratch", "emptyDir": {"medium": "", "sizeLimit": "1024Mi"}},
        # ConfigMapVolumeSource: inline LocalObjectReference.Name omitempty, Items omitempty, DefaultMode *int32.
        {"name": "cfg", "configMap": {"name": "app", "items": [], "defaultMode": 0, "optional": None}},
        # SecretVolumeSource.SecretName omitempty; HostPath.Type is a pointer: "" stays.
        {"name": "host", "hostPath": {"path": "/var/log", "type": ""}},
        # PersistentVolumeClaimVolumeSource.ReadOnly bool omitempty.
        {"name": "claim", "persistentVolumeClaim": {"claimName": "pvc", "readOnly": False}},
        # ProjectedVolumeSource.Sources []VolumeProjection `json:"sources"`: no omitempty, nil is null.
        {"name": "proj", "projected": {"defaultMode": 420}},
        # PersistentVolumeClaimTemplate.ObjectMeta is a struct (metadata always written) whose
        # CreationTimestamp metav1.Time is a struct marshalled as null; Spec.Resources is a struct too.
        {"name": "eph", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"]}}}},
    ]
    mounts = [{"name": volume["name"], "mountPath": f"/mnt/{volume['name']}"} for volume in volumes]
    pod, _ = _render(volumes=volumes, volumeMounts=mounts)
    assert pod["volumes"][-6:] == [
        {"name": "scratch", "emptyDir": {"sizeLimit": "1Gi"}},
        {"name": "cfg", "configMap": {"name": "app", "defaultMode": 0}},
        {"name": "host", "hostPath": {"path": "/var/log", "type": ""}},
        {"name": "claim", "persistentVolumeClaim": {"claimName": "pvc"}},
        {"name": "proj", "projected": {"defaultMode": 420, "sources": None}},
        {
            "name": "eph",
            "ephemeral": {
                "volumeClaimTemplate": {
                    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {}},
                    "metadata": {"creationTimestamp": None},
                }
            },
        },
    ]


def test_tolerations_drop_empty_strings_and_keep_toleration_seconds() -> None:
    # Toleration.Key/Operator/Value/Effect: omitempty strings; TolerationSeconds *int64 keeps 0.
    tolerations = [
        {"key": "", "operator": "Exists", "value": "", "effect": ""},
        {"key": "dedicated", "operator": "Equal", "value": "load", "effect": "NoExecute", "tolerationSeconds": 0},
    ]
    pod, _ = _render(scheduling={"tolerations": tolerations})
    assert pod["tolerations"] == [
        {"operator": "Exists"},
        {"key": "dedicated", "operator": "Equal", "value": "load", "effect": "NoExecute", "tolerationSeconds": 0},
    ]


def test_affinity_drops_empty_lists_and_sorts_match_labels() -> None:
    # NodeSelectorRequirement.Values, NodeSelectorTerm.MatchFields, NodeAffinity.Preferred...: omitempty
    # slices; LabelSelector.MatchLabels is a map (sorted); PodAffinityTerm.TopologyKey has no omitempty.
    affinity = {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [
                    {"matchExpressions": [{"key": "pool", "operator": "Exists", "values": []}], "matchFields": []}
                ]
            },
            "preferredDuringSchedulingIgnoredDuringExecution": [],
        },
        "podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {
                    "weight": 100,
                    "podAffinityTerm": {
                        "labelSelector": {"matchLabels": {"z": "1", "a": "2"}, "matchExpressions": []},
                        "topologyKey": "kubernetes.io/hostname",
                        "namespaces": [],
                    },
                }
            ]
        },
    }
    pod, _ = _render(scheduling={"affinity": affinity})
    assert pod["affinity"] == {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchExpressions": [{"key": "pool", "operator": "Exists"}]}]
            }
        },
        "podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {
                    "weight": 100,
                    "podAffinityTerm": {
                        "labelSelector": {"matchLabels": {"a": "2", "z": "1"}},
                        "topologyKey": "kubernetes.io/hostname",
                    },
                }
            ]
        },
    }
    assert list(
        pod["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"][0]["podAffinityTerm"][
            "labelSelector"
        ]["matchLabels"]
    ) == ["a", "z"]


def test_pod_security_context_keeps_pointer_zeros_and_drops_empty_lists() -> None:
    # PodSecurityContext: RunAsUser *int64 and FSGroup *int64 keep 0, RunAsNonRoot *bool keeps false;
    # SupplementalGroups and Sysctls are omitempty slices; SELinuxOptions strings are omitempty.
    context = {
        "runAsUser": 0,
        "fsGroup": 0,
        "runAsNonRoot": False,
        "supplementalGroups": [],
        "sysctls": [],
        "seLinuxOptions": {"user": "", "role": "", "type": "spc_t", "level": ""},
        "seccompProfile": {"type": "RuntimeDefault", "localhostProfile": None},
    }
    pod, _ = _render(security={"podSecurityContext": context})
    assert pod["securityContext"] == {
        "runAsUser": 0,
        "fsGroup": 0,
        "runAsNonRoot": False,
        "seLinuxOptions": {"type": "spc_t"},
        "seccompProfile": {"type": "RuntimeDefault"},
    }


def test_container_security_context_keeps_pointer_booleans_and_drops_empty_capabilities() -> None:
    # SecurityContext fields are all pointers (false stays); Capabilities.Add/Drop are omitempty slices.
    context = {"readOnlyRootFilesystem": False, "privileged": False, "capabilities": {"add": [], "drop": ["ALL"]}}
    _, container = _render(security={"containerSecurityContext": context})
    assert container["securityContext"] == {
        "readOnlyRootFilesystem": False,
        "privileged": False,
        "capabilities": {"drop": ["ALL"]},
    }


def test_resources_drop_empty_maps_sort_names_and_canonicalize() -> None:
    # ResourceRequirements.Limits/Requests: omitempty maps (ResourceList); Claims omitempty slice;
    # ResourceClaim.Request omitempty string.
    resources = {
        "requests": {"memory": "1024Mi", "cpu": "1000m"},
        "limits": {},
        "claims": [{"name": "gpu", "request": ""}],
    }
    _, container = _render(master={"command": "--locustfile /lotest/src/locustfile.py", "resources": resources})
    assert container["resources"] == {"requests": {"cpu": "1", "memory": "1Gi"}, "claims": [{"name": "gpu"}]}
    assert list(container["resources"]["requests"]) == ["cpu", "memory"]


def test_image_pull_secret_with_empty_name_is_an_empty_object() -> None:
    # LocalObjectReference.Name string `json:"name,omitempty"` (+default="").
    pod, _ = _render(imagePullSecrets=[{"name": "registry"}, {"name": ""}])
    assert pod["imagePullSecrets"] == [{"name": "registry"}, {}]


def test_to_cr_keeps_the_users_zero_values() -> None:
    cr = minimal_cr_spec(
        env={"variables": [{"name": "TOKEN", "value": ""}]},
        scheduling={"tolerations": [{"key": "", "operator": "Exists", "value": ""}]},
    )
    assert LocustTestSpec.from_cr(cr).to_cr() == cr


def test_go_json_does_not_alias_its_input() -> None:
    toleration = {"key": "a", "operator": "Equal", "value": "b"}
    written = go_json("Toleration", toleration)
    assert written == toleration and written is not toleration


@pytest.mark.parametrize("type_name", sorted(OMITTED_WHEN_ZERO))
def test_every_omitempty_field_is_a_known_key_of_the_right_kind(type_name: str) -> None:
    keys = TYPES[type_name][0]
    for field, zero in OMITTED_WHEN_ZERO[type_name].items():
        kind = keys[field]
        expected = {str: "string", bool: "boolean", int: "int"}.get(type(zero))
        if expected == "int":
            assert kind in ("integer", "int32", "int64"), (field, kind)
        elif expected is not None:
            assert kind == expected, (field, kind)
        elif isinstance(zero, tuple):
            assert kind.startswith("[]"), (field, kind)
        else:
            assert kind.startswith("{}"), (field, kind)


def test_every_always_written_field_is_a_known_optional_key() -> None:
    for type_name, fields in ALWAYS_WRITTEN.items():
        keys, required = TYPES[type_name]
        for field in fields:
            assert field in keys and field not in required, (type_name, field)

"""``locust.io/v1`` LocustTests: checked against the v1 CRD schema, then converted to v2.

The conversion is the operator's (``api/v1/locusttest_conversion.go:ConvertTo``): flat v1
fields move into the v2 groups, the master gets ``autostart: true`` and
``autoquit: {enabled: true, timeout: 60}``, the v1 node-affinity map becomes one node
selector term of ``In`` expressions, tolerations are copied field by field. v1 has no env,
volumes, resources or observability, so the result never has them either.

Errors are :class:`SpecError` naming the v1 field path (``spec.workerReplicas``), in the
same words as the v2 checks.
"""

from collections.abc import Mapping
from typing import Any

from . import constants
from ._model import between, coerce
from .constants import MAX_WORKER_REPLICAS
from .errors import SpecError, show_value
from .spec import ImagePullPolicy

__all__ = ["API_VERSION", "v1_spec_to_v2", "v1_to_v2"]

API_VERSION = "locust.io/v1"
"""The ``apiVersion`` of a v1 LocustTest."""


_SPEC_FIELDS = frozenset(
    {
        "affinity",
        "annotations",
        "configMap",
        "image",
        "imagePullPolicy",
        "imagePullSecrets",
        "labels",
        "libConfigMap",
        "masterCommandSeed",
        "tolerations",
        "workerCommandSeed",
        "workerReplicas",
    }
)
_REQUIRED_STRINGS = ("image", "masterCommandSeed", "workerCommandSeed")
_OPTIONAL_STRINGS = ("configMap", "libConfigMap")
_ROLES = frozenset({"master", "worker"})
_TOLERATION_FIELDS = ("key", "operator", "value", "effect")  # corev1.Toleration's JSON order
_TOLERATION_REQUIRED = ("effect", "key", "operator")
_TOLERATION_ENUMS = {
    "effect": ("NoSchedule", "PreferNoSchedule", "NoExecute"),
    "operator": ("Exists", "Equal"),
}
_NODE_AFFINITY_KEY = "requiredDuringSchedulingIgnoredDuringExecution"
DEFAULT_WORKER_REPLICAS = 1
"""The v1 CRD's default for ``spec.workerReplicas``."""


def v1_to_v2(cr: Mapping[str, Any]) -> dict[str, Any]:
    """Convert a whole v1 LocustTest CR to its v2 form: metadata as is, spec converted."""
    converted: dict[str, Any] = {"apiVersion": constants.API_VERSION, "kind": cr.get("kind", "LocustTest")}
    if "metadata" in cr:
        converted["metadata"] = cr["metadata"]
    converted["spec"] = v1_spec_to_v2(cr.get("spec"))
    return converted


def v1_spec_to_v2(spec: Any) -> dict[str, Any]:
    """Check a v1 ``spec`` mapping against the v1 CRD and return the v2 ``spec`` mapping.

    Raises:
        SpecError: a field is unknown, missing, of the wrong type or out of range; the path
            is the v1 one (``spec.tolerations[0].effect``).
    """
    fields = _checked_fields(spec)
    converted: dict[str, Any] = {"image": fields["image"]}
    if fields.get("imagePullPolicy"):
        converted["imagePullPolicy"] = fields["imagePullPolicy"]
    if fields.get("imagePullSecrets"):
        converted["imagePullSecrets"] = [{"name": secret} for secret in fields["imagePullSecrets"]]
    converted["master"] = _master(fields)
    converted["worker"] = _worker(fields)
    test_files = _test_files(fields)
    if test_files:
        converted["testFiles"] = test_files
    if "affinity" in fields or fields.get("tolerations"):
        converted["scheduling"] = _scheduling(fields)
    return converted


def _checked_fields(spec: Any) -> dict[str, Any]:
    """Every v1 field present, type-checked, with the CRD default for ``workerReplicas``."""
    if not isinstance(spec, Mapping):
        raise SpecError("spec", f"Invalid value: {show_value(spec)}: must be of type object")
    for key in spec:
        if key not in _SPEC_FIELDS:
            raise SpecError(f"spec.{key}", f'unknown field "spec.{key}"')
    fields = {key: value for key, value in spec.items() if value is not None}
    for key in _REQUIRED_STRINGS:
        if key not in fields:
            raise SpecError(f"spec.{key}", "Required value")
        coerce(fields[key], str, f"spec.{key}")
    for key in _OPTIONAL_STRINGS:
        if key in fields:
            coerce(fields[key], str, f"spec.{key}")
    if "imagePullPolicy" in fields:
        fields["imagePullPolicy"] = coerce(fields["imagePullPolicy"], ImagePullPolicy, "spec.imagePullPolicy").value
    if "imagePullSecrets" in fields:
        fields["imagePullSecrets"] = coerce(fields["imagePullSecrets"], tuple[str, ...], "spec.imagePullSecrets")
    fields["workerReplicas"] = _worker_replicas(fields.get("workerReplicas", DEFAULT_WORKER_REPLICAS))
    for key in ("labels", "annotations"):
        if key in fields:
            fields[key] = _per_role_maps(fields[key], f"spec.{key}")
    if "affinity" in fields:
        fields["affinity"] = _node_requirements(fields["affinity"])
    if "tolerations" in fields:
        fields["tolerations"] = _tolerations(fields["tolerations"])
    return fields


def _worker_replicas(value: Any) -> int:
    """``spec.workerReplicas``: an int32 from 1 to 500."""
    replicas: int = coerce(value, int, "spec.workerReplicas")
    between(1, MAX_WORKER_REPLICAS)("spec.workerReplicas", replicas)
    return replicas


def _object(value: Any, path: str, allowed: frozenset[str]) -> Mapping[str, Any]:
    """A mapping whose keys are all in ``allowed`` (``null`` values dropped)."""
    if not isinstance(value, Mapping):
        raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type object")
    for key in value:
        if key not in allowed:
            raise SpecError(f"{path}.{key}", f'unknown field "{path}.{key}"')
    return {key: item for key, item in value.items() if item is not None}


def _string_map(value: Any, path: str) -> dict[str, str]:
    """A ``map[string]string``."""
    result: dict[str, str] = coerce(value, Mapping[str, str], path)
    return result


def _per_role_maps(value: Any, path: str) -> dict[str, dict[str, str]]:
    """``spec.labels`` / ``spec.annotations``: ``{master: map, worker: map}``, both optional."""
    roles = _object(value, path, _ROLES)
    return {role: _string_map(item, f"{path}.{role}") for role, item in roles.items()}


def _node_requirements(value: Any) -> dict[str, str] | None:
    """``spec.affinity``: the node-label map of ``nodeAffinity``, or ``None`` when absent."""
    affinity = _object(value, "spec.affinity", frozenset({"nodeAffinity"}))
    if "nodeAffinity" not in affinity:
        return None
    path = "spec.affinity.nodeAffinity"
    node_affinity = _object(affinity["nodeAffinity"], path, frozenset({_NODE_AFFINITY_KEY}))
    if _NODE_AFFINITY_KEY not in node_affinity:
        return None
    return _string_map(node_affinity[_NODE_AFFINITY_KEY], f"{path}.{_NODE_AFFINITY_KEY}")


def _tolerations(value: Any) -> list[dict[str, str]]:
    """``spec.tolerations``: each with required ``key``/``operator``/``effect`` and the enums."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
        raise SpecError("spec.tolerations", f"Invalid value: {show_value(value)}: must be of type array")
    return [_toleration(item, f"spec.tolerations[{index}]") for index, item in enumerate(value)]


def _toleration(value: Any, path: str) -> dict[str, str]:
    """One v1 toleration, checked, with its fields as strings."""
    toleration = _object(value, path, frozenset(_TOLERATION_FIELDS))
    for key in _TOLERATION_REQUIRED:
        if key not in toleration:
            raise SpecError(f"{path}.{key}", "Required value")
    checked = {key: coerce(item, str, f"{path}.{key}") for key, item in toleration.items()}
    for key, supported in _TOLERATION_ENUMS.items():
        if checked[key] not in supported:
            values = ", ".join(f'"{item}"' for item in supported)
            raise SpecError(
                f"{path}.{key}", f"Unsupported value: {show_value(checked[key])}: supported values: {values}"
            )
    return checked


def _master(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``spec.master``: the seed, autostart on, autoquit after 60 s, master labels/annotations."""
    master: dict[str, Any] = {
        "command": fields["masterCommandSeed"],
        "autostart": True,
        "autoquit": {"enabled": True, "timeout": 60},
    }
    master.update(_role_metadata(fields, "master"))
    return master


def _worker(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``spec.worker``: the seed, the replicas, worker labels/annotations."""
    worker: dict[str, Any] = {"command": fields["workerCommandSeed"], "replicas": fields["workerReplicas"]}
    worker.update(_role_metadata(fields, "worker"))
    return worker


def _role_metadata(fields: Mapping[str, Any], role: str) -> dict[str, dict[str, str]]:
    """The role's ``labels`` and ``annotations`` when the v1 CR gives them."""
    result = {}
    for key in ("labels", "annotations"):
        per_role = fields.get(key) or {}
        if role in per_role:
            result[key] = dict(per_role[role])
    return result


def _test_files(fields: Mapping[str, Any]) -> dict[str, str]:
    """``spec.testFiles`` from ``configMap``/``libConfigMap``; empty strings count as unset."""
    test_files = {}
    if fields.get("configMap"):
        test_files["configMapRef"] = fields["configMap"]
    if fields.get("libConfigMap"):
        test_files["libConfigMapRef"] = fields["libConfigMap"]
    return test_files


def _scheduling(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``spec.scheduling``: node affinity from the v1 map, tolerations copied field by field."""
    scheduling: dict[str, Any] = {}
    requirements = fields.get("affinity")
    if requirements:
        scheduling["affinity"] = _affinity(requirements)
    if fields.get("tolerations"):
        scheduling["tolerations"] = [_v2_toleration(item) for item in fields["tolerations"]]
    return scheduling


def _affinity(requirements: Mapping[str, str]) -> dict[str, Any]:
    """One node selector term with an ``In`` expression per label, sorted by key."""
    expressions = [{"key": key, "operator": "In", "values": [value]} for key, value in sorted(requirements.items())]
    return {
        "nodeAffinity": {_NODE_AFFINITY_KEY: {"nodeSelectorTerms": [{"matchExpressions": expressions}]}},
    }


def _v2_toleration(toleration: Mapping[str, str]) -> dict[str, str]:
    """A ``corev1.Toleration``: key, operator, value, effect, leaving out empty strings as Go does."""
    return {key: toleration[key] for key in _TOLERATION_FIELDS if toleration.get(key)}

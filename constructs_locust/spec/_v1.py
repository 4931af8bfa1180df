"""``locust.io/v1`` LocustTests: checked against the v1 CRD schema, then converted to v2.

The conversion is the operator's (``api/v1/locusttest_conversion.go:ConvertTo``): flat v1
fields move into the v2 groups, the master gets ``autostart: true`` and
``autoquit: {enabled: true, timeout: 60}``, the v1 node-affinity map becomes one node
selector term of ``In`` expressions, tolerations are copied field by field. v1 has no env,
volumes, resources or observability, so the result never has them either.

The v1 spec is modelled like the v2 one (:class:`V1Spec`), so the same machinery checks it:
CRD defaults first (``workerReplicas: 1``), every schema error at once, hints for v2 fields
and for CRs of the other Locust operator. Errors are :class:`SpecError` naming the v1 field
path (``spec.workerReplicas``), in the same words as the v2 checks.
"""

import enum
from collections.abc import Mapping
from typing import Any, ClassVar

from .._core import constants
from .._core.constants import MAX_WORKER_REPLICAS
from .._core.model import OptionalEnum, OptionalTuple, SpecModel, between, required_field, spec_class, spec_field
from ._enums import ImagePullPolicy, ImagePullPolicyValue

__all__ = ["API_VERSION", "V1Spec", "v1_spec_to_v2", "v1_to_v2"]

API_VERSION = constants.V1_API_VERSION
"""The ``apiVersion`` of a v1 LocustTest."""

_NODE_AFFINITY_KEY = "requiredDuringSchedulingIgnoredDuringExecution"
_TOLERATION_FIELDS = ("key", "operator", "value", "effect")  # corev1.Toleration's JSON order
DEFAULT_WORKER_REPLICAS = 1
"""The v1 CRD's default for ``spec.workerReplicas``."""


class TolerationEffect(enum.StrEnum):
    """``spec.tolerations[].effect`` in the v1 CRD."""

    NO_SCHEDULE = "NoSchedule"
    PREFER_NO_SCHEDULE = "PreferNoSchedule"
    NO_EXECUTE = "NoExecute"


class TolerationOperator(enum.StrEnum):
    """``spec.tolerations[].operator`` in the v1 CRD."""

    EXISTS = "Exists"
    EQUAL = "Equal"


@spec_class
class RoleMaps(SpecModel):
    """``spec.labels`` / ``spec.annotations``: one string map per role, both optional."""

    CR_PATH: ClassVar[str] = "spec.labels"
    master: Mapping[str, str] | None = spec_field()
    worker: Mapping[str, str] | None = spec_field()


@spec_class
class NodeAffinity(SpecModel):
    """``spec.affinity.nodeAffinity``: required node labels, as a map."""

    CR_PATH: ClassVar[str] = "spec.affinity.nodeAffinity"
    required_during_scheduling_ignored_during_execution: Mapping[str, str] | None = spec_field(cr=_NODE_AFFINITY_KEY)


@spec_class
class Affinity(SpecModel):
    """``spec.affinity``: node affinity only."""

    CR_PATH: ClassVar[str] = "spec.affinity"
    node_affinity: NodeAffinity | None = spec_field()


@spec_class
class Toleration(SpecModel):
    """One ``spec.tolerations[]`` entry: ``key``, ``operator`` and ``effect`` required."""

    CR_PATH: ClassVar[str] = "spec.tolerations[]"
    key: str = required_field()
    operator: TolerationOperator = required_field()
    value: str | None = spec_field()
    effect: TolerationEffect = required_field()


@spec_class
class V1Spec(SpecModel):
    """The ``spec`` of a ``locust.io/v1`` LocustTest, field for field as the v1 CRD has it.

    ``workerReplicas`` is required with a default (1): left out or ``null``, it is 1.
    """

    CR_PATH: ClassVar[str] = "spec"
    HINT_VERSION: ClassVar[str | None] = "v1"
    image: str = required_field()
    image_pull_policy: OptionalEnum[ImagePullPolicy, ImagePullPolicyValue] = spec_field()
    image_pull_secrets: OptionalTuple[str] = spec_field()
    master_command_seed: str = required_field()
    worker_command_seed: str = required_field()
    worker_replicas: int = required_field(check=between(1, MAX_WORKER_REPLICAS), default=DEFAULT_WORKER_REPLICAS)
    labels: RoleMaps | None = spec_field()
    annotations: RoleMaps | None = spec_field()
    config_map: str | None = spec_field()
    lib_config_map: str | None = spec_field()
    affinity: Affinity | None = spec_field()
    tolerations: OptionalTuple[Toleration] = spec_field()


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
        SpecError: every field that is unknown, missing, of the wrong type or out of range,
            at once; the paths are the v1 ones (``spec.tolerations[0].effect``).
    """
    return convert_v1_spec(V1Spec.from_cr(spec))


def convert_v1_spec(spec: V1Spec) -> dict[str, Any]:
    """The operator's ``ConvertTo``: the v2 ``spec`` mapping of a checked v1 spec."""
    converted: dict[str, Any] = {"image": spec.image}
    if spec.image_pull_policy:
        converted["imagePullPolicy"] = spec.image_pull_policy.value
    if spec.image_pull_secrets:
        converted["imagePullSecrets"] = [{"name": secret} for secret in spec.image_pull_secrets]
    converted["master"] = _master(spec)
    converted["worker"] = _worker(spec)
    test_files = _test_files(spec)
    if test_files:
        converted["testFiles"] = test_files
    if spec.affinity is not None or spec.tolerations:
        converted["scheduling"] = _scheduling(spec)
    return converted


def _master(spec: V1Spec) -> dict[str, Any]:
    """``spec.master``: the seed, autostart on, autoquit after 60 s, master labels/annotations."""
    master: dict[str, Any] = {
        "command": spec.master_command_seed,
        "autostart": True,
        "autoquit": {"enabled": True, "timeout": 60},
    }
    master.update(_role_metadata(spec, "master"))
    return master


def _worker(spec: V1Spec) -> dict[str, Any]:
    """``spec.worker``: the seed, the replicas, worker labels/annotations."""
    worker: dict[str, Any] = {"command": spec.worker_command_seed, "replicas": spec.worker_replicas}
    worker.update(_role_metadata(spec, "worker"))
    return worker


def _role_metadata(spec: V1Spec, role: str) -> dict[str, dict[str, str]]:
    """The role's ``labels`` and ``annotations`` when the v1 CR gives them."""
    result = {}
    for key, per_role in (("labels", spec.labels), ("annotations", spec.annotations)):
        value = getattr(per_role, role) if per_role is not None else None
        if value is not None:
            result[key] = dict(value)
    return result


def _test_files(spec: V1Spec) -> dict[str, str]:
    """``spec.testFiles`` from ``configMap``/``libConfigMap``; empty strings count as unset."""
    test_files = {}
    if spec.config_map:
        test_files["configMapRef"] = spec.config_map
    if spec.lib_config_map:
        test_files["libConfigMapRef"] = spec.lib_config_map
    return test_files


def _scheduling(spec: V1Spec) -> dict[str, Any]:
    """``spec.scheduling``: node affinity from the v1 map, tolerations copied field by field."""
    scheduling: dict[str, Any] = {}
    node_affinity = spec.affinity.node_affinity if spec.affinity is not None else None
    requirements = node_affinity.required_during_scheduling_ignored_during_execution if node_affinity else None
    if requirements:
        scheduling["affinity"] = _affinity(requirements)
    if spec.tolerations:
        scheduling["tolerations"] = [_v2_toleration(item) for item in spec.tolerations]
    return scheduling


def _affinity(requirements: Mapping[str, str]) -> dict[str, Any]:
    """One node selector term with an ``In`` expression per label, sorted by key."""
    expressions = [{"key": key, "operator": "In", "values": [value]} for key, value in sorted(requirements.items())]
    return {
        "nodeAffinity": {_NODE_AFFINITY_KEY: {"nodeSelectorTerms": [{"matchExpressions": expressions}]}},
    }


def _v2_toleration(toleration: Toleration) -> dict[str, str]:
    """A ``corev1.Toleration``: key, operator, value, effect, leaving out empty strings as Go does."""
    fields = toleration.to_cr()
    return {key: str(fields[key]) for key in _TOLERATION_FIELDS if fields.get(key)}

"""What the operator cannot do, as options of the ``LocustTest`` construct (never part of the CR).

``PodOptions`` places one role's pods (``master_pod=``/``worker_pod=``); ``ServiceOptions``
shapes the master Service (``service=``). Left at ``None`` (the default), nothing changes and
the output is the operator's. The spec's shared ``scheduling`` still applies to both roles; per
field, a role's option is *added to* or *replaces* what ``scheduling`` gives, as each field
says. Kubernetes structures are plain mappings in Kubernetes (camelCase) form, as in the spec.

Options are checked when the test is rendered, with the keyword's path
(``master_pod.tolerations[0].operator``), before anything is added to the tree.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from attrs import field, frozen

from ._meta_rules import (
    check_annotations,
    check_known_keys,
    check_label_value,
    check_labels,
    check_mapping,
    check_object_name,
    check_one_of,
    check_positive_int,
    check_string,
    is_qualified_name,
)
from .errors import SpecError, show_value
from .named import object_name

__all__ = ["PodOptions", "ServiceOptions", "check_pod_options", "check_service_options"]


def _plain(value: Any) -> Any:
    """A private copy: mappings as dicts, sequences as tuples; anything else as given (checked later)."""
    if isinstance(value, Mapping):
        return {key: _plain_item(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return tuple(_plain_item(item) for item in value)
    return value


def _plain_item(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain_item(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_item(item) for item in value]
    return value


def _name_or_object(value: Any) -> Any:
    """A name stays; an object with a ``.name`` (a cdk8s-plus ``ServiceAccount``) becomes its name."""
    if value is None or isinstance(value, str):
        return value
    try:
        return object_name("", value)
    except SpecError:
        return value  # refused with its path when the options are checked


@frozen(kw_only=True)
class PodOptions:
    """Placement of one role's pods: ``LocustTest(..., master_pod=PodOptions(...), worker_pod=...)``.

    Every field defaults to ``None``: nothing beyond the spec's ``scheduling``.

    Attributes:
        tolerations: ``[]corev1.Toleration``. **Added** after the spec's
            ``scheduling.tolerations``. Applied whatever the defaults object's
            ``inject_tolerations`` says (that switch governs only the spec's tolerations).
        affinity: ``corev1.Affinity``. **Replaces, per kind**: each of ``nodeAffinity``,
            ``podAffinity``, ``podAntiAffinity`` given here replaces the spec's
            ``scheduling.affinity`` of that kind; kinds not given here are kept. Applied
            whatever ``inject_affinity`` says (that switch governs only the spec's affinity).
        node_selector: ``map[string]string``. **Added** to the spec's ``scheduling.nodeSelector``;
            on a key both set, this value replaces the spec's.
        topology_spread_constraints: ``[]corev1.TopologySpreadConstraint``, the pod's only ones
            (the spec has none). Give each a ``labelSelector``, e.g. ``{"matchLabels":
            {"performance-test-pod-name": "<name>-worker"}}``, or it matches no pods.
        priority_class_name: The pod's PriorityClass (the spec has none).
        service_account_name: The pod's ServiceAccount (the spec has none): a name or an object
            with a ``.name`` (a cdk8s-plus ``ServiceAccount``); the name is stored. ``None``:
            the namespace's ``default`` account.
    """

    tolerations: tuple[Mapping[str, Any], ...] | None = field(default=None, converter=_plain)
    affinity: Mapping[str, Any] | None = field(default=None, converter=_plain)
    node_selector: Mapping[str, str] | None = field(default=None, converter=_plain)
    topology_spread_constraints: tuple[Mapping[str, Any], ...] | None = field(default=None, converter=_plain)
    priority_class_name: str | None = None
    service_account_name: str | None = field(default=None, converter=_name_or_object)


@frozen(kw_only=True)
class ServiceOptions:
    """The master Service beyond the operator's: ``LocustTest(..., service=ServiceOptions(...))``.

    Attributes:
        labels: Labels of the Service object (e.g. what a ServiceMonitor selects). ``None``: none,
            as the operator. The selector and the pods' labels are not changed.
        annotations: Annotations of the Service object. ``None``: none.
        web_ui: ``True`` adds port 8089, named ``web-ui``, after the operator's ports, so
            ``kubectl port-forward svc/<name>-master 8089`` (or an Ingress) reaches Locust's web
            UI. ``False`` (the default): the operator's ports only.
    """

    labels: Mapping[str, str] | None = field(default=None, converter=_plain)
    annotations: Mapping[str, str] | None = field(default=None, converter=_plain)
    web_ui: bool = False


_TOLERATION_KEYS = ("key", "operator", "value", "effect", "tolerationSeconds")
_TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
_AFFINITY_KINDS = ("nodeAffinity", "podAffinity", "podAntiAffinity")
_SPREAD_KEYS = (
    "maxSkew",
    "topologyKey",
    "whenUnsatisfiable",
    "labelSelector",
    "minDomains",
    "nodeAffinityPolicy",
    "nodeTaintsPolicy",
    "matchLabelKeys",
)


def check_pod_options(options: object, path: str) -> PodOptions | None:
    """Refuse ``options`` (given as the keyword ``path``) unless the API server would take its pods."""
    if options is None:
        return None
    if not isinstance(options, PodOptions):
        raise SpecError(path, f"Invalid value: {show_value(options)}: must be a PodOptions")
    if options.tolerations is not None:
        _check_list(f"{path}.tolerations", options.tolerations, _check_toleration)
    if options.affinity is not None:
        affinity = check_mapping(f"{path}.affinity", options.affinity)
        check_known_keys(f"{path}.affinity", affinity, _AFFINITY_KINDS)
        for kind, value in affinity.items():
            check_mapping(f"{path}.affinity.{kind}", value)
    if options.node_selector is not None:
        check_labels(f"{path}.node_selector", options.node_selector)
    if options.topology_spread_constraints is not None:
        _check_list(f"{path}.topology_spread_constraints", options.topology_spread_constraints, _check_spread)
    if options.priority_class_name is not None:
        check_object_name(f"{path}.priority_class_name", options.priority_class_name)
    if options.service_account_name is not None:
        account = options.service_account_name
        if not isinstance(account, str):
            object_name(f"{path}.service_account_name", account)  # raises: not a name, no .name
        check_object_name(f"{path}.service_account_name", account)
    return options


def check_service_options(options: object, path: str) -> ServiceOptions | None:
    """Refuse ``options`` (given as the keyword ``path``) unless the API server would take the Service."""
    if options is None:
        return None
    if not isinstance(options, ServiceOptions):
        raise SpecError(path, f"Invalid value: {show_value(options)}: must be a ServiceOptions")
    if options.labels is not None:
        check_labels(f"{path}.labels", options.labels)
    if options.annotations is not None:
        check_annotations(f"{path}.annotations", options.annotations)
    if not isinstance(options.web_ui, bool):
        raise SpecError(f"{path}.web_ui", f"Invalid value: {show_value(options.web_ui)}: must be of type boolean")
    return options


def _check_list(path: str, value: Any, check_item: Any) -> None:
    if not isinstance(value, Sequence) or isinstance(value, (str, bytes)):
        raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type array")
    for index, item in enumerate(value):
        check_item(f"{path}[{index}]", check_mapping(f"{path}[{index}]", item))


def _check_toleration(path: str, toleration: Mapping[str, Any]) -> None:
    """``ValidateTolerations``: key, operator/value pairing, effect, tolerationSeconds."""
    check_known_keys(path, toleration, _TOLERATION_KEYS)
    key = toleration.get("key") or ""
    check_string(f"{path}.key", key)
    if key and not is_qualified_name(key):
        raise SpecError(f"{path}.key", f"Invalid value: {show_value(key)}: must be a qualified name (a label key)")
    operator = toleration.get("operator") or ""
    value = toleration.get("value") or ""
    check_string(f"{path}.value", value)
    if not key and operator != "Exists":
        raise SpecError(
            f"{path}.operator",
            f"Invalid value: {show_value(operator)}: operator must be Exists when `key` is empty, "
            'which means "match all values and all keys"',
        )
    if operator in ("", "Equal"):
        check_label_value(f"{path}.value", value)
    elif operator == "Exists":
        if value:
            raise SpecError(
                f"{path}.operator", "Invalid value: \"Exists\": value must be empty when `operator` is 'Exists'"
            )
    else:
        check_one_of(f"{path}.operator", operator, ("Equal", "Exists"))
    effect = toleration.get("effect") or ""
    if effect:
        check_one_of(f"{path}.effect", effect, _TAINT_EFFECTS)
    seconds = toleration.get("tolerationSeconds")
    if seconds is not None:
        if type(seconds) is not int:
            raise SpecError(
                f"{path}.tolerationSeconds", f"Invalid value: {show_value(seconds)}: must be of type integer"
            )
        if effect != "NoExecute":
            raise SpecError(
                f"{path}.effect",
                f"Invalid value: {show_value(effect)}: effect must be 'NoExecute' when `tolerationSeconds` is set",
            )


def _check_spread(path: str, constraint: Mapping[str, Any]) -> None:
    """``validateTopologySpreadConstraints``: the required fields and their enums."""
    check_known_keys(path, constraint, _SPREAD_KEYS)
    for required in ("maxSkew", "topologyKey", "whenUnsatisfiable"):
        if constraint.get(required) in (None, ""):
            raise SpecError(f"{path}.{required}", "Required value")
    check_positive_int(f"{path}.maxSkew", constraint["maxSkew"])
    key = check_string(f"{path}.topologyKey", constraint["topologyKey"])
    if not is_qualified_name(key):
        raise SpecError(f"{path}.topologyKey", f"Invalid value: {show_value(key)}: must be a qualified name")
    when = constraint["whenUnsatisfiable"]
    check_one_of(f"{path}.whenUnsatisfiable", when, ("DoNotSchedule", "ScheduleAnyway"))
    if "labelSelector" in constraint:
        check_mapping(f"{path}.labelSelector", constraint["labelSelector"])
    if constraint.get("minDomains") is not None:
        check_positive_int(f"{path}.minDomains", constraint["minDomains"])
        if when != "DoNotSchedule":
            raise SpecError(
                f"{path}.minDomains",
                f"Invalid value: {constraint['minDomains']}: can only use minDomains if "
                "whenUnsatisfiable=DoNotSchedule",
            )
    for policy in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
        if constraint.get(policy) is not None:
            check_one_of(f"{path}.{policy}", constraint[policy], ("Honor", "Ignore"))
    keys = constraint.get("matchLabelKeys")
    if keys is not None and (not isinstance(keys, list) or not all(isinstance(item, str) for item in keys)):
        raise SpecError(f"{path}.matchLabelKeys", f"Invalid value: {show_value(keys)}: must be an array of strings")

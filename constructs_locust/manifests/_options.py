"""What the operator cannot do, as options of the ``LocustTest`` construct (never part of the CR).

``PodOptions`` places one role's pods (``master_pod=``/``worker_pod=``); ``ServiceOptions``
shapes the master Service (``service=``). Left at ``None`` (the default), nothing changes and
the output is the operator's. The spec's shared ``scheduling`` still applies to both roles; per
field, a role's option is *added to* or *replaces* what ``scheduling`` gives, as each field
says. Kubernetes structures are mappings in Kubernetes (camelCase) form, as in the spec, stored read-only.

Options are checked twice. Building one checks each argument's type, every bad argument
reported at once at its name (``PodOptions.tolerations: Invalid value: "abc": must be of type
array``). Rendering the test checks the Kubernetes structures as the API server would, with
the keyword's path (``master_pod.tolerations[0].operator``), before anything is added to the
tree: the same options may place a master and workers, so only then is the role known.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from attrs import field, frozen

from .. import kube
from .._core.errors import SpecError
from .._core.field_errors import invalid, not_supported, required, type_error
from .._core.frozen import freeze, thaw
from .._core.model import coerce, each
from .._core.named import object_name
from .._core.names import is_dns1123_subdomain
from .._core.option_fields import check_fields, checked, optional, typed
from ..kube import _rules as rules
from ..kube._structures import check_structure
from ._cloud_presets import CloudPresets

__all__ = ["PodOptions", "ServiceOptions", "check_pod_options", "check_service_options"]


def _name_or_object(value: Any) -> Any:
    """A name stays; an object with a ``.name`` (a cdk8s-plus ``ServiceAccount``) becomes its name."""
    if value is None or isinstance(value, str):
        return value
    try:
        return object_name("", value)
    except SpecError:
        return value  # refused with its path when the options are checked


def _optional_objects(path: str, value: object) -> None:
    """Refuse a value that is not ``None`` or a list of mappings (``[]corev1.Toleration``, ...)."""
    value = thaw(value)
    if value is not None:
        items = _array(path, value)
        each(_object, [(f"{path}[{index}]", item) for index, item in enumerate(items)])


def _optional_object(path: str, value: object) -> None:
    """Refuse a value that is not ``None`` or a mapping."""
    value = thaw(value)
    if value is not None:
        _object(path, value)


def _object(path: str, value: object) -> None:
    if not isinstance(value, Mapping):
        raise type_error(path, value, "object")


def _optional_strings(path: str, value: object) -> None:
    """Refuse a value that is not ``None`` or a ``map[string]string``."""
    value = thaw(value)
    if value is not None:
        coerce(value, Mapping[str, str], path)


def _optional_name(path: str, value: object) -> None:
    """Refuse a value that is not ``None``, a string, or an object with a string ``.name``."""
    if value is not None and not isinstance(value, str):
        object_name(path, value)  # raises for an object without a .name (a named one was stored as its name)
        coerce(value, str, path)


@frozen(kw_only=True)
class PodOptions(CloudPresets):
    """Placement of one role's pods: ``LocustTest(..., master_pod=PodOptions(...), worker_pod=...)``.

    Every field defaults to ``None``: nothing beyond the spec's ``scheduling``. Class methods
    give spot and on-demand placement on GKE, EKS, Karpenter and AKS (``PodOptions.gke_spot()``
    ...; see :mod:`constructs_locust.manifests._cloud_presets`).

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

    tolerations: tuple[Mapping[str, Any], ...] | None = field(
        default=None, converter=freeze, metadata=checked(_optional_objects)
    )
    affinity: Mapping[str, Any] | None = field(default=None, converter=freeze, metadata=checked(_optional_object))
    node_selector: Mapping[str, str] | None = field(default=None, converter=freeze, metadata=checked(_optional_strings))
    topology_spread_constraints: tuple[Mapping[str, Any], ...] | None = field(
        default=None, converter=freeze, metadata=checked(_optional_objects)
    )
    priority_class_name: str | None = field(default=None, metadata=checked(optional(typed(str))))
    service_account_name: str | None = field(default=None, converter=_name_or_object, metadata=checked(_optional_name))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "PodOptions")


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

    labels: Mapping[str, str] | None = field(default=None, converter=freeze, metadata=checked(_optional_strings))
    annotations: Mapping[str, str] | None = field(default=None, converter=freeze, metadata=checked(_optional_strings))
    web_ui: bool = field(default=False, metadata=checked(typed(bool)))

    def __attrs_post_init__(self) -> None:
        check_fields(self, "ServiceOptions")


_SUBDOMAIN = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (at most 253 characters)"
)


def check_pod_options(options: object, path: str) -> PodOptions | None:
    """Refuse ``options`` (given as the keyword ``path``) unless the API server would take its pods.

    The Kubernetes structures get the same checks as the spec's (:mod:`constructs_locust.kube`):
    their shape as ``kubectl apply`` checks it, then the API server's rules on their values.
    """
    if options is None:
        return None
    if not isinstance(options, PodOptions):
        raise invalid(path, options, "must be a PodOptions")
    if options.tolerations is not None:
        kube.check_tolerations(f"{path}.tolerations", _array(f"{path}.tolerations", thaw(options.tolerations)))
    if options.affinity is not None:
        kube.check_affinity(f"{path}.affinity", thaw(options.affinity))
    if options.node_selector is not None:
        kube.check_node_selector(f"{path}.node_selector", _string_map(f"{path}.node_selector", options.node_selector))
    if options.topology_spread_constraints is not None:
        where = f"{path}.topology_spread_constraints"
        for index, constraint in enumerate(_array(where, thaw(options.topology_spread_constraints))):
            _check_spread(f"{where}[{index}]", constraint)
    if options.priority_class_name is not None:
        _check_object_name(f"{path}.priority_class_name", options.priority_class_name)
    if options.service_account_name is not None:
        account = options.service_account_name
        if not isinstance(account, str):
            object_name(f"{path}.service_account_name", account)  # raises: not a name, no .name
        _check_object_name(f"{path}.service_account_name", account)
    return options


def check_service_options(options: object, path: str) -> ServiceOptions | None:
    """Refuse ``options`` (given as the keyword ``path``) unless the API server would take the Service."""
    if options is None:
        return None
    if not isinstance(options, ServiceOptions):
        raise invalid(path, options, "must be a ServiceOptions")
    if options.labels is not None:
        rules.check_labels(f"{path}.labels", _string_map(f"{path}.labels", thaw(options.labels)))
    if options.annotations is not None:
        rules.check_annotations(f"{path}.annotations", _string_map(f"{path}.annotations", thaw(options.annotations)))
    if not isinstance(options.web_ui, bool):
        raise type_error(f"{path}.web_ui", options.web_ui, "boolean")
    return options


def _array(path: str, value: Any) -> Sequence[Any]:
    if not isinstance(value, Sequence) or isinstance(value, (str, bytes)):
        raise type_error(path, value, "array")
    return value


def _string_map(path: str, value: Any) -> Mapping[str, str]:
    """A ``map[string]string``: a mapping of strings to strings."""
    if not isinstance(value, Mapping):
        raise type_error(path, value, "object")
    for key, item in value.items():
        if not isinstance(key, str):
            raise type_error(path, key, "string")
        if not isinstance(item, str):
            raise type_error(f"{path}.{key}", item, "string")
    return value


def _check_object_name(path: str, value: Any) -> None:
    """A name the API server takes for a ServiceAccount or PriorityClass: a DNS-1123 subdomain."""
    if not isinstance(value, str):
        raise type_error(path, value, "string")
    if not is_dns1123_subdomain(value):
        raise invalid(path, value, _SUBDOMAIN)


def _check_spread(path: str, constraint: Any) -> None:
    """A TopologySpreadConstraint: its shape, then ``validateTopologySpreadConstraints``' rules."""
    check_structure("TopologySpreadConstraint", path, constraint)
    for key in ("topologyKey", "whenUnsatisfiable"):
        if constraint[key] == "":
            raise required(f"{path}.{key}")
    if constraint["maxSkew"] <= 0:
        raise invalid(f"{path}.maxSkew", constraint["maxSkew"], "must be greater than zero")
    problems = rules.label_name_problems(constraint["topologyKey"])
    if problems:
        raise invalid(f"{path}.topologyKey", constraint["topologyKey"], problems[0])
    when = constraint["whenUnsatisfiable"]
    if when not in ("DoNotSchedule", "ScheduleAnyway"):
        raise not_supported(f"{path}.whenUnsatisfiable", when, ("DoNotSchedule", "ScheduleAnyway"))
    min_domains = constraint.get("minDomains")
    if min_domains is not None:
        if min_domains <= 0:
            raise invalid(f"{path}.minDomains", min_domains, "must be greater than zero")
        if when != "DoNotSchedule":
            raise invalid(
                f"{path}.minDomains", min_domains, "can only use minDomains if whenUnsatisfiable=DoNotSchedule"
            )
    for policy in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
        if constraint.get(policy) is not None and constraint[policy] not in ("Honor", "Ignore"):
            raise not_supported(f"{path}.{policy}", constraint[policy], ("Honor", "Ignore"))

"""The API server's rules on values the CR passes into the pods, in its own words.

The operator copies labels, annotations, env variables, volumes, tolerations, the node
selector and resources into the Jobs it creates; the API server then refuses a bad value
when the operator creates the Job, long after the CR was accepted. These functions apply the
same rules (``k8s.io/apimachinery`` ``util/validation`` and ``pkg/apis/core/validation``) when
the spec is built, and raise :class:`~constructs_locust.SpecError` with the CR path and
the API server's message. Each function reports the first problem it finds.
"""

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .._core.errors import go_quote
from .._core.field_errors import OMITTED, forbidden, invalid, not_supported, required, too_long
from .._core.names import DNS1123_LABEL, DNS1123_LABEL_FMT, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_FMT
from ._quantity import canonical_quantity, compare_quantities, quantity_sign

__all__ = [
    "TOTAL_ANNOTATION_SIZE_LIMIT",
    "check_affinity",
    "check_annotations",
    "check_env_var_name",
    "check_env_vars",
    "check_label_selector",
    "check_label_selector_map",
    "check_labels",
    "check_resource_requirements",
    "check_tolerations",
    "check_volume_names",
    "label_name_problems",
    "label_value_problems",
]

TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024
"""``TotalAnnotationSizeLimitB``: keys and values of one object's annotations, in bytes."""

_QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_QUALIFIED_NAME = re.compile(_QUALIFIED_NAME_FMT)
_QUALIFIED_NAME_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
)
_LABEL_VALUE_FMT = f"({_QUALIFIED_NAME_FMT})?"
_LABEL_VALUE = re.compile(_LABEL_VALUE_FMT)
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)
_DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
_DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character"
)
_ENV_VAR_NAME_MSG = "a valid environment variable name must consist only of printable ASCII characters other than '='"

_TOLERATION_OPERATORS = ("Equal", "Exists")
_TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
_STANDARD_CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")


def _regex_error(message: str, fmt: str, *examples: str) -> str:
    """``validation.RegexError``: the message, its examples and the regular expression."""
    shown = "".join(("" if index == 0 else " or ") + f"'{example}', " for index, example in enumerate(examples))
    return f"{message} (e.g. {shown}regex used for validation is '{fmt}')"


def _max_len_error(length: int) -> str:
    return f"must be no more than {length} characters"


def _dns1123_subdomain_problems(value: str) -> list[str]:
    problems = []
    if len(value) > 253:
        problems.append(_max_len_error(253))
    if not DNS1123_SUBDOMAIN.fullmatch(value):
        problems.append(_regex_error(_DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return problems


def label_name_problems(value: str) -> list[str]:
    """``validation.IsQualifiedName``: a name of at most 63 characters with an optional DNS prefix."""
    problems: list[str] = []
    parts = value.split("/")
    if len(parts) > 2:
        return [
            "a qualified name "
            + _regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            problems.append("prefix part must be non-empty")
        else:
            problems += ["prefix part " + problem for problem in _dns1123_subdomain_problems(prefix)]
    if not name:
        problems.append("name part must be non-empty")
    elif len(name) > 63:
        problems.append("name part " + _max_len_error(63))
    if not _QUALIFIED_NAME.fullmatch(name):
        problems.append(
            "name part " + _regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
        )
    return problems


def label_value_problems(value: str) -> list[str]:
    """``validation.IsValidLabelValue``: empty, or at most 63 characters of a qualified name."""
    problems = []
    if len(value) > 63:
        problems.append(_max_len_error(63))
    if not _LABEL_VALUE.fullmatch(value):
        problems.append(_regex_error(_LABEL_VALUE_MSG, _LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return problems


def _invalid(path: str, value: Any, problems: Sequence[str]) -> None:
    if problems:
        raise invalid(path, value, problems[0])


def check_labels(path: str, labels: Mapping[str, str]) -> None:
    """``ValidateLabels``: every key a qualified name, every value a label value."""
    for key, value in labels.items():
        _invalid(path, key, label_name_problems(key))
        _invalid(path, value, label_value_problems(value))


check_label_selector_map = check_labels
"""A node selector's keys and values follow the label rules (``ValidatePodSpec``)."""


def check_annotations(path: str, annotations: Mapping[str, str]) -> None:
    """``ValidateAnnotations``: keys are qualified names (any case); keys and values <= 256 KiB in all."""
    for key in annotations:
        _invalid(path, key, label_name_problems(key.lower()))
    size = sum(len(key.encode()) + len(value.encode()) for key, value in annotations.items())
    if size > TOTAL_ANNOTATION_SIZE_LIMIT:
        raise too_long(path, f"may not be more than {TOTAL_ANNOTATION_SIZE_LIMIT} bytes")


def check_env_var_name(path: str, name: str) -> None:
    """``IsRelaxedEnvVarName`` (the rule since Kubernetes 1.32): printable ASCII except ``=``."""
    if name == "":
        raise required(path)
    if any(not " " <= char <= "~" or char == "=" for char in name):
        raise invalid(path, name, _ENV_VAR_NAME_MSG)


def check_env_vars(path: str, variables: Sequence[Mapping[str, Any]]) -> None:
    """``ValidateEnv``: every variable has a valid name."""
    for index, variable in enumerate(variables):
        check_env_var_name(f"{path}[{index}].name", variable["name"])


def check_volume_names(path: str, volumes: Sequence[Mapping[str, Any]]) -> None:
    """``ValidateVolumes``: each volume name is a DNS-1123 label (at most 63 characters)."""
    for index, volume in enumerate(volumes):
        name = volume["name"]
        where = f"{path}[{index}].name"
        if name == "":
            raise required(where)
        _check_dns1123_label(where, name)


def _check_dns1123_label(path: str, name: str) -> None:
    """``IsDNS1123Label``: at most 63 characters, then the label's pattern."""
    if len(name) > 63:
        raise invalid(path, name, _max_len_error(63))
    if not DNS1123_LABEL.fullmatch(name):
        message = _regex_error(_DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc")
        raise invalid(path, name, message)


def check_tolerations(path: str, tolerations: Sequence[Mapping[str, Any]]) -> None:
    """``ValidateTolerations``, rule by rule in the API server's order."""
    for index, toleration in enumerate(tolerations):
        where = f"{path}[{index}]"
        key = toleration.get("key") or ""
        operator = toleration.get("operator") or ""
        value = toleration.get("value") or ""
        effect = toleration.get("effect") or ""
        if key:
            _invalid(f"{where}.key", key, label_name_problems(key))
        if not key and operator != "Exists":
            raise invalid(
                f"{where}.operator",
                operator,
                'operator must be Exists when `key` is empty, which means "match all values and all keys"',
            )
        if toleration.get("tolerationSeconds") is not None and effect != "NoExecute":
            raise invalid(f"{where}.effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set")
        if operator in ("", "Equal"):
            problems = label_value_problems(value)
            if problems:
                raise invalid(f"{where}.operator", value, ";".join(problems))
        elif operator == "Exists":
            if value:
                shown = json.dumps(dict(toleration), ensure_ascii=False)
                raise invalid(
                    f"{where}.operator", OMITTED, "value must be empty when `operator` is 'Exists'", shown=shown
                )
        else:
            raise not_supported(f"{where}.operator", operator, _TOLERATION_OPERATORS)
        if effect and effect not in _TAINT_EFFECTS:
            raise not_supported(f"{where}.effect", effect, _TAINT_EFFECTS)


def check_resource_requirements(path: str, resources: Mapping[str, Any]) -> None:
    """``ValidateResourceRequirements``: container resource names, non-negative quantities, requests
    not above limits (and equal to them for resources that cannot be overcommitted)."""
    limits = resources.get("limits") or {}
    requests = resources.get("requests") or {}
    for bound, values in (("limits", limits), ("requests", requests)):
        for name, quantity in values.items():
            where = f"{path}.{bound}.{name}"
            _check_resource_name(where, name)
            if quantity_sign(quantity) < 0:
                shown = go_quote(canonical_quantity(quantity))
                raise invalid(where, OMITTED, "must be greater than or equal to 0", shown=shown)
    for name, quantity in requests.items():
        if name not in limits:
            continue
        order = compare_quantities(quantity, limits[name])
        shown_request, shown_limit = canonical_quantity(quantity), canonical_quantity(limits[name])
        if order != 0 and not _overcommit_allowed(name):
            raise invalid(f"{path}.requests", shown_request, f"must be equal to {name} limit of {shown_limit}")
        if order > 0:
            raise invalid(
                f"{path}.requests", shown_request, f"must be less than or equal to {name} limit of {shown_limit}"
            )


def _check_resource_name(path: str, name: str) -> None:
    """``validateContainerResourceName``: a standard resource, hugepages, or a prefixed extended one."""
    if "/" not in name:
        if name not in _STANDARD_CONTAINER_RESOURCES and not name.startswith("hugepages-"):
            raise invalid(path, name, "must be a standard resource for containers")
        return
    problems = label_name_problems(name)
    _invalid(path, name, problems)


def _overcommit_allowed(name: str) -> bool:
    """``IsOvercommitAllowed``: native resources except hugepages."""
    native = "/" not in name or "kubernetes.io/" in name
    return native and not name.startswith("hugepages-")


_SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


def check_affinity(path: str, affinity: Mapping[str, Any]) -> None:
    """``validateAffinity``: node selector requirements, weights, pod affinity terms and their selectors.

    (``matchFields`` node field selectors are left to the API server.)
    """
    node = affinity.get("nodeAffinity") or {}
    node_path = f"{path}.nodeAffinity"
    required = node.get("requiredDuringSchedulingIgnoredDuringExecution") or {}
    for index, term in enumerate(required.get("nodeSelectorTerms") or ()):
        where = f"{node_path}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[{index}]"
        _check_node_requirements(where, term)
    preferred_path = f"{node_path}.preferredDuringSchedulingIgnoredDuringExecution"
    for index, term in enumerate(node.get("preferredDuringSchedulingIgnoredDuringExecution") or ()):
        _check_weight(f"{preferred_path}[{index}]", term)
        _check_node_requirements(f"{preferred_path}[{index}].preference", term.get("preference") or {})
    for kind in ("podAffinity", "podAntiAffinity"):
        pods = affinity.get(kind) or {}
        for index, term in enumerate(pods.get("requiredDuringSchedulingIgnoredDuringExecution") or ()):
            _check_pod_affinity_term(f"{path}.{kind}.requiredDuringSchedulingIgnoredDuringExecution[{index}]", term)
        for index, weighted in enumerate(pods.get("preferredDuringSchedulingIgnoredDuringExecution") or ()):
            where = f"{path}.{kind}.preferredDuringSchedulingIgnoredDuringExecution[{index}]"
            _check_weight(where, weighted)
            _check_pod_affinity_term(f"{where}.podAffinityTerm", weighted.get("podAffinityTerm") or {})


def _check_weight(path: str, term: Mapping[str, Any]) -> None:
    weight = term.get("weight")
    if weight is not None and not 1 <= weight <= 100:
        raise invalid(f"{path}.weight", weight, "must be in the range 1-100")


def _check_node_requirements(path: str, term: Mapping[str, Any]) -> None:
    """``ValidateNodeSelectorRequirement`` for each ``matchExpressions`` entry."""
    for index, requirement in enumerate(term.get("matchExpressions") or ()):
        _check_requirement(f"{path}.matchExpressions[{index}]", requirement, node=True)


def _check_requirement(path: str, requirement: Mapping[str, Any], *, node: bool) -> None:
    operator, values = requirement.get("operator"), requirement.get("values") or ()
    if operator in ("In", "NotIn"):
        if not values:
            raise required(f"{path}.values", "must be specified when `operator` is 'In' or 'NotIn'")
    elif operator in ("Exists", "DoesNotExist"):
        if values:
            raise forbidden(f"{path}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
    elif node and operator in ("Gt", "Lt"):
        if len(values) != 1:
            raise required(f"{path}.values", "must be specified single value when `operator` is 'Lt' or 'Gt'")
    else:
        raise invalid(f"{path}.operator", operator, "not a valid selector operator")
    key = requirement.get("key") or ""
    _invalid(f"{path}.key", key, label_name_problems(key))


def check_label_selector(path: str, selector: Mapping[str, Any] | None) -> None:
    """``ValidateLabelSelector``: matchLabels as labels, matchExpressions as requirements."""
    if selector is None:
        return
    check_labels(f"{path}.matchLabels", selector.get("matchLabels") or {})
    for index, requirement in enumerate(selector.get("matchExpressions") or ()):
        _check_requirement(f"{path}.matchExpressions[{index}]", requirement, node=False)


def _check_pod_affinity_term(path: str, term: Mapping[str, Any]) -> None:
    """``validatePodAffinityTerm``: selectors, namespace names, a non-empty topology key."""
    check_label_selector(f"{path}.labelSelector", term.get("labelSelector"))
    check_label_selector(f"{path}.namespaceSelector", term.get("namespaceSelector"))
    for name in term.get("namespaces") or ():
        _check_dns1123_label(f"{path}.namespace", name)
    topology_key = term.get("topologyKey") or ""
    if not topology_key:
        raise required(f"{path}.topologyKey", "can not be empty")
    _invalid(f"{path}.topologyKey", topology_key, label_name_problems(topology_key))

"""The API server's rules for names, labels and annotations that the construct options carry.

Messages follow the API server's form (``<path>: Invalid value: <value>: <why>``); the paths
are the construct's keyword arguments (``service.labels``, ``master_pod.nodeSelector``).
"""

import re
from collections.abc import Mapping
from typing import Any

from .errors import SpecError, show_value
from .names import is_dns1123_subdomain

_NAME_PART = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_LABEL_VALUE = _NAME_PART
TOTAL_ANNOTATION_SIZE = 256 * 1024
"""``TotalAnnotationSizeLimitB``: keys plus values of one object's annotations, in bytes."""

_QUALIFIED = (
    "must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 "
    "alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character"
)
_SUBDOMAIN = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (at most 253 characters)"
)


def is_qualified_name(value: str) -> bool:
    """``IsQualifiedName``: ``[prefix/]name``, the form of label and annotation keys."""
    prefix, slash, name = value.rpartition("/")
    if slash and (not prefix or not is_dns1123_subdomain(prefix)):
        return False
    return len(name) <= 63 and _NAME_PART.fullmatch(name) is not None


def check_string(path: str, value: Any) -> str:
    """Refuse anything but a string."""
    if not isinstance(value, str):
        raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type string")
    return value


def check_object_name(path: str, value: Any) -> str:
    """A name the API server takes for a ServiceAccount or PriorityClass: a DNS-1123 subdomain."""
    check_string(path, value)
    if not is_dns1123_subdomain(value):
        raise SpecError(path, f"Invalid value: {show_value(value)}: {_SUBDOMAIN}")
    return str(value)


def check_mapping(path: str, value: Any) -> Mapping[Any, Any]:
    """Refuse anything but a mapping."""
    if not isinstance(value, Mapping):
        raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type object")
    return value


def check_label_value(path: str, value: Any) -> None:
    """``IsValidLabelValue``: empty, or at most 63 name characters."""
    check_string(path, value)
    if value and (len(value) > 63 or not _LABEL_VALUE.fullmatch(value)):
        raise SpecError(
            path,
            f"Invalid value: {show_value(value)}: a valid label value must be an empty string or at most 63 "
            "alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character",
        )


def check_labels(path: str, value: Any) -> dict[str, str]:
    """A label map: qualified-name keys, label values; returned as a plain dict."""
    labels = check_mapping(path, value)
    for key, item in labels.items():
        if not isinstance(key, str) or not is_qualified_name(key):
            raise SpecError(path, f"Invalid value: {show_value(key)}: a label key {_QUALIFIED}")
        check_label_value(f"{path}.{key}", item)
    return dict(labels)


def check_annotations(path: str, value: Any) -> dict[str, str]:
    """An annotation map: qualified-name keys (lowercased first, as the API server does), string values."""
    annotations = check_mapping(path, value)
    size = 0
    for key, item in annotations.items():
        if not isinstance(key, str) or not is_qualified_name(key.lower()):
            raise SpecError(path, f"Invalid value: {show_value(key)}: an annotation key {_QUALIFIED}")
        check_string(f"{path}.{key}", item)
        size += len(key.encode()) + len(item.encode())
    if size > TOTAL_ANNOTATION_SIZE:
        raise SpecError(path, f"Too long: may not be more than {TOTAL_ANNOTATION_SIZE} bytes, got {size}")
    return dict(annotations)


def check_known_keys(path: str, value: Mapping[Any, Any], known: tuple[str, ...]) -> None:
    """Refuse keys a Kubernetes structure does not have (strict decoding's ``unknown field``)."""
    for key in value:
        if key not in known:
            raise SpecError(f"{path}.{key}", f'unknown field "{key}"')


def check_one_of(path: str, value: Any, supported: tuple[str, ...]) -> None:
    """An enum string: one of ``supported``."""
    if value not in supported:
        listed = ", ".join(f'"{item}"' for item in supported)
        raise SpecError(path, f"Unsupported value: {show_value(value)}: supported values: {listed}")


def check_positive_int(path: str, value: Any) -> None:
    """An integer greater than zero (``maxSkew``, ``minDomains``)."""
    if type(value) is not int:
        raise SpecError(path, f"Invalid value: {show_value(value)}: must be of type integer")
    if value <= 0:
        raise SpecError(path, f"Invalid value: {value}: must be greater than zero")

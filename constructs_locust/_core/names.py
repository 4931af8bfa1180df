"""Names of the generated objects (``api/v2/naming.go``) and checks on the CR's own names."""

import re

from .constants import MAX_CR_NAME_LENGTH
from .errors import SpecError, go_quote
from .field_errors import invalid, required

DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
"""A lowercase RFC 1123 label (namespaces, volume names), as Kubernetes' messages quote it."""
DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + r"(\." + DNS1123_LABEL_FMT + ")*"
"""A lowercase RFC 1123 subdomain, as Kubernetes' messages quote it."""
DNS1123_LABEL = re.compile(DNS1123_LABEL_FMT)
"""A lowercase RFC 1123 label, without its 63-byte limit."""
DNS1123_SUBDOMAIN = re.compile(DNS1123_SUBDOMAIN_FMT)
"""A lowercase RFC 1123 subdomain (object names, RuntimeClass names), without its 253-byte limit."""


def node_name(test_name: str, role: str) -> str:
    """``GeneratedNodeName``: ``<name>-<role>`` with dots replaced by dashes."""
    return f"{test_name}-{role}".replace(".", "-")


def is_dns1123_subdomain(value: str) -> bool:
    """Tell whether ``value`` is a lowercase RFC 1123 subdomain of at most 253 characters."""
    return len(value) <= 253 and DNS1123_SUBDOMAIN.fullmatch(value) is not None


def check_test_name(name: object) -> str:
    """Refuse a LocustTest name the API server or the operator's webhook would refuse."""
    name = check_object_name(name)
    if len(name) > MAX_CR_NAME_LENGTH:
        raise SpecError(
            "metadata.name",
            f"name {go_quote(name)} is too long: generated Job names would exceed 63 characters "
            f"(max CR name length is {MAX_CR_NAME_LENGTH})",
        )
    return name


def check_object_name(name: object) -> str:
    """Refuse a LocustTest name the API server would refuse (the webhook's length rule aside)."""
    if not isinstance(name, str) or not name:
        raise required("metadata.name", "a LocustTest needs a non-empty name")
    if not is_dns1123_subdomain(name):
        raise invalid(
            "metadata.name",
            name,
            "a lowercase RFC 1123 subdomain must consist of lower case "
            "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        )
    return name


def check_namespace(namespace: object) -> str | None:
    """Refuse a namespace that is not an RFC 1123 label; ``None`` stays ``None``."""
    if namespace is None:
        return None
    if not isinstance(namespace, str) or len(namespace) > 63 or not DNS1123_LABEL.fullmatch(namespace):
        raise invalid(
            "metadata.namespace",
            str(namespace),
            "a lowercase RFC 1123 label must consist of lower case "
            "alphanumeric characters or '-', and must start and end with an alphanumeric character",
        )
    return namespace

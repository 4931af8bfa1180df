"""The Namespace of a chart's tests, with Pod Security admission labels, as plain data.

Pod Security admission (built into Kubernetes since 1.25) reads three labels on a Namespace:
``pod-security.kubernetes.io/enforce`` (pods that break the level are refused),
``.../audit`` (recorded in the audit log) and ``.../warn`` (the client is warned). Each takes a
level of the Pod Security Standards: ``privileged``, ``baseline`` or ``restricted``, and an
optional ``<mode>-version`` label pins the version of the standard (unset: ``latest``).
See https://kubernetes.io/docs/concepts/security/pod-security-admission/.
"""

import re
from collections.abc import Mapping
from typing import Any

from .._core.field_errors import invalid, not_supported
from .._core.model import coerce
from .._core.names import DNS1123_LABEL
from ..kube import _rules as rules

__all__ = ["POD_SECURITY_LEVELS", "POD_SECURITY_MODES", "namespace_manifest"]

POD_SECURITY_LEVELS = ("privileged", "baseline", "restricted")
"""The levels of the Pod Security Standards, least to most restrictive."""

POD_SECURITY_MODES = ("enforce", "audit", "warn")
"""The modes of Pod Security admission; the construct sets all three to one level."""

_LABEL_PREFIX = "pod-security.kubernetes.io/"
_VERSION = re.compile(r"latest|v1\.(0|[1-9][0-9]*)")
"""What Pod Security admission accepts as a version: ``latest`` or ``v1.<minor>``."""


def namespace_manifest(
    name: str,
    pod_security: str,
    *,
    version: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A ``v1`` Namespace ``name`` whose three Pod Security modes are ``pod_security``.

    ``version`` (``latest`` or ``v1.N``) adds the three ``<mode>-version`` labels; ``labels``
    are added to the Pod Security ones (they may not set those). Bad values are a
    ``SpecError`` naming the keyword.
    """
    if not isinstance(name, str) or len(name) > 63 or not DNS1123_LABEL.fullmatch(name):
        raise invalid("name", str(name), "a namespace name must be a lowercase RFC 1123 label of at most 63 characters")
    if pod_security not in POD_SECURITY_LEVELS:
        raise not_supported("pod_security", pod_security, POD_SECURITY_LEVELS)
    if version is not None and (not isinstance(version, str) or not _VERSION.fullmatch(version)):
        raise invalid("pod_security_version", version, "must be 'latest' or 'v1.<minor>', e.g. 'v1.31'")
    extra: dict[str, str] = {} if labels is None else dict(coerce(labels, Mapping[str, str], "labels"))
    rules.check_labels("labels", extra)
    for key in extra:
        if key.startswith(_LABEL_PREFIX):
            raise invalid(f"labels[{key}]", extra[key], "is set by pod_security and pod_security_version")
    security = {f"{_LABEL_PREFIX}{mode}": pod_security for mode in POD_SECURITY_MODES}
    if version is not None:
        security |= {f"{_LABEL_PREFIX}{mode}-version": version for mode in POD_SECURITY_MODES}
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": name, "labels": dict(sorted({**extra, **security}.items()))},
    }

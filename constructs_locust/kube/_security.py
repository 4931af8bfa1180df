"""Security contexts that meet the Pod Security Standard "restricted" (``Security.restricted()``).

The CR reaches two places: ``spec.security.podSecurityContext`` (the pod, which *replaces* the
operator's default ``{seccompProfile: {type: RuntimeDefault}}`` instead of adding to it) and
``spec.security.containerSecurityContext`` (the two Locust containers). It never reaches the
metrics-exporter sidecar, whose own context the operator fixes at
``{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true}``.
What the sidecar lacks for "restricted" (non-root, a seccomp profile) is allowed at pod level,
so the preset sets it there and every container, the sidecar included, inherits it.
"""

from typing import Any

from .._core.field_errors import invalid

LOCUST_IMAGE_UID = 1000
"""The ``locust`` user of the official ``locustio/locust`` images (``useradd``'s first UID)."""

_MAX_ID = 2**31 - 1


def _check_id(path: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= _MAX_ID:
        raise invalid(path, value, f"must be an integer between 1 and {_MAX_ID}")
    return value


def restricted_contexts(
    *, run_as_user: int, run_as_group: int, read_only_root_filesystem: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The pod and the container security context of :meth:`Security.restricted`.

    Pod: ``runAsNonRoot``, a numeric non-zero ``runAsUser``/``runAsGroup`` (the kubelet can
    only prove "non-root" for a numeric user, and the Locust image's ``USER locust`` is a
    name) and ``seccompProfile: RuntimeDefault``, which the sidecar inherits. Container: no
    privilege escalation, every capability dropped, the same non-root and seccomp settings
    (so the containers stay restricted even under a pod context changed later), and a
    read-only root file system unless turned off.
    """
    user = _check_id("spec.security.podSecurityContext.runAsUser", run_as_user)
    group = _check_id("spec.security.podSecurityContext.runAsGroup", run_as_group)
    if not isinstance(read_only_root_filesystem, bool):
        raise invalid(
            "spec.security.containerSecurityContext.readOnlyRootFilesystem",
            read_only_root_filesystem,
            "must be a boolean",
        )
    seccomp = {"type": "RuntimeDefault"}
    pod = {"runAsNonRoot": True, "runAsUser": user, "runAsGroup": group, "seccompProfile": dict(seccomp)}
    container = {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "readOnlyRootFilesystem": read_only_root_filesystem,
        "runAsNonRoot": True,
        "seccompProfile": dict(seccomp),
    }
    return pod, container

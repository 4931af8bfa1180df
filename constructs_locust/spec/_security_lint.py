"""The warning about the replacement trap of ``spec.security.podSecurityContext``.

The operator gives every pod ``securityContext: {seccompProfile: {type: RuntimeDefault}}``
unless the CR has a ``podSecurityContext``, which then *replaces* it (the restricted-pods
how-to guide, "The replacement trap"). A context without a ``seccompProfile`` of its own
therefore drops the seccomp profile of the whole pod, the metrics-exporter sidecar included
(which no CR security setting reaches), and the restricted Pod Security Standard refuses it.
"""

from collections.abc import Iterator

from ._classes import LocustTestSpec

__all__ = ["seccomp_warnings"]


def seccomp_warnings(spec: LocustTestSpec) -> Iterator[str]:
    """A warning for a ``podSecurityContext`` that drops the operator's default seccomp profile."""
    context = spec.security.pod_security_context if spec.security else None
    if context is not None and "seccompProfile" not in context:
        yield (
            "spec.security.podSecurityContext: it replaces the operator's default "
            "{seccompProfile: {type: RuntimeDefault}} and sets no seccompProfile, so the pods run without a "
            "seccomp profile (the restricted Pod Security Standard refuses them); add "
            "seccompProfile: {type: RuntimeDefault}, or start from Security.restricted()"
        )

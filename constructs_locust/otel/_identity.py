"""Who each Locust process is: resource attributes from the pod, through the downward API.

Locust's OpenTelemetry resource names the service (``service.name``), Locust's version, the
host, the locustfile and the profile, and nothing that tells one process, test or run from
another. A Prometheus-style backend makes ``service.instance.id`` the ``instance`` label: without
it every worker of a test writes the same series (OpenTelemetry Python SDKs before 1.43), or a
random UUID that names no pod (1.43 and later). :func:`identity_variables` gives every
container the attributes of the pod it runs in, in CR fields only, so the operator and
``LocustTestResource`` produce them too:

================================  ==================================================================
``service.instance.id``           ``<namespace>.<pod name>`` (the semantic conventions'
                                  ``namespace.pod.container`` without the container: a pod runs one
                                  Locust container)
``k8s.namespace.name``            ``fieldRef: metadata.namespace``
``k8s.pod.name``                  ``fieldRef: metadata.name``
``k8s.job.name``                  the pod label ``performance-test-pod-name`` (the Job's name)
``locust.test.name``              the pod label ``performance-test-name`` (the CR's name)
``locust.test.run``               the pod label ``performance-test-run``: the run hash of
                                  ``rerun_on_change``; empty (no label) without it
``locust.role``                   the pod annotation ``resource.opentelemetry.io/locust.role``
                                  (``master`` / ``worker``, set through ``master.annotations`` and
                                  ``worker.annotations``)
================================  ==================================================================

Each value comes from a ``valueFrom.fieldRef`` variable in ``spec.env.variables``, and
``OTEL_RESOURCE_ATTRIBUTES`` follows them in the same list with ``$(VARIABLE)`` references: the
kubelet expands a reference only to a variable defined *earlier* in the container's ``env``, and
the operator writes ``extraEnvVars`` before ``spec.env.variables``, so the attributes must move
out of ``extraEnvVars`` into ``spec.env.variables``, after the variables they use.
"""

import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from .._core.constants import LABEL_POD_NAME, LABEL_RUN, LABEL_TEST_NAME, MASTER, ROLES
from .._core.errors import ForkedProcessesWarning

__all__ = [
    "IDENTITY_ATTRIBUTES",
    "IDENTITY_VARIABLES",
    "LABEL_RUN",
    "ROLE_ANNOTATION",
    "RUN_FIELD_PATH",
    "identity_attributes_text",
    "identity_variables",
    "role_annotations",
    "warn_forked_processes",
]

ROLE_ANNOTATION = "resource.opentelemetry.io/locust.role"
"""The pod annotation naming the role; the semantic conventions' prefix for resource attributes."""
RUN_FIELD_PATH = f"metadata.labels['{LABEL_RUN}']"
"""The ``fieldRef`` that asks ``rerun_on_change`` to put the run label on the pods too."""

POD_NAME = "K8S_POD_NAME"
NAMESPACE_NAME = "K8S_NAMESPACE_NAME"
JOB_NAME = "K8S_JOB_NAME"
TEST_NAME = "PERFORMANCE_TEST_NAME"
TEST_RUN = "PERFORMANCE_TEST_RUN"
TEST_ROLE = "PERFORMANCE_TEST_ROLE"

_FIELD_PATHS = {
    POD_NAME: "metadata.name",
    NAMESPACE_NAME: "metadata.namespace",
    JOB_NAME: f"metadata.labels['{LABEL_POD_NAME}']",
    TEST_NAME: f"metadata.labels['{LABEL_TEST_NAME}']",
    TEST_RUN: RUN_FIELD_PATH,
    TEST_ROLE: f"metadata.annotations['{ROLE_ANNOTATION}']",
}
IDENTITY_VARIABLES = tuple(_FIELD_PATHS)
"""The downward-API variables, in the order they are written (before ``OTEL_RESOURCE_ATTRIBUTES``)."""

IDENTITY_ATTRIBUTES: Mapping[str, str] = {
    "service.instance.id": f"$({NAMESPACE_NAME}).$({POD_NAME})",
    "k8s.namespace.name": f"$({NAMESPACE_NAME})",
    "k8s.pod.name": f"$({POD_NAME})",
    "k8s.job.name": f"$({JOB_NAME})",
    "locust.test.name": f"$({TEST_NAME})",
    "locust.test.run": f"$({TEST_RUN})",
    "locust.role": f"$({TEST_ROLE})",
}
"""Resource attribute -> its value in ``OTEL_RESOURCE_ATTRIBUTES`` (kubelet references)."""

_PROCESSES_FLAGS = ("--processes",)
_PROCESSES_VARIABLE = "LOCUST_PROCESSES"


def identity_attributes_text(user_attributes: str | None) -> str:
    """``OTEL_RESOURCE_ATTRIBUTES``: the identity, then the user's already escaped attributes.

    Every ``$`` of the user's text is doubled: the kubelet reads ``$$`` as a literal ``$`` and
    would otherwise expand a ``$(NAME)`` it happens to contain. Pod names, namespaces, label
    values and annotation values need no percent-encoding (no space, ``,`` or ``=``).
    """
    identity = ",".join(f"{key}={value}" for key, value in IDENTITY_ATTRIBUTES.items())
    if not user_attributes:
        return identity
    return f"{identity},{user_attributes.replace('$', '$$')}"


def identity_variables(user_attributes: str | None) -> tuple[dict[str, Any], ...]:
    """The ``spec.env.variables`` entries: the downward-API variables, then ``OTEL_RESOURCE_ATTRIBUTES``."""
    fields = tuple(
        {"name": name, "valueFrom": {"fieldRef": {"fieldPath": path}}} for name, path in _FIELD_PATHS.items()
    )
    return (*fields, {"name": "OTEL_RESOURCE_ATTRIBUTES", "value": identity_attributes_text(user_attributes)})


def role_annotations(role: str) -> dict[str, str]:
    """The pod annotations of ``role`` (``master`` or ``worker``) that name it."""
    assert role in ROLES
    return {ROLE_ANNOTATION: role}


def forks_processes(args: Iterable[str], variables: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a container with ``args`` and env ``variables`` runs Locust with ``--processes``."""
    if any(arg in _PROCESSES_FLAGS or arg.startswith("--processes=") for arg in args):
        return True
    return any(variable.get("name") == _PROCESSES_VARIABLE for variable in variables)


def warn_forked_processes(roles: Mapping[str, tuple[Iterable[str], Iterable[Mapping[str, Any]]]]) -> None:
    """Warn (:class:`ForkedProcessesWarning`) for each role whose Locust forks with ``--processes``.

    Locust sets OpenTelemetry up before it forks, so every child starts with the parent's
    resource: with an OpenTelemetry Python SDK before 1.43 the children of one pod share its
    ``service.instance.id`` and overwrite one another's cumulative series; from 1.43 the SDK
    replaces the id with a random UUID in each child, which no longer names the pod.
    """
    for role, (args, variables) in roles.items():
        if forks_processes(args, variables):
            where = "master" if role == MASTER else "worker"
            warnings.warn(
                f"spec.{where}: Locust forks --processes after setting up OpenTelemetry, so the children share "
                "the pod's resource: with an OpenTelemetry SDK before 1.43 their series collide under one "
                "service.instance.id, from 1.43 each child reports a random UUID instead of the pod's id "
                "(k8s.pod.name still names the pod); run more worker replicas instead",
                ForkedProcessesWarning,
                stacklevel=3,  # the caller of OtelOptions.apply
            )

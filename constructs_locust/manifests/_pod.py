"""Containers and the pod template (``job.go:buildJob/buildLocustContainer``)."""

from typing import Any

from .._core.constants import (
    MASTER,
    MASTER_CONTAINER_PORTS,
    METRICS_EXPORTER_NAME,
    RESTART_POLICY,
    WEB_UI_PORT,
    WORKER_CONTAINER_PORTS,
)
from .._core.frozen import thaw
from .._core.names import node_name
from ..kube import go_json
from ..operator import OperatorDefaults
from ..spec._classes import ImagePullPolicy, LocustTestSpec, Scheduling
from ._command import master_args, worker_args
from ._env import container_env, container_env_from, env_var
from ._labels import pod_annotations, pod_labels
from ._options import PodOptions
from ._resources import locust_resources, resources_from_defaults
from ._volumes import container_volume_mounts, pod_volumes

DEFAULT_POD_SECURITY_CONTEXT = {"seccompProfile": {"type": "RuntimeDefault"}}
EXPORTER_SECURITY_CONTEXT = {
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "readOnlyRootFilesystem": True,
}


def locust_container(spec: LocustTestSpec, test_name: str, role: str, defaults: OperatorDefaults) -> dict[str, Any]:
    """The Locust container of a role's pod; fields in the order Go serializes them."""
    role_spec = spec.master if role == MASTER else spec.worker
    ports = MASTER_CONTAINER_PORTS if role == MASTER else WORKER_CONTAINER_PORTS
    container: dict[str, Any] = {
        "name": node_name(test_name, role),
        "image": spec.image,
        "args": master_args(spec) if role == MASTER else worker_args(spec, test_name),
        "ports": [{"containerPort": port} for port in ports],
    }
    env_from = container_env_from(spec)
    if env_from:
        container["envFrom"] = env_from
    container["env"] = container_env(spec, defaults)
    container["resources"] = locust_resources(role_spec.resources, role, defaults)
    mounts = container_volume_mounts(spec, test_name, role)
    if mounts:
        container["volumeMounts"] = mounts
    container["imagePullPolicy"] = str(spec.image_pull_policy or ImagePullPolicy.IF_NOT_PRESENT)
    if spec.security and spec.security.container_security_context is not None:
        container["securityContext"] = go_json("SecurityContext", spec.security.container_security_context)
    return container


def metrics_exporter_sidecar(defaults: OperatorDefaults) -> dict[str, Any]:
    """``buildMetricsExporterSidecar``: a native sidecar (init container, restartPolicy Always)."""
    port = defaults.metrics_exporter_port
    return {
        "name": METRICS_EXPORTER_NAME,
        "image": defaults.metrics_exporter_image,
        "ports": [{"containerPort": port}],
        "env": [
            env_var("LOCUST_EXPORTER_URI", f"http://localhost:{WEB_UI_PORT}"),
            env_var("LOCUST_EXPORTER_WEB_LISTEN_ADDRESS", f":{port}"),
        ],
        "resources": resources_from_defaults(defaults.metrics_exporter_resources),
        "imagePullPolicy": defaults.metrics_exporter_image_pull_policy,
        "securityContext": thaw(EXPORTER_SECURITY_CONTEXT),
        "restartPolicy": "Always",
    }


def pod_template(
    spec: LocustTestSpec, test_name: str, role: str, defaults: OperatorDefaults, options: PodOptions | None = None
) -> dict[str, Any]:
    """The Job's pod template: labels, annotations and a pod spec shared by both roles.

    ``options`` (the construct's ``master_pod``/``worker_pod``) places this role's pods beyond
    the spec's ``scheduling``; ``None`` leaves the operator's pod spec untouched.
    """
    metadata: dict[str, Any] = {"labels": pod_labels(spec, test_name, role, defaults)}
    annotations = pod_annotations(spec, role, defaults)
    if annotations:
        metadata["annotations"] = annotations
    pod: dict[str, Any] = {}
    volumes = pod_volumes(spec, test_name, role)
    if volumes:
        pod["volumes"] = volumes
    if role == MASTER and not spec.open_telemetry_enabled:
        pod["initContainers"] = [metrics_exporter_sidecar(defaults)]
    pod["containers"] = [locust_container(spec, test_name, role, defaults)]
    pod["restartPolicy"] = RESTART_POLICY
    pod.update(_scheduling(spec, defaults, options or _NO_OPTIONS))
    return {"metadata": metadata, "spec": pod}


_NO_OPTIONS = PodOptions()
_NO_SCHEDULING = Scheduling()


def _scheduling(spec: LocustTestSpec, defaults: OperatorDefaults, options: PodOptions) -> dict[str, Any]:
    """The pod's placement and identity fields, in the order Go serializes a PodSpec.

    Node selector, service account, security context, pull secrets, affinity, tolerations,
    priority class, runtime class, topology spread. The spec's affinity and tolerations come
    only when the operator injects them; the role's ``options`` always apply.
    """
    injected = spec.scheduling if spec.scheduling is not None else _NO_SCHEDULING
    fields: dict[str, Any] = {}
    node_selector = {**(injected.node_selector or {}), **(options.node_selector or {})}
    if node_selector:
        fields["nodeSelector"] = dict(sorted(node_selector.items()))
    if options.service_account_name is not None:
        fields["serviceAccountName"] = options.service_account_name
    security = spec.security.pod_security_context if spec.security else None
    fields["securityContext"] = (
        go_json("PodSecurityContext", security) if security is not None else thaw(DEFAULT_POD_SECURITY_CONTEXT)
    )
    if spec.image_pull_secrets:
        fields["imagePullSecrets"] = [go_json("LocalObjectReference", secret) for secret in spec.image_pull_secrets]
    affinity = dict(injected.affinity) if injected.affinity is not None and defaults.inject_affinity else None
    if options.affinity is not None:
        affinity = {**(affinity or {}), **options.affinity}
    if affinity is not None:
        fields["affinity"] = go_json("Affinity", affinity)
    tolerations = list(injected.tolerations or ()) if defaults.inject_tolerations else []
    tolerations += options.tolerations or ()
    if tolerations:
        fields["tolerations"] = [go_json("Toleration", toleration) for toleration in tolerations]
    if options.priority_class_name is not None:
        fields["priorityClassName"] = options.priority_class_name
    runtime_class = _runtime_class_name(spec, defaults)
    if runtime_class:
        fields["runtimeClassName"] = runtime_class
    if options.topology_spread_constraints:
        fields["topologySpreadConstraints"] = [
            go_json("TopologySpreadConstraint", constraint) for constraint in options.topology_spread_constraints
        ]
    return fields


def _runtime_class_name(spec: LocustTestSpec, defaults: OperatorDefaults) -> str:
    """``buildRuntimeClassName``: the CR's when set (``""`` opts out), else the default."""
    requested = spec.scheduling.runtime_class_name if spec.scheduling else None
    return requested if requested is not None else defaults.default_runtime_class_name

"""The v2 ``LocustTest`` spec as frozen attrs classes, field for field.

Each class mirrors one object of the CRD (``locust.io/v2``). Fields are snake_case; their
camelCase CR names are derived (``config_map_ref`` <-> ``configMapRef``). A field left at
``None`` is absent from the CR: the CRD default applies when the manifests are rendered, and
``to_cr()`` leaves it out. Kubernetes core/v1 structures that the operator passes through
verbatim (resources, affinity, tolerations, volumes, env variables, security contexts) are
plain mappings in Kubernetes form.

Every class validates itself on construction and raises :class:`SpecError` naming the CR
field path; CRD schema rules are checked per field, the operator's webhook rules that need
only the spec in :meth:`LocustTestSpec.__attrs_post_init__`.
"""

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, ClassVar, Self

from .. import kube
from .._core import constants
from .._core.durations import whole_seconds
from .._core.errors import SpecError, go_quote, show_value
from .._core.field_errors import invalid, required, type_error
from .._core.hints import unknown_field
from .._core.model import (
    INT32_MAX,
    Check,
    Converted,
    KubeObject,
    OptionalEnum,
    OptionalTuple,
    SpecModel,
    all_of,
    at_most_chars,
    between,
    items_require,
    matches,
    required_field,
    spec_class,
    spec_field,
)
from .._core.named import object_name, object_references
from .._core.names import DNS1123_SUBDOMAIN
from ..kube._quantity import is_quantity
from ..kube._security import LOCUST_IMAGE_UID, restricted_contexts
from ._cr_cache import cached_from_cr
from ._enums import (
    ImagePullPolicy,
    ImagePullPolicyValue,
    MountTarget,
    OtlpProtocol,
    OtlpProtocolValue,
)
from ._enums import (
    MountTargetValue as MountTargetValue,
)
from ._env_classes import EnvConfig, EnvSource, SecretMount, VolumeMount
from ._env_classes import SecretEnvSource as SecretEnvSource  # every spec class is found here too
from ._webhook import check_spec_rules

__all__ = [
    "Autoquit",
    "EnvConfig",
    "EnvSource",
    "ImagePullPolicy",
    "LocustTestSpec",
    "MasterSpec",
    "MountTarget",
    "Observability",
    "OpenTelemetry",
    "OtlpProtocol",
    "Scheduling",
    "SecretMount",
    "Security",
    "TestFiles",
    "VolumeMount",
    "WorkerSpec",
]


_RUNTIME_CLASS = re.compile("|" + DNS1123_SUBDOMAIN.pattern)  # "" is the explicit opt-out


_runtime_class_name = all_of(
    at_most_chars(253), matches(_RUNTIME_CLASS, "must be empty or a lowercase RFC 1123 subdomain")
)


def _resources(path: str, value: Mapping[str, Any]) -> None:
    """``corev1.ResourceRequirements``: requests and limits hold quantities, claims have names."""
    errors: list[SpecError] = []
    for key, item in value.items():
        if key in ("requests", "limits"):
            if not isinstance(item, Mapping):
                errors.append(type_error(f"{path}.{key}", item, "object"))
                continue
            for resource, quantity in item.items():
                if not is_quantity(quantity):
                    errors.append(invalid(f"{path}.{key}.{resource}", quantity, "must be a Kubernetes quantity"))
        elif key == "claims":
            if not isinstance(item, list) or not all(isinstance(claim, Mapping) for claim in item):
                errors.append(invalid(f"{path}.claims", item, "must be an array of objects"))
                continue
            try:
                items_require("name")(f"{path}.claims", item)
            except SpecError as error:
                errors.append(error)
        else:
            errors.append(SpecError(f"{path}.{key}", unknown_field(path, str(key), _RESOURCE_FIELDS)))
    if errors:
        raise SpecError.of(errors)
    kube.check_resources(path, value)


_RESOURCE_FIELDS = ("claims", "limits", "requests")


def _image(path: str, value: str) -> None:
    if not value.strip():
        raise required(path, "the Locust image must not be empty")


@spec_class
class Autoquit(SpecModel):
    """``spec.master.autoquit``: let the master quit by itself once the test is over.

    In Python, ``timeout`` also takes a ``datetime.timedelta`` of whole seconds, stored (and
    written to the CR) as its seconds.

    Attributes:
        enabled: ``True`` adds ``--autoquit <timeout>`` to the master. Required by the CRD,
            which defaults it: left out (or ``None``), it is ``True``.
        timeout: Seconds the master waits after the run before quitting (>= 0). ``None``:
            the CRD default, 60.
    """

    CR_PATH: ClassVar[str] = "spec.master.autoquit"
    enabled: bool = required_field(default=True)
    timeout: Converted[int | timedelta | None, int | None] = spec_field(
        check=between(0, INT32_MAX), schema={"default": constants.DEFAULT_AUTOQUIT_TIMEOUT}, prepare=whole_seconds
    )


@spec_class
class MasterSpec(SpecModel):
    """``spec.master``: the master pod.

    Attributes:
        command: Required. The Locust command seed, split on whitespace into the container's
            ``args``; the operator appends its own flags after it.
        resources: ``corev1.ResourceRequirements``. When it sets requests or limits it is used
            verbatim; otherwise the defaults object's pod resources apply.
        labels: Extra pod-template labels (may override ``app`` and
            ``performance-test-name``; never ``performance-test-pod-name`` or ``managed-by``).
        annotations: Extra pod-template annotations (may override the prometheus ones).
        autostart: ``None``/``True``: ``--autostart``, the test starts when every expected
            worker is connected. ``False``: started from the web UI.
        autoquit: ``None``: ``--autoquit 60``. See :class:`Autoquit`.
        extra_args: Appended verbatim after every flag of the operator's.
    """

    CR_PATH: ClassVar[str] = "spec.master"
    command: str = required_field()
    resources: KubeObject | None = spec_field(check=_resources)
    labels: Mapping[str, str] | None = spec_field(check=kube.check_labels)
    annotations: Mapping[str, str] | None = spec_field(check=kube.check_annotations)
    autostart: bool | None = spec_field(schema={"default": True})
    autoquit: Autoquit | None = spec_field()
    extra_args: OptionalTuple[str] = spec_field()


@spec_class
class WorkerSpec(SpecModel):
    """``spec.worker``: the worker pods.

    Attributes:
        command: Required. The Locust command seed of every worker.
        replicas: Required, 1 to 500. The worker Job's ``parallelism`` and the master's
            ``--expect-workers``.
        resources: As :attr:`MasterSpec.resources`, for each worker.
        labels: As :attr:`MasterSpec.labels`, for the worker pods.
        annotations: Extra worker pod annotations (workers get no prometheus annotations).
        extra_args: Appended verbatim after the operator's worker flags.
    """

    CR_PATH: ClassVar[str] = "spec.worker"
    command: str = required_field()
    replicas: int = required_field(check=between(1, constants.MAX_WORKER_REPLICAS))
    resources: KubeObject | None = spec_field(check=_resources)
    labels: Mapping[str, str] | None = spec_field(check=kube.check_labels)
    annotations: Mapping[str, str] | None = spec_field(check=kube.check_annotations)
    extra_args: OptionalTuple[str] = spec_field()


@spec_class
class TestFiles(SpecModel):
    """``spec.testFiles``: ConfigMaps with the locustfile and its library.

    In Python, either ref may be given as the ConfigMap itself (a cdk8s-plus ``ConfigMap``, or
    anything with a string ``.name``); its name is stored (see :mod:`constructs_locust._core.named`).

    Attributes:
        config_map_ref: ConfigMap mounted at ``src_mount_path`` in every pod. ``None``: no
            test-files volume (the image must carry the locustfile).
        lib_config_map_ref: ConfigMap mounted at ``lib_mount_path`` (volume ``locust-lib``).
        src_mount_path: ``None``: ``/lotest/src``.
        lib_mount_path: ``None``: ``/opt/locust/lib``.
    """

    __test__ = False  # not a pytest test class, despite its name
    CR_PATH: ClassVar[str] = "spec.testFiles"
    config_map_ref: str | None = spec_field(prepare=object_name)
    lib_config_map_ref: str | None = spec_field(prepare=object_name)
    src_mount_path: str | None = spec_field(schema={"default": constants.DEFAULT_SRC_MOUNT_PATH})
    lib_mount_path: str | None = spec_field(schema={"default": constants.DEFAULT_LIB_MOUNT_PATH})

    @property
    def effective_src_mount_path(self) -> str:
        """Where the test files are mounted, CRD default applied."""
        return self.src_mount_path if self.src_mount_path is not None else constants.DEFAULT_SRC_MOUNT_PATH

    @property
    def effective_lib_mount_path(self) -> str:
        """Where the library files are mounted, CRD default applied."""
        return self.lib_mount_path if self.lib_mount_path is not None else constants.DEFAULT_LIB_MOUNT_PATH


@spec_class
class Scheduling(SpecModel):
    """``spec.scheduling``: where the pods may run (same for master and workers).

    Attributes:
        affinity: ``corev1.Affinity``. Applied only when the defaults object's
            ``inject_affinity`` is on (it is, in a default Helm install).
        tolerations: ``[]corev1.Toleration``. Applied only when ``inject_tolerations`` is on.
        node_selector: Always applied.
        runtime_class_name: ``None``: the defaults object's ``default_runtime_class_name``
            (none by default); ``""``: explicitly none; otherwise this RuntimeClass.
    """

    CR_PATH: ClassVar[str] = "spec.scheduling"
    affinity: KubeObject | None = spec_field(check=kube.check_affinity)
    tolerations: OptionalTuple[KubeObject] = spec_field(check=kube.check_tolerations)
    node_selector: Mapping[str, str] | None = spec_field(check=kube.check_node_selector)
    runtime_class_name: str | None = spec_field(check=_runtime_class_name)


@spec_class
class Security(SpecModel):
    """``spec.security``: security contexts of the Locust pods.

    Attributes:
        pod_security_context: ``corev1.PodSecurityContext``, a complete override. ``None``:
            ``{seccompProfile: {type: RuntimeDefault}}``.
        container_security_context: ``corev1.SecurityContext`` of both Locust containers.
            ``None``: none. Never applied to the metrics exporter, which is hardened already.
    """

    CR_PATH: ClassVar[str] = "spec.security"
    pod_security_context: KubeObject | None = spec_field(check=kube.check_pod_security_context)
    container_security_context: KubeObject | None = spec_field(check=kube.check_container_security_context)

    @classmethod
    def restricted(
        cls,
        *,
        run_as_user: int = LOCUST_IMAGE_UID,
        run_as_group: int = LOCUST_IMAGE_UID,
        read_only_root_filesystem: bool = True,
    ) -> "Security":
        """Contexts that meet the Pod Security Standard "restricted" for every container.

        Sets ``runAsNonRoot``, ``runAsUser``/``runAsGroup`` (default 1000, the Locust image's
        user) and ``seccompProfile: RuntimeDefault`` on the pod, which the metrics-exporter
        sidecar inherits (the CR cannot reach its container context), and on both Locust
        containers ``allowPrivilegeEscalation: false``, ``capabilities: {drop: [ALL]}``,
        ``readOnlyRootFilesystem`` (Locust writes files only for ``--csv``/``--html``/
        ``--logfile``: mount an ``emptyDir`` there, or pass ``False``), ``runAsNonRoot`` and
        the seccomp profile. Plain CR fields: ``to_cr()`` carries them. See
        :mod:`constructs_locust.kube._security`.
        """
        pod, container = restricted_contexts(
            run_as_user=run_as_user, run_as_group=run_as_group, read_only_root_filesystem=read_only_root_filesystem
        )
        return cls(pod_security_context=pod, container_security_context=container)


def _protocol_message(value: Any) -> str:
    """The design document's message for a bad protocol (decision in docs/explanation/operator-behaviour.md §11)."""
    shown = value if isinstance(value, str) else show_value(value)
    return f"observability.openTelemetry.protocol must be 'grpc' or 'http/protobuf', got {go_quote(str(shown))}"


@spec_class
class OpenTelemetry(SpecModel):
    """``spec.observability.openTelemetry``: native Locust OpenTelemetry export.

    When enabled, both containers get ``--otel`` right after the command seed and the OTLP
    env vars (after the Kafka ones); the master loses its prometheus metrics-exporter
    sidecar and annotations, and the Service its ``prometheus-metrics`` port. The image must
    carry the OpenTelemetry SDK (``locust[otel]``, e.g. ``locustio/locust-otel``).

    Attributes:
        enabled: ``False``: nothing OTel-related is rendered. Required by the CRD, which
            defaults it: left out (or ``None``), it is ``False``.
        endpoint: The collector (``OTEL_EXPORTER_OTLP_ENDPOINT``); required when enabled.
        protocol: ``None``: ``grpc``. Sets ``OTEL_EXPORTER_OTLP_PROTOCOL``.
        insecure: ``True`` sets ``OTEL_EXPORTER_OTLP_INSECURE=true`` (no TLS). ``None``: false.
        extra_env_vars: More ``OTEL_*`` settings, rendered sorted by name after the core ones.
    """

    CR_PATH: ClassVar[str] = "spec.observability.openTelemetry"
    enabled: bool = required_field(default=False)
    endpoint: str | None = spec_field()
    protocol: OptionalEnum[OtlpProtocol, OtlpProtocolValue] = spec_field(
        invalid=_protocol_message, schema={"default": constants.DEFAULT_OTLP_PROTOCOL}
    )
    insecure: bool | None = spec_field(schema={"default": False})
    extra_env_vars: Mapping[str, str] | None = spec_field(check=kube.check_extra_env_var_names)


@spec_class
class Observability(SpecModel):
    """``spec.observability``.

    Attributes:
        open_telemetry: ``None``: OpenTelemetry off (the prometheus exporter runs).
    """

    CR_PATH: ClassVar[str] = "spec.observability"
    open_telemetry: OpenTelemetry | None = spec_field()


_volumes = all_of(items_require("name"), Check(kube.check_volumes))


@spec_class
class LocustTestSpec(SpecModel):
    """The whole ``spec`` of a v2 ``LocustTest``.

    Build it in Python or from a CR with :meth:`from_cr`; :meth:`to_cr` gives the mapping back.
    In Python, an ``image_pull_secrets`` item may be a Secret object (a cdk8s-plus ``Secret``,
    or anything with a string ``.name``), stored as ``{name: <its name>}``.

    Attributes:
        image: Required. The Locust image of both pods (needs the OTel SDK for OpenTelemetry).
        image_pull_policy: ``None``: ``IfNotPresent``.
        image_pull_secrets: ``[]corev1.LocalObjectReference`` (``{name: ...}``), verbatim.
        master: Required. See :class:`MasterSpec`.
        worker: Required. See :class:`WorkerSpec`.
        test_files: ``None``: no ConfigMap volumes.
        scheduling: ``None``: no affinity, tolerations or node selector.
        env: ``None``: only the operator's own env vars.
        volumes: ``[]corev1.Volume``; each goes to the pods that have a mount of it.
        volume_mounts: See :class:`VolumeMount`.
        security: ``None``: pod ``seccompProfile: RuntimeDefault``, no container context.
        observability: ``None``: OpenTelemetry off.
    """

    CR_PATH: ClassVar[str] = "spec"
    HINT_VERSION: ClassVar[str | None] = "v2"
    image: str = required_field(check=_image)
    image_pull_policy: OptionalEnum[ImagePullPolicy, ImagePullPolicyValue] = spec_field(
        schema={"default": ImagePullPolicy.IF_NOT_PRESENT}
    )
    image_pull_secrets: OptionalTuple[KubeObject] = spec_field(
        check=kube.check_image_pull_secrets, prepare=object_references
    )
    master: MasterSpec = required_field()
    worker: WorkerSpec = required_field()
    test_files: TestFiles | None = spec_field()
    scheduling: Scheduling | None = spec_field()
    env: EnvConfig | None = spec_field()
    volumes: OptionalTuple[KubeObject] = spec_field(check=_volumes)
    volume_mounts: OptionalTuple[VolumeMount] = spec_field()
    security: Security | None = spec_field()
    observability: Observability | None = spec_field()

    def __attrs_post_init__(self) -> None:
        check_spec_rules(self)

    @classmethod
    def from_cr(cls, cr: Any) -> Self:
        """Build from the CR's camelCase ``spec`` mapping (as in YAML); raise ``SpecError`` if invalid.

        As :meth:`SpecModel.from_cr <constructs_locust._core.model.SpecModel.from_cr>`; an input
        equal to one seen before (plain data) gives the same immutable spec without building it
        again (see :mod:`constructs_locust.spec._cr_cache`).
        """
        return cached_from_cr(cls, cr, super().from_cr)

    @property
    def open_telemetry_enabled(self) -> bool:
        """The operator's ``IsOTelEnabled``, true when ``observability.openTelemetry.enabled`` is."""
        otel = self.observability.open_telemetry if self.observability else None
        return otel is not None and otel.enabled

    @property
    def open_telemetry(self) -> OpenTelemetry | None:
        """The OpenTelemetry settings when enabled, else ``None``."""
        if self.observability is None or not self.open_telemetry_enabled:
            return None
        return self.observability.open_telemetry

"""What the Locust pods get from outside: ``spec.env`` (ConfigMaps, Secrets, variables, Secret
files) and ``spec.volumeMounts``, as spec classes (see :mod:`._classes` for the whole spec)."""

from collections.abc import Sequence
from typing import Any, ClassVar

from .. import kube
from .._core.errors import SpecError
from .._core.field_errors import type_error
from .._core.model import (
    Check,
    KubeObject,
    OptionalEnum,
    OptionalTuple,
    SpecModel,
    items_require,
    keys_schema,
    require_keys,
    required_field,
    spec_class,
    spec_field,
)
from .._core.named import name_attribute, object_name
from ._enums import MountTarget, MountTargetValue

__all__ = ["EnvConfig", "EnvSource", "SecretEnvSource", "SecretMount", "VolumeMount"]


@spec_class
class EnvSource(SpecModel):
    """One ``spec.env.configMapRefs[]`` or ``secretRefs[]`` entry: all keys become env vars.

    In Python, ``name`` may be given as the object itself (a cdk8s-plus ``ConfigMap`` or
    ``Secret``, or anything with a string ``.name``); its name is stored.

    Attributes:
        name: Required. The ConfigMap or Secret name.
        prefix: Prepended to every variable name. ``None``: no prefix.
    """

    CR_PATH: ClassVar[str] = "spec.env.configMapRefs[]"
    name: str = required_field(prepare=object_name)
    prefix: str | None = spec_field(check=kube.check_env_from_prefix)


@spec_class
class SecretEnvSource(EnvSource):
    """One ``spec.env.secretRefs[]`` entry (an :class:`EnvSource` for a Secret)."""

    CR_PATH: ClassVar[str] = "spec.env.secretRefs[]"


@spec_class
class SecretMount(SpecModel):
    """One ``spec.env.secretMounts[]`` entry: a Secret mounted as files in every pod.

    In Python, ``name`` may be given as the Secret itself (a cdk8s-plus ``Secret``, or anything
    with a string ``.name``); its name is stored.

    Attributes:
        name: Required. The Secret; the volume is called ``secret-<name>``.
        mount_path: Required. Must not overlap the test-file paths.
        read_only: ``None``: the CRD default, ``True``.
    """

    CR_PATH: ClassVar[str] = "spec.env.secretMounts[]"
    name: str = required_field(check=kube.check_secret_volume_name, prepare=object_name)
    mount_path: str = required_field()
    read_only: bool | None = spec_field(schema={"default": True})


def _check_env_variables(path: str, value: Any) -> None:
    """``[]corev1.EnvVar``: a string ``name``; ``value``, when given, a string too."""
    errors: list[SpecError] = []
    try:
        _require_name(path, value)
    except SpecError as error:
        errors.append(error)
    for index, variable in enumerate(value):
        if variable.get("value") is not None and not isinstance(variable["value"], str):
            errors.append(type_error(f"{path}[{index}].value", variable["value"], "string"))
    if errors:
        raise SpecError.of(errors)
    kube.check_env_variables(path, value)


def _env_sources(cls: type[EnvSource]) -> Any:
    """A ``prepare`` that turns each named object (a cdk8s-plus ConfigMap or Secret) into ``cls(name=...)``."""

    def prepare(path: str, value: Any) -> Any:
        if not isinstance(value, Sequence) or isinstance(value, (str, bytes)):
            return value
        sources = []
        for item in value:
            name = None if isinstance(item, EnvSource) else name_attribute(item)
            sources.append(item if name is None else cls(name=name))
        return sources

    return prepare


_require_name = items_require("name")
_env_variables = Check(_check_env_variables, _require_name.schema)


@spec_class
class EnvConfig(SpecModel):
    """``spec.env``: environment of both Locust containers.

    In Python, a ``config_map_refs`` or ``secret_refs`` item may be the ConfigMap or Secret
    itself (a cdk8s-plus object, or anything with a string ``.name``): it stands for an
    ``EnvSource``/``SecretEnvSource`` with that name and no prefix.

    Attributes:
        config_map_refs: ConfigMaps whose keys all become env vars (``envFrom``), in order.
        secret_refs: Secrets likewise, after the ConfigMaps.
        variables: ``[]corev1.EnvVar``, appended verbatim after the operator's variables.
        secret_mounts: Secrets mounted as files (see :class:`SecretMount`).
    """

    CR_PATH: ClassVar[str] = "spec.env"
    config_map_refs: OptionalTuple[EnvSource] = spec_field(prepare=_env_sources(EnvSource))
    secret_refs: OptionalTuple[SecretEnvSource] = spec_field(prepare=_env_sources(SecretEnvSource))
    variables: OptionalTuple[KubeObject] = spec_field(check=_env_variables)
    secret_mounts: OptionalTuple[SecretMount] = spec_field()


_MOUNT_KEYS = ("name", "mountPath")
"""The ``corev1.VolumeMount`` keys a ``spec.volumeMounts[]`` entry must have."""


@spec_class
class VolumeMount(SpecModel):
    """One ``spec.volumeMounts[]`` entry: a ``corev1.VolumeMount`` plus a ``target``.

    Attributes:
        mount: The ``corev1.VolumeMount`` (``name`` and ``mountPath`` required), verbatim.
        target: Which pods get it. ``None``: the CRD default, ``both``.
    """

    CR_PATH: ClassVar[str] = "spec.volumeMounts[]"
    mount: KubeObject = required_field(inline=True, schema=keys_schema(_MOUNT_KEYS))
    target: OptionalEnum[MountTarget, MountTargetValue] = spec_field(schema={"default": MountTarget.BOTH})

    def __attrs_post_init__(self) -> None:
        require_keys(self.CR_PATH, self.mount, _MOUNT_KEYS)
        kube.check_volume_mount(self.CR_PATH, self.mount)

    @property
    def name(self) -> str:
        """The volume this mount refers to."""
        return str(self.mount["name"])

    @property
    def mount_path(self) -> str:
        """Where the volume is mounted."""
        return str(self.mount["mountPath"])

    def applies_to(self, role: str) -> bool:
        """Tell whether the ``master`` or ``worker`` pod gets this mount."""
        target = self.target or MountTarget.BOTH
        return target is MountTarget.BOTH or target.value == role

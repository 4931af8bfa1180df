"""The LocustTest CR: the attrs model, v1, the CR document reader, the webhook's rules, warnings, the CRD.

The spec classes are re-exported here, as the layer's interface; users import them from
:mod:`constructs_locust`.
"""

from ._classes import (
    Autoquit,
    EnvConfig,
    EnvSource,
    ImagePullPolicy,
    LocustTestSpec,
    MasterSpec,
    MountTarget,
    Observability,
    OpenTelemetry,
    OtlpProtocol,
    Scheduling,
    SecretMount,
    Security,
    TestFiles,
    VolumeMount,
    WorkerSpec,
)

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

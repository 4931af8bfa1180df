"""constructs-locust: the Locust k8s operator's manifests from a typed spec, without the operator.

``LocustTest`` and the other constructs load cdk8s (and its Node runtime) on first use; the
spec classes, the defaults and the pure renderer do not, so the command line starts fast.
"""

from typing import TYPE_CHECKING, Any

from .collector_exporters import DebugExporter, OtlpExporter, PrometheusExporter
from .defaults import KafkaDefaults, OperatorDefaults, ResourceDefaults
from .errors import SpecError
from .manifests import LocustManifests, render_manifests
from .otel import OtelOptions, OtlpEndpoint, SecretKeyRef
from .spec import (
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
    SecretEnvSource,
    SecretMount,
    Security,
    TestFiles,
    VolumeMount,
    WorkerSpec,
)

if TYPE_CHECKING:
    from .collector import OtelCollector
    from .locust_test import LocustMasterJob, LocustMasterService, LocustTest, LocustWorkerJob
    from .locust_test_resource import LocustTestResource

__all__ = [
    "Autoquit",
    "DebugExporter",
    "EnvConfig",
    "EnvSource",
    "ImagePullPolicy",
    "KafkaDefaults",
    "LocustManifests",
    "LocustMasterJob",
    "LocustMasterService",
    "LocustTest",
    "LocustTestResource",
    "LocustTestSpec",
    "LocustWorkerJob",
    "MasterSpec",
    "MountTarget",
    "Observability",
    "OpenTelemetry",
    "OperatorDefaults",
    "OtelCollector",
    "OtelOptions",
    "OtlpEndpoint",
    "OtlpExporter",
    "OtlpProtocol",
    "PrometheusExporter",
    "ResourceDefaults",
    "Scheduling",
    "SecretEnvSource",
    "SecretKeyRef",
    "SecretMount",
    "Security",
    "SpecError",
    "TestFiles",
    "VolumeMount",
    "WorkerSpec",
    "render_manifests",
]

_CONSTRUCTS = {
    "LocustTest": "locust_test",
    "LocustMasterJob": "locust_test",
    "LocustMasterService": "locust_test",
    "LocustWorkerJob": "locust_test",
    "LocustTestResource": "locust_test_resource",
    "OtelCollector": "collector",
}
"""Each construct and the module that defines it (imported, with cdk8s, on first use)."""


def __getattr__(name: str) -> Any:
    """Import the cdk8s constructs only when they are asked for."""
    if name in _CONSTRUCTS:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_CONSTRUCTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""constructs-locust: the Locust k8s operator's manifests from a typed spec, without the operator.

``LocustTest`` and the other constructs load cdk8s (and its Node runtime) on first use; the
spec classes, the defaults and the pure renderer do not, so the command line starts fast.

Importing this package sets ``JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION`` to ``20`` when
it is unset, before any Node runtime starts: on Node 20 (end-of-life for jsii, and the Node
this library is tested on) jsii would otherwise print its end-of-life banner many times a
run. Older Node versions still get the warning; set the variable to an empty string to see
it on Node 20 too. It only takes effect if ``cdk8s`` has not been imported yet.
"""

import os
from typing import TYPE_CHECKING, Any

from .collector_exporters import DebugExporter, OtlpExporter, PrometheusExporter
from .defaults import KafkaDefaults, OperatorDefaults, ResourceDefaults
from .document import LocustTestDocument, read_locust_test
from .errors import SpecError
from .lint import LocustTestWarning, spec_warnings
from .manifests import LocustManifests, render_manifests
from .operator_env import OperatorConfigWarning
from .options import PodOptions, ServiceOptions
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

# None of the imports above starts Node: this still comes before any jsii runtime does.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

__version__ = "0.1.0"
"""The version of constructs-locust (also the package's version in pyproject.toml)."""

if TYPE_CHECKING:
    from .collector import OtelCollector
    from .locust_test import LocustMasterJob, LocustMasterService, LocustTest, LocustWorkerJob
    from .locust_test_files import LocustTestFiles
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
    "LocustTestDocument",
    "LocustTestFiles",
    "LocustTestResource",
    "LocustTestSpec",
    "LocustTestWarning",
    "LocustWorkerJob",
    "MasterSpec",
    "MountTarget",
    "Observability",
    "OpenTelemetry",
    "OperatorConfigWarning",
    "OperatorDefaults",
    "OtelCollector",
    "OtelOptions",
    "OtlpEndpoint",
    "OtlpExporter",
    "OtlpProtocol",
    "PodOptions",
    "PrometheusExporter",
    "ResourceDefaults",
    "Scheduling",
    "SecretEnvSource",
    "SecretKeyRef",
    "SecretMount",
    "Security",
    "ServiceOptions",
    "SpecError",
    "TestFiles",
    "VolumeMount",
    "WorkerSpec",
    "__version__",
    "read_locust_test",
    "render_manifests",
    "spec_warnings",
]

_CONSTRUCTS = {
    "LocustTest": "locust_test",
    "LocustMasterJob": "locust_test",
    "LocustMasterService": "locust_test",
    "LocustWorkerJob": "locust_test",
    "LocustTestResource": "locust_test_resource",
    "LocustTestFiles": "locust_test_files",
    "OtelCollector": "collector",
}
"""Each construct and the module that defines it (imported, with cdk8s, on first use)."""


def __getattr__(name: str) -> Any:
    """Import the cdk8s constructs only when they are asked for."""
    if name in _CONSTRUCTS:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_CONSTRUCTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

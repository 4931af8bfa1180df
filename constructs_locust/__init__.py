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
import typing

from ._core import moved as _moved

if typing.TYPE_CHECKING:
    from ._core.errors import ForkedProcessesWarning, GitOpsWarning, SpecError, UnboundedRunWarning
    from .manifests import LocustManifests, render_manifests
    from .manifests._network_fence import NetworkFence
    from .manifests._options import PodOptions, ServiceOptions
    from .manifests._remote_workers import ExternalMaster, RemoteWorkers
    from .manifests._reports import ObjectStorage, Reports
    from .manifests._schedule import Schedule
    from .manifests._thresholds import RequestThresholds, Thresholds
    from .operator import KafkaDefaults, OperatorConfigWarning, OperatorDefaults, ResourceDefaults
    from .otel._exporters import DebugExporter, OtlpExporter, PrometheusExporter
    from .otel._options import OtelOptions, OtlpEndpoint, SecretKeyRef
    from .otel._remote_write import PrometheusRemoteWriteExporter
    from .spec._classes import (
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
    from .spec._document import LocustTestDocument, read_locust_test
    from .spec._lint import LocustTestWarning, spec_warnings

_LAZY: dict[str, tuple[str, ...]] = {
    "_core.errors": (
        "ForkedProcessesWarning",
        "GitOpsWarning",
        "SpecError",
        "UnboundedRunWarning",
    ),
    "manifests": (
        "LocustManifests",
        "render_manifests",
    ),
    "manifests._network_fence": ("NetworkFence",),
    "manifests._options": (
        "PodOptions",
        "ServiceOptions",
    ),
    "manifests._remote_workers": (
        "ExternalMaster",
        "RemoteWorkers",
    ),
    "manifests._reports": (
        "ObjectStorage",
        "Reports",
    ),
    "manifests._schedule": ("Schedule",),
    "manifests._thresholds": (
        "RequestThresholds",
        "Thresholds",
    ),
    "operator": (
        "KafkaDefaults",
        "OperatorConfigWarning",
        "OperatorDefaults",
        "ResourceDefaults",
    ),
    "otel._exporters": (
        "DebugExporter",
        "OtlpExporter",
        "PrometheusExporter",
    ),
    "otel._options": (
        "OtelOptions",
        "OtlpEndpoint",
        "SecretKeyRef",
    ),
    "otel._remote_write": ("PrometheusRemoteWriteExporter",),
    "spec._classes": (
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
        "SecretEnvSource",
        "SecretMount",
        "Security",
        "TestFiles",
        "VolumeMount",
        "WorkerSpec",
    ),
    "spec._document": (
        "LocustTestDocument",
        "read_locust_test",
    ),
    "spec._lint": (
        "LocustTestWarning",
        "spec_warnings",
    ),
}
"""The module of each public name that is not a construct, imported on first use.

So that ``python -m constructs_locust --help`` (which imports this package first) loads none
of the spec, the builders or attrs; a name, once looked up, is a plain attribute of the package.
"""

_moved.install()  # old module paths still import, with a DeprecationWarning

# Nothing above starts Node: this still comes before any jsii runtime does.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

__version__ = "0.1.0"
"""The version of constructs-locust (also the package's version in pyproject.toml)."""

if typing.TYPE_CHECKING:
    from .constructs._collector import OtelCollector
    from .constructs._dashboard import LocustDashboard
    from .constructs._locust_test import (
        LocustMasterJob,
        LocustMasterService,
        LocustNetworkPolicy,
        LocustRemoteMasterService,
        LocustTest,
        LocustThresholdsConfigMap,
        LocustWorkerJob,
    )
    from .constructs._locust_test_files import LocustTestFiles
    from .constructs._locust_test_resource import LocustTestResource
    from .constructs._namespace import LocustNamespace
    from .constructs._worker_group import LocustWorkerGroup, LocustWorkerGroupJob
    from .manifests._dashboard import locust_dashboard, locust_dashboard_json

__all__ = [
    "Autoquit",
    "DebugExporter",
    "EnvConfig",
    "EnvSource",
    "ExternalMaster",
    "ForkedProcessesWarning",
    "GitOpsWarning",
    "ImagePullPolicy",
    "KafkaDefaults",
    "LocustDashboard",
    "LocustManifests",
    "LocustMasterJob",
    "LocustMasterService",
    "LocustNamespace",
    "LocustNetworkPolicy",
    "LocustRemoteMasterService",
    "LocustTest",
    "LocustTestDocument",
    "LocustTestFiles",
    "LocustTestResource",
    "LocustTestSpec",
    "LocustTestWarning",
    "LocustThresholdsConfigMap",
    "LocustWorkerGroup",
    "LocustWorkerGroupJob",
    "LocustWorkerJob",
    "MasterSpec",
    "MountTarget",
    "NetworkFence",
    "ObjectStorage",
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
    "PrometheusRemoteWriteExporter",
    "RemoteWorkers",
    "Reports",
    "RequestThresholds",
    "ResourceDefaults",
    "Schedule",
    "Scheduling",
    "SecretEnvSource",
    "SecretKeyRef",
    "SecretMount",
    "Security",
    "ServiceOptions",
    "SpecError",
    "TestFiles",
    "Thresholds",
    "UnboundedRunWarning",
    "VolumeMount",
    "WorkerSpec",
    "__version__",
    "locust_dashboard",
    "locust_dashboard_json",
    "read_locust_test",
    "render_manifests",
    "spec_warnings",
]

_CONSTRUCTS = {
    "LocustTest": "constructs._locust_test",
    "LocustMasterJob": "constructs._locust_test",
    "LocustMasterService": "constructs._locust_test",
    "LocustWorkerJob": "constructs._locust_test",
    "LocustNetworkPolicy": "constructs._locust_test",
    "LocustRemoteMasterService": "constructs._locust_test",
    "LocustWorkerGroup": "constructs._worker_group",
    "LocustWorkerGroupJob": "constructs._worker_group",
    "LocustThresholdsConfigMap": "constructs._locust_test",
    "LocustTestResource": "constructs._locust_test_resource",
    "LocustTestFiles": "constructs._locust_test_files",
    "OtelCollector": "constructs._collector",
    "LocustDashboard": "constructs._dashboard",
    "locust_dashboard": "manifests._dashboard",
    "locust_dashboard_json": "manifests._dashboard",
    "LocustNamespace": "constructs._namespace",
}
"""Each construct and the module that defines it (imported, with cdk8s, on first use)."""


_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> typing.Any:
    """Import a public name's module when the name is first asked for (the cdk8s constructs, with cdk8s)."""
    import importlib

    if name in _CONSTRUCTS:
        return getattr(importlib.import_module(f"{__name__}.{_CONSTRUCTS[name]}"), name)
    if name in _MODULE_OF:
        value = getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
        globals()[name] = value  # every later look-up is a plain attribute
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The package's attributes and every public name, imported or not."""
    return sorted({*globals(), *__all__})

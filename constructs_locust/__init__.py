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
    from ._core.errors import SpecError
    from .manifests import LocustManifests, render_manifests
    from .manifests._options import PodOptions, ServiceOptions
    from .operator import KafkaDefaults, OperatorConfigWarning, OperatorDefaults, ResourceDefaults
    from .otel._exporters import DebugExporter, OtlpExporter, PrometheusExporter
    from .otel._options import OtelOptions, OtlpEndpoint, SecretKeyRef
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
    "_core.errors": ("SpecError",),
    "manifests": ("LocustManifests", "render_manifests"),
    "manifests._options": ("PodOptions", "ServiceOptions"),
    "operator": ("KafkaDefaults", "OperatorConfigWarning", "OperatorDefaults", "ResourceDefaults"),
    "otel._exporters": ("DebugExporter", "OtlpExporter", "PrometheusExporter"),
    "otel._options": ("OtelOptions", "OtlpEndpoint", "SecretKeyRef"),
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
    "spec._document": ("LocustTestDocument", "read_locust_test"),
    "spec._lint": ("LocustTestWarning", "spec_warnings"),
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
    from .constructs._locust_test import LocustMasterJob, LocustMasterService, LocustTest, LocustWorkerJob
    from .constructs._locust_test_files import LocustTestFiles
    from .constructs._locust_test_resource import LocustTestResource

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
    "LocustTest": "constructs._locust_test",
    "LocustMasterJob": "constructs._locust_test",
    "LocustMasterService": "constructs._locust_test",
    "LocustWorkerJob": "constructs._locust_test",
    "LocustTestResource": "constructs._locust_test_resource",
    "LocustTestFiles": "constructs._locust_test_files",
    "OtelCollector": "constructs._collector",
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

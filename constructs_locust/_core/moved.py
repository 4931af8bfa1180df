"""Module paths of earlier releases, kept importable for one release with a ``DeprecationWarning``.

The package's modules moved into layer packages (``spec/``, ``kube/``, ``operator/``, ``otel/``,
``manifests/``, ``constructs/``, ``cli/``). Importing an old path, say
``constructs_locust.defaults``, warns and gives the module that now holds its code, so every
name reached through the old path is the very object of the new one. Nothing is imported
until an old path is asked for: the finder sits at the end of :data:`sys.meta_path` and only
answers names of this table. Import public names from :mod:`constructs_locust` instead.
"""

import importlib
import importlib.machinery
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

__all__ = ["MOVED", "install"]

PACKAGE = "constructs_locust"

MOVED: dict[str, str | tuple[str, ...]] = {
    "_display": "_core.display",
    "_frozen": "_core.frozen",
    "_model": "_core.model",
    "_signature": "constructs._signature",
    "_stdio": "cli._stdio",
    "_tree": "constructs._tree",
    "_yaml_snapshot": "testing._yaml_snapshot",
    "atomic_output": "cli._atomic_output",
    "cli_inputs": "cli._inputs",
    "collector": "constructs._collector",
    "collector_config": "otel._collector_config",
    "collector_exporters": "otel._exporters",
    "constants": "_core.constants",
    "crd": ("spec._crd", "cli._crd"),
    "defaults": ("operator._defaults", "operator._operator_defaults"),
    "document": "spec._document",
    "errors": "_core.errors",
    "helm_values": ("operator._helm_values", "operator._operator_defaults"),
    "hints": "_core.hints",
    "json_value": "_core.json_value",
    "kube.go_json": "kube._go_json",
    "kube.rules": "kube._rules",
    "kube.structures": "kube._structures",
    "lint": "spec._lint",
    "local_files": "manifests._local_files",
    "locust_test": "constructs._locust_test",
    "locust_test_files": "constructs._locust_test_files",
    "locust_test_resource": "constructs._locust_test_resource",
    "manifests.command": ("manifests._command", "spec._flags"),
    "manifests.env": "manifests._env",
    "manifests.job": "manifests._job",
    "manifests.labels": "manifests._labels",
    "manifests.pod": "manifests._pod",
    "manifests.render": "manifests._render",
    "manifests.resources": "manifests._resources",
    "manifests.service": "manifests._service",
    "manifests.volumes": "manifests._volumes",
    "named": "_core.named",
    "names": "_core.names",
    "operator_env": ("operator._env", "operator._operator_defaults"),
    "options": "manifests._options",
    "quantity": "kube._quantity",
    "runs": "manifests._runs",
    "security": "kube._security",
    "v1": "spec._v1",
    "validation": "spec._webhook",
    "yaml_input": "cli._yaml_input",
}
"""Each old module path (under ``constructs_locust.``) and the module(s) that hold its code now."""

REMOVAL = "the next release"
"""When the old paths stop working."""


class _MovedModuleFinder:
    """Answers an old module path with the moved module, after a ``DeprecationWarning``.

    A meta path finder and loader by its methods alone: ``importlib.abc`` (which imports
    ``importlib.resources`` and more) would cost every start of the command line.
    """

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        """A spec for ``fullname`` if it is an old path of this package, else ``None``."""
        old = fullname.removeprefix(PACKAGE + ".")
        if old == fullname or old not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, cast("Loader", self))

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        """The module now at the new path (imported if need be), after the warning.

        An old module whose code now lives in several modules is a new module object holding
        each of their public names (the same objects).
        """
        moved = MOVED[spec.name.removeprefix(PACKAGE + ".")]
        targets = [f"{PACKAGE}.{name}" for name in ((moved,) if isinstance(moved, str) else moved)]
        warnings.warn(
            f"{spec.name} is deprecated and will be removed in {REMOVAL}: import public names from "
            f"{PACKAGE} (this module is now {' and '.join(targets)}, which {'is' if len(targets) == 1 else 'are'} "
            "internal)",
            DeprecationWarning,
            stacklevel=2,  # the importing code: warnings skips importlib's own frames
        )
        modules = [importlib.import_module(target) for target in targets]
        if len(modules) == 1:
            return modules[0]
        merged = ModuleType(spec.name, modules[0].__doc__)
        for module in reversed(modules):  # the first module's names win
            merged.__dict__.update({key: value for key, value in vars(module).items() if not key.startswith("_")})
        return merged

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module was imported under its new path."""


_FINDER = _MovedModuleFinder()


def install() -> None:
    """Put the finder at the end of :data:`sys.meta_path` (once)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.append(_FINDER)

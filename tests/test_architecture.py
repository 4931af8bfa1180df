"""The package's shape holds: layers as folders, imports pointing down, no cycles, old paths kept.

The layers and their order are declared once, as import-linter contracts in pyproject.toml
(``[tool.importlinter]``); ``.ci/run`` runs ``lint-imports`` and these tests run the same
contracts, show that they catch an upward import, and check what import-linter does not:
import cycles, module sizes, private module names and the old import paths.
"""

import importlib
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType

import grimp
import pytest

import constructs_locust
from constructs_locust._core.moved import MOVED
from tests.support import ROOT

PACKAGE = ROOT / "constructs_locust"
LAYERS = ("cli", "constructs", "manifests", "otel", "operator", "spec", "kube", "_core", "testing")
"""The layer packages (``testing`` beside ``cli`` at the top)."""
PUBLIC_MODULES = ("gitops", "testing")
"""The documented public submodules, besides ``constructs_locust`` itself."""
MAX_LINES = 500
GENERATED = {PACKAGE / "kube" / "_schema.py"}
"""Written by scripts/generate_kube_schema.py, not by hand."""

OLD_PATHS: dict[str, tuple[str, ...]] = {
    "_display": ("MAX_SHOWN", "escape", "go_quote", "show_int", "show_value", "shown_text"),
    "_frozen": ("FrozenDict", "K", "V", "freeze", "thaw"),
    "_model": (
        "Check",
        "Converted",
        "E",
        "INT32_MAX",
        "KubeObject",
        "S",
        "SpecModel",
        "T",
        "V",
        "all_of",
        "at_least",
        "at_most_chars",
        "between",
        "camel",
        "check_all",
        "coerce",
        "convert",
        "crd_default",
        "each",
        "evolve",
        "field_path",
        "input_type",
        "items_require",
        "keys_schema",
        "matches",
        "nested_fields",
        "plain_json",
        "require_keys",
        "required_field",
        "spec_class",
        "spec_field",
        "stored_type",
        "strip_optional",
        "structure",
        "unstructure",
    ),
    "_signature": ("C", "python_signature"),
    "_stdio": ("STDOUT_LABEL", "StdoutArgumentParser", "print_or_exit", "silence_stdout", "write_stdout"),
    "_tree": ("NameClaim", "ObjectKey", "claim_names", "unique_child_id"),
    "_yaml_snapshot": ("YamlSnapshotExtension", "to_yaml"),
    "atomic_output": (
        "STAGING_PREFIX",
        "STAGING_SUFFIX",
        "Interrupted",
        "OutputError",
        "as_typed",
        "recover",
        "write_files",
    ),
    "cli_inputs": (
        "NO_YAML_FILE",
        "YAML_SUFFIXES",
        "InputPath",
        "document_texts",
        "expand_inputs",
        "operator_defaults_from_file",
    ),
    "collector": ("DEFAULT_COLLECTOR_IMAGE", "OtelCollector"),
    "collector_config": (
        "CONFIG_FILE",
        "GRPC_PORT",
        "HEALTH_PORT",
        "HTTP_PORT",
        "CollectorPort",
        "check_config",
        "config_checksum",
        "config_text",
        "default_config",
        "service_ports",
    ),
    "collector_exporters": ("SIGNALS", "CollectorExporter", "DebugExporter", "OtlpExporter", "PrometheusExporter"),
    "constants": (
        "API_GROUP",
        "API_VERSION",
        "BACKOFF_LIMIT",
        "DEFAULT_AUTOQUIT_TIMEOUT",
        "DEFAULT_LIB_MOUNT_PATH",
        "DEFAULT_OTLP_PROTOCOL",
        "DEFAULT_SRC_MOUNT_PATH",
        "KAFKA_VARIABLES",
        "KIND",
        "LABEL_APP",
        "LABEL_MANAGED_BY",
        "LABEL_POD_NAME",
        "LABEL_TEST_NAME",
        "LIB_VOLUME_NAME",
        "MASTER",
        "MASTER_BIND_PORT",
        "MASTER_CONTAINER_PORTS",
        "MASTER_PORT",
        "MASTER_REPLICAS",
        "MAX_CR_NAME_LENGTH",
        "MAX_JOB_NAME_LENGTH",
        "MAX_WORKER_REPLICAS",
        "METRICS_EXPORTER_NAME",
        "METRICS_PATH",
        "METRICS_PORT_NAME",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_INSECURE",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        "OTEL_FLAG",
        "OTEL_METRICS_EXPORTER",
        "OTEL_TRACES_EXPORTER",
        "OTLP_EXPORTER",
        "PROTECTED_LABELS",
        "RESTART_POLICY",
        "ROLES",
        "SECRET_VOLUME_PREFIX",
        "SERVICE_PORTS",
        "WEB_UI_PORT",
        "WEB_UI_PORT_NAME",
        "WORKER",
        "WORKER_CONTAINER_PORTS",
        "WORKER_PORT",
    ),
    "crd": ("CRD_NAME", "build_crd", "dump_crd", "main", "model_schema"),
    "defaults": (
        "KafkaDefaults",
        "OperatorDefaults",
        "PULL_POLICIES",
        "ResourceDefaults",
        "check_pull_policy",
        "resource_env_name",
    ),
    "document": ("API_VERSIONS", "LocustTestDocument", "check_test", "read_locust_test"),
    "errors": ("SpecError", "go_quote", "show_value"),
    "helm_values": ("chart_environment", "defaults_from_helm_values"),
    "hints": (
        "LOCUSTIO_API_GROUP",
        "LOCUSTIO_FIELDS",
        "V1_FIELD_HOMES",
        "V2_ONLY_FIELDS",
        "close_name_hint",
        "locustio_hint",
        "unknown_field",
    ),
    "json_value": ("INT64_MAX", "INT64_MIN", "MAX_DEPTH", "MAX_VALUES", "json_copy"),
    "kube.go_json": ("ALWAYS_WRITTEN", "OMITTED_WHEN_ZERO", "go_json"),
    "kube.rules": (
        "TOTAL_ANNOTATION_SIZE_LIMIT",
        "check_affinity",
        "check_annotations",
        "check_env_var_name",
        "check_env_vars",
        "check_label_selector_map",
        "check_labels",
        "check_resource_requirements",
        "check_tolerations",
        "check_volume_names",
        "label_name_problems",
        "label_value_problems",
    ),
    "kube.structures": ("UnknownFieldError", "check_structure"),
    "lint": ("LocustTestWarning", "spec_warnings", "warn"),
    "local_files": (
        "ConfigMapContent",
        "MAX_CONFIG_MAP_BYTES",
        "MAX_KEY_BYTES",
        "check_exclude",
        "collect",
        "config_map_key_problem",
    ),
    "locust_test": ("LocustMasterJob", "LocustMasterService", "LocustTest", "LocustWorkerJob"),
    "locust_test_files": ("HASH_LENGTH", "LocustTestFiles"),
    "locust_test_resource": ("LocustTestResource",),
    "manifests.command": ("OPERATOR_FLAGS", "conflicting_flags", "go_fields", "master_args", "worker_args"),
    "manifests.env": ("container_env", "container_env_from", "env_var", "kafka_env", "otel_env"),
    "manifests.job": ("job", "object_metadata"),
    "manifests.labels": ("pod_annotations", "pod_labels"),
    "manifests.pod": (
        "DEFAULT_POD_SECURITY_CONTEXT",
        "EXPORTER_SECURITY_CONTEXT",
        "locust_container",
        "metrics_exporter_sidecar",
        "pod_template",
    ),
    "manifests.render": ("LocustManifests", "render_manifests"),
    "manifests.resources": ("locust_resources", "resources_from_defaults"),
    "manifests.service": ("master_service",),
    "manifests.volumes": ("container_volume_mounts", "pod_volumes"),
    "named": ("name_attribute", "object_name", "object_references"),
    "names": (
        "DNS1123_LABEL",
        "DNS1123_LABEL_FMT",
        "DNS1123_SUBDOMAIN",
        "DNS1123_SUBDOMAIN_FMT",
        "check_namespace",
        "check_object_name",
        "check_test_name",
        "is_dns1123_subdomain",
        "node_name",
    ),
    "operator_env": ("OPERATOR_VARIABLES", "OperatorConfigWarning", "defaults_from_env", "parse_env_lines"),
    "options": ("PodOptions", "ServiceOptions", "check_pod_options", "check_service_options"),
    "quantity": (
        "MAX_QUANTITY_CHARS",
        "QuantityError",
        "canonical_quantity",
        "compare_quantities",
        "is_quantity",
        "quantity_sign",
    ),
    "runs": (
        "LABEL_RUN",
        "MAX_RERUN_TEST_NAME_LENGTH",
        "RUN_HASH_LENGTH",
        "check_rerun_name",
        "check_rerun_on_change",
        "check_ttl",
        "content_addressed",
        "run_hash",
        "with_job_ttl",
    ),
    "security": ("LOCUST_IMAGE_UID", "restricted_contexts"),
    "v1": ("API_VERSION", "V1Spec", "v1_spec_to_v2", "v1_to_v2"),
    "validation": (
        "check_open_telemetry",
        "check_spec_rules",
        "check_webhook_rules",
        "paths_conflict",
        "reserved_paths",
        "webhook_rules_deferred",
    ),
    "yaml_input": (
        "DEFAULT_MAX_INPUT_BYTES",
        "MAX_ALIAS_NODES",
        "MAX_DEPTH",
        "MAX_INT_CHARS",
        "InputTooLarge",
        "format_size",
        "load_documents",
        "parse_size",
        "read_input",
        "read_stream",
    ),
}
"""Every module path of the release before the move, with the names of its ``__all__`` (or, without
one, its public functions, classes and constants): each must still import, with a warning."""

REMOVED = {"manifests.command": ("LOGGER", "warn_about_flag_conflicts")}
"""Names that are gone on purpose: the operator-flag conflict is a LocustTestWarning now, not a log line."""

SAME_PATH: dict[str, tuple[str, ...]] = {
    "cli": (
        "InputOptions",
        "OtherDocument",
        "Problem",
        "RenderedTest",
        "build_parser",
        "dump_tests",
        "load_tests",
        "main",
        "read_inputs",
    ),
    "spec": (
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
    ),
    "otel": ("OtelOptions", "OtlpEndpoint", "SecretKeyRef", "escape_resource_attributes"),
}
"""Old modules whose path is now a layer package: the package keeps their names, without a warning."""


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the project's contracts, run on the package found from ``cwd``."""
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_every_import_points_down_the_layers() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_the_layers_contract_catches_an_upward_import(tmp_path: Path) -> None:
    """A copy of the package with one import from the bottom layer up to the command line fails the contract."""
    shutil.copytree(PACKAGE, tmp_path / "constructs_locust", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    errors = tmp_path / "constructs_locust" / "_core" / "errors.py"
    errors.write_text(errors.read_text() + "\nfrom ..cli import _main  # noqa: E402 (an upward import, on purpose)\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Every import points down the layers BROKEN" in result.stdout
    assert "constructs_locust._core.errors -> constructs_locust.cli._main" in result.stdout


def test_the_cli_contract_catches_an_import_of_cdk8s(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "constructs_locust", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    stdio = tmp_path / "constructs_locust" / "cli" / "_stdio.py"
    stdio.write_text(stdio.read_text() + "\nimport cdk8s  # noqa: E402,F401 (starts Node, on purpose)\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "The command line never imports cdk8s (nor anything that starts Node) BROKEN" in result.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles() -> None:
    """No module reaches itself through imports, imports inside functions included.

    Imports under ``if TYPE_CHECKING:`` are left out: they name types for the type checker and
    never run.
    """
    graph = grimp.build_graph("constructs_locust", exclude_type_checking_imports=True, cache_dir=None)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from . import b\n")
    (package / "b.py").write_text("from . import a\n")
    sys.path.insert(0, str(tmp_path))
    try:
        graph = grimp.build_graph("cyclic", cache_dir=None)
    finally:
        sys.path.remove(str(tmp_path))
    assert _cycles(graph) == [["cyclic", "cyclic.a", "cyclic.b"]] or ["cyclic.a", "cyclic.b"] in _cycles(graph)


def test_the_tree_shows_the_layers_and_internal_modules_are_private() -> None:
    top = {path.name for path in PACKAGE.iterdir() if path.name != "__pycache__"}
    assert top == {"__init__.py", "__main__.py", "py.typed", "gitops.py", *LAYERS}
    for layer in LAYERS:
        modules = {path.name for path in (PACKAGE / layer).glob("*.py")} - {"__init__.py"}
        if layer != "_core":
            assert all(name.startswith("_") for name in modules), (layer, sorted(modules))


def test_no_hand_written_module_is_over_the_size_limit() -> None:
    """Every module but the generated schema has at most ``MAX_LINES`` lines: a bigger one has a seam to split along."""
    sizes = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text().splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in GENERATED
    }
    assert sizes  # the walk found the package
    assert {name: lines for name, lines in sizes.items() if lines > MAX_LINES} == {}


def test_all_is_the_public_api() -> None:
    """Every public name of ``constructs_locust`` is in ``__all__``, and every name in it resolves."""
    public = {
        name
        for name, value in vars(constructs_locust).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    assert public <= set(constructs_locust.__all__)
    assert all(getattr(constructs_locust, name) is not None for name in constructs_locust.__all__)
    assert sorted(constructs_locust.__all__) == constructs_locust.__all__


@pytest.mark.parametrize("old", sorted(OLD_PATHS))
def test_an_old_module_path_imports_with_a_deprecation_warning(old: str, monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"constructs_locust.{old}"
    monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.warns(DeprecationWarning, match=f"^{name} is deprecated"):
        module = importlib.import_module(name)
    moved = MOVED[old]
    targets = [
        importlib.import_module(f"constructs_locust.{target}")
        for target in ((moved,) if isinstance(moved, str) else moved)
    ]
    for attribute in OLD_PATHS[old]:
        new = next(vars(target)[attribute] for target in targets if attribute in vars(target))
        assert getattr(module, attribute) is new, attribute
    assert not set(REMOVED.get(old, ())) & set(dir(module))


def test_every_old_path_is_listed_once() -> None:
    assert set(MOVED) == set(OLD_PATHS)


@pytest.mark.parametrize("old", sorted(SAME_PATH))
def test_an_old_module_that_is_now_a_package_keeps_its_names(old: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        module = importlib.import_module(f"constructs_locust.{old}")
    assert set(SAME_PATH[old]) <= set(dir(module))


def test_new_paths_import_without_a_warning() -> None:
    code = (
        "import warnings; warnings.simplefilter('error');"
        "import constructs_locust, constructs_locust.cli, constructs_locust.gitops, constructs_locust.testing"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)

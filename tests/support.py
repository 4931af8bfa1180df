"""Helpers shared by the tests: one definition of each fact and each helper.

- Paths: ``ROOT``, ``CR_FIXTURES``, ``CRD_FILE``.
- The operator's messages: ``OPERATOR_MESSAGES`` and :func:`operator_message` (from
  ``docs/explanation/operator-behaviour.md`` §9 and §11, as Go format strings).
- Specs and synthesis: :func:`minimal_cr_spec`, :func:`synth_test`.
- The CRD: :func:`sample_crs`, :func:`schema_errors`, :func:`binding`.
- The spec's shape: :func:`spec_field_paths`, :func:`cr_field_paths`.
- The command line's imports: :func:`modules_after`.
"""

import copy
import importlib
import json
import os
import re
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import jsonschema
import pytest
import yaml

from constructs_locust import LocustTestSpec
from constructs_locust._core.model import camel, stored_type
from constructs_locust.spec._crd import PRESERVE, build_crd

ROOT = Path(__file__).resolve().parent.parent
"""The repository's root directory."""
CR_FIXTURES = ROOT / "tests" / "fixtures" / "crs"
"""Sample and every-field ``LocustTest`` CRs."""
CRD_FILE = ROOT / "crds" / "locust.io_locusttests.yaml"
"""The committed, generated CRD."""
LINT_WARNINGS_BESIDE_THE_POINT = pytest.mark.filterwarnings("ignore::constructs_locust.LocustTestWarning")
"""For a test whose input warns on purpose or by the operator's own samples (the OTel sample
turns OpenTelemetry on with ``locustio/locust``, which has no SDK; ``x.py`` is not mounted):
the warnings are beside its point, and ``test_lint`` tests them."""


# ---------------------------------------------------------------------------------------------
# The operator's messages, verbatim, as Go format strings (``%q``: a Go double-quoted string).

OPERATOR_MESSAGES: dict[str, str] = {
    # Webhook (api/v2/locusttest_webhook.go), in the order it checks them.
    "name_too_long": "name %q is too long: generated Job names would exceed 63 characters (max CR name length is 56)",
    "secret_mount_conflict": (
        "secretMount path %q conflicts with reserved path %q; operator uses this path for test files"
    ),
    "volume_reserved_prefix": "volume name %q uses reserved prefix %q",
    "volume_reserved_name": "volume name %q is reserved by the operator",
    "volume_generated_name": "volume name %q conflicts with operator-generated name",
    "volume_mount_conflict": "volumeMount path %q conflicts with reserved path %q",
    "volume_mount_undefined": "volumeMount %q references undefined volume",
    "otel_endpoint_required": "observability.openTelemetry.endpoint is required when OpenTelemetry is enabled",
    # The design document's protocol message, kept by decision (docs/explanation/operator-behaviour.md §11).
    "otel_protocol": "observability.openTelemetry.protocol must be 'grpc' or 'http/protobuf', got %q",
}
"""Every operator message a test checks, keyed by rule; fill in the ``%q`` s with :func:`operator_message`."""


def operator_message(key: str, *values: str) -> str:
    """``OPERATOR_MESSAGES[key]`` with each ``%q`` replaced by the next value, Go-quoted."""
    template = OPERATOR_MESSAGES[key]
    assert template.count("%q") == len(values), f"{key} takes {template.count('%q')} values"
    parts = iter(values)
    return re.sub("%q", lambda _: json.dumps(next(parts), ensure_ascii=False), template)


# ---------------------------------------------------------------------------------------------
# Specs and synthesis.


def minimal_cr_spec(**overrides: Any) -> dict[str, Any]:
    """The smallest valid v2 spec mapping, with top-level keys replaced by ``overrides``."""
    spec: dict[str, Any] = {
        "image": "locustio/locust-otel:2.43.4",
        "master": {"command": "--locustfile /lotest/src/locustfile.py"},
        "worker": {"command": "--locustfile /lotest/src/locustfile.py", "replicas": 2},
        "testFiles": {"configMapRef": "demo-locustfile"},
    }
    spec.update(overrides)
    return spec


def files_spec(files: Any, *, replicas: int = 2, **fields: Any) -> LocustTestSpec:
    """A spec that runs ``locustfile.py`` from the ConfigMaps of ``files`` (a ``LocustTestFiles``)."""
    from constructs_locust import MasterSpec, WorkerSpec

    command = f"--locustfile {files.src_path('locustfile.py')}"
    return LocustTestSpec(
        image="locustio/locust:2.43.4",
        master=MasterSpec(command=command),
        worker=WorkerSpec(command=command, replicas=replicas),
        test_files=files.test_files,
        **fields,
    )


def synth_test(spec: Any, name: str = "demo", namespace: str | None = "load", **kwargs: Any) -> list[dict[str, Any]]:
    """Synthesize one LocustTest in a fresh chart, in-process; return the manifests."""
    import cdk8s

    from constructs_locust import LocustTest

    app = cdk8s.Testing.app()
    chart = cdk8s.Chart(app, "test")
    LocustTest(chart, name, spec=spec, namespace=namespace, **kwargs)
    return list(cdk8s.Testing.synth(chart))


# ---------------------------------------------------------------------------------------------
# The CRD: sample CRs, an API-server-like schema check, the typed binding.


def sample_crs() -> list[tuple[str, dict[str, Any]]]:
    """Every ``locust.io/v2`` LocustTest under ``tests/fixtures/crs`` as ``(id, cr)``."""
    samples = []
    for path in sorted(CR_FIXTURES.glob("*.yaml")):
        for index, cr in enumerate(yaml.safe_load_all(path.read_text())):
            if isinstance(cr, dict) and cr.get("apiVersion") == "locust.io/v2" and cr.get("kind") == "LocustTest":
                samples.append((f"{path.stem}[{index}]", cr))
    return samples


def strict(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema as the API server applies it with strict field validation (``kubectl`` default).

    A structural schema may not say ``additionalProperties: false``; the server prunes unknown
    fields, and reports them as errors under strict validation, except below
    ``x-kubernetes-preserve-unknown-fields``. JSON Schema needs that spelled out. The other
    ``x-kubernetes-*`` keys are annotations, which JSON Schema ignores anyway.
    """
    result = copy.deepcopy(schema)
    nodes = [result]
    while nodes:
        node = nodes.pop()
        if "properties" in node and not node.get(PRESERVE):
            node["additionalProperties"] = False
        nodes.extend(node.get("properties", {}).values())
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                nodes.append(node[key])
    return result


def cr_validator() -> jsonschema.Draft7Validator:
    """A validator of whole LocustTest objects against the generated CRD's v2 schema."""
    (version,) = build_crd()["spec"]["versions"]
    schema = strict(version["schema"]["openAPIV3Schema"])
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def schema_errors(cr: dict[str, Any]) -> list[str]:
    """What the generated CRD refuses in ``cr``, as ``path: message`` lines (empty: accepted).

    As the API server does, the CRD's defaults are applied first (:func:`defaulted`).
    """
    (version,) = build_crd()["spec"]["versions"]
    cr = defaulted(version["schema"]["openAPIV3Schema"], cr)
    return [
        ".".join(str(part) for part in error.absolute_path) + ": " + error.message
        for error in cr_validator().iter_errors(cr)
    ]


def defaulted(schema: dict[str, Any], value: Any) -> Any:
    """``value`` with the schema's defaults applied as the API server applies them.

    Structural-schema defaulting: inside every object that is present, ``null`` values of
    fields that are not ``nullable`` are pruned, then each missing property that has a
    ``default`` gets it; arrays and maps are defaulted item by item. Written from the
    Kubernetes documentation, independently of the models' own defaulting, to cross-check it.
    """
    if isinstance(value, dict) and "properties" in schema:
        properties = schema["properties"]
        result = {}
        for key, item in value.items():
            if item is None and key in properties and not properties[key].get("nullable"):
                continue
            result[key] = defaulted(properties[key], item) if key in properties else item
        for key, sub in properties.items():
            if key not in result and "default" in sub:
                result[key] = copy.deepcopy(sub["default"])
        return result
    if isinstance(value, dict) and isinstance(schema.get("additionalProperties"), dict):
        return {key: defaulted(schema["additionalProperties"], item) for key, item in value.items()}
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [defaulted(schema["items"], item) for item in value]
    return value


def binding() -> ModuleType:
    """The typed binding that ``cdk8s import`` generated into ``imports/`` (``imports.io.locust``)."""
    return importlib.import_module("imports.io.locust")


# ---------------------------------------------------------------------------------------------
# The spec's shape, from the attrs classes: what an every-field fixture has to set.


def _nested_model(hint: Any) -> tuple[type | None, str]:
    """The spec class a field holds (``None`` for a leaf) and ``"[]"`` if it holds a list of them."""
    hint = stored_type(hint)
    if isinstance(hint, type) and attrs.has(hint):
        return hint, ""
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        if isinstance(item, type) and attrs.has(item):
            return item, "[]"
    return None, ""


def spec_field_paths(model: type = LocustTestSpec, prefix: str = "spec") -> set[str]:
    """Every CR path the spec classes define (``spec.master.autoquit.timeout``, ``spec.env.secretRefs[].prefix``).

    An inline field (a Kubernetes structure whose keys sit beside the model's own) is its
    owner's path followed by ``.*``.
    """
    paths: set[str] = set()
    hints = typing.get_type_hints(model)
    for field in attrs.fields(typing.cast(Any, model)):
        if field.metadata["inline"]:
            paths.add(f"{prefix}.*")
            continue
        path = f"{prefix}.{field.metadata.get('cr') or camel(field.name)}"
        paths.add(path)
        nested, suffix = _nested_model(hints[field.name])
        if nested is not None:
            paths |= spec_field_paths(nested, path + suffix)
    return paths


def cr_field_paths(cr_spec: Any, model: type = LocustTestSpec, prefix: str = "spec") -> set[str]:
    """The paths of :func:`spec_field_paths` that the CR ``spec`` mapping sets (lists: any item)."""
    paths: set[str] = set()
    hints = typing.get_type_hints(model)
    fields = attrs.fields(typing.cast(Any, model))
    own = {field.metadata.get("cr") or camel(field.name): field for field in fields if not field.metadata["inline"]}
    if any(field.metadata["inline"] for field in fields) and set(cr_spec) - set(own):
        paths.add(f"{prefix}.*")
    for name, field in own.items():
        if cr_spec.get(name) is None:
            continue
        path = f"{prefix}.{name}"
        paths.add(path)
        nested, suffix = _nested_model(hints[field.name])
        if nested is not None:
            for item in cr_spec[name] if suffix else [cr_spec[name]]:
                paths |= cr_field_paths(item, nested, path + suffix)
    return paths


def bounded_cr_text(text: str) -> str:
    """CR documents (YAML) with ``--run-time 5m`` after each master command (v2 ``master.command``,
    v1 ``masterCommandSeed``): the operator's samples set no run time, so they warn that they never
    end (``UnboundedRunWarning``), which is beside the point of a test about something else."""
    documents = list(yaml.safe_load_all(text))
    for document in documents:
        spec = document["spec"]
        if "masterCommandSeed" in spec:
            spec["masterCommandSeed"] += " --run-time 5m"
        else:
            spec["master"]["command"] += " --run-time 5m"
    return yaml.safe_dump_all(documents, sort_keys=False)


_RECORD_MODULES = """
import atexit, runpy, sys
record = sys.argv.pop(1)
def _record():
    with open(record, "w", encoding="utf-8") as stream:
        stream.write("\\n".join(sorted(sys.modules)))
atexit.register(_record)
sys.argv[0] = "constructs_locust"
runpy.run_module("constructs_locust", run_name="__main__", alter_sys=True)
"""
"""Runs the command line and writes, at exit, every module it imported; imports nothing a test checks (json)."""


def modules_after(arguments: list[str], tmp_path: Path) -> tuple[int, set[str]]:
    """The exit status of ``python -m constructs_locust ARGUMENTS`` (a fresh process) and every module it imported."""
    record = tmp_path / "modules.txt"
    result = subprocess.run(
        [sys.executable, "-c", _RECORD_MODULES, str(record), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))},
    )
    return result.returncode, set(record.read_text(encoding="utf-8").split("\n"))

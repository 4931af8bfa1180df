"""Helpers of the CRD tests: the sample CRs, an API-server-like schema check, the typed binding."""

import copy
import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import yaml

from constructs_locust.crd import PRESERVE, build_crd

ROOT = Path(__file__).resolve().parent.parent
CR_FIXTURES = Path(__file__).parent / "fixtures" / "crs"
CRD_FILE = ROOT / "crds" / "locust.io_locusttests.yaml"


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

"""Generate ``constructs_locust/kube/_schema.py`` from the schemas bundled in kubernetes-validate.

The LocustTest CR passes a few Kubernetes core/v1 structures through verbatim (volumes,
volume mounts, env variables, tolerations, affinity, security contexts, resources, image
pull secrets). This script walks every type reachable from those roots in the strict
OpenAPI schemas of one Kubernetes version and writes, per type, its allowed keys with a
compact description of each key's value and the keys it requires. The library reads that
table at run time, so kubernetes-validate stays a development dependency.

Run it after bumping kubernetes-validate (or KUBERNETES_VERSION) and commit the result:

    python scripts/generate_kube_schema.py

Value descriptions: ``string``, ``integer``, ``int32``, ``int64``, ``boolean``, ``number``,
``quantity``, ``time``, ``any`` (free JSON), ``@Type`` (an object of that type),
``[]X`` (a list of X), ``{}X`` (a map of string to X).
"""

import json
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate

KUBERNETES_VERSION = "1.37.0"
"""The newest Kubernetes that kubernetes-validate 1.37.0 bundles: keys known to any cluster."""

ROOTS = (
    "io.k8s.api.core.v1.Volume",
    "io.k8s.api.core.v1.VolumeMount",
    "io.k8s.api.core.v1.EnvVar",
    "io.k8s.api.core.v1.Toleration",
    "io.k8s.api.core.v1.Affinity",
    "io.k8s.api.core.v1.PodSecurityContext",
    "io.k8s.api.core.v1.SecurityContext",
    "io.k8s.api.core.v1.ResourceRequirements",
    "io.k8s.api.core.v1.LocalObjectReference",
    "io.k8s.api.core.v1.TopologySpreadConstraint",
)

SPECIAL = {
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "quantity",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "time",
    "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "time",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "any",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "int-or-string",
}

OUTPUT = Path(__file__).resolve().parent.parent / "constructs_locust" / "kube" / "_schema.py"


def short(definition: str) -> str:
    """``io.k8s.api.core.v1.Toleration`` -> ``Toleration``."""
    return definition.rsplit(".", 1)[1]


def describe(prop: dict[str, Any], pending: list[str]) -> str:
    """The compact description of one property's value; referenced types go to ``pending``."""
    ref = prop.get("$ref")
    if ref is not None:
        target = ref.rsplit("/", 1)[1]
        if target in SPECIAL:
            return SPECIAL[target]
        pending.append(target)
        return "@" + short(target)
    types = prop.get("type", [])
    kinds = [types] if isinstance(types, str) else [kind for kind in types if kind != "null"]
    kind = kinds[0] if kinds else "any"
    if kind == "array":
        return "[]" + describe(prop.get("items", {}), pending)
    if kind == "object":
        extra = prop.get("additionalProperties")
        return "{}" + describe(extra, pending) if isinstance(extra, dict) else "any"
    if kind == "integer":
        return {"int32": "int32", "int64": "int64"}.get(prop.get("format", ""), "integer")
    return str(kind)


def collect(definitions: dict[str, Any]) -> dict[str, tuple[dict[str, str], tuple[str, ...]]]:
    """Every type reachable from ROOTS: its keys (sorted) with their descriptions, and its required keys."""
    types: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {}
    owners: dict[str, str] = {}
    pending = list(ROOTS)
    while pending:
        name = pending.pop()
        key = short(name)
        if owners.setdefault(key, name) != name:
            raise SystemExit(f"two definitions share the short name {key}: {owners[key]} and {name}")
        if key in types:
            continue
        schema = definitions[name]
        fields = {prop: describe(value, pending) for prop, value in sorted(schema.get("properties", {}).items())}
        types[key] = (fields, tuple(schema.get("required", ())))
    return dict(sorted(types.items()))


def _tuple(items: tuple[str, ...]) -> str:
    """A tuple of strings as ruff formats it."""
    if len(items) == 1:
        return f"({json.dumps(items[0])},)"
    return "(" + ", ".join(json.dumps(item) for item in items) + ")"


def render(types: dict[str, tuple[dict[str, str], tuple[str, ...]]]) -> str:
    """The generated module's text."""
    lines = [
        f'"""Kubernetes {KUBERNETES_VERSION} core/v1 structures the LocustTest CR passes through (generated).',
        "",
        "Do not edit: ``python scripts/generate_kube_schema.py`` writes this file from the strict",
        "schemas bundled in kubernetes-validate. ``TYPES[name]`` is ``(keys, required)``: each allowed",
        "key with its value's description (see the script), and the keys the type requires.",
        '"""',
        "",
        f'KUBERNETES_VERSION = "{KUBERNETES_VERSION}"',
        "",
        "TYPES: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {",
    ]
    for name, (fields, required) in types.items():
        lines.append(f"    {json.dumps(name)}: (")
        lines.append("        {")
        lines.extend(f"            {json.dumps(prop)}: {json.dumps(kind)}," for prop, kind in fields.items())
        lines.append("        },")
        lines.append(f"        {_tuple(required)},")
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    """Write the module; return the exit status."""
    root = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    schema_file = root / f"v{KUBERNETES_VERSION}-local-strict" / "_definitions.json"
    definitions = json.loads(schema_file.read_text())["$defs"]
    OUTPUT.write_text(render(collect(definitions)))
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

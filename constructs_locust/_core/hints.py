"""What an ``unknown field`` error adds when it can tell what the user meant.

Four kinds of hint, most specific first:

- a field of the other LocustTest version (``masterCommandSeed`` in a v2 CR, ``master`` in a
  v1 CR) names its home in this version, or the ``apiVersion`` that has it;
- a field of the spec put at the wrong level (``spec.replicas``) names where it lives;
- a field of the other Locust operator's CR (locustio/k8s-operator, group ``locust.cloud``:
  ``workers``, ``locustfile``, ...) says the CR was written for that operator;
- any other near miss (``replica``, ``image_pull_policy``) gets ``did you mean "replicas"?``.
"""

from collections.abc import Iterable, Mapping, Sequence

from .display import go_quote

__all__ = [
    "LOCUSTIO_API_GROUP",
    "LOCUSTIO_FIELDS",
    "V1_FIELD_HOMES",
    "V2_ONLY_FIELDS",
    "close_name_hint",
    "locustio_hint",
    "unknown_field",
]

V1_FIELD_HOMES: Mapping[str, str] = {
    "masterCommandSeed": "spec.master.command",
    "workerCommandSeed": "spec.worker.command",
    "workerReplicas": "spec.worker.replicas",
    "configMap": "spec.testFiles.configMapRef",
    "libConfigMap": "spec.testFiles.libConfigMapRef",
    "labels": "spec.master.labels and spec.worker.labels",
    "annotations": "spec.master.annotations and spec.worker.annotations",
    "affinity": "spec.scheduling.affinity",
    "tolerations": "spec.scheduling.tolerations",
}
"""Each ``locust.io/v1`` spec field that v2 does not have, and where v2 keeps it."""

V2_ONLY_FIELDS = frozenset(
    {"master", "worker", "testFiles", "scheduling", "env", "volumes", "volumeMounts", "security", "observability"}
)
"""The ``locust.io/v2`` spec fields that v1 does not have."""

LOCUSTIO_API_GROUP = "locust.cloud"
"""The API group of locustio/k8s-operator's ``LocustTest`` (CRD ``locusttests.locust.cloud``)."""

LOCUSTIO_FIELDS = frozenset(
    {"workers", "workerImage", "host", "args", "extraArgs", "resources", "service", "locustfile", "webPort"}
    | {"masterPorts", "metrics"}
)
"""Spec fields of locustio/k8s-operator's ``LocustTest`` that neither LocustTest version has."""

_MAX_HOMES = 2
"""A field name found in more places deeper in the spec (``name``) is no useful hint."""

_DID_YOU_MEAN_CUTOFF = 0.75
"""How alike (difflib's ratio) an unknown field and a known one must be for a suggestion."""


def locustio_hint(version: str) -> str:
    """The hint for a CR written for locustio/k8s-operator, read as LocustTest ``version``."""
    return f"this CR is written for locustio/k8s-operator, not the LocustTest {version} API"


def unknown_field(
    path: str, key: str, known: Iterable[str], *, version: str | None = None, elsewhere: Sequence[str] = ()
) -> str:
    """The message for the unknown field ``key`` of the object at ``path`` (``""``: the CR itself).

    ``known`` are the object's own fields. ``version`` (``"v1"`` or ``"v2"``) is given for a
    LocustTest's ``spec`` only, where the other version's and the other operator's fields
    get their own hints; ``elsewhere`` are the paths where a field of that name lives deeper
    in the spec (``spec.worker.replicas`` for ``spec.replicas``), named when one or two.
    """
    message = f'unknown field "{path}.{key}"' if path else f'unknown field "{key}"'
    hint = _version_hint(key, version, elsewhere) if version is not None else None
    if hint is None:
        guess = _closest(key, known)
        hint = f'did you mean "{guess}"?' if guess is not None else None
    return f"{message}: {hint}" if hint else message


def _version_hint(key: str, version: str, elsewhere: Sequence[str]) -> str | None:
    if version == "v2" and key in V1_FIELD_HOMES:
        return f"this is a locust.io/v1 field: use {V1_FIELD_HOMES[key]}, or apiVersion locust.io/v1"
    if version == "v1" and key in V2_ONLY_FIELDS:
        return "this is a locust.io/v2 field: use apiVersion locust.io/v2"
    if 0 < len(elsewhere) <= _MAX_HOMES:
        return f"did you mean {' or '.join(elsewhere)}?"
    if key in LOCUSTIO_FIELDS:
        return locustio_hint(version)
    return None


def close_name_hint(name: object, known: Iterable[str]) -> str:
    """`` (did you mean "X"?)`` for the known name most like ``name`` (difflib's default
    cutoff), or ``""``: for the operator's configuration keys and variables."""
    import difflib  # here, not at start-up: only a misspelt name needs it

    close = difflib.get_close_matches(str(name), list(known), n=1)
    return f" (did you mean {go_quote(close[0])}?)" if close else ""


def _closest(key: str, known: Iterable[str]) -> str | None:
    """The known field ``key`` most likely stands for: same letters ignoring case and ``_``/``-``,
    else the most alike by difflib above the cutoff."""
    candidates = sorted(known)
    folded = {_fold(name): name for name in candidates}
    if _fold(key) in folded:
        return folded[_fold(key)]
    import difflib

    matches = difflib.get_close_matches(_fold(key), list(folded), n=1, cutoff=_DID_YOU_MEAN_CUTOFF)
    return folded[matches[0]] if matches else None


def _fold(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()

"""What the kubelet makes of a container's ``env``: the part of a pod the e2e harness plays.

A test harness, not library code. For one pod (its name, namespace, labels and annotations, as
the Job's template and the Job controller give them) it resolves each ``corev1.EnvVar`` in order,
as the kubelet does:

- a literal ``value`` has its ``$(NAME)`` references expanded from the variables defined
  *before* it (``$$`` is a literal ``$``; a reference to an undefined variable stays as written);
- ``valueFrom.fieldRef`` (the downward API) reads ``metadata.name``, ``metadata.namespace``,
  ``metadata.labels['KEY']`` or ``metadata.annotations['KEY']`` (a missing key is ``""``);
- ``valueFrom.secretKeyRef`` reads a Secret given as name -> decoded data.

Anything else fails the test: it could not run here.
"""

import re
from collections.abc import Mapping
from typing import Any

import attrs

_SUBSCRIPT = re.compile(r"metadata\.(labels|annotations)\['([^']*)'\]")


@attrs.frozen
class Pod:
    """The downward API's view of one pod."""

    name: str
    namespace: str
    labels: Mapping[str, str] = attrs.field(factory=dict)
    annotations: Mapping[str, str] = attrs.field(factory=dict)


def expand(text: str, defined: Mapping[str, str]) -> str:
    """``text`` with ``$(NAME)`` replaced from ``defined`` and ``$$`` made ``$`` (Kubernetes' ``expansion.Expand``)."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "$" and index + 1 < len(text):
            following = text[index + 1]
            if following == "$":
                out.append("$")
                index += 2
                continue
            if following == "(":
                end = text.find(")", index + 2)
                if end != -1:
                    name = text[index + 2 : end]
                    out.append(defined[name] if name in defined else text[index : end + 1])
                    index = end + 1
                    continue
        out.append(char)
        index += 1
    return "".join(out)


def field_value(pod: Pod, field_path: str) -> str:
    """The value of a ``fieldRef.fieldPath`` for ``pod``."""
    if field_path == "metadata.name":
        return pod.name
    if field_path == "metadata.namespace":
        return pod.namespace
    match = _SUBSCRIPT.fullmatch(field_path)
    assert match is not None, f"fieldRef {field_path} is not runnable here"
    source = pod.labels if match.group(1) == "labels" else pod.annotations
    return source.get(match.group(2), "")


def container_env(
    entries: list[Mapping[str, Any]], pod: Pod, secrets: Mapping[str, Mapping[str, str]], where: str
) -> dict[str, str]:
    """The environment the container's process sees, from its ``env`` entries in order."""
    env: dict[str, str] = {}
    for entry in entries:
        env[entry["name"]] = _value(entry, pod, secrets, env, where)
    return env


def _value(
    entry: Mapping[str, Any], pod: Pod, secrets: Mapping[str, Mapping[str, str]], defined: dict[str, str], where: str
) -> str:
    if "valueFrom" not in entry:
        return expand(str(entry.get("value", "")), defined)
    source = entry["valueFrom"]
    if set(source) == {"fieldRef"}:
        return field_value(pod, source["fieldRef"]["fieldPath"])
    assert set(source) == {"secretKeyRef"}, f"{where}: env {entry['name']} uses {source}; not runnable here"
    ref = source["secretKeyRef"]
    assert ref["name"] in secrets, f"{where}: env {entry['name']} needs Secret {ref['name']}, not given"
    assert ref["key"] in secrets[ref["name"]], f"{where}: Secret {ref['name']} has no key {ref['key']}"
    return secrets[ref["name"]][ref["key"]]

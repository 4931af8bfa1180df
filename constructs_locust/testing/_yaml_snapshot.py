"""The syrupy extension behind ``constructs_locust.testing.YamlSnapshotExtension``."""

from collections.abc import Mapping, Sequence
from typing import Any

import cdk8s
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
from syrupy.types import PropertyFilter, PropertyMatcher, SerializableData, SerializedData

from ._synth import synth_yaml


class YamlSnapshotExtension(SingleFileSnapshotExtension):
    """One readable YAML file per snapshot, reviewed in a diff like code.

    Accepts a ``cdk8s.Chart`` (stored as :func:`~constructs_locust.testing.synth_yaml` gives
    it: patches applied, cdk8s's key order), a list of manifests or one manifest (written as
    cdk8s writes YAML), or text (stored as it is). Files go where syrupy puts single-file
    snapshots: ``__snapshots__/<test module>/<test name>.yaml`` beside the test module;
    ``pytest --snapshot-update`` writes them.
    """

    file_extension = "yaml"
    _write_mode = WriteMode.TEXT

    def serialize(
        self,
        data: SerializableData,
        *,
        exclude: PropertyFilter | None = None,
        include: PropertyFilter | None = None,
        matcher: PropertyMatcher | None = None,
    ) -> SerializedData:
        """The YAML text stored for ``data``."""
        return to_yaml(data)


def to_yaml(data: Any) -> str:
    """``data`` as snapshot text: a chart synthesized, manifests in cdk8s's YAML, text as it is."""
    if isinstance(data, str):
        return data
    if isinstance(data, cdk8s.Chart):
        return synth_yaml(data)
    if isinstance(data, Mapping):
        return str(cdk8s.Yaml.stringify(dict(data)))
    if isinstance(data, Sequence) and all(isinstance(item, Mapping) for item in data):
        return str(cdk8s.Yaml.stringify(*[dict(item) for item in data])) if data else ""
    raise TypeError(f"a YAML snapshot takes a cdk8s.Chart, manifests or text, not {type(data).__name__}")

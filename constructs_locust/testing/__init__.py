"""Snapshot-test charts that use constructs-locust: what ``cdk8s synth`` writes, as data or YAML.

``synth_manifests(chart)`` and ``synth_yaml(chart)`` give a chart's objects after every
escape-hatch patch (``add_json_patch``), in cdk8s's order and key order, the same on every run:
what ``cdk8s synth`` writes for the chart. ``LocustTest.manifests`` is the data *before* any
patch, so a snapshot of it misses them; take snapshots from here.

``YamlSnapshotExtension`` is a `syrupy <https://github.com/syrupy-project/syrupy>`_ extension
storing one readable YAML file per snapshot; it needs the ``testing`` extra
(``pip install 'constructs-locust[testing]'``)::

    @pytest.fixture
    def snapshot(snapshot):
        return snapshot.use_extension(YamlSnapshotExtension)

    def test_checkout_chart(snapshot):
        assert build_chart() == snapshot  # stored as __snapshots__/test_x/test_checkout_chart.yaml
"""

from typing import TYPE_CHECKING, Any

from ._synth import synth_manifests, synth_yaml

if TYPE_CHECKING:
    from ._yaml_snapshot import YamlSnapshotExtension

__all__ = ["YamlSnapshotExtension", "synth_manifests", "synth_yaml"]


def __getattr__(name: str) -> Any:
    """Import the syrupy extension (and syrupy) only when it is asked for."""
    if name == "YamlSnapshotExtension":
        try:
            from ._yaml_snapshot import YamlSnapshotExtension
        except ModuleNotFoundError as error:
            raise ImportError("YamlSnapshotExtension needs syrupy: pip install 'constructs-locust[testing]'") from error
        return YamlSnapshotExtension
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

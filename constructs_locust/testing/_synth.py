"""What ``cdk8s synth`` writes for a chart, as data or YAML (the functions behind :mod:`constructs_locust.testing`)."""

from typing import Any

import cdk8s
from constructs import Construct

__all__ = ["synth_manifests", "synth_yaml"]


def synth_manifests(chart: Construct) -> list[dict[str, Any]]:
    """The chart's objects as plain data, patches applied, in the order ``cdk8s synth`` writes them."""
    return list(cdk8s.Testing.synth(_as_chart(chart)))


def synth_yaml(chart: Construct) -> str:
    """The chart's objects as the multi-document YAML that ``cdk8s synth`` writes for it."""
    manifests = synth_manifests(chart)
    return str(cdk8s.Yaml.stringify(*manifests)) if manifests else ""


def _as_chart(chart: Construct) -> cdk8s.Chart:
    if not isinstance(chart, cdk8s.Chart):
        raise TypeError(f"expected a cdk8s.Chart, got {type(chart).__name__}: pass the chart the tests are in")
    return chart

"""What ``constructs-locust init`` was asked for, checked: the choices every template reads."""

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the parser imports this module: --help loads neither json nor pathlib
    from ._init_pin import Pin

__all__ = ["CLOUDS", "CLOUD_PRESETS", "GITOPS", "LOCUST_IMAGE", "LOCUST_OTEL_IMAGE", "InitOptions", "default_name"]

CLOUD_PRESETS = {
    "gke": ("gke_spot", "gke_on_demand"),
    "eks": ("eks_spot", "eks_on_demand"),
    "karpenter": ("karpenter_spot", "karpenter_on_demand"),
    "aks": ("aks_spot", "aks_on_demand"),
}
"""``--cloud`` -> the ``PodOptions`` presets of the workers (spot) and the master (on-demand)."""

CLOUDS = tuple(CLOUD_PRESETS)
GITOPS = ("argocd", "flux")

LOCUST_IMAGE = "locustio/locust:2.43.4"
"""The Locust image of a new repository (the version this library is tested with)."""
LOCUST_OTEL_IMAGE = "locustio/locust-otel:2.43.4"
"""With ``--otel``: Locust's image with the OpenTelemetry SDK (the plain one lacks it)."""

_NOT_NAME = re.compile(r"[^a-z0-9]+")


class InitOptions(NamedTuple):
    """The new repository's choices."""

    name: str
    """The LocustTest's name (checked: a test name; at most 47 characters with ``gitops``)."""
    namespace: str
    cloud: str | None
    gitops: str | None
    otel: bool
    repo_url: str
    pin: "Pin"
    tools: tuple[str, ...]
    """Requirement lines of the tools the repository's commands run (pytest, kubernetes-validate)."""
    python: str
    """``MAJOR.MINOR`` of the Python that ran ``init``: the CI workflow's."""


def default_name(directory_name: str) -> str:
    """A test name from the new repository's folder name (``Checkout Tests`` -> ``checkout-tests``)."""
    name = _NOT_NAME.sub("-", directory_name.lower()).strip("-")[:47].strip("-")
    if not name or not name[0].isalpha():
        return "load-test"
    return name

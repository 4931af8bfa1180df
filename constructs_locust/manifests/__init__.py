"""Pure builders: from a spec, a name and the defaults to the operator's manifests as dicts.

Nothing here imports cdk8s, so the command line renders without starting Node.
"""

from ._render import LocustManifests, render_manifests

__all__ = ["LocustManifests", "render_manifests"]

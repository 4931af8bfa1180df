"""One finished manifest as a ``cdk8s.ApiObject``: the helper every construct hands its bodies to.

The object is created with its ``apiVersion``, ``kind`` and ``metadata``; the rest of the body
(``spec``, ``data``, ...) goes in one JSON patch, the fastest way through jsii and the only one
that keeps the builder's field order.
"""

from typing import Any

import cdk8s
from constructs import Construct

_HEADER = frozenset({"apiVersion", "kind", "metadata"})
"""The fields an ``ApiObject`` takes at creation; every other top-level field is patched in."""


class ManifestObject(cdk8s.ApiObject):
    """One rendered manifest as a ``cdk8s.ApiObject``: metadata at creation, body in one patch."""

    def __init__(self, scope: Construct, id: str, *, manifest: dict[str, Any]) -> None:
        super().__init__(
            scope,
            id,
            api_version=manifest["apiVersion"],
            kind=manifest["kind"],
            metadata=manifest["metadata"],
        )
        self.manifest = manifest
        """The manifest as plain data, exactly as it was handed to the ApiObject."""
        body = [
            cdk8s.JsonPatch.add(f"/{_pointer(key)}", value) for key, value in manifest.items() if key not in _HEADER
        ]
        if body:
            self.add_json_patch(*body)

    @property
    def api_object(self) -> cdk8s.ApiObject:
        """The underlying ``cdk8s.ApiObject``: this object itself.

        ``name``, ``metadata``, ``add_json_patch`` and the rest of the ``ApiObject`` API are
        available on it directly too.
        """
        return self


def _pointer(key: str) -> str:
    """``key`` as one JSON Pointer segment (RFC 6901: ``~`` and ``/`` escaped)."""
    return key.replace("~", "~0").replace("/", "~1")

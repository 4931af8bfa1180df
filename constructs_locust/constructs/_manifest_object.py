"""One finished manifest as a ``cdk8s.ApiObject``: the helper every construct hands its bodies to.

The object is created with its ``apiVersion``, ``kind`` and ``metadata``; the rest of the body
(``spec``, ``data``, ...) goes in one JSON patch, the fastest way through jsii and the only one
that keeps the builder's field order.

It sends the Node runtime the very requests that ``cdk8s.ApiObject(...)``,
``cdk8s.JsonPatch.add`` and ``add_json_patch`` send. ``_jsii_wire`` encodes them in one pass
(the body is plain JSON data), which is most of what a test's Python time was; where it cannot
(data that is not plain JSON, say), they go through the jsii runtime's own ``create``,
``sinvoke`` and ``invoke`` (what those generated bindings call), without the bindings'
run-time type checks (typeguard) of the scope, id and patches: this module makes them itself
(a ``Construct`` of this library, a literal id, patches just made). The props still go through
``cdk8s.ApiObjectProps`` (and its checks) there, and the Node runtime checks them on either
path. Anything a user calls on the object is checked as usual.
"""

from typing import Any

import cdk8s
import jsii
from constructs import Construct

from ._jsii_wire import create_api_object, json_pointer

_HEADER = frozenset({"apiVersion", "kind", "metadata"})
"""The fields an ``ApiObject`` takes at creation; every other top-level field is patched in."""


class ManifestObject(cdk8s.ApiObject):
    """One rendered manifest as a ``cdk8s.ApiObject``: metadata at creation, body in one patch."""

    def __init__(self, scope: Construct, id: str, *, manifest: dict[str, Any]) -> None:
        self.manifest = manifest
        """The manifest as plain data, exactly as it was handed to the ApiObject."""
        body = [key for key in manifest if key not in _HEADER]
        if create_api_object(self, scope, id, manifest, body):
            return
        props = cdk8s.ApiObjectProps(
            api_version=manifest["apiVersion"], kind=manifest["kind"], metadata=manifest["metadata"]
        )
        jsii.create(self.__class__, self, [scope, id, props])  # as cdk8s.ApiObject.__init__ does
        patches = [
            jsii.sinvoke(cdk8s.JsonPatch, "add", [f"/{json_pointer(key)}", manifest[key]])  # cdk8s.JsonPatch.add
            for key in body
        ]
        if patches:
            jsii.invoke(self, "addJsonPatch", patches)  # self.add_json_patch(*patches)

    @property
    def api_object(self) -> cdk8s.ApiObject:
        """The underlying ``cdk8s.ApiObject``: this object itself.

        ``name``, ``metadata``, ``add_json_patch`` and the rest of the ``ApiObject`` API are
        available on it directly too.
        """
        return self

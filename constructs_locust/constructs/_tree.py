"""Adding constructs to a cdk8s tree with the library's own errors.

Besides the construct library's own duplicate-id check, :func:`claim_names` refuses a second
object of one kind, namespace and name in one ``cdk8s.App``: cdk8s synthesizes both silently,
and whichever is applied last overwrites the other in the cluster. The scope is the App, not
the chart, because an app's charts are synthesized into one ``dist/`` and applied together;
charts meant for different clusters belong in different Apps.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import cdk8s
from constructs import Construct, IConstruct

from .._core.errors import go_quote
from .._core.field_errors import duplicate, invalid

_DUPLICATE_ID = "There is already a Construct with name"
"""The construct library's message (through jsii, a ``RuntimeError``) for a taken id."""

ObjectKey = tuple[str, str | None, str]
"""An object's kind, namespace (``None``: none set, the one it is applied to) and name."""

_SCOPES: dict[str, tuple[str, str | None]] = {}
"""A scope's jsii reference -> its App's jsii reference and its chart's namespace.

Looked up once per scope: each costs round trips to the Node runtime, and every test of a
chart shares them. (jsii never frees an object, so neither does this map.)"""

_CLAIMED: dict[str, dict[ObjectKey, Construct]] = {}
"""An App's jsii reference -> the objects its constructs of this library render, and by whom."""


@contextmanager
def unique_child_id(id: str) -> Iterator[None]:
    """Turn the construct library's duplicate-id error, raised inside, into a ``SpecError``.

    Catching the library's own check costs nothing when the id is free, where looking the id
    up first would cost a round trip to the Node runtime for every test.
    """
    try:
        yield
    except RuntimeError as error:
        if _DUPLICATE_ID not in str(error):
            raise
        raise invalid("id", id, "the scope already has a child with this id") from None


class NameClaim:
    """Object names checked free in an App by :func:`claim_names`; :meth:`register` takes them."""

    def __init__(self, app: str, keys: tuple[ObjectKey, ...]) -> None:
        self._app = app
        self._keys = keys

    def register(self, owner: Construct) -> None:
        """Record the names as ``owner`` 's, once it is in the tree (a failed build claims nothing)."""
        claimed = _CLAIMED.setdefault(self._app, {})
        for key in self._keys:
            claimed[key] = owner


def claim_names(
    scope: Construct,
    id: str,
    namespace: str | None,
    objects: Iterable[tuple[str, str]],
    *,
    test_name: str,
    path: str = "metadata.name",
    what: str = "test",
) -> NameClaim:
    """Refuse ``objects`` (kind, name) in ``namespace`` if a construct of this library in the App has one.

    ``namespace=None`` is the chart's namespace, if any; with none either, the objects have no
    namespace and take the one they are applied to, so they collide with each other only.
    Raises ``SpecError`` at ``path`` naming ``test_name`` (the name of the claiming ``what``),
    the object, its namespace and the construct path of the one already there (at ``id`` if
    that construct has ``id`` in ``scope``: a duplicate id); call it before adding anything to
    the tree.
    """
    if not isinstance(scope, Construct):  # as jsii's own check would say, before any jsii call
        raise TypeError(f"type of argument scope must be constructs.Construct; got {type(scope).__name__} instead")
    app, chart_namespace = _app_and_namespace(scope)
    effective = namespace if namespace is not None else chart_namespace
    keys = tuple((kind, effective, name) for kind, name in objects)
    claimed = _CLAIMED.get(app, {})
    for key in keys:
        owner = claimed.get(key)
        if owner is not None and not _in_tree(owner):  # removed since (node.try_remove_child): free again
            del claimed[key]
        elif owner is not None:
            if owner.node.scope is not None and owner.node.scope.node.path == scope.node.path and owner.node.id == id:
                with unique_child_id(id):  # the same id in the same scope: the more precise error
                    raise RuntimeError(f"{_DUPLICATE_ID} '{id}'")
            kind, where, name = key
            place = f"in namespace {go_quote(where)}" if where is not None else "without a namespace"
            raise duplicate(
                path,
                test_name,
                f"the {kind} {go_quote(name)} {place} is already in this "
                f"app, from the {type(owner).__name__} at {go_quote(owner.node.path)}; give each {what} its own name "
                "or namespace",
            )
    return NameClaim(app, keys)


def _in_tree(construct: Construct) -> bool:
    """Whether ``construct`` is still its parent's child, and so on up to the root."""
    node: IConstruct = construct
    while (parent := node.node.scope) is not None:
        child = parent.node.try_find_child(node.node.id)
        if child is None or _ref(child) != _ref(node):
            return False
        node = parent
    return True


def _ref(construct: Any) -> str:
    """The jsii reference of a construct: its identity in Node (Python wrappers may differ)."""
    return str(construct.__jsii_ref__.ref)


def _app_and_namespace(scope: Construct) -> tuple[str, str | None]:
    """The jsii reference of ``scope`` 's App and the namespace of its chart (``None``: none)."""
    ref = _ref(scope)
    cached = _SCOPES.get(ref)
    if cached is None:
        root = _ref(scope.node.root)
        try:
            chart_namespace = cdk8s.Chart.of(scope).namespace
        except RuntimeError:  # not in a chart: adding the ApiObjects refuses it
            chart_namespace = None
        cached = _SCOPES[ref] = (root, chart_namespace)
    return cached

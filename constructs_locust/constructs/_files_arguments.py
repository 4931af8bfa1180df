"""``LocustTestFiles``' arguments, checked before anything is added to the tree, and its rollback.

A construct is in its scope from the moment ``Construct.__init__`` returns: an argument found
wrong after that (cdk8s-plus checks ``immutable`` only when the ConfigMap is made) leaves a
half-built child behind, and the retry fails with "already has a child with this id". So
every argument is checked first, each error naming its keyword, and whatever still fails
after the construct is in the tree removes it again (:func:`removed_on_failure`).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from constructs import Construct

from .._core.errors import SpecError
from .._core.field_errors import type_error
from .._core.names import check_namespace
from ..manifests._local_files import check_exclude
from ..spec._classes import TestFiles

_MOUNT_FIELDS = (("spec.testFiles.srcMountPath", "src_mount_path"), ("spec.testFiles.libMountPath", "lib_mount_path"))
"""The CR fields of the mount paths and the keywords they are given as."""


def check_arguments(
    scope: object, id: object, *, exclude: object, namespace: object, immutable: object
) -> tuple[str, ...]:
    """Refuse a wrong ``scope``, ``id``, ``exclude``, ``namespace`` or ``immutable``; return the patterns.

    ``scope`` that is not a construct is a ``TypeError`` as jsii would raise it (a programming
    error, not input); the rest are ``SpecError`` s at their keyword (``namespace`` at
    ``metadata.namespace``, as ``LocustTest`` reports its own).
    """
    if not isinstance(scope, Construct):
        raise TypeError(f"type of argument scope must be constructs.Construct; got {type(scope).__name__} instead")
    if not isinstance(id, str):
        raise type_error("id", id, "string")
    if not isinstance(immutable, bool):
        raise type_error("immutable", immutable, "boolean")
    check_namespace(namespace)
    return check_exclude("exclude", exclude)


def mount_paths(src_mount_path: object, lib_mount_path: object) -> TestFiles:
    """The mount paths, checked as ``spec.testFiles`` checks them, errors at their keywords."""
    try:
        return TestFiles(src_mount_path=src_mount_path, lib_mount_path=lib_mount_path)  # type: ignore[arg-type]
    except SpecError as error:
        for field, keyword in _MOUNT_FIELDS:
            error = error.moved(field, keyword)
        raise error from None


@contextmanager
def removed_on_failure(scope: Construct, id: str) -> Iterator[None]:
    """Remove the child ``id`` from ``scope`` again if the block raises, so a retry finds the id free."""
    try:
        yield
    except BaseException:
        scope.node.try_remove_child(id)
        raise

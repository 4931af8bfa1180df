"""Objects wherever a name goes: a cdk8s-plus ConfigMap, Secret or ServiceAccount, or anything with ``.name``.

A spec field that names a Kubernetes object (``testFiles.configMapRef``, ``env.secretRefs[].name``,
``imagePullSecrets[]`` ...) also accepts the object itself and stores its name, so ``to_cr()``
still writes plain names. Nothing here imports cdk8s: a cdk8s-plus object answers ``.name``
through jsii, which is running already wherever such an object exists.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from .field_errors import invalid

_WHAT = "must be a name or an object with a string .name (e.g. a cdk8s-plus ConfigMap, Secret or ServiceAccount)"


def name_attribute(value: object) -> str | None:
    """``value.name`` when ``value`` is not a string itself and has a string ``.name``; else ``None``."""
    if isinstance(value, (str, bytes, Mapping)) or value is None:
        return None
    name = getattr(value, "name", None)
    return name if isinstance(name, str) else None


def object_name(path: str, value: Any) -> Any:
    """A field's ``prepare``: a string stays; an object with a ``.name`` becomes that name.

    JSON values (numbers, booleans, mappings, lists) stay too: the field's type check refuses
    them as it refuses them in a CR (``must be of type string``).
    """
    if isinstance(value, (str, int, float, Mapping, Sequence)) or value is None:
        return value
    name = name_attribute(value)
    if name is None:
        raise invalid(path, value, _WHAT)
    return name


def object_references(path: str, value: Any) -> Any:
    """A ``[]LocalObjectReference`` field's ``prepare``: each named object becomes ``{name: <its name>}``."""
    if not isinstance(value, Sequence) or isinstance(value, (str, bytes)):
        return value
    references = []
    for item in value:
        name = name_attribute(item)
        references.append({"name": name} if name is not None else item)
    return references

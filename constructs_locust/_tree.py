"""Adding constructs to a cdk8s tree with the library's own errors."""

from collections.abc import Iterator
from contextlib import contextmanager

from .errors import SpecError, show_value

_DUPLICATE_ID = "There is already a Construct with name"
"""The construct library's message (through jsii, a ``RuntimeError``) for a taken id."""


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
        raise SpecError("id", f"Invalid value: {show_value(id)}: the scope already has a child with this id") from None

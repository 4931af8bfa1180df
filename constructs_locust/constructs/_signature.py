"""Signatures for ``help()`` and IDEs where jsii hides them.

jsii's metaclass gives every construct class the signature ``(*args, **kwargs)``, so
``help(LocustTest)`` and ``inspect.signature(LocustTest)`` say nothing of ``spec=`` or
``name=``. :func:`python_signature` restores the one the class's ``__init__`` declares.
"""

import inspect
import typing
from typing import Any, TypeVar

C = TypeVar("C", bound=type)


def python_signature(cls: C) -> C:
    """Give ``cls`` the signature of its ``__init__`` (its own or inherited), ``self`` left out; return ``cls``."""
    init = inspect.signature(next(vars(base)["__init__"] for base in cls.__mro__ if "__init__" in vars(base)))
    parameters = list(init.parameters.values())[1:]
    typing.cast(Any, cls).__signature__ = init.replace(parameters=parameters, return_annotation=inspect.Signature.empty)
    return cls

"""The command line: render or validate LocustTest CR files, without the operator and without Node.

``constructs-locust`` and ``python -m constructs_locust`` run :func:`main`. This layer sits on
top: it reads inputs, reports problems and writes output, and never imports cdk8s.

Every name is imported on first use, so that ``--help`` and a usage error load the parser only
(see :mod:`._launch`).
"""

import typing

if typing.TYPE_CHECKING:
    from ._launch import main
    from ._parser import build_parser
    from ._reading import load_tests, read_inputs
    from ._results import InputOptions, OtherDocument, Problem, RenderedTest
    from ._yaml_output import dump_tests

__all__ = [
    "InputOptions",
    "OtherDocument",
    "Problem",
    "RenderedTest",
    "build_parser",
    "dump_tests",
    "load_tests",
    "main",
    "read_inputs",
]

_MODULE_OF = {
    "main": "_launch",
    "build_parser": "_parser",
    "load_tests": "_reading",
    "read_inputs": "_reading",
    "InputOptions": "_results",
    "OtherDocument": "_results",
    "Problem": "_results",
    "RenderedTest": "_results",
    "dump_tests": "_yaml_output",
}
"""The module of each name of this package."""


def __getattr__(name: str) -> typing.Any:
    """Import a name's module when the name is first asked for."""
    if name in _MODULE_OF:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The package's attributes and every public name, imported or not."""
    return sorted({*globals(), *__all__})

"""The command line: render or validate LocustTest CR files, without the operator and without Node.

``constructs-locust`` and ``python -m constructs_locust`` run :func:`main`. This layer sits on
top: it reads inputs, reports problems and writes output, and never imports cdk8s.
"""

from ._main import main
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

"""The command line: render or validate LocustTest CR files, without the operator and without Node.

``constructs-locust`` and ``python -m constructs_locust`` run :func:`main`. This layer sits on
top: it reads inputs, reports problems and writes output, and never imports cdk8s.
"""

from ._main import (
    InputOptions,
    OtherDocument,
    Problem,
    RenderedTest,
    build_parser,
    dump_tests,
    load_tests,
    main,
    read_inputs,
)

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

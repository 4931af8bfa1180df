"""The command line's entry point: the arguments are parsed before the commands are imported.

``--help``, ``--version``-like exits and usage errors need only the parser; reading,
checking, rendering and writing (the spec classes, the builders, attrs) are imported by
:mod:`._main` once a command is to run. So ``constructs-locust --help`` starts about as fast
as ``python -c "import yaml"`` (``benchmarks/run.py`` prints both).
"""

import sys
from collections.abc import Sequence

from ._parser import build_parser
from ._results import EXIT_USAGE, PROG

__all__ = ["main"]


def main(argv: Sequence[str] | None = None, *, prog: str = PROG) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status.

    ``prog`` is the program name shown in help and usage texts.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(prog)
    try:
        parser.parse_known_args(arguments)
    except SystemExit as exit_:  # help printed, or a usage error reported: nothing more to load
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    from ._main import main as run_command  # the commands and all they use, only when one runs

    return run_command(arguments, prog=prog, parser=parser)

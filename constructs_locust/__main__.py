"""``python -m constructs_locust``: the command line (see :mod:`constructs_locust.cli`)."""

from .cli._launch import main
from .cli._results import PYTHON_M_PROG

if __name__ == "__main__":
    raise SystemExit(main(prog=PYTHON_M_PROG))

"""``python -m constructs_locust``: the command line (see :mod:`constructs_locust.cli`)."""

from .cli._main import PYTHON_M_PROG, main

if __name__ == "__main__":
    raise SystemExit(main(prog=PYTHON_M_PROG))

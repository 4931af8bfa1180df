"""Write one command's text to standard output or, all or nothing, to one FILE (``crd``, ``dashboard``).

Failures are one ``FILE: -: message`` line on standard error and an exit status: 1 when
nothing could be written (the earlier FILE is left as it was), ``128 + signal`` when a signal
stopped the write. A FILE ending in ``/`` is refused: it names a directory, and writing it
would quietly create a file named after that directory.
"""

import contextlib
import os
import sys
from pathlib import Path

from .._core.display import escape
from . import _atomic_output as atomic_output
from ._results import EXIT_INVALID, EXIT_OK
from ._stdio import STDOUT_LABEL, write_stdout

__all__ = ["report_file_problem", "write_output"]


def write_output(output: str | None, text: str) -> int:
    """Print ``text``, or write it to ``output`` atomically (a link there is replaced, its target never written)."""
    if output is None:
        reason = write_stdout(text)
        return EXIT_OK if reason is None else report_file_problem(STDOUT_LABEL, f"cannot write: {reason}", EXIT_INVALID)
    if output.endswith(("/", os.sep)):
        return report_file_problem(
            output, "cannot write: names a directory, not a file (nothing was changed)", EXIT_INVALID
        )
    path = Path(os.path.abspath(output))
    try:
        atomic_output.write_files(path.parent, {path.name: text})
    except atomic_output.OutputError as error:
        where = "" if error.path == str(path) else f"{atomic_output.as_typed(error.path, output)}: "
        outcome = "" if error.changed else " (nothing was changed)"
        return report_file_problem(output, f"cannot write: {where}{error.reason}{outcome}", EXIT_INVALID)
    except atomic_output.Interrupted as error:
        state = f"{output} was written" if error.completed else f"{output} was left as it was"
        return report_file_problem(output, f"{error}: {state}", 128 + error.signum)
    return EXIT_OK


def report_file_problem(file: str, message: str, status: int) -> int:
    """One ``FILE: -: message`` line on standard error (as every command reports a whole file); returns ``status``."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(f"{escape(file)}: -: {escape(message)}", file=sys.stderr)
    return status

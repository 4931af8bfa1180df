"""Standard output that may be closed, full (``/dev/full``) or a closed pipe: a reason, never a traceback."""

import os
import sys

__all__ = ["silence_stdout", "write_stdout"]


def write_stdout(text: str) -> str | None:
    """Write and flush ``text``; return why it failed (stdout is then silenced), or ``None``.

    A broken pipe (``... | head``) is raised as ``BrokenPipeError``: the reader left, which is
    no error of ours to report.
    """
    try:
        if sys.stdout is None:
            raise OSError(9, "standard output is closed")
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as error:
        silence_stdout()
        return error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return None


def silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's final flush cannot fail and complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    finally:
        os.close(devnull)

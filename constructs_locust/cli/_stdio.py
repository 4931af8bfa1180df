"""Standard output that may be closed, full (``/dev/full``) or a closed pipe: a reason, never a traceback."""

import argparse
import errno
import functools
import os
import sys
from typing import TYPE_CHECKING, TextIO, cast

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["STDOUT_LABEL", "StdoutArgumentParser", "help_width", "print_or_exit", "silence_stdout", "write_stdout"]

STDOUT_LABEL = "<stdout>"
"""The FILE part of an error about standard output."""


def write_stdout(text: str) -> str | None:
    """Write and flush ``text``, every byte of it; return why it failed (stdout is then silenced), or ``None``.

    A broken pipe (``... | head -c 100``) is a failure too: the output was cut short. Python's
    buffered writer can take part of a large text and drop the rest when the reader leaves, with
    no error; the bytes are therefore written to the binary buffer in a loop that checks each count.
    """
    try:
        if sys.stdout is None:
            raise OSError(9, "standard output is closed")
        _write_all(sys.stdout, text)
    except (OSError, ValueError) as error:
        silence_stdout()
        return error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return None


def _write_all(stream: TextIO, text: str) -> None:
    """Write ``text`` to ``stream`` and flush it; ``OSError`` if not every byte was taken."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text stream with no bytes underneath (io.StringIO)
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    data = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
    while data:
        written = buffer.write(data)
        if not written:
            raise OSError(errno.EIO, "short write")
        data = data[written:]
    buffer.flush()


def silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's final flush cannot fail and complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    finally:
        os.close(devnull)


class StdoutArgumentParser(argparse.ArgumentParser):
    """An argument parser whose ``--help`` goes through :func:`print_or_exit`.

    argparse writes help text and ignores a failed write, so ``--help > /dev/full`` printed
    nothing and exited 0; here it is one ``<stdout>: -: cannot write: REASON`` line on standard
    error and exit status 1, as every command reports it.
    """

    def _get_formatter(self) -> argparse.HelpFormatter:
        """argparse's own formatter, given the width it would compute itself (see :func:`help_width`)."""
        formatter_class = self.formatter_class
        sized = functools.partial(cast("type[argparse.HelpFormatter]", formatter_class), width=help_width())
        self.formatter_class = sized
        try:
            return super()._get_formatter()
        finally:
            self.formatter_class = formatter_class

    def print_help(self, file: "SupportsWrite[str] | None" = None) -> None:
        """Print the help to ``file``, or to standard output through :func:`print_or_exit`."""
        if file is not None:
            super().print_help(file)
        else:
            print_or_exit(self, self.format_help())


def print_or_exit(parser: argparse.ArgumentParser, text: str) -> None:
    """Write ``text`` to standard output; if that fails, report it and exit 1 (``parser.exit``)."""
    reason = write_stdout(text)
    if reason is not None:
        try:
            sys.stderr.write(f"{STDOUT_LABEL}: -: cannot write: {reason}\n")
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):
            pass  # nowhere left to tell: the exit status still says it
        parser.exit(1)


def help_width() -> int:
    """The width argparse wraps help to: ``shutil.get_terminal_size().columns - 2``, without importing shutil.

    argparse imports :mod:`shutil` (and with it zlib, bz2, lzma and fnmatch) on every parser
    and help text only for this number, a good part of the start-up of ``--help``. Same rule:
    ``COLUMNS`` if a positive integer, else the width of the terminal on standard output when
    it has one, else 80.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        columns = _terminal_columns() or 80
    return columns - 2


def _terminal_columns() -> int:
    """The width of the terminal on the original standard output; 0 if there is none."""
    stdout = sys.__stdout__
    try:
        return os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 0
    except (AttributeError, ValueError, OSError):
        return 0

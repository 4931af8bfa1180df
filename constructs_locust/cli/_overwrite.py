"""Which input files ``render -o DIR`` would replace: writing over the CRs being read is refused."""

import os
from collections.abc import Collection, Iterable
from pathlib import Path

__all__ = ["overwritten_inputs"]


def overwritten_inputs(output_dir: Path, outputs: Collection[str], sources: Iterable[str]) -> list[tuple[str, str]]:
    """The ``sources`` (paths as typed) that writing the files ``outputs`` into ``output_dir`` would replace.

    Returns ``(source, output name)`` pairs in the order of ``sources``, each source once. Two
    paths name the same file when their folders are the same directory (device and inode, so
    ``out``, ``./out/../out`` and a symbolic link to it agree) and their names are equal: a
    symbolic link among the inputs is itself replaced (its target never is), and is reported too.
    """
    try:
        folder = os.stat(output_dir)
    except OSError:
        return []  # no folder yet: nothing in it can be an input
    found: list[tuple[str, str]] = []
    for source in dict.fromkeys(sources):
        name = os.path.basename(source)
        if name not in outputs:
            continue
        try:
            parent = os.stat(os.path.dirname(source) or ".")
        except OSError:
            continue
        if (parent.st_dev, parent.st_ino) == (folder.st_dev, folder.st_ino):
            found.append((source, name))
    return found

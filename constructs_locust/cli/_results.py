"""What the command line reads and reports: problems, rendered tests, other documents, options."""

from typing import TYPE_CHECKING, Any, NamedTuple

from . import _sizes

if TYPE_CHECKING:  # annotations only: the parser imports this module, and --help loads no builder
    from ..manifests import LocustManifests
    from ..operator import OperatorDefaults

__all__ = [
    "EMPTY_FILE",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "KEPT_FILE",
    "NO_DOCUMENT_IN_FOLDER",
    "NO_NAME",
    "OTHER_KINDS",
    "PROG",
    "PYTHON_M_PROG",
    "STDIN",
    "STDIN_LABEL",
    "Entry",
    "InputOptions",
    "OtherDocument",
    "Problem",
    "RenderedTest",
]


PROG = "constructs-locust"
"""The program name of the installed console script."""


PYTHON_M_PROG = "python -m constructs_locust"
"""The program name when run as ``python -m constructs_locust``."""


OTHER_KINDS = ("error", "skip", "keep")
"""What ``--other-kinds`` does with documents that are not LocustTests."""


KEPT_FILE = "_other-kinds.yaml"
"""With ``--other-kinds keep -o DIR``, the file that holds the kept documents (no test can be named so)."""


STDIN = "-"
"""The file argument that stands for standard input."""


STDIN_LABEL = "<stdin>"


NO_NAME = "-"
"""The NAME part of an error that concerns a whole file rather than one test."""


EMPTY_FILE = "no YAML document"
"""The ``kind`` of a folder's file that holds no YAML document (skipped, as kubectl apply -R does)."""


NO_DOCUMENT_IN_FOLDER = "no LocustTest found: the folder's *.yaml and *.yml files hold no YAML document"
"""The problem of a folder input whose YAML files are all empty."""


EXIT_OK = 0


EXIT_INVALID = 1


EXIT_USAGE = 2


class Problem(NamedTuple):
    """One thing wrong with the input, shown as ``FILE: NAME: message``; ``namespace`` if known."""

    source: str
    name: str
    message: str
    namespace: str | None = None

    def __str__(self) -> str:
        """One line: every part escaped (no raw control character) and bounded in length."""
        from .._core.display import shown_text  # here: the parser imports this module, --help shows no problem

        return f"{shown_text(self.source, 1024)}: {shown_text(self.name, 256)}: {shown_text(self.message, 4096)}"


class RenderedTest(NamedTuple):
    """A valid LocustTest from the input and the operator's objects for it."""

    source: str
    name: str
    namespace: str | None
    manifests: "LocustManifests"
    warnings: tuple[str, ...] = ()
    """What :func:`constructs_locust.spec_warnings` says about the test."""


class OtherDocument(NamedTuple):
    """A document that is not a LocustTest, skipped or kept (``--other-kinds skip|keep``)."""

    source: str
    name: str
    kind: str
    """``apiVersion kind``, as shown in reports (:data:`EMPTY_FILE` for a folder's empty file)."""
    document: Any
    kept: bool
    text: str | None = None
    """A kept document's exact source text, ``---`` first, written out as it is (else its data is)."""
    position: int = 0
    """Its position in its file's YAML stream (1 for the first document)."""


class InputOptions(NamedTuple):
    """How the inputs are read: ``-n``, ``--other-kinds`` and the operator's configuration."""

    namespace: str | None = None
    other_kinds: str = "error"
    defaults: "OperatorDefaults | None" = None
    max_input_bytes: int = _sizes.DEFAULT_MAX_INPUT_BYTES


Entry = RenderedTest | OtherDocument | Problem
"""One result of reading the inputs, in input order."""


class _Run(NamedTuple):
    """One command's inputs read: its entries in order, plus the operator configuration's problems."""

    entries: list[Entry]
    config: list[Problem]
    config_warnings: list[Problem]
    prog: str = PROG
    """The program name as run, the FILE of problems that concern the whole run."""

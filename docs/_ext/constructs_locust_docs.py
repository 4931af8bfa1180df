"""Sphinx extension: reference pages generated from the code when the docs are built.

``{cr-fields}`` writes the CR-field table (:mod:`cr_fields`), ``{cli-reference}`` the command
line's help (:mod:`cli_reference`). Both produce Markdown, parsed in place by MyST.
"""

from typing import Any, ClassVar

import cli_reference
import cr_fields
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class _GeneratedMarkdown(SphinxDirective):
    """A directive whose content is Markdown lines made by a generator."""

    has_content = False

    def lines(self) -> list[str]:
        """The Markdown this directive stands for."""
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        """Parse the generated Markdown into the page."""
        container = nodes.container()
        source = self.get_source_info()[0] or "generated"
        self.state.nested_parse(StringList(self.lines(), source=source), self.content_offset, container)
        return list(container.children)


class CrFields(_GeneratedMarkdown):
    """The table of every CR field and its attrs field."""

    def lines(self) -> list[str]:
        """See :func:`cr_fields.markdown`."""
        return cr_fields.markdown()


class CliReference(_GeneratedMarkdown):
    """Every command's help and options."""

    option_spec: ClassVar[dict[str, Any]] = {"heading-level": int}

    def lines(self) -> list[str]:
        """See :func:`cli_reference.markdown`."""
        return cli_reference.markdown(self.options.get("heading-level", 2))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("cr-fields", CrFields)
    app.add_directive("cli-reference", CliReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

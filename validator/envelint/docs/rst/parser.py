"""docutils set up to read Sphinx pages quietly, with tables and code blocks left as markers.

The tables are cut out of the text before docutils sees it (each becomes a one-line
``.. envelint-table:: N`` directive, so every other line keeps its number); the reader parses
them itself. ``code-block`` (a Sphinx directive) is recorded with the position of its content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Directive, Parser, directives, roles, states
from docutils.parsers.rst.states import Inliner
from docutils.statemachine import string2lines
from docutils.utils import new_document

TABLE_DIRECTIVE = "envelint-table"


class table_marker(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Where table number ``index`` of the page stands in the document."""


class code_marker(nodes.General, nodes.Element):  # noqa: N801
    """A ``code-block``: its language and the source offsets of its content lines."""


class AnyOption(dict[str, Callable[[str], Any]]):
    """Accept every option (Sphinx directives have many); keep the values as text."""

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return directives.unchanged


class TableMarker(Directive):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        return [table_marker(index=int(self.arguments[0]))]


class CodeBlockDirective(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = AnyOption()

    def run(self) -> list[nodes.Node]:
        offsets = [offset for _source, offset in self.content.items]
        language = self.arguments[0].strip() if self.arguments else None
        return [code_marker(language=language or None, offsets=offsets)]


class Ignored(Directive):
    """Sphinx directives whose content says nothing about the API (toctree, index, ...)."""

    optional_arguments = 10
    final_argument_whitespace = True
    has_content = True
    option_spec = AnyOption()

    def run(self) -> list[nodes.Node]:
        return []


# What a docutils role function gives: its inline nodes and its messages.
RoleResult = tuple[list[nodes.Node], list[nodes.system_message]]


def ref_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: Mapping[str, Any] | None = None,
    content: Sequence[str] | None = None,
) -> RoleResult:
    """`:ref:` as a plain reference: what matters here is its text and target."""
    return [nodes.reference(rawtext, text)], []


def harmless_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: Mapping[str, Any] | None = None,
    content: Sequence[str] | None = None,
) -> RoleResult:
    return [nodes.literal(rawtext, text)], []


SPHINX_ROLES = {"ref": ref_role, "numref": ref_role, "doc": harmless_role, "term": harmless_role}
SPHINX_DIRECTIVES = {
    TABLE_DIRECTIVE: TableMarker,
    "code-block": CodeBlockDirective,
    "sourcecode": CodeBlockDirective,
    "toctree": Ignored,
    "index": Ignored,
    "only": Ignored,
    "highlight": Ignored,
    "literalinclude": Ignored,
}


class PlainInliner(Inliner):
    """Inline text left as it is written: the reader reads paragraphs and titles from their raw
    source (``plain_inline``, ``find_links``), so docutils' inline parse is wasted work, except
    where inline markup gives a name (an inline target, a named hyperlink with its URI) that
    could take a target's name away: ``names_inline`` tells those pages apart."""

    def init_customizations(self, settings: Any) -> None:
        self._settings = settings  # the patterns are built only if a target's URI needs them

    def adjust_uri(self, uri: str) -> str:
        """As docutils does it (an e-mail address becomes ``mailto:``), for a hyperlink target
        with a URI (``.. _name: uri``), which docutils hands to the inliner: a full inliner,
        made the first time one is needed, answers."""
        full = getattr(self, "_full", None)
        if full is None:
            full = self._full = Inliner()
            full.init_customizations(self._settings)
        adjusted: str = full.adjust_uri(uri)
        return adjusted

    def parse(
        self, text: str, lineno: int, memo: Any, parent: nodes.Element
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [nodes.Text(text)], []


# An inline internal target (_`name`) or a named hyperlink reference (`text <uri>`_).
NAMING_INLINE_MARKUP = re.compile(r"_`|`_(?!_)")


def names_inline(text: str) -> bool:
    """Whether inline markup in ``text`` may give a name, which only docutils' inliner sees."""
    return NAMING_INLINE_MARKUP.search(text) is not None


class ReusingParser(Parser):
    """docutils' reST parser that keeps its state machine from one page to the next. Building
    one (fifteen states, each making its transitions) for every page was a quarter of docutils'
    time on a reference; its states are set up anew by every run (``runtime_init``), as docutils
    reuses its nested state machines. Otherwise ``Parser.parse`` as docutils writes it."""

    _machine: states.RSTStateMachine | None = None

    def parse(self, inputstring: str, document: nodes.document) -> None:
        self.setup_parse(inputstring, document)
        document.settings.setdefault("tab_width", 8)
        document.settings.setdefault("syntax_highlight", "long")
        if self._machine is None:
            self._machine = states.RSTStateMachine(
                state_classes=self.state_classes,
                initial_state=self.initial_state,
                debug=document.reporter.debug_flag,
            )
        self.statemachine = machine = self._machine
        machine.observers = []  # a run that raised left its page's observer behind
        lines = string2lines(
            inputstring, tab_width=document.settings.tab_width, convert_whitespace=True
        )
        limit = document.settings.line_length_limit
        too_long = next((number for number, line in enumerate(lines, 1) if len(line) > limit), None)
        if too_long is None:
            machine.run(lines, document, inliner=self.inliner)
        else:
            document.append(
                document.reporter.error(f"Line {too_long} exceeds the line-length-limit.")
            )
        roles._roles.pop("", None)  # type: ignore[attr-defined]  # the default role, as it was
        self.finish_parse()


class QuietParser:
    """docutils parsers (inline markup parsed or not) and one settings object, reused for every
    page."""

    def __init__(self) -> None:
        for name, role in SPHINX_ROLES.items():
            # types-docutils has a role return reference nodes only; a role returns any nodes.
            roles.register_local_role(name, role)  # type: ignore[arg-type]
        for name, directive in SPHINX_DIRECTIVES.items():
            directives.register_directive(name, directive)
        self.parser = ReusingParser()
        self.plain_parser = ReusingParser(inliner=PlainInliner())
        settings = get_default_settings(Parser)
        settings.report_level = 5
        settings.halt_level = 5
        settings.warning_stream = False
        settings.syntax_highlight = "none"
        settings.file_insertion_enabled = False
        settings.raw_enabled = False
        settings.character_level_inline_markup = False
        self.settings = settings

    def parse(self, text: str, source: str, inline: bool = True) -> nodes.document:
        """``inline=False``: inline text is left unparsed (``PlainInliner``)."""
        document = new_document(source, self.settings)
        (self.parser if inline else self.plain_parser).parse(text, document)
        return document


_PARSER: QuietParser | None = None


def quiet_parser() -> QuietParser:
    global _PARSER
    if _PARSER is None:
        _PARSER = QuietParser()
    return _PARSER

"""Cutting out of the text what the reader reads itself, so that docutils has less to do.

A field list opening the page (``:original_name: x.html``, metadata the reader never reads)
is blanked: docutils reads it with a nested state machine of its own. Tables, ``.. _label:``
targets and ``code-block`` directives are each replaced by a one-word
stand-in paragraph (``envelintstandin7``) plus blank lines, so every other line keeps its
number. docutils parses each explicit markup construct (a target, a directive) with a state
machine of its own, which costs far more than the construct: most of a reference's parse time
went there. A paragraph of one word costs next to nothing, and sits in the document tree exactly
where the construct stood.

Only constructs that docutils would read the same way as a paragraph are replaced: at the start
of the page or after a blank line, followed by a blank line, outside literal text, never after a
line ending in ``::`` (docutils may read what follows as a literal block), and, for a target,
only when no other explicit name in the page could collide with it (docutils drops both names of
a duplicate). Anything else is left to docutils as before: a table then becomes the
``.. envelint-table:: N`` directive (``parser.TableMarker``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envelint.docs.rst.parser import TABLE_DIRECTIVE, names_inline
from envelint.docs.rst.tables import LITERAL_START, TableSource

STANDIN_WORD = "envelintstandin"
STANDIN = re.compile(rf"^{STANDIN_WORD}(?P<index>\d+)$")
SIMPLE_TARGET = re.compile(r"^(?P<indent> *)\.\. _(?P<label>[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9])?):$")
FOOTNOTE = re.compile(r"^\s*\.\.\s+\[")
ANY_TARGET = re.compile(r"^\s*\.\.\s+_(?P<label>[^:]*):")
# A one-line field of the page's opening field list: ":original_name: cce_02_0001.html".
LEADING_FIELD = re.compile(r"^:(?![: ])[^:`]*[^:\s\\]:(?: +\S.*)?$")
CODE_BLOCK = re.compile(r"^(?P<indent> *)\.\. (?:code-block|sourcecode)::(?: +(?P<language>\S+))?$")
# Other ways to give a name explicitly: then labels are left to docutils' own bookkeeping.
OTHER_EXPLICIT_NAMES = (":name:",)  # an option; inline markup: names_inline; footnotes: below
DIRECTIVE = re.compile(r"^ *\.\.\s+(?P<name>[\w:-]+)\s*::")
# Directives whose content docutils parses as ordinary body elements, or drops.
SAFE_CONTAINERS = frozenset(
    {"attention", "caution", "danger", "error", "hint", "important", "note", "tip", "warning"}
    | {"admonition", "only", "toctree", "index"}
)


@dataclass(frozen=True)
class TableStandIn:
    index: int  # in the page's list of TableSource


@dataclass(frozen=True)
class LabelStandIn:
    label: str


@dataclass(frozen=True)
class CodeStandIn:
    language: str | None
    first: int  # 0-based indexes of the content's first and last lines
    last: int


StandIn = TableStandIn | LabelStandIn | CodeStandIn


@dataclass
class MaskedText:
    lines: list[str]  # what docutils reads: as many lines as the page
    standins: list[StandIn]  # by the number in each stand-in paragraph


def mask(lines: list[str], tables: list[TableSource]) -> MaskedText:
    """The page's lines with tables, targets and code blocks replaced (see the module's text)."""
    masker = _Masker(lines, tables)
    masker.blank_leading_fields()
    for index, source in enumerate(tables):
        masker.replace_table(index, source)
    masker.replace_targets_and_code()
    return MaskedText(masker.masked, masker.standins)


class _Masker:
    def __init__(self, lines: list[str], tables: list[TableSource]):
        self.lines = lines
        self.masked = list(lines)
        self.standins: list[StandIn] = []
        self.table_lines = _table_lines(tables)
        never = any(STANDIN_WORD in line or "\t" in line for line in lines)
        self.unsafe = set(range(len(lines))) if never else _unsafe_lines(lines, self.table_lines)
        self.after_double_colon = _after_double_colon(lines)

    def blank_leading_fields(self) -> None:
        """The page's opening field list, one line a field and a blank line after it: its
        field_list node is never read (``reader._Walker.visit``)."""
        first = next((i for i, line in enumerate(self.lines) if line.strip()), None)
        if first is None or first in self.unsafe:
            return
        end = first
        while end < len(self.lines) and LEADING_FIELD.match(self.lines[end]):
            end += 1
        if end > first and (end == len(self.lines) or not self.lines[end].strip()):
            self._blank(first, end)

    def replace_table(self, index: int, source: TableSource) -> None:
        """Each table (with its `.. table::` directive) -> one line plus blank lines."""
        first = source.directive if source.directive is not None else source.start
        indent = " " * _indent(self.lines[first])
        if self._can_stand_in(first):
            self.masked[first] = indent + self._standin(TableStandIn(index))
        else:
            self.masked[first] = f"{indent}.. {TABLE_DIRECTIVE}:: {index}"
        self._blank(first + 1, source.end)

    def replace_targets_and_code(self) -> None:
        single_labels = self._labels_named_once()
        for index, line in enumerate(self.lines):
            if ".. " not in line or index in self.table_lines:
                continue
            target = SIMPLE_TARGET.match(line)
            if target and target.group("label").lower() in single_labels:
                self._replace_target(index, target.group("label"))
            else:
                self._replace_code(index)

    def _labels_named_once(self) -> set[str]:
        text = "\n".join(self.lines)
        if any(other in text for other in OTHER_EXPLICIT_NAMES) or names_inline(text):
            return set()
        counts: dict[str, int] = {}
        for line in self.lines:
            if ".." not in line:
                continue
            if FOOTNOTE.match(line):
                return set()
            target = ANY_TARGET.match(line)
            if target:
                name = " ".join(target.group("label").strip("`").lower().split())
                counts[name] = counts.get(name, 0) + 1
        return {name for name, count in counts.items() if count == 1}

    def _replace_target(self, index: int, label: str) -> None:
        if self._can_stand_in(index) and self._blank_after(index):
            indent = " " * _indent(self.lines[index])
            self.masked[index] = indent + self._standin(LabelStandIn(label))

    def _replace_code(self, index: int) -> None:
        """A `code-block` without options (a blank line right after it) -> a stand-in."""
        match = CODE_BLOCK.match(self.lines[index])
        if not match or not self._can_stand_in(index) or not self._blank_after(index):
            return
        indent = len(match.group("indent"))
        end = _block_end(self.lines, index, indent)
        content = [number for number in range(index + 2, end) if self.lines[number].strip()]
        if not content:
            return
        standin = CodeStandIn(match.group("language"), content[0], content[-1])
        self.masked[index] = " " * indent + self._standin(standin)
        self._blank(index + 1, end)

    def _can_stand_in(self, index: int) -> bool:
        """At the start of the page or after a blank line, in a safe place (``_unsafe_lines``),
        and not where docutils could expect a literal block (after a line ending in ``::``)."""
        if index in self.unsafe or (index > 0 and self.masked[index - 1].strip()):
            return False
        return not self.after_double_colon[index]

    def _blank_after(self, index: int) -> bool:
        return index + 1 >= len(self.lines) or not self.lines[index + 1].strip()

    def _standin(self, standin: StandIn) -> str:
        self.standins.append(standin)
        return f"{STANDIN_WORD}{len(self.standins) - 1}"

    def _blank(self, start: int, end: int) -> None:
        for number in range(start, end):
            self.masked[number] = ""


def _unsafe_lines(lines: list[str], table_lines: set[int]) -> set[int]:
    """Lines where a stand-in could read otherwise than what it stands for: literal text (after
    ``::``, in a code block) and the content of directives other than plain containers (a
    figure takes its first paragraph as its caption)."""
    unsafe: set[int] = set()
    open_blocks: list[tuple[int, bool]] = []  # (indent, safe inside) of enclosing constructs
    unsafe_open = 0  # how many of them are not safe
    for index, line in enumerate(lines):
        if not line.strip():
            if unsafe_open:
                unsafe.add(index)
            continue
        indent = len(line) - len(line.lstrip(" "))
        while open_blocks and indent <= open_blocks[-1][0]:
            unsafe_open -= not open_blocks.pop()[1]
        if unsafe_open:
            unsafe.add(index)
        if index in table_lines or ":" not in line:
            continue
        directive = DIRECTIVE.match(line)
        if directive or LITERAL_START.match(line):
            safe = directive is not None and directive.group("name") in SAFE_CONTAINERS
            open_blocks.append((indent, safe))
            unsafe_open += not safe
    return unsafe


def _after_double_colon(lines: list[str]) -> list[bool]:
    """For each line, whether the last line with text before it ends with ``::``. (Masking only
    blanks lines or puts stand-ins there, which never end so: the original lines decide.)"""
    found, previous = [], False
    for line in lines:
        found.append(previous)
        if line.strip():
            previous = line.rstrip().endswith("::")
    return found


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the block of blank or more indented lines following line ``start``."""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    return end


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _table_lines(tables: list[TableSource]) -> set[int]:
    found: set[int] = set()
    for source in tables:
        first = source.directive if source.directive is not None else source.start
        found.update(range(first, source.end))
    return found

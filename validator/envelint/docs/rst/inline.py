"""RST fragments (a table cell, a caption, a paragraph) -> plain text, and the links they hold.

Cells are read with regular expressions rather than docutils: a reference of a few thousand
tables would otherwise spend most of its time in nested docutils parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envelint.docs.model import LINK_WORD, Link

REF_ROLE = re.compile(r":(?:ref|numref):`(?P<body>[^`]+)`")
HYPERLINK = re.compile(r"(?<![`\w])`(?P<body>[^`]+?)`__?(?![\w`])")
TARGET_IN_BODY = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>\s*$", re.DOTALL)
LITERAL = re.compile(r"``(?P<body>.+?)``")
ROLE = re.compile(r":[\w.+-]+:`(?P<body>[^`]*)`")
INTERPRETED = re.compile(r"(?<![`\w])`(?P<body>[^`]+)`(?![\w`])")
STRONG = re.compile(r"(?<![\w*])\*\*(?P<body>[^*]+?)\*\*(?![\w*])")
EMPHASIS = re.compile(r"(?<![\w*])\*(?P<body>[^*\s](?:[^*]*?[^*\s])?)\*(?![\w*])")
ANY_HYPERLINK = re.compile(r"`[^`]*?<[^<>`]+>`__?")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
ESCAPED_SPACE = re.compile(r"\\ ")
ESCAPE = re.compile(r"\\(.)")
SPACES = re.compile(r"\s+")
HELD_LITERAL = re.compile("\x00(\\d+)\x00")  # where plain_inline holds a literal's text

DIRECTIVE_LINE = re.compile(r"^\s*\.\.\s+[\w:-]+::.*$")
TARGET_LINE = re.compile(r"^\s*\.\.\s+_[^:]+:.*$")
OPTION_LINE = re.compile(r"^\s+:[\w-]+:( .*)?$")
BULLET = re.compile(r"^(\s*)(?:[-*+\u2022]|#\.|\d+\.|\(?[a-zA-Z0-9]\))\s+")
STRUCTURE_STARTS = frozenset("-*+\u2022#(")  # what BULLET can start with, but digits and "a)"
INLINE_MARKS = ("`", "*", "\\", "\x00")  # a text with none of these has no inline markup


@dataclass(frozen=True)
class SourceLine:
    """One line of an RST fragment and where its first character is in the file."""

    text: str
    line: int
    column: int


def split_target(body: str) -> tuple[str, str]:
    """ "Table 1 <label>" -> ("Table 1", "label"); "label" -> ("label", "label")."""
    match = TARGET_IN_BODY.match(body)
    if match and match.group("target").strip():
        text = match.group("text").strip() or match.group("target").strip()
        return text, SPACES.sub("", match.group("target"))
    text = SPACES.sub(" ", body).strip()
    return text, text


def find_links(lines: list[SourceLine]) -> list[Link]:
    """The :ref: roles and `text <target>`__ hyperlinks in ``lines``, with their positions."""
    text = "\n".join(line.text for line in lines)
    if "`" not in text:  # every link has one; most texts have none
        return []
    starts = _line_starts(lines)
    masked = LITERAL.sub(lambda m: " " * len(m.group(0)), text)
    links = [_link("ref", match, lines, starts) for match in REF_ROLE.finditer(masked)]
    without_roles = REF_ROLE.sub(lambda m: " " * len(m.group(0)), masked)
    for match in HYPERLINK.finditer(without_roles):
        if TARGET_IN_BODY.match(match.group("body")):
            links.append(_link("hyperlink", match, lines, starts))
    links.sort(key=lambda link: (link.line, link.column))
    return links


def _line_starts(lines: list[SourceLine]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line.text) + 1
    return starts


def _link(kind: str, match: re.Match[str], lines: list[SourceLine], starts: list[int]) -> Link:
    text, target = split_target(match.group("body"))
    if kind == "hyperlink":
        kind, target = _hyperlink_target(target)
    index = _index_of(match.start(), starts)
    source = lines[index]
    column = source.column + match.start() - starts[index]
    return Link(kind=kind, text=text, target=target, line=source.line, column=column)


def _hyperlink_target(target: str) -> tuple[str, str]:
    """`#anchor` and `page.html#anchor` name a label of the documentation; the rest are URLs."""
    if "#" in target and not EXTERNAL.match(target):
        return "anchor", target.split("#", 1)[1]
    return "url", target


def _index_of(offset: int, starts: list[int]) -> int:
    index = 0
    for position, start in enumerate(starts):
        if start > offset:
            break
        index = position
    return index


def plain_text(rst: str) -> str:
    """Inline markup removed, structure markers dropped, whitespace collapsed."""
    kept = []
    for line in rst.split("\n"):
        if _may_be_structure(line):
            if DIRECTIVE_LINE.match(line) or TARGET_LINE.match(line) or OPTION_LINE.match(line):
                continue
            line = BULLET.sub(r"\1", line)
        kept.append(line)
    return plain_inline(" ".join(kept))


def _may_be_structure(line: str) -> bool:
    """Whether a directive, target, option or bullet pattern could match ``line`` at all."""
    if ".." in line or ":" in line:
        return True
    start = line.lstrip()[:2]
    return start[:1] in STRUCTURE_STARTS or start[:1].isdecimal() or start[1:] == ")"


def plain_inline(text: str) -> str:
    """Inline markup of one paragraph removed, whitespace collapsed."""
    if not any(mark in text for mark in INLINE_MARKS):
        return " ".join(text.split())  # the same as SPACES.sub(" ", text).strip()
    return _resolve_markup(text)


def _resolve_markup(text: str) -> str:
    literals: list[str] = []

    def hold_literal(match: re.Match[str]) -> str:
        literals.append(match.group("body"))
        return f"\x00{len(literals) - 1}\x00"

    text = LITERAL.sub(hold_literal, text)
    text = REF_ROLE.sub(lambda m: split_target(m.group("body"))[0], text)
    text = HYPERLINK.sub(lambda m: split_target(m.group("body"))[0], text)
    text = ROLE.sub(lambda m: m.group("body"), text)
    text = INTERPRETED.sub(lambda m: m.group("body"), text)
    text = STRONG.sub(lambda m: m.group("body"), text)
    text = EMPHASIS.sub(lambda m: m.group("body"), text)
    text = ESCAPED_SPACE.sub("", text)
    text = ESCAPE.sub(r"\1", text)
    text = HELD_LITERAL.sub(lambda m: literals[int(m.group(1))], text)
    return SPACES.sub(" ", text).strip()


def link_words(rst: str, plain: str) -> str:
    """The plain text of ``rst`` with each link written as LINK_WORD; ``plain`` when it has none
    (every link has a backtick)."""
    if "`" not in rst:
        return plain
    marked = REF_ROLE.sub(f" {LINK_WORD} ", rst)
    marked = ANY_HYPERLINK.sub(f" {LINK_WORD} ", marked)
    return plain if marked == rst else plain_text(marked)

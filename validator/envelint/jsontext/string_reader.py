"""Reading a string that the strict reader refused: single quotes, raw line breaks, bad escapes.

Every problem is reported with its span, and the string's intended value is recovered.
"""

from __future__ import annotations

import re

from envelint.jsontext.model import JSON_SPACE, ProblemLog

_DOUBLE_CHUNK = re.compile(r'[^"\\\x00-\x1f]*+')
_SINGLE_CHUNK = re.compile(r"[^'\\\x00-\x1f]*+")
_DOUBLE_CHUNK_WITH_BREAKS = re.compile(r'[^"\\\x00-\x09\x0b\x0c\x0e-\x1f]*+')
_SINGLE_CHUNK_WITH_BREAKS = re.compile(r"[^'\\\x00-\x09\x0b\x0c\x0e-\x1f]*+")
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")
_DOUBLE_REST = re.compile(r'[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
_SINGLE_REST = re.compile(r"[^'\\]*+(?:\\.[^'\\]*+)*+'", re.DOTALL)
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
_SHORT_HEX = re.compile(r"[0-9a-fA-F]{0,3}")
_SIMPLE_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}
_CONTROL_ESCAPES = {"\b": "\\b", "\f": "\\f", "\t": "\\t"}


def read_string(text: str, start: int, quote: str, log: ProblemLog) -> tuple[str, int]:
    """The value of the string whose opening ``quote`` is at ``start``, and where it ends."""
    chunk = _DOUBLE_CHUNK if quote == '"' else _SINGLE_CHUNK
    length = len(text)
    parts: list[str] = []
    pos = start + 1
    spans_lines = False  # set at the first line break when the string goes on past it
    while True:
        match = chunk.match(text, pos)
        parts.append(match.group())
        if spans_lines:
            _report_line_breaks(match, log)
        pos = match.end()
        if pos >= length:
            _unterminated(log, start, length, "the end of the text", quote)
            end = length
            break
        char = text[pos]
        if char == quote:
            end = pos + 1
            break
        if char == "\\":
            pos = _read_escape(text, pos, quote, parts, log)
            continue
        if char in "\r\n":
            if not _closes_after_line_break(text, pos, quote):
                _unterminated(log, start, pos, "the end of the line", quote)
                end = pos
                break
            spans_lines = True
            chunk = _DOUBLE_CHUNK_WITH_BREAKS if quote == '"' else _SINGLE_CHUNK_WITH_BREAKS
            continue
        escaped = _CONTROL_ESCAPES.get(char) or f"\\u{ord(char):04x}"
        log.add(
            "control-character",
            pos,
            pos + 1,
            f"raw control character U+{ord(char):04X} inside a string",
            f"write it escaped: {escaped}",
        )
        parts.append(char)
        pos += 1
    if quote == "'":
        log.add(
            "single-quotes",
            start,
            end,
            "string in single quotes; JSON strings take double quotes",
            "write the string in double quotes",
        )
    return "".join(parts), end


def _report_line_breaks(chunk: re.Match[str], log: ProblemLog) -> None:
    """Report each raw line break in ``chunk``; once the log is full, only count them."""
    text = chunk.string
    for line_break in _LINE_BREAK.finditer(text, chunk.start(), chunk.end()):
        if log.full:
            rest = text[line_break.start() : chunk.end()]
            log.omitted += rest.count("\n") + rest.count("\r") - rest.count("\r\n")
            return
        log.add(
            "newline-in-string",
            line_break.start(),
            line_break.end(),
            "raw line break inside a string",
            "write \\n, or close the string before the line ends",
        )


def _unterminated(log: ProblemLog, start: int, end: int, where: str, quote: str) -> None:
    log.add(
        "unterminated-string",
        start,
        end,
        f"string not closed: no closing {quote} before {where}",
        f"add the closing {quote}",
    )


def _closes_after_line_break(text: str, pos: int, quote: str) -> bool:
    """Whether the string broken by a line break at ``pos`` closes later on.

    A later quote closes it only when what follows could follow a string: `,` `:` `}` `]` or
    the end. Otherwise the string most likely lost its closing quote at the line break.
    """
    rest = _DOUBLE_REST if quote == '"' else _SINGLE_REST
    match = rest.match(text, pos)
    if match is None:
        return False
    after = JSON_SPACE.match(text, match.end()).end()
    return after >= len(text) or text[after] in ",:}]"


def _read_escape(text: str, pos: int, quote: str, parts: list[str], log: ProblemLog) -> int:
    """Append the escape at ``pos`` (a backslash) to ``parts``; return where reading goes on."""
    char = text[pos + 1 : pos + 2]
    if char == "":
        return pos + 1
    if char in _SIMPLE_ESCAPES:
        parts.append(_SIMPLE_ESCAPES[char])
        return pos + 2
    if char == "u":
        return _read_unicode_escape(text, pos, parts, log)
    parts.append(char)
    if char == quote:  # \' inside single quotes: the single-quotes problem covers it
        return pos + 2
    shown = char if char.isprintable() else f"U+{ord(char):04X}"
    log.add(
        "invalid-escape",
        pos,
        pos + 2,
        f"invalid escape \\{shown} in a string",
        f"write {char} without the backslash, or \\\\ for a backslash",
    )
    return pos + 2


def _read_unicode_escape(text: str, pos: int, parts: list[str], log: ProblemLog) -> int:
    digits = _HEX4.match(text, pos + 2)
    if digits is None:
        end = _SHORT_HEX.match(text, pos + 2).end()
        log.add(
            "invalid-escape",
            pos,
            end,
            f"invalid escape {text[pos:end]}: \\u takes exactly four hex digits",
            "write \\u followed by four hex digits, such as \\u00e9",
        )
        parts.append(text[pos:end])
        return end
    code = int(digits.group(), 16)
    end = pos + 6
    if 0xD800 <= code <= 0xDBFF and text.startswith("\\u", end):
        low = _HEX4.match(text, end + 2)
        if low is not None and 0xDC00 <= int(low.group(), 16) <= 0xDFFF:
            low_code = int(low.group(), 16)
            parts.append(chr(0x10000 + ((code - 0xD800) << 10) + (low_code - 0xDC00)))
            return end + 6
    parts.append(chr(code))  # a lone surrogate stays one, as in the standard library
    return end

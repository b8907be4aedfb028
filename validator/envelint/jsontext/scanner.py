"""Tokens of almost-JSON text.

The scanner cuts the text into tokens ``(kind, start, end, value)`` and reports what is wrong
inside one token (a comment, a single-quoted or broken string, an invalid number). Whether a
token stands in the right place is the parser's business.

Valid JSON takes the fast path: one compiled regular expression per token, and the standard
library's own string scanner, so that valid strings decode exactly as ``json.loads`` does.
"""

from __future__ import annotations

import re
import unicodedata
from json.decoder import scanstring

from envelint.jsontext.model import JSON_SPACE, ProblemLog
from envelint.jsontext.number_reader import (
    STRICT_NUMBER,
    finite_float,
    integer,
    read_loose_number,
)
from envelint.jsontext.number_reader import strict_number as read_strict_number
from envelint.jsontext.string_reader import read_string

# Token kinds. Punctuation tokens are their own character: { } [ ] : ,
STRING = "string"
NUMBER = "number"
LITERAL = "literal"  # true, false, null
WORD = "word"  # a bare word: a placeholder such as XXX, an unquoted key or string
PLACEHOLDER = "placeholder"  # <value>, ..., …, ???
JUNK = "junk"  # characters that begin nothing JSON knows
EOF = "eof"

Token = tuple[str, int, int, object]

_FAST_TOKEN = re.compile(
    r"[ \t\n\r]*+(?:"
    r"(?P<punct>[{}\[\]:,])"
    r'|(?P<plain>"[^"\\\x00-\x1f]*+")'
    r"|(?P<float>-?(?:0|[1-9][0-9]*+)"
    r"(?:\.[0-9]++(?:[eE][-+]?[0-9]++)?|[eE][-+]?[0-9]++))(?![\w.])"
    r"|(?P<int>-?(?:0|[1-9][0-9]*+))(?![\w.])"
    r"|(?P<literal>true|false|null)(?![\w$.\-])"
    r")"
)
_COLON = re.compile(r"[ \t\n\r]*+:")
_OTHER_SPACE = re.compile(r"[^\S \t\n\r]++")
_LINE_COMMENT = re.compile(r"//[^\r\n]*+")
_LOOSE_NUMBER = re.compile(r"[+-]?(?:[0-9]|\.[0-9])(?:[eE][+-]|[\w.])*+")
_SIGNED_SPECIAL = re.compile(r"[+-](?:Infinity|NaN)(?![\w$.\-])")
WORD_PATTERN = re.compile(r"(?:[^\W\d]|\$)[\w$.\-]*+")
_PLACEHOLDER = re.compile(r"<[^<>\r\n]{1,80}>|\.{2,}+|…++|\?{2,}+")
_JUNK = re.compile(r"(?:[^\s{}\[\]:,\"'/]|/(?![/*]))++|/")

_LITERALS = {"true": True, "false": False, "null": None}
_SPECIAL_NUMBERS = {
    "NaN": float("nan"),
    "-NaN": float("nan"),
    "+NaN": float("nan"),
    "Infinity": float("inf"),
    "+Infinity": float("inf"),
    "-Infinity": float("-inf"),
}


class Scanner:
    """Hands out the tokens of ``text`` one by one from ``pos``; the parser may move ``pos``."""

    def __init__(self, text: str, log: ProblemLog) -> None:
        self.text = text
        self.length = len(text)
        self.pos = 0
        self.log = log

    def next_token(self) -> Token:
        match = _FAST_TOKEN.match(self.text, self.pos)
        if match is None:
            return self._slow_token()
        group = match.lastgroup
        start = match.start(group)
        end = self.pos = match.end()
        text = self.text
        if group == "punct":
            return (text[start], start, end, None)
        if group == "plain":
            return (STRING, start, end, text[start + 1 : end - 1])
        if group == "int":
            return (NUMBER, start, end, integer(text[start:end]))
        if group == "float":
            return (NUMBER, start, end, finite_float(text[start:end]))
        return (LITERAL, start, end, _LITERALS[text[start:end]])

    def take_colon(self) -> bool:
        """Step over a ':' that comes next (after JSON whitespace only), if there is one."""
        match = _COLON.match(self.text, self.pos)
        if match is None:
            return False
        self.pos = match.end()
        return True

    def skip_space(self, pos: int) -> int:
        """Where the next token starts after ``pos``; comments and odd spaces are reported."""
        text = self.text
        while True:
            pos = JSON_SPACE.match(text, pos).end()
            if pos >= self.length:
                return pos
            char = text[pos]
            if text.startswith("//", pos):
                pos = self._line_comment(pos)
            elif text.startswith("/*", pos):
                pos = self._block_comment(pos)
            elif char.isspace():
                pos = self._other_space(pos)
            else:
                return pos

    def _token(self, kind: str, start: int, end: int, value: object = None) -> Token:
        self.pos = end
        return (kind, start, end, value)

    def _slow_token(self) -> Token:
        text = self.text
        pos = self.skip_space(self.pos)
        if pos >= self.length:
            return self._token(EOF, pos, pos)
        char = text[pos]
        if char in "{}[]:,":
            return self._token(char, pos, pos + 1)
        if char == '"' or char == "'":
            return self._string(pos, char)
        if char in "+-.0123456789" and (token := self._number(pos)) is not None:
            return token
        if char in "+-" and (match := _SIGNED_SPECIAL.match(text, pos)):
            return self._special_number(pos, match.end())
        if match := _PLACEHOLDER.match(text, pos):
            return self._token(PLACEHOLDER, pos, match.end(), match.group())
        if match := WORD_PATTERN.match(text, pos):
            return self._word(pos, match.end())
        match = _JUNK.match(text, pos)
        return self._token(JUNK, pos, match.end(), match.group())

    def _string(self, start: int, quote: str) -> Token:
        if quote == '"':
            try:
                value, end = scanstring(self.text, start + 1, True)
            except ValueError:
                pass
            else:
                return self._token(STRING, start, end, value)
        value, end = read_string(self.text, start, quote, self.log)
        return self._token(STRING, start, end, value)

    def _number(self, start: int) -> Token | None:
        match = _LOOSE_NUMBER.match(self.text, start)
        if match is None:
            return None
        text = match.group()
        if STRICT_NUMBER.fullmatch(text):
            return self._token(NUMBER, start, match.end(), read_strict_number(text))
        loose = read_loose_number(text)
        message = f"invalid number {text}: {loose.reason}"
        self.log.add("invalid-number", start, match.end(), message, loose.hint)
        return self._token(NUMBER, start, match.end(), loose.value)

    def _special_number(self, start: int, end: int) -> Token:
        text = self.text[start:end]
        self.log.add(
            "non-standard-number",
            start,
            end,
            f"{text} is not a JSON number",
            "JSON has no NaN or Infinity: write null, or the value as a string",
        )
        return self._token(NUMBER, start, end, _SPECIAL_NUMBERS[text])

    def _word(self, start: int, end: int) -> Token:
        word = self.text[start:end]
        if word in _LITERALS:
            return self._token(LITERAL, start, end, _LITERALS[word])
        if word in _SPECIAL_NUMBERS:
            return self._special_number(start, end)
        return self._token(WORD, start, end, word)

    def _line_comment(self, start: int) -> int:
        end = _LINE_COMMENT.match(self.text, start).end()
        self.log.add("comment", start, end, "comment: JSON has no comments", "remove the comment")
        return end

    def _block_comment(self, start: int) -> int:
        close = self.text.find("*/", start + 2)
        if close < 0:
            self.log.add(
                "comment",
                start,
                self.length,
                "comment not closed: no */ before the end of the text",
                "remove the comment",
            )
            return self.length
        self.log.add("comment", start, close + 2, "comment: JSON has no comments", "remove it")
        return close + 2

    def _other_space(self, start: int) -> int:
        end = _OTHER_SPACE.match(self.text, start).end()
        char = self.text[start]
        name = unicodedata.name(char, "a space character")
        self.log.add(
            "invalid-whitespace",
            start,
            end,
            f"{name} (U+{ord(char):04X}) is not JSON whitespace",
            "replace it with an ordinary space",
        )
        return end

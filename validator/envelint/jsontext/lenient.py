"""A lenient JSON parser that keeps positions: the heart of rule J001 (payload-not-json).

``parse_lenient`` reads JSON and almost-JSON (documentation examples, captured payloads). It
reports every problem with its exact span, recovers the intended structure, and goes on, so that
one run shows all of a payload's problems. RFC 8259 decides what JSON is: text that
``json.loads`` accepts (NaN aside) gives no problem but ``duplicate-key``, and the same value.

The parser never recurses: containers live on an explicit stack, so nesting depth costs memory,
not Python stack frames.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from envelint.jsontext import pointer as json_pointer
from envelint.jsontext.locate import LazySpans, SpanFinder
from envelint.jsontext.model import (
    JSON_SPACE,
    UNKNOWN,
    ParseResult,
    ProblemLog,
    Span,
    SyntaxProblem,
)
from envelint.jsontext.positions import LineIndex, line_col
from envelint.jsontext.scanner import (
    EOF,
    JUNK,
    LITERAL,
    NUMBER,
    PLACEHOLDER,
    STRING,
    WORD,
    Scanner,
    Token,
)
from envelint.jsontext.skipping import skip_nested
from envelint.jsontext.strict import OFFER_DEPTH, read_container
from envelint.jsontext.surroundings import (
    body_after_leading_text,
    describe_extra_data,
    describe_leading_text,
)
from envelint.jsontext.wording import excerpt, placeholder_hint, quoted

__all__ = [
    "UNKNOWN",
    "ParseResult",
    "Span",
    "SyntaxProblem",
    "line_col",
    "parse_lenient",
]

# What the parser expects next.
_VALUE = 0  # a value: at the top, after ':', after ',' in an array
_FIRST_VALUE = 1  # a value or ']', just after '['
_KEY = 2  # a member ("key": value), after ',' in an object
_FIRST_KEY = 3  # a member or '}', just after '{'
_AFTER_VALUE = 4  # ',' or the closing bracket
_DONE = 5  # the top-level value is complete

_VALUE_STARTS = frozenset({STRING, NUMBER, LITERAL, WORD, PLACEHOLDER, "{", "["})
_CLOSER = {"{": "}", "[": "]"}
_OPENER = {"}": "{", "]": "["}
_NAME = {"{": "object", "[": "array"}
_CERTAIN_AFTER_MISSING_COMMA = frozenset({STRING, NUMBER, LITERAL, "{", "["})
_ENDS_MEMBER = frozenset({",", "}", "]", EOF})
_NOT_SPACE = re.compile(r"\S")
_ELISION = re.compile(r"\.{3,}+|…++")
_ITEM_STATES = frozenset({_VALUE, _FIRST_VALUE, _KEY, _FIRST_KEY})


def parse_lenient(
    text: str,
    *,
    max_depth: int = 1000,
    max_problems: int = 100,
    locate: Callable[[int], tuple[int, int]] | None = None,
    elisions: bool = False,
) -> ParseResult:
    """Read ``text`` as JSON, reporting and recovering from every problem on the way.

    Nesting deeper than ``max_depth`` is reported once and not read (its value is UNKNOWN).
    At most ``max_problems`` problems are listed; reading goes on past that, counting the rest.
    Each container that is JSON as it stands is read by ``json``'s decoder (``strict.py``);
    the spans inside it are found when asked for (``locate.py``).
    ``locate`` maps an offset to the (line, column) that messages name ("first at line 62"):
    the position in the user's file when the text is a part of it; by default, in ``text``.

    ``elisions`` (a documentation excerpt): an elision mark (``...``, ``......``, ``…``) on a
    line of its own (a comma may follow it), or alone where an array item or an object member
    belongs, stands for left-out items or members and is no problem; commas around it are
    optional, and one that ends the text stands for the rest, closing brackets included. The
    containers holding one are ``elided_pointers``. Elsewhere (``"id": ...``) it is still a
    placeholder.
    """
    return (
        _read_as_json(text, max_depth, max_problems, locate)
        or _Parser(text, max_depth, max_problems, locate, elisions=elisions).parse()
    )


def _read_as_json(
    text: str,
    max_depth: int,
    max_problems: int,
    locate: Callable[[int], tuple[int, int]] | None,
) -> ParseResult | None:
    """The result for a text that is one container, JSON as it stands: what the parser gives
    after reading it whole, without setting the parser up. None for any other text."""
    start = JSON_SPACE.match(text).end()
    if text[start : start + 1] not in ("{", "[") or max_depth < 1:
        return None
    found = read_container(text, start, max_depth)
    if found is None:
        return None
    value, end = found
    if JSON_SPACE.match(text, end).end() != len(text):
        return None  # extra data after the document

    def reread() -> ParseResult:
        return _Parser(text, max_depth, max_problems, locate, read_whole=False).parse()

    finder = SpanFinder(text, {"": Span(start, end)}, {}, {"": start}, reread)
    return ParseResult(
        value=value,
        problems=[],
        value_spans=LazySpans(finder, keys=False),
        key_spans=LazySpans(finder, keys=True),
        unknown_pointers=set(),
    )


@dataclass(slots=True)
class _Frame:
    """An object or array being read."""

    opener: str  # "{" or "["
    start: int
    container: dict[str, Any] | list[Any]
    pointer: str | None  # None inside a value that is dropped (it has no place in the result)
    orphan: bool = False  # a container where a key belongs: read, reported, then dropped
    key: str | None = None  # the current member's key; None drops the member's value
    key_span: Span | None = None
    last_comma: int = -1


class _Parser:
    def __init__(
        self,
        text: str,
        max_depth: int,
        max_problems: int,
        locate: Callable[[int], tuple[int, int]] | None = None,
        *,
        read_whole: bool = True,
        elisions: bool = False,
    ) -> None:
        self.text = text
        self.elisions = elisions
        self.elided: set[str] = set()  # pointers of containers with left-out content
        self.ends_in_elision = False
        self.locate = locate
        self.max_problems = max_problems
        self.read_whole = read_whole  # offer containers to json's decoder first
        self.max_depth = max_depth
        self.log = ProblemLog(max_problems)
        self.scanner = Scanner(text, self.log)
        self.stack: list[_Frame] = []
        self.state = _VALUE
        self.root: object = UNKNOWN
        self.pending: Token | None = None  # a token looked at but not yet taken
        self.value_end = 0  # where the last complete value (or dropped member) ended
        self.value_spans: dict[str, Span] = {}
        self.key_spans: dict[str, Span] = {}
        self.unknown_starts: dict[str, int] = {}  # pointer of an UNKNOWN value -> its start
        self.replaced: list[tuple[int, int]] = []  # spans of containers a duplicate key replaced
        self.subtrees: dict[str, int] = {}  # pointer of a container read whole -> its start
        self.truncation_reported = False
        self._lines: LineIndex | None = None

    # -- the whole document -------------------------------------------------------------------

    def parse(self) -> ParseResult:
        text = self.text
        start = 0
        if text.startswith("\ufeff"):
            self.log.add(
                "byte-order-mark",
                0,
                1,
                "the text starts with a byte order mark (U+FEFF)",
                "save the file as UTF-8 without BOM",
            )
            start = 1
        if _NOT_SPACE.search(text, start) is None:
            self._report_empty()
        else:
            self.scanner.pos = self.scanner.skip_space(start)
            self._skip_leading_text()
            self._read_tokens()
            if self.state == _DONE:
                self._check_extra_data()
        return self._result()

    def _result(self) -> ParseResult:
        if self.replaced:
            self._forget_replaced()
        unknown = {
            pointer
            for pointer, start in self.unknown_starts.items()
            if pointer in self.value_spans and self.value_spans[pointer].start == start
        }
        value_spans: Mapping[str, Span] = self.value_spans
        key_spans: Mapping[str, Span] = self.key_spans
        if self.subtrees:
            finder = SpanFinder(
                self.text, self.value_spans, self.key_spans, self.subtrees, self._reread
            )
            value_spans, key_spans = LazySpans(finder, keys=False), LazySpans(finder, keys=True)
        return ParseResult(
            value=self.root,
            problems=self.log.in_text_order(),
            value_spans=value_spans,
            key_spans=key_spans,
            unknown_pointers=unknown,
            omitted_problems=self.log.omitted,
            omitted_kinds=dict(self.log.omitted_kinds),
            elided_pointers=frozenset(self.elided),
        )

    def _reread(self) -> ParseResult:
        """The same text read token by token throughout: every span recorded."""
        return _Parser(
            self.text,
            self.max_depth,
            self.max_problems,
            self.locate,
            read_whole=False,
            elisions=self.elisions,
        ).parse()

    def _forget_replaced(self) -> None:
        """Drop the spans recorded inside values that a later duplicate key replaced."""
        starts, ends = _merged(self.replaced)

        def inside_replaced(span: Span) -> bool:
            index = bisect_right(starts, span.start) - 1
            return index >= 0 and span.start < ends[index]

        for spans in (self.value_spans, self.key_spans):
            for stale in [pointer for pointer, span in spans.items() if inside_replaced(span)]:
                del spans[stale]

    def _report_empty(self) -> None:
        length = len(self.text)
        self.log.add(
            "empty",
            0,
            length,
            "the text is empty: it holds no JSON value"
            if length == 0
            else "the text holds no JSON value",
            "write the JSON document",
        )
        self.value_spans[""] = Span(0, length)
        self.unknown_starts[""] = 0

    def _skip_leading_text(self) -> None:
        """Skip prose or HTTP lines before the body, when the text does not start with a value."""
        text = self.text
        pos = self.scanner.pos
        body = body_after_leading_text(text, pos)
        if body is None:
            return
        end = pos + len(text[pos:body].rstrip())
        self.log.add(
            "leading-text",
            pos,
            end,
            f"{describe_leading_text(text, pos)} before the JSON body: {excerpt(text[pos:end])}",
            f"remove everything before the '{text[body]}' that starts the body"
            if body < len(text)
            else "remove the HTTP lines: keep the body alone",
        )
        self.scanner.pos = body

    def _check_extra_data(self) -> None:
        if self.pending is not None:
            start = self.pending[1]
        else:
            start = self.scanner.skip_space(self.scanner.pos)
        text = self.text
        if start >= len(text):
            return
        end = start + len(text[start:].rstrip())
        message = describe_extra_data(text, start, end)
        self.log.add("extra-data", start, end, message, "remove everything after the document")

    # -- tokens -------------------------------------------------------------------------------

    def _read_tokens(self) -> None:
        while self.state != _DONE:
            token = self.pending
            if token is None:
                token = self.scanner.next_token()
            else:
                self.pending = None
            kind = token[0]
            if kind == EOF:
                self._end_of_text(token)
                return
            state = self.state
            if kind == PLACEHOLDER and self.elisions and self._elision(token):
                continue
            if state == _AFTER_VALUE:
                self._after_value(token)
            elif state <= _FIRST_VALUE:
                self._value(token)
            else:
                self._member(token)

    def _next(self) -> Token:
        token = self.pending
        if token is None:
            return self.scanner.next_token()
        self.pending = None
        return token

    def _peek(self) -> Token:
        if self.pending is None:
            self.pending = self.scanner.next_token()
        return self.pending

    # -- left-out content (a documentation excerpt) ---------------------------------------------

    def _elision(self, token: Token) -> bool:
        """Take an elision mark standing for left-out items or members; False when it is not
        one (a placeholder where a value belongs: ``"id": ...``)."""
        _, start, end, word = token
        stack = self.stack
        if not stack or not _ELISION.fullmatch(word):
            return False
        frame = stack[-1]
        after_key = self.state == _VALUE and frame.opener == "{"
        alone = self._alone_on_line(start, end)
        if after_key or not (
            alone
            or (self.state in _ITEM_STATES and self._peek()[0] in (",", _CLOSER[frame.opener], EOF))
        ):
            return False
        if self._peek()[0] == ",":
            frame.last_comma = self._next()[1]
        if self._peek()[0] == EOF:  # the rest is left out, closing brackets included
            self.ends_in_elision = True
            self.elided.update(f.pointer for f in stack if f.pointer is not None)
        elif frame.pointer is not None:
            self.elided.add(frame.pointer)
        frame.key = None
        self.state = _FIRST_KEY if frame.opener == "{" else _FIRST_VALUE
        return True

    def _alone_on_line(self, start: int, end: int) -> bool:
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        rest = text[end : len(text) if line_end < 0 else line_end].strip()
        return not text[line_start:start].strip() and rest in ("", ",")

    # -- where a value belongs ----------------------------------------------------------------

    def _value(self, token: Token) -> None:
        kind, start, end, value = token
        if kind in (STRING, NUMBER, LITERAL):
            self._scalar(value, start, end)
        elif kind == "{" or kind == "[":
            self._open(token)
        elif kind in (WORD, PLACEHOLDER):
            self._placeholder(token, "a JSON value")
            self._scalar(UNKNOWN, start, end)
        elif not self.stack:
            self._unexpected(token, "a JSON value")
            self._scalar(UNKNOWN, start, end)
        elif kind == "}" or kind == "]":
            self._closer_for_value(token)
        elif kind == ",":
            self._comma_for_value(token)
        elif kind == ":":
            self._unexpected(token, "a value")
        else:
            self._unexpected(token, "a value")
            self._scalar(UNKNOWN, start, end)

    def _closer_for_value(self, token: Token) -> None:
        frame = self.stack[-1]
        if self.state == _FIRST_VALUE:
            self._close(token)
        elif frame.opener == "[":
            self._trailing_comma(frame)
            self.state = _AFTER_VALUE
            self._close(token)
        else:
            self._missing_value(token)
            self._scalar(UNKNOWN, token[1], token[1])
            self._close(token)

    def _comma_for_value(self, token: Token) -> None:
        frame = self.stack[-1]
        self._missing_value(token)
        if frame.opener == "{":
            self._scalar(UNKNOWN, token[1], token[1])
            self._after_value(token)
        else:
            frame.last_comma = token[1]
            self.state = _VALUE

    def _scalar(self, value: object, start: int, end: int) -> None:
        pointer = self._child_pointer(self.stack[-1]) if self.stack else ""
        self._attach(value, start, end, pointer)

    def _child_pointer(self, frame: _Frame) -> str | None:
        """The pointer of the next value in ``frame``; None when that value is dropped."""
        if frame.pointer is None:
            return None
        if frame.opener == "[":
            return f"{frame.pointer}/{len(frame.container)}"
        if frame.key is None:
            return None
        return f"{frame.pointer}/{json_pointer.escape(frame.key)}"

    def _attach(self, value: object, start: int, end: int, pointer: str | None) -> None:
        """Put a complete value into its container (or make it the root) and record its span."""
        self.value_end = end
        stack = self.stack
        if not stack:
            self.root = value
            self.state = _DONE
        else:
            frame = stack[-1]
            self.state = _AFTER_VALUE
            if frame.opener == "[":
                frame.container.append(value)
            else:
                key = frame.key
                if key is None:
                    return
                if key in frame.container:
                    self._duplicate_key(frame, pointer)
                frame.container[key] = value
                if pointer is not None:
                    self.key_spans[pointer] = frame.key_span
        if pointer is not None:
            self.value_spans[pointer] = Span(start, end)
            if value is UNKNOWN:
                self.unknown_starts[pointer] = start

    def _duplicate_key(self, frame: _Frame, pointer: str | None) -> None:
        key_span = frame.key_span
        earlier = ""
        if pointer is not None:
            old_span = self.value_spans[pointer]
            if isinstance(frame.container[frame.key], dict | list):
                self.replaced.append((old_span.start, old_span.end))
            if not self.log.full:
                line, column = self._line_col(self.key_spans[pointer].start)
                earlier = f" (first at line {line}, column {column})"
        self.log.add(
            "duplicate-key",
            key_span.start,
            key_span.end,
            f"duplicate key {quoted(frame.key)}{earlier}: the later value wins",
            "remove one of the two members",
        )

    # -- containers ---------------------------------------------------------------------------

    def _open(self, token: Token, orphan: bool = False) -> None:
        kind, start = token[0], token[1]
        stack = self.stack
        if orphan:
            pointer = None
        elif stack:
            pointer = self._child_pointer(stack[-1])
        else:
            pointer = ""
        if len(stack) >= self.max_depth:
            self._too_deep(start, pointer, orphan)
            return
        if not orphan and self._read_whole(start, pointer):
            return
        container: dict[str, Any] | list[Any] = {} if kind == "{" else []
        stack.append(_Frame(kind, start, container, pointer, orphan))
        self.state = _FIRST_KEY if kind == "{" else _FIRST_VALUE

    def _read_whole(self, start: int, pointer: str | None) -> bool:
        """Read the container at ``start`` with json's decoder, if it is JSON as it stands."""
        depth = len(self.stack)
        if not self.read_whole or depth >= OFFER_DEPTH or self.pending is not None:
            return False
        found = read_container(self.text, start, self.max_depth - depth)
        if found is None:
            return False
        value, end = found
        self.scanner.pos = end
        if value:  # read token by token, its closing bracket would follow a complete value
            self.log.in_step()
        self._attach(value, start, end, pointer)
        if pointer is not None:
            self.subtrees[pointer] = start
        return True

    def _too_deep(self, start: int, pointer: str | None, orphan: bool) -> None:
        self.log.add(
            "too-deep",
            start,
            start + 1,
            f"nesting deeper than {self.max_depth} levels: what is inside is not read",
            "flatten the structure, or raise the depth limit",
        )
        end, closed = skip_nested(self.text, start)
        self.scanner.pos = end
        if not closed:
            self._truncated(deep_start=start)
        if orphan:
            self._after_dropped(end)
        else:
            self._attach(UNKNOWN, start, end, pointer)

    def _close(self, token: Token) -> None:
        """A closing bracket after a value (or just after the opening bracket)."""
        kind, start, end = token[0], token[1], token[2]
        stack = self.stack
        frame = stack[-1]
        wanted = _CLOSER[frame.opener]
        if kind == wanted:
            self._finish(frame, end)
            return
        opener = _OPENER[kind]
        matching = next(
            (depth for depth in range(len(stack) - 2, -1, -1) if stack[depth].opener == opener),
            None,
        )
        where = self._opened_at(frame)
        if matching is None and self._peek()[0] == wanted:
            self.log.add(
                "mismatched-bracket",
                start,
                end,
                f"unexpected '{kind}' inside the {_NAME[frame.opener]} opened at {where}",
                f"remove the '{kind}'",
            )
            return
        self.log.add(
            "mismatched-bracket",
            start,
            end,
            f"expected '{wanted}' to close the {_NAME[frame.opener]} opened at {where}, "
            f"found '{kind}'",
            f"write '{wanted}'" if matching is None else f"insert '{wanted}' before the '{kind}'",
        )
        if matching is not None:
            while len(stack) - 1 > matching:
                self._finish(stack[-1], start)
        self._finish(stack[-1], end)

    def _finish(self, frame: _Frame, end: int) -> None:
        self.stack.pop()
        if frame.orphan:
            self.log.add(
                "value-without-key",
                frame.start,
                end,
                f'{_NAME[frame.opener]} where a member ("key": value) belongs',
                "add a key before it, or remove it",
            )
            self._after_dropped(end)
        else:
            self._attach(frame.container, frame.start, end, frame.pointer)

    def _after_dropped(self, end: int) -> None:
        """A value that has no place in the result ends at ``end``: a ',' or '}' comes next."""
        self.value_end = end
        self.state = _AFTER_VALUE

    def _end_of_text(self, token: Token) -> None:
        stack = self.stack
        if not stack:
            self._report_empty()
            return
        if not self.ends_in_elision:
            self._truncated()
        end = self._end_of_content()
        frame = stack[-1]
        if self.state == _VALUE and frame.opener == "{" and frame.key is not None:
            self._scalar(UNKNOWN, end, end)
        while stack:
            self._finish(stack[-1], end)

    def _end_of_content(self) -> int:
        """Where missing closing brackets belong: after the last token, not after trailing space."""
        return max(len(self.text.rstrip(" \t\r\n")), self.value_end)

    def _truncated(self, deep_start: int | None = None) -> None:
        """Report, once, that the text ends before the open brackets are closed."""
        if self.truncation_reported:
            return
        self.truncation_reported = True
        length = self._end_of_content()
        if deep_start is not None:
            line, column = self._line_col(deep_start)
            message = (
                f"the text ends inside the value opened at line {line}, column {column}, "
                "which nests too deep to read"
            )
            self.log.add("truncated", length, length, message)
            return
        frame = self.stack[-1]
        message = (
            f"the text ends before the {_NAME[frame.opener]} opened at "
            f"{self._opened_at(frame)} is closed"
        )
        if len(self.stack) > 1:
            message += f" ({len(self.stack)} brackets are left open)"
        closers = "".join(_CLOSER[open_frame.opener] for open_frame in reversed(self.stack))
        hint = f"add {closers!r} at the end" if len(closers) <= 10 else None
        self.log.add("truncated", length, length, message, hint)

    # -- where a member belongs ---------------------------------------------------------------

    def _member(self, token: Token) -> None:
        kind = token[0]
        if kind == STRING:
            self._string_key(token)
        elif kind in (WORD, PLACEHOLDER, NUMBER, LITERAL):
            self._bare_key(token)
        elif kind == "{" or kind == "[":
            self._open(token, orphan=True)
        elif kind == "}" or kind == "]":
            if self.state == _KEY:
                self._trailing_comma(self.stack[-1])
            self._close(token)
        elif kind == ",":
            self._missing_value(token, 'a member ("key": value)')
            self.stack[-1].last_comma = token[1]
            self.state = _KEY
        else:
            self._unexpected(token, 'a member ("key": value)')

    def _string_key(self, token: Token) -> None:
        _, start, end, key = token
        if self.pending is None and self.scanner.take_colon():
            self._set_key(key, start, end)
            return
        following = self._peek()
        kind = following[0]
        if kind == ":":
            self._next()
        elif kind == EOF:
            self._after_dropped(end)
            return
        elif kind in _ENDS_MEMBER:
            self.log.add(
                "value-without-key",
                start,
                end,
                f'value {excerpt(self.text[start:end])} where a member ("key": value) belongs',
                'add a key before it ("name": value), or remove it',
            )
            self._after_dropped(end)
            return
        elif kind == JUNK and following[3] in ("=", "=>"):
            self._next()
            self._missing_colon(following[1], following[2], f"found '{following[3]}'")
        else:
            self._missing_colon(end, end, f"found {self._describe(following)}")
        self._set_key(key, start, end)

    def _bare_key(self, token: Token) -> None:
        kind, start, end, _ = token
        source = self.text[start:end]
        following = self._peek()[0]
        if following == ":":
            self._next()
            if kind == PLACEHOLDER:
                self._placeholder(token, "a key")
                self.stack[-1].key = None
                self.state = _VALUE
                return
            self._unquoted_key(source, start, end)
            return
        if kind in (WORD, PLACEHOLDER):
            if following in _ENDS_MEMBER:
                self._placeholder(token, 'a member ("key": value)')
                self._after_dropped(end)
                return
            self._unquoted_key(source, start, end)
            self._missing_colon(end, end, f"found {self._describe(self._peek())}")
            return
        self.log.add(
            "value-without-key",
            start,
            end,
            f'value {excerpt(source)} where a member ("key": value) belongs',
            'add a key before it ("name": value), or remove it',
        )
        self._after_dropped(end)

    def _unquoted_key(self, key: str, start: int, end: int) -> None:
        self.log.add(
            "unquoted-key",
            start,
            end,
            f"key {excerpt(key)} is not in double quotes",
            f'write "{key}"',
        )
        self._set_key(key, start, end)

    def _set_key(self, key: str, start: int, end: int) -> None:
        frame = self.stack[-1]
        frame.key = key
        frame.key_span = Span(start, end)
        self.state = _VALUE

    # -- after a value ------------------------------------------------------------------------

    def _after_value(self, token: Token) -> None:
        kind = token[0]
        frame = self.stack[-1]
        if kind == "," or kind == _CLOSER[frame.opener]:
            self.log.in_step()  # a separator right after a complete value: a known state
        if kind == ",":
            frame.last_comma = token[1]
            self.state = _KEY if frame.opener == "{" else _VALUE
        elif kind == "}" or kind == "]":
            self._close(token)
        elif kind in _VALUE_STARTS:
            self.log.add(
                "missing-comma",
                self.value_end,
                self.value_end,
                f"missing ',' before {self._describe(token)}",
                "insert ',' between the two",
                # a JSON value (or key) follows: the comma alone is missing, nothing is guessed
                certain=kind in _CERTAIN_AFTER_MISSING_COMMA,
            )
            self.state = _KEY if frame.opener == "{" else _VALUE
            self.pending = token
        else:
            wanted = _CLOSER[frame.opener]
            self._unexpected(token, f"',' or '{wanted}'")

    # -- problems -----------------------------------------------------------------------------

    def _placeholder(self, token: Token, where: str) -> None:
        _, start, end, word = token
        self.log.add(
            "placeholder",
            start,
            end,
            f"placeholder {excerpt(word)} where {where} belongs",
            placeholder_hint(word, where),
        )

    def _unexpected(self, token: Token, expected: str) -> None:
        self.log.add(
            "unexpected-character",
            token[1],
            token[2],
            f"expected {expected}, found {self._describe(token)}",
            "remove it",
        )

    def _missing_value(self, token: Token, expected: str = "a value") -> None:
        self.log.add(
            "missing-value",
            token[1],
            token[2],
            f"expected {expected}, found {self._describe(token)}",
            "write the value, or remove the extra comma" if token[0] == "," else "write the value",
        )

    def _missing_colon(self, start: int, end: int, found: str) -> None:
        self.log.add(
            "missing-colon",
            start,
            end,
            f"expected ':' after the key, {found}",
            "write ':' between the key and its value",
        )

    def _trailing_comma(self, frame: _Frame) -> None:
        comma = frame.last_comma
        self.log.add(
            "trailing-comma",
            comma,
            comma + 1,
            f"comma after the last {'member' if frame.opener == '{' else 'element'}",
            "remove the comma",
        )

    def _describe(self, token: Token) -> str:
        kind, start, end = token[0], token[1], token[2]
        if kind == EOF:
            return "the end of the text"
        if kind in "{}[]:,":
            return f"'{kind}'"
        return excerpt(self.text[start:end])

    def _opened_at(self, frame: _Frame) -> str:
        line, column = self._line_col(frame.start)
        return f"line {line}, column {column}"

    def _line_col(self, offset: int) -> tuple[int, int]:
        if self.locate is not None:
            return self.locate(offset)
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.line_col(offset)


def _merged(intervals: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Overlapping intervals joined, as sorted lists of starts and of ends."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(intervals):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends

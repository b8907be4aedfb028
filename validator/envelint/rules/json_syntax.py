"""Rules on the payload text: is it JSON, and JSON that every consumer reads the same way."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator

import orjson

from envelint.common.findings import Severity
from envelint.common.limits import DEFAULT_MAX_DEPTH
from envelint.jsontext.model import UNKNOWN, Span
from envelint.rules.base import (
    MANY_BYTES,
    ODD_ENCODING,
    SYNTAX_PROBLEMS,
    UNREADABLE,
    PayloadContext,
    Violation,
    count_items,
    rule,
)
from envelint.rules.contract import (
    OVERSIZED_BODY,
    TOO_MANY_VALUES,
    UNREADABLE_CAPTURE,
    LimitPreCheck,
    Limits,
    TextPreCheck,
)

# Problem kinds of the lenient parser that other rules own.
_NOT_J001 = {"duplicate-key", "non-standard-number", "too-deep", "byte-order-mark"}


def _problems(context: PayloadContext, kinds: set[str], what: str) -> Iterator[Violation]:
    last = None
    for problem in context.parsed.problems:
        if problem.kind in kinds:
            last = problem.span
            yield Violation(problem.message, span=problem.span, hint=problem.hint)
    yield from _not_listed(context, lambda kind, _: kind in kinds, what, last)


def _not_listed(
    context: PayloadContext,
    counted: Callable[[str, bool], bool],
    what: str,
    last: Span | None,
) -> Iterator[Violation]:
    """One finding that says how many more problems were found than the parser lists."""
    more = sum(n for (kind, dep), n in context.parsed.omitted_kinds.items() if counted(kind, dep))
    if more:
        listed = len(context.parsed.problems)
        yield Violation(
            f"{more} more {what} after this one, not reported (the first {listed} problems are)",
            span=last,
        )


@rule(
    "J001", "payload-not-json", Severity.ERROR, aliases=("not-json",), triggers=(SYNTAX_PROBLEMS,)
)
def payload_not_json(context: PayloadContext) -> Iterator[Violation]:
    """The payload is not JSON: every syntax defect, located and named.

    A placeholder where a value belongs, a trailing or missing comma, a comment, an unquoted key,
    a value without a key, single quotes, a line break inside a string, a truncated document,
    prose or HTTP lines before the body, several documents in one. The check goes on after each,
    and the structure it could recover is still checked against the documentation. One defect
    gives one finding: after a problem that leaves the structure in doubt (an unquoted phrase, a
    string left open, a wrong bracket), what follows is reported only from the next ``,`` or
    closing bracket after a complete value, where the reading is certain again.

    Bad::

        {"error": {"message": "", "code": XXX,""}}

    Good::

        {"error": {"message": "Invalid request.", "code": "Ecs.0005"}}
    """
    last = None
    for problem in context.parsed.problems:
        if problem.kind not in _NOT_J001 and not problem.dependent:
            last = problem.span
            yield Violation(problem.message, span=problem.span, hint=problem.hint)
    yield from _not_listed(
        context, lambda kind, dependent: kind not in _NOT_J001 and not dependent, "defects", last
    )


# A text this long is re-encoded to prove it has no duplicate key, rather than counting its
# members against its colons; on a 70-byte record re-encoding costs more than it saves.
_LONG_TEXT = 512


def may_have_duplicate_keys(data: bytes, value: object) -> bool:
    r"""True unless every member of the text is accounted for by ``value``.

    orjson keeps the last of duplicate keys silently. Each member of the text has one colon,
    and strings keep theirs, so no member was lost when the value has as many members as the
    text has colons (a short text: counting is cheap), when the text is the value's own compact
    encoding (white space after it aside), or when re-encoding the value gives as many colons
    as the text holds, written or escaped (``\u003a``: re-encoded as ``:``; a ``\\u003a`` that
    is no escape only makes this say "maybe", which costs the full path).
    """
    if len(data) < _LONG_TEXT:
        colons = data.count(b":")
        if colons <= 1 or colons <= _members_of_first_two_levels(value, colons):
            return False
    try:
        encoded = orjson.dumps(value)
    except orjson.JSONEncodeError:
        return True
    if data.startswith(encoded) and not data[len(encoded) :].strip():
        return False
    colons = data.count(b":") + data.count(b"\\u003a") + data.count(b"\\u003A")
    return encoded.count(b":") != colons


def _members_of_first_two_levels(value: object, colons: int) -> int:
    """The members of an object and of the objects it holds, counted without re-encoding it
    (enough for an envelope such as ``{"error": {"message": ..., "code": ...}}``); the second
    level is not counted when the first already accounts for every colon."""
    if type(value) is not dict:
        return 0
    members = len(value)
    if members >= colons:
        return members  # every colon is a member's already (the usual record)
    for item in value.values():
        if type(item) is dict:
            members += len(item)
    return members


@rule(
    "J002",
    "duplicate-key",
    Severity.ERROR,
    triggers=(SYNTAX_PROBLEMS,),
    fast_path=TextPreCheck(may_have_duplicate_keys),
)
def duplicate_key(context: PayloadContext) -> Iterator[Violation]:
    """An object has the same key twice: consumers disagree on which value counts.

    Bad::

        {"job_id": "a1", "job_id": "b2"}

    Good::

        {"job_id": "b2"}
    """
    yield from _problems(context, {"duplicate-key"}, "duplicate keys")


@rule("J003", "non-standard-number", Severity.ERROR, triggers=(SYNTAX_PROBLEMS,))
def non_standard_number(context: PayloadContext) -> Iterator[Violation]:
    """NaN, Infinity and -Infinity are not JSON numbers, though some encoders write them.

    Bad::

        {"usage": NaN}

    Good::

        {"usage": null}
    """
    yield from _problems(context, {"non-standard-number"}, "non-standard numbers")


@rule("J004", "bad-encoding", Severity.ERROR, triggers=(ODD_ENCODING,))
def bad_encoding(context: PayloadContext) -> Iterator[Violation]:
    """JSON exchanged between systems must be UTF-8 without a byte order mark (RFC 8259, 8.1).

    Bad: a body saved as UTF-16, or with bytes that are not UTF-8, or starting with EF BB BF.

    Good: the same body saved as UTF-8.
    """
    data = context.payload.data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield Violation(
            "the payload is UTF-16 (byte order mark FF FE or FE FF); JSON must be UTF-8",
            span=Span(0, 1),
            hint="re-encode the file as UTF-8",
        )
        return
    if data.startswith(b"\xef\xbb\xbf"):
        yield Violation(
            "the payload starts with a UTF-8 byte order mark; JSON must not",
            span=Span(0, 1),
            hint="save the file as UTF-8 without BOM",
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = len(data[: error.start].decode("utf-8", errors="replace"))
        yield Violation(
            f"byte 0x{data[error.start]:02X} at byte offset {error.start} is not valid UTF-8",
            span=Span(offset, offset + 1),
            hint="re-encode the file as UTF-8",
        )


# A JSON string, escapes included: blanked before counting, so that its commas do not count.
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*+"')
_NON_EMPTY_CONTAINER = re.compile(rb"[\[{](?![ \t\r\n]*+[\]}])")


def count_items_in_text(data: bytes) -> int:
    """Array elements and object members, counted in the text without reading it (memory:
    the text once more): each non-empty container holds one more item than it has commas.
    Exact for JSON; for a text that is not JSON, what it would hold if its commas were right."""
    blanked = _STRING.sub(b'""', data)
    return blanked.count(b",") + len(_NON_EMPTY_CONTAINER.findall(blanked))


def holds_too_many_items(data: bytes, max_items: int) -> bool:
    """Whether the text holds more values than ``max_items``: the cheap bound first."""
    upper_bound = data.count(b",") + _openers(data)
    return (
        len(data) > max_items and upper_bound > max_items and count_items_in_text(data) > max_items
    )


def _openers(data: bytes) -> int:
    return data.count(b"[") + data.count(b"{")


def _may_be_too_deep(data: bytes, limits: Limits) -> bool:
    # orjson itself refuses what nests deeper than the default, so only a lower limit counts.
    return limits.max_depth < DEFAULT_MAX_DEPTH and _openers(data) > limits.max_depth


def _depth_safe_length(limits: Limits) -> int:
    return 0 if limits.max_depth < DEFAULT_MAX_DEPTH else sys.maxsize


@rule(
    "J005",
    "too-deep",
    Severity.ERROR,
    triggers=(SYNTAX_PROBLEMS,),
    fast_path=LimitPreCheck(_may_be_too_deep, _depth_safe_length),
)
def too_deep(context: PayloadContext) -> Iterator[Violation]:
    """The payload nests deeper than the configured limit; envelint does not descend further.

    Bad: ``[[[[[[ ... ]]]]]]`` a thousand levels deep.

    Good: a response that nests a handful of levels.
    """
    yield from _problems(context, {"too-deep"}, "values nested too deeply")


@rule(
    "J006",
    "too-large",
    Severity.ERROR,
    fast_path=LimitPreCheck(
        lambda data, limits: len(data) > limits.max_size, lambda limits: limits.max_size
    ),
    role=OVERSIZED_BODY,
)
def too_large(context: PayloadContext) -> Iterator[Violation]:
    """The payload is larger than the configured limit (``--max-size``, default 256 MiB).

    It is not read at all, so a runaway capture cannot exhaust memory.

    Bad: a 2 GB response body saved by a proxy.

    Good: a response of the size the API promises.
    """
    size = len(context.payload.data)
    # A reader that stops at the limit keeps one byte more: "more than" is all that is known.
    if context.payload.truncated or size == context.max_size + 1:
        yield Violation(
            f"the payload holds more than {context.max_size:,} bytes, the limit; not read",
            span=Span(0, 0),
            hint="raise --max-size (or max-size in the configuration) to read it",
        )
    elif size > context.max_size:
        yield Violation(
            f"the payload is {size:,} bytes, over the limit of {context.max_size:,}; not read",
            span=Span(0, 0),
            hint="raise --max-size (or max-size in the configuration) to read it",
        )


def _may_hold_too_many_items(data: bytes, limits: Limits) -> bool:
    # items <= commas + non-empty containers, and each item takes a byte at least
    return len(data) > limits.max_items and data.count(b",") + _openers(data) > limits.max_items


@rule(
    "J007",
    "too-many-items",
    Severity.ERROR,
    triggers=(MANY_BYTES,),
    fast_path=LimitPreCheck(_may_hold_too_many_items, lambda limits: limits.max_items),
    role=TOO_MANY_VALUES,
)
def too_many_items(context: PayloadContext) -> Iterator[Violation]:
    """The payload holds more values than the limit (``--max-items``, default 50 million).

    Bad: an array of a hundred million numbers in one response.

    Good: a paginated response.
    """
    if len(context.payload.data) <= context.max_items:  # each value takes a byte at least
        return
    unread = context.value is UNKNOWN and not context.parsed.problems  # counted before reading
    items = count_items_in_text(context.payload.data) if unread else count_items(context.value)
    if items > context.max_items:
        yield Violation(
            f"the payload holds {items:,} values (array elements and object members), over the "
            f"limit of {context.max_items:,}",
            pointer="",
            hint="raise --max-items (or max-items in the configuration)",
        )


@rule(
    "J008",
    "unreadable-capture",
    Severity.ERROR,
    triggers=(UNREADABLE,),
    role=UNREADABLE_CAPTURE,
)
def unreadable_capture(context: PayloadContext) -> Iterator[Violation]:
    """A capture file could not be read as its format, so its payloads were not checked.

    A HAR or YAML file with a syntax error, a HAR file without ``log.entries``, a file that
    vanished or may not be read during the run. The other files are still checked and the
    report is still written.

    Bad: a HAR export cut short by a full disk (``{"log": {"entries": [ {"response": ``).

    Good: a complete HAR file.
    """
    if context.payload.unreadable:
        yield Violation(context.payload.unreadable, pointer=None)

"""Rules on the payload text: is it JSON, and JSON that every consumer reads the same way."""

from __future__ import annotations

from collections.abc import Iterator

from envelint.common.findings import Severity
from envelint.jsontext.model import Span
from envelint.rules.base import (
    MANY_BYTES,
    ODD_ENCODING,
    SYNTAX_PROBLEMS,
    PayloadContext,
    Violation,
    count_items,
    rule,
)

# Problem kinds of the lenient parser that other rules own.
_NOT_J001 = {"duplicate-key", "non-standard-number", "too-deep", "byte-order-mark"}


def _problems(context: PayloadContext, kinds: set[str]) -> Iterator[Violation]:
    for problem in context.parsed.problems:
        if problem.kind in kinds:
            yield Violation(problem.message, span=problem.span, hint=problem.hint)


@rule(
    "J001", "payload-not-json", Severity.ERROR, aliases=("not-json",), triggers=(SYNTAX_PROBLEMS,)
)
def payload_not_json(context: PayloadContext) -> Iterator[Violation]:
    """The payload is not JSON: every syntax problem, located and named.

    A placeholder where a value belongs, a trailing or missing comma, a comment, an unquoted key,
    a value without a key, single quotes, a line break inside a string, a truncated document,
    prose or HTTP lines before the body, several documents in one. After a problem whose intent is
    clear the check goes on, so one run reports all of a payload's problems, and the structure it
    could recover is still checked against the documentation.

    Bad::

        {"error": {"message": "", "code": XXX,""}}

    Good::

        {"error": {"message": "Invalid request.", "code": "Ecs.0005"}}
    """
    for problem in context.parsed.problems:
        if problem.kind not in _NOT_J001:
            yield Violation(problem.message, span=problem.span, hint=problem.hint)


@rule("J002", "duplicate-key", Severity.ERROR, triggers=(SYNTAX_PROBLEMS,))
def duplicate_key(context: PayloadContext) -> Iterator[Violation]:
    """An object has the same key twice: consumers disagree on which value counts.

    Bad::

        {"job_id": "a1", "job_id": "b2"}

    Good::

        {"job_id": "b2"}
    """
    yield from _problems(context, {"duplicate-key"})


@rule("J003", "non-standard-number", Severity.ERROR, triggers=(SYNTAX_PROBLEMS,))
def non_standard_number(context: PayloadContext) -> Iterator[Violation]:
    """NaN, Infinity and -Infinity are not JSON numbers, though some encoders write them.

    Bad::

        {"usage": NaN}

    Good::

        {"usage": null}
    """
    yield from _problems(context, {"non-standard-number"})


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


@rule("J005", "too-deep", Severity.ERROR, triggers=(SYNTAX_PROBLEMS,))
def too_deep(context: PayloadContext) -> Iterator[Violation]:
    """The payload nests deeper than the configured limit; envelint does not descend further.

    Bad: ``[[[[[[ ... ]]]]]]`` a thousand levels deep.

    Good: a response that nests a handful of levels.
    """
    yield from _problems(context, {"too-deep"})


@rule("J006", "too-large", Severity.ERROR)
def too_large(context: PayloadContext) -> Iterator[Violation]:
    """The payload is larger than the configured limit (``--max-size``, default 256 MiB).

    It is not read at all, so a runaway capture cannot exhaust memory.

    Bad: a 2 GB response body saved by a proxy.

    Good: a response of the size the API promises.
    """
    size = len(context.payload.data)
    if size > context.max_size:
        yield Violation(
            f"the payload is {size:,} bytes, over the limit of {context.max_size:,}; not read",
            span=Span(0, 0),
            hint="raise --max-size (or max-size in the configuration) to read it",
        )


@rule("J007", "too-many-items", Severity.ERROR, triggers=(MANY_BYTES,))
def too_many_items(context: PayloadContext) -> Iterator[Violation]:
    """The payload holds more values than the limit (``--max-items``, default 50 million).

    Bad: an array of a hundred million numbers in one response.

    Good: a paginated response.
    """
    if len(context.payload.data) <= context.max_items:  # each value takes a byte at least
        return
    items = count_items(context.value)
    if items > context.max_items:
        yield Violation(
            f"the payload holds {items:,} values (array elements and object members), over the "
            f"limit of {context.max_items:,}",
            pointer="",
            hint="raise --max-items (or max-items in the configuration)",
        )

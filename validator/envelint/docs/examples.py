"""The example responses of a documentation page, told apart from requests and other content.

An example response is a code block with no language (or ``text``/``json``), or a ``::`` literal
block, in an example or response section or after an "Example response", "Normal response",
"Abnormal response", "Or" or ``**Status code: N**`` marker. A status line or headers in front of
the body are stripped (their status kept), and a block holding only a status line hands its
status to the body in the next block (``STATUS CODE 200``, then ``::``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envelint.docs.model import CodeBlock, DocPage

EXAMPLE_LANGUAGES = {None, "", "text", "json", "javascript", "js", "none"}

_STATUS = re.compile(
    r"^\s*(?:\**\s*)?(?:HTTP/\d(?:\.\d)?\s+|status(?:\s+code)?\s*:?\s*)(\d{3})\b", re.IGNORECASE
)
_STATUS_ANYWHERE = re.compile(r"\bstatus(?:\s+code)?\s*:?\s*(\d{3})\b", re.IGNORECASE)
_HEADER = re.compile(r"^\s*[A-Za-z][A-Za-z0-9-]*\s*:\s*\S")
_RESPONSE_WORDS = re.compile(
    r"response|status code|returned|normal|abnormal|success|succeed|fail|error|exception|"
    r"^\s*or\s*:?\s*$|^\s*ok\s*$|created|accepted",
    re.IGNORECASE,
)
# "Example response", "Response example:", "Sample response": a label that settles it.
_LABELS_A_RESPONSE = re.compile(
    r"^\W*(?:(?:example|sample)\s+responses?|responses?\s+(?:example|sample)s?)\b", re.IGNORECASE
)
# "Example request", "Request example:", "Sample request", "Example 1": a request is shown.
_LABELS_A_REQUEST = re.compile(
    r"(?:example|sample)\s+requests?\b|^\s*requests?\b(?:\s+(?:example|sample))?|\bexample \d+\b",
    re.IGNORECASE,
)
_ABNORMAL_WORDS = re.compile(
    r"abnormal|\bfail|\berror|exception|not found|denied|invalid|forbidden|unauthori", re.IGNORECASE
)
_KEY_VALUE_LINE = re.compile(r"^\s*\"[^\"]+\"\s*:")


@dataclass(frozen=True)
class Example:
    """One documented example response, positioned in the page's source file."""

    text: str  # the body alone
    line: int  # the source line of the body's first line
    column: int  # the source column where the block's lines start
    kind: str  # "normal", "abnormal" or "status"
    status: int | None
    block_line: int  # the code block's first content line (for suppression comments)
    block_end_line: int


def find_examples(page: DocPage) -> list[Example]:
    examples: list[Example] = []
    carried_status: int | None = None
    carried_section: str | None = None
    for block in page.code_blocks:
        if block.language not in EXAMPLE_LANGUAGES or not _is_response_block(block):
            carried_status = None
            continue
        if carried_section != block.section:
            carried_status = None
        body_start, head_status = _split_head(block.text)
        body = "\n".join(block.text.splitlines()[body_start:])
        if not body.strip():
            carried_status, carried_section = head_status, block.section  # a status line alone
            continue
        if not _meant_as_json(body):
            carried_status = None
            continue
        status = head_status or carried_status or _status_in_context(block)
        carried_status = None
        kind = "status" if status else _kind_from_words(block)
        end_line = block.line + block.text.count("\n")
        examples.append(
            Example(body, block.line + body_start, block.column, kind, status, block.line, end_line)
        )
    return examples


def _is_response_block(block: CodeBlock) -> bool:
    near = block.context or ""
    section = block.section or ""
    labels = [text for text in block.contexts[:3] if len(text) <= 60]
    if any(_LABELS_A_RESPONSE.search(text) for text in labels):
        return True
    if _LABELS_A_REQUEST.search(near) and not _RESPONSE_WORDS.search(near):
        return False
    if re.search(r"response|returned", section, re.IGNORECASE):
        return True
    if _RESPONSE_WORDS.search(near):
        return True
    if "request" in section.lower():
        return False
    return bool(re.search(r"example|sample", section, re.IGNORECASE))


def _split_head(text: str) -> tuple[int, int | None]:
    """Status and header lines before the body: (the body's first line, the status)."""
    lines = text.splitlines()
    status = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped[0] in "{[":
            return index, status
        match = _STATUS.match(stripped)
        if match:
            status = int(match.group(1))
            continue
        if status is not None and _HEADER.match(stripped):
            continue
        return index, status
    return len(lines), status


def _meant_as_json(body: str) -> bool:
    """A body that starts like JSON, has a line that does (after prose, which J001 reports),
    or is mostly ``"key": value`` lines."""
    lines = [line for line in body.splitlines() if line.strip()]
    if any(line[:1] in ("{", "[") for line in lines) or body.lstrip()[:1] in ("{", "["):
        return True
    key_value_lines = sum(bool(_KEY_VALUE_LINE.match(line)) for line in lines)
    return bool(lines) and key_value_lines * 2 >= len(lines)


def _status_in_context(block: CodeBlock) -> int | None:
    for text in block.contexts:  # nearest first
        match = _STATUS_ANYWHERE.search(text)
        if match:
            return int(match.group(1))
    return None


def _kind_from_words(block: CodeBlock) -> str:
    return "abnormal" if _ABNORMAL_WORDS.search(block.context or "") else "normal"

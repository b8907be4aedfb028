"""Which response a table documents, read from the text around it.

The caption, then the paragraphs before the table in its section (nearest first), then the
titles of the sections holding it are tried in turn; the first that says something decides:
"Normal response" -> normal, "Abnormal response" -> abnormal, "Request ..." -> not a response.
A section titled for something else ("Request", "Example Responses") holds no response table.
A status marker ("Status code: 200") in the same section turns a response into status 200.
"""

from __future__ import annotations

import re

from envelint.docs import DocTable

TABLE_NUMBER = re.compile(r"^\s*table\s*\d+[.:]?\s*", re.IGNORECASE)
STATUS_MARKER = re.compile(
    r"^(?:http\s+)?status\s*code\s*[:：]?\s*(?P<code>[1-5]\d\d)\b[^.]{0,40}$", re.IGNORECASE
)
ABNORMAL = re.compile(
    r"\babnormal\b|\berror responses?\b|\bresponses?\b.*\b(?:fail|unsuccessful)|"
    r"\b(?:fail\w*|unsuccessful)\b.*\bresponses?\b",
    re.IGNORECASE,
)
RESPONSE = re.compile(r"\bresponses?\b|\boutput param", re.IGNORECASE)
HEADER_OR_EXAMPLE = re.compile(r"\bheaders?\b|\bexamples?\b", re.IGNORECASE)
NOT_BODY = re.compile(
    r"\brequest\b|\buri\b|\burl\b|\bpath param|\bquery param|\bstatus codes?\b|"
    r"\berror codes?\b|\bexamples?\b|\bpermission|\bchange history\b|\bheaders?\b",
    re.IGNORECASE,
)
NORMAL = re.compile(r"\breturned values?\b|\bsuccess", re.IGNORECASE)
STATUS_IN_CAPTION = re.compile(r"\bstatus\s*code\s*[:：]?\s*(?P<code>[1-5]\d\d)\b", re.IGNORECASE)

NORMAL_KIND = "normal"
ABNORMAL_KIND = "abnormal"
OTHER_KIND = "other"


def table_kind(table: DocTable) -> str | None:
    """ "normal", "abnormal", "status-200", ..., "other" (not a response body) or None (unsaid).

    A section about something else ("Request", "Example Responses", "Status Codes") holds no
    response table, whatever the paragraphs in it say."""
    if table.section and classify(table.section) == OTHER_KIND:
        return OTHER_KIND
    kind = next((found for found in map(classify, _texts(table)) if found is not None), None)
    if kind is None or kind == OTHER_KIND:
        return kind
    status = _status_in_section(table)
    return f"status-{status}" if status else kind


def classify(text: str) -> str | None:
    """One text -> "normal", "abnormal", "status-NNN", "other" (not a response), or None."""
    text = TABLE_NUMBER.sub("", text).strip()
    if not text:
        return None
    status = STATUS_MARKER.match(text)
    if status:
        return f"status-{status.group('code')}"
    if ABNORMAL.search(text):
        return ABNORMAL_KIND
    if RESPONSE.search(text) and not HEADER_OR_EXAMPLE.search(text):
        return NORMAL_KIND  # "Response parameters", even "Response to a successful request"
    if NOT_BODY.search(text):
        return OTHER_KIND
    if NORMAL.search(text):
        return NORMAL_KIND
    return None


def _texts(table: DocTable) -> list[str]:
    texts = [table.caption] if table.caption else []
    return texts + list(table.context)


def _status_in_section(table: DocTable) -> int | None:
    """The status code in the caption, or the status marker closest before the table within
    its section."""
    for text in (table.caption, table.heading):
        found = STATUS_IN_CAPTION.search(text) if text else None
        if found:
            return int(found.group("code"))
    for text in table.context:
        if text == table.section:
            return None
        match = STATUS_MARKER.match(TABLE_NUMBER.sub("", text).strip())
        if match:
            return int(match.group("code"))
    return None

"""The operation a page documents: method + URI template, from its URI section.

Two forms are read: ``POST /v1/{project_id}/cloudservers/action`` on one line, and the older
``PATH: /v3/auth/tokens`` with ``Method: POST`` beside it.
"""

from __future__ import annotations

import re

from envelint.catalog.store import Operation
from envelint.docs.model import Block

METHODS = "GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS"
REQUEST_LINE = re.compile(rf"^(?P<method>{METHODS})\s+(?P<uri>(?:https?://|/|\{{)\S*)")
PATH_FIELD = re.compile(r"\b(?:PATH|URI|URL)\s*:\s*(?P<uri>(?:https?://|/|\{)\S*)", re.IGNORECASE)
METHOD_FIELD = re.compile(rf"\bMethod\s*:\s*(?P<method>{METHODS})\b", re.IGNORECASE)
SCHEME_AND_HOST = re.compile(r"^(?:https?://[^/]+|\{[^}/]*\}(?=/))")
QUERY_EXPRESSION = re.compile(r"\{[?&][^}]*\}")  # RFC 6570: /servers{?limit,marker}
URI_SECTION = re.compile(r"\bURI\b|\bURL\b|request line", re.IGNORECASE)
EXAMPLE_SECTION = re.compile(r"example", re.IGNORECASE)


def find_operations(blocks: list[Block]) -> list[Operation]:
    """The operations in the URI section, else any stated before the examples."""
    in_uri: list[Operation] = []
    elsewhere: list[Operation] = []
    section = ""
    pending_method: str | None = None
    pending_uri: str | None = None
    for block in blocks:
        if block.kind == "section":
            section = block.text
            pending_method = pending_uri = None
            continue
        if EXAMPLE_SECTION.search(section):
            continue
        if block.kind == "code" and URI_SECTION.search(section):
            block_text = block.text.strip().split("\n", 1)[0]  # a request line set as code
        elif block.kind == "paragraph":
            block_text = block.text
        else:
            continue
        found = _request_line(block_text)
        if found is None:
            method = METHOD_FIELD.search(block_text)
            path = PATH_FIELD.search(block_text)
            pending_method = method.group("method").upper() if method else pending_method
            pending_uri = _template(path.group("uri")) if path else pending_uri
            if pending_method and pending_uri:
                found = Operation(pending_method, pending_uri)
                pending_method = pending_uri = None
        if found is not None:
            target = in_uri if URI_SECTION.search(section) else elsewhere
            if found not in target:
                target.append(found)
    return in_uri or elsewhere


def _request_line(text: str) -> Operation | None:
    match = REQUEST_LINE.match(text.strip())
    if not match:
        return None
    return Operation(match.group("method").upper(), _template(match.group("uri")))


def _template(uri: str) -> str:
    uri = SCHEME_AND_HOST.sub("", uri.rstrip(".,;"))
    uri = QUERY_EXPRESSION.sub("", uri).split("?", 1)[0]
    return uri or "/"

"""The request lines a page documents: method + URI template, from its URI section.

Three styles are read, each as the references write it:

- ``POST /v1/{project_id}/cloudservers/action`` on a line of its own (a paragraph, or a code
  block in the URI section); a page may list several (``/v2/`` and ``/v2.1/`` twins);
- the older ``PATH: /v3/auth/tokens`` with ``Method: POST`` beside it;
- an HTTP request set out in a syntax section (``Request Syntax``): ``PUT /?acl HTTP/1.1`` then
  ``Host:`` and the other headers. In such a message every value is a placeholder word
  (``Date: date``), and so is a path segment that names a resource (``/ObjectName``,
  ``/objectkey``): it becomes a template variable.

Example blocks (a section or list item called "Example") hold concrete URLs, not templates, and
are skipped.
"""

from __future__ import annotations

import re

from envelint.catalog.templates import parse_uri
from envelint.docs.model import Block, CodeBlock, RequestLine

METHODS = "GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS"
# A URI runs to the first space, except inside braces: "https://{Cloud Eye endpoint}/V1.0/...",
# "/v3/role_assignments{?role.id, user.id}" (an RFC 6570 query expression, as long as a list of
# names gets). Braces are bounded so that a line of unclosed braces costs linear time.
URI = r"(?:https?://|/|\{)(?:\{[?&][^}\n]{0,400}\}|\{[^}\n]{0,80}\}|\S)*"
REQUEST_LINE = re.compile(rf"(?:^|\s)(?P<method>{METHODS})\s+(?P<uri>{URI})")
HTTP_VERSION = re.compile(r"^\s+HTTP/\d(?:\.\d)?\s*$")
PATH_FIELD = re.compile(rf"\b(?:PATH|URI|URL)\s*:\s*(?P<uri>{URI})", re.IGNORECASE)
METHOD_FIELD = re.compile(rf"\bMethod\s*:\s*(?P<method>{METHODS})\b", re.IGNORECASE)
URI_SECTION = re.compile(r"\bURI\b|\bURL\b|\brequest line\b|\bsyntax\b", re.IGNORECASE)
EXAMPLE = re.compile(r"\bexamples?\b|\bsamples?\b", re.IGNORECASE)
# In an HTTP message's syntax, a path segment naming the resource is a placeholder.
PLACEHOLDER_SEGMENT = re.compile(r"^[A-Za-z][A-Za-z_-]*(?:name|key|id)$", re.IGNORECASE)


def find_request_lines(blocks: list[Block]) -> list[RequestLine]:
    """The request lines in the URI section, else any stated before the examples."""
    in_uri: list[RequestLine] = []
    elsewhere: list[RequestLine] = []
    section = ""
    pending_method: str | None = None
    pending_uri: tuple[str, int] | None = None
    for block in blocks:
        if block.kind == "section":
            section = block.text
            pending_method = pending_uri = None
            continue
        if EXAMPLE.search(section):
            continue
        found: list[RequestLine] = []
        if block.kind == "code" and block.code is not None:
            if URI_SECTION.search(section) and not _is_example(block.code):
                found = _code_request_line(block.code)
        elif block.kind == "paragraph":
            found = _paragraph_request_lines(block.text, block.line)
            if not found:
                method = METHOD_FIELD.search(block.text)
                path = PATH_FIELD.search(block.text)
                pending_method = method.group("method").upper() if method else pending_method
                pending_uri = (path.group("uri"), block.line) if path else pending_uri
                if pending_method and pending_uri:
                    found = [_request_line(pending_method, *pending_uri)]
                    pending_method = pending_uri = None
        target = in_uri if URI_SECTION.search(section) else elsewhere
        for line in found:
            if all((line.method, line.path) != (known.method, known.path) for known in target):
                target.append(line)
    return in_uri or elsewhere


def _paragraph_request_lines(text: str, line: int) -> list[RequestLine]:
    """``GET /v2/...``; a paragraph that opens with one may list more (lines run together)."""
    stripped = text.strip()
    first = REQUEST_LINE.match(stripped)
    if first is None or first.start("method") != 0:
        return []
    return [
        _request_line(match.group("method"), match.group("uri"), line)
        for match in REQUEST_LINE.finditer(stripped)
    ]


def _code_request_line(code: CodeBlock) -> list[RequestLine]:
    """The first line of a code block in the URI section; an HTTP message's request line."""
    lines = code.text.split("\n")
    offset = next((index for index, text in enumerate(lines) if text.strip()), None)
    if offset is None:
        return []
    text = lines[offset].strip()
    match = REQUEST_LINE.match(text)
    if match is None or match.start("method") != 0:
        return []
    rest = text[match.end() :]
    uri = match.group("uri")
    if HTTP_VERSION.match(rest):
        uri = _placeholders_as_variables(uri)
    return [_request_line(match.group("method"), uri, code.line + offset)]


def _placeholders_as_variables(uri: str) -> str:
    path, mark, query = uri.partition("?")
    segments = [
        f"{{{segment}}}" if PLACEHOLDER_SEGMENT.match(segment) else segment
        for segment in path.split("/")
    ]
    return "/".join(segments) + mark + query


def _request_line(method: str, uri: str, line: int) -> RequestLine:
    parsed = parse_uri(uri)
    return RequestLine(
        method=method.upper(),
        uri=uri.strip().rstrip(".,;:"),
        path=parsed.path,
        query=parsed.query,
        flags=parsed.flags,
        line=line,
    )


def _is_example(code: CodeBlock) -> bool:
    return any(EXAMPLE.search(text) for text in (code.context or "", *code.items))

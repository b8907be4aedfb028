"""The example responses of a documentation page, told apart from requests and other content.

An example response is a code block with no language (or ``text``/``json``), or a ``::`` literal
block, that the page's conventions announce as a response. What decides, the first that does:

1. the block itself: one that starts with a request line (``POST https://...``) is a request;
2. a status marker (``**Status code: 200**``) since the previous block: a response;
3. the block's own label, the nearest text before it, when it *names* an example ("Example
   response", "Normal response", "**Merge Patch request**"): by the word response or request.
   A status description ("Request submitted.", "Successful request.") names nothing, and
   neither does a label without either word ("Example 4", "Or");
4. the list items holding the block, innermost first, read as labels (``-  Example request``
   holding ``-  Creating a cluster`` and its block);
5. a sentence as the nearest text: "the following response", "example request", "request
   body";
6. the section title, when it says one of response and request and not the other;
7. the older texts of the section, nearest first, as labels, a status marker among them
   (``-  Example response``, a body, ``Or``, a second body); a status marker counts only when
   no table comes between it and the block: before a table it labels the table
   (``**Status code: 500**``, Table 5, then one ``Example response`` of the success body);
8. else the older fallback: words of a response outcome in the nearest text ("normal",
   "returned", "error"), or an example section.

Links' texts are not labels: they name other places. A status line or headers in front of the
body are stripped (their status kept), and a block holding only a status line hands its status
to the body in the next block (``STATUS CODE 200``, then ``::``). A head whose Content-Type is
not JSON (binary content, multipart) announces no JSON body.

One block may hold several bodies: after a body's brackets close, a caption line ending in
":" ("When option is set to password_regex:", "Token information stored in the response
header:"), a line "Or" alone (two alternative bodies), a status line or a header line starts a
new head, and the next body is an example of its own, with its own lines. Caption lines in a
head are stripped like headers.

On a page that documents no operation (a tutorial walking through calls, an overview of how
responses look), a ``//`` annotation at the end of a line, after a value (``"id": "0535...",
// Subnet ID``), is the writer's narration, not part of the body: it is blanked out (columns
kept) and not reported. On an operation's own page the example is the contract a client is
written from, and a comment in it is still a syntax problem (J001); so is an annotation
standing on a line of its own anywhere.

An example whose body is an error envelope (``{"error": {...}}``, or only ``error_code`` and
``error_msg``, ``errCode`` and ``errMsg``, or ``code`` and ``message`` with at most a
``request_id``) carries its top-level members in ``envelope``: lint reads it as an abnormal
response whatever label precedes it, unless the success table documents those members.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from envelint.docs.model import Block, CodeBlock, DocPage
from envelint.jsontext.lenient import parse_lenient

EXAMPLE_LANGUAGES = {None, "", "text", "json", "javascript", "js", "none"}
RESPONSE, REQUEST = "response", "request"

_STATUS = re.compile(
    r"^\s*(?:\**\s*)?(?:HTTP/\d(?:\.\d)?\s+|status(?:\s+code)?\s*:?\s*)(\d{3})\b", re.IGNORECASE
)
_STATUS_ANYWHERE = re.compile(r"\bstatus(?:\s+code)?\s*:?\s*(\d{3})\b", re.IGNORECASE)
_STATUS_MARKER = re.compile(r"^\W*status\s+codes?\s*:?\s*\d{3}\b", re.IGNORECASE)
_HEADER = re.compile(r"^\s*([A-Za-z][A-Za-z0-9-]*)\s*:\s*(\S.*)")
_REQUEST_LINE = re.compile(
    r"^\s*(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(?:https?://|/|\{)", re.IGNORECASE
)
# A whole line that is a request line, however the path is written, or a bare URL or path.
_REQUEST_HEAD = re.compile(
    r"^\s*(?:(?P<method>GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+)?"
    r"(?P<url>(?(method)(?:(?:https?://)?\{[^}\n]*\}\S*|[^\s{\[\"]\S*)(?:\s+/\S*)?|(?:https?:/)?/\S+))"
    r"(?:\s+HTTP/\d(?:\.\d)?)?\s*$",
    re.IGNORECASE,
)
# A label that names what it shows: "Example response 2", "Request example", "Normal response",
# "**Strategic Merge Patch request**" (a short one ending in the word).
_NAMES_AN_EXAMPLE = re.compile(
    r"^(?:[a-z0-9]{1,2}[.)]\s+)?(?:(?:an?|the)\s+(?:examples?|samples?)|examples?|samples?|responses?|requests?|"
    r"normal|abnormal|successful|success|failed|failure|errors?)\b",
    re.IGNORECASE,
)
_ENDS_IN_A_SIDE = re.compile(r"\b(?:request|response)s?\W*$", re.IGNORECASE)
_SIDE_WORD = re.compile(r"\b(request|response)s?\b", re.IGNORECASE)
# What a status code means, not a label: "Request submitted.", "Successful request."
_STATUS_DESCRIPTION = re.compile(
    r"\brequests?\s+(?:is\s+|was\s+|has\s+been\s+|have\s+been\s+)?"
    r"(?:succeeded|successful|submitted|failed|accepted|rejected|processed|completed|error)\b|"
    r"\b(?:successful|succeeded|failed|invalid|bad)\s+requests?\b|"
    r"\brequests?\s+for\b.*\b(?:submitted|succeeded|failed|accepted)\b",
    re.IGNORECASE,
)
_RESPONSE_SENTENCE = re.compile(
    r"\b(?:example|sample)\s+responses?\b|\bresponses?\s+(?:example|sample)s?\b|"
    r"\bfollowing\s+response\b|\bresponse(?:\s+body)?\s+is\s+(?:as\s+follows|displayed)\b",
    re.IGNORECASE,
)
_REQUEST_SENTENCE = re.compile(
    r"\b(?:example|sample)\s+requests?\b|\brequests?\s+(?:example|sample)s?\b|"
    r"\brequest\s+body\b",
    re.IGNORECASE,
)
_RESPONSE_TITLE = re.compile(r"\brespon|\breturned\b", re.IGNORECASE)
_REQUEST_TITLE = re.compile(r"\brequest", re.IGNORECASE)
_RESPONSE_WORDS = re.compile(
    r"response|status code|returned|normal|abnormal|success|succeed|fail|error|exception|"
    r"^\s*or\s*:?\s*$|^\s*ok\s*$|created|accepted",
    re.IGNORECASE,
)
_ABNORMAL_WORDS = re.compile(
    r"abnormal|\bfail|\berror|exception|not found|denied|invalid|forbidden|unauthori", re.IGNORECASE
)
_KEY_VALUE_LINE = re.compile(r"^\s*\"[^\"]+\"\s*:")
# A prose caption closing a head: "When option is set to password_regex:", "Token information
# stored in the response header:" (not a member, not a bracket, a word in it).
_CAPTION = re.compile(r"^[^\"'{}\[\]/].*[A-Za-z].*:$")
_CAPTION_WORDS = 16
# A line "Or" (any case) between two bodies: the second is an alternative, an example of its own.
_OR_LINE = re.compile(r"^or$", re.IGNORECASE)
# The members an error body holds alone: an error code and its message, in each spelling.
_ERROR_PAIRS = (
    frozenset({"error_code", "error_msg"}),
    frozenset({"errCode", "errMsg"}),
    frozenset({"code", "message"}),
)
_ERROR_EXTRAS = frozenset({"request_id"})
# "[4572 Bytes object content]": a note in brackets where a body that is not text would be.
_BRACKETED_NOTE = re.compile(
    r"^\[(?!\s*(?:true|false|null)\s*\])\s*[\w .:;()/-]*[A-Za-z]{2}[\w .:;()/-]*\]\s*$"
)


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
    envelope: tuple[str, ...] = ()  # the top-level members, when the body is an error envelope
    side: str = RESPONSE  # REQUEST for an example request's body
    method: str | None = None  # an example request's request line, where it has one
    url: str | None = None
    label: str = ""  # an example request's caption: its list items and the text before it


# What an example request block holds. Only a JSON body is checked as one; every other kind is
# a reason it is not (its request line's parameters are checked all the same).
JSON_BODY = "JSON body"
NO_BODY = "no body (a request line and headers alone)"
SHELL_COMMAND = "a shell command (curl)"
XML_BODY = "an XML body"
PROGRAM_CODE = "program code (an SDK or signing example)"
OTHER_MEDIA = "a body of another media type (its Content-Type is not JSON)"
NOT_JSON_TEXT = "text that does not open like JSON (a form, a binary-content note)"
SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "console", "curl", "powershell", "zsh", "bat"})
XML_LANGUAGES = frozenset({"xml", "html"})
_SHELL_LINE = re.compile(r"^\s*(?:\$\s+)?curl\b", re.IGNORECASE)
_CURL_METHOD = re.compile(r"(?:\s-X\s*|\s--request[\s=]+)['\"]?([A-Za-z]+)")
_CURL_URL = re.compile(r"(https?://[^\s'\"]+)")
_CURL_DATA = re.compile(r"\s(?:-d|--data(?:-raw|-binary)?|--json)[\s=]")


@dataclass(frozen=True)
class RequestBlock:
    """A code block the page's conventions call an example request, and what it holds."""

    block: CodeBlock
    holds: str  # JSON_BODY, or what else it holds (NO_BODY, SHELL_COMMAND, ...)
    method: str | None  # its leading request line's, where it has one
    url: str | None
    line: int  # the source line of its leading request line (else of its first line)
    column: int
    label: str = ""  # the list items holding it and the text just before it


def request_blocks(page: DocPage) -> list[RequestBlock]:
    """Every code block of the page, in any language, that the same conventions as for
    responses tell to be an example request (``side_of``), with what it holds."""
    found: list[RequestBlock] = []
    surroundings = _surroundings(page)
    for block in page.code_blocks:
        around = surroundings.get(id(block)) or _Surroundings.of_block_alone(block)
        if side_of(block, around) != REQUEST:
            continue
        lines = block.text.splitlines()
        at, method, url = _chosen_request_line(lines)
        indent = len(lines[at]) - len(lines[at].lstrip()) if lines else 0
        holds = _what_a_request_holds(block, lines)
        label = " ".join([*around.items, *around.fresh[:1]])
        found.append(
            RequestBlock(block, holds, method, url, block.line + at, block.column + indent, label)
        )
    return found


def _chosen_request_line(lines: list[str]) -> tuple[int, str | None, str | None]:
    """(index, method, URL) of the block's request line: of its leading request lines (ECS
    writes a ``/v2/`` and a ``/v2.1/`` line; LTS a ``DELETE https://...`` line, then the path
    with its query), the one with the longest query, the method of the first that has one.
    The first non-blank line, with no method or URL, when the block opens with none."""
    first = next((index for index, line in enumerate(lines) if line.strip()), 0)
    heads: list[tuple[int, str | None, str]] = []
    for index in range(first, len(lines)):
        stripped = lines[index].strip()
        if not stripped or (heads and _HEADER.match(stripped)):
            continue
        method, url = _request_target(stripped)
        if url is None:
            break
        heads.append((index, method, url))
    if not heads:
        return (first, *_curl_target("\n".join(lines[first:])))
    method = next((head[1] for head in heads if head[1]), None)
    index, _, url = max(heads, key=lambda head: len(head[2].partition("?")[2]))
    return index, method, url


def _curl_target(text: str) -> tuple[str | None, str | None]:
    """The method and URL of a ``curl`` command (``-X HEAD https://...``; without ``-X``, GET,
    or POST when it sends data); (None, None) for anything else."""
    if not _SHELL_LINE.match(text):
        return None, None
    url = _CURL_URL.search(text)
    if url is None:
        return None, None
    method = _CURL_METHOD.search(text)
    if method is not None:
        return method.group(1).upper(), url.group(1)
    return ("POST" if _CURL_DATA.search(text) else "GET"), url.group(1)


def _what_a_request_holds(block: CodeBlock, lines: list[str]) -> str:
    language = (block.language or "").lower()
    first = _first_line(block.text)
    if language in SHELL_LANGUAGES or _SHELL_LINE.match(first):
        return SHELL_COMMAND
    if language in XML_LANGUAGES or first.lstrip().startswith("<"):
        return XML_BODY
    if block.language not in EXAMPLE_LANGUAGES:
        return PROGRAM_CODE
    body_lines = _without_request_head(lines)
    if _split_bodies(body_lines):
        return JSON_BODY
    head = _split_head(body_lines, 0)
    rest = [line for line in body_lines[head.body_start :] if line.strip()]
    if not rest:
        return NO_BODY
    if rest[0].lstrip().startswith("<"):
        return XML_BODY
    return NOT_JSON_TEXT if head.says_json else OTHER_MEDIA


def find_request_examples(page: DocPage, blocks: list[RequestBlock] | None = None) -> list[Example]:
    """The JSON bodies of the page's example requests: blocks the same conventions tell to be
    requests, after their request line and header lines (``POST https://...``,
    ``Content-Type: application/json``). A block with no JSON body (a GET line alone, a shell
    command, XML) gives none (``request_blocks`` says what it holds). Only an operation's own
    page has example requests of its own: a guide's or tutorial's code (Java signing demos,
    walk-throughs) is not checked."""
    examples: list[Example] = []
    if not page.request_lines:
        return examples
    for found in request_blocks(page) if blocks is None else blocks:
        if found.holds != JSON_BODY:
            continue
        block = found.block
        lines = _without_request_head(block.text.splitlines())
        end_line = block.line + block.text.count("\n")
        for part in _split_bodies(lines):
            body = "\n".join(lines[part.start : part.end])
            examples.append(
                Example(
                    body,
                    block.line + part.start,
                    block.column,
                    "normal",
                    None,
                    block.line,
                    end_line,
                    side=REQUEST,
                    method=found.method,
                    url=found.url,
                    label=found.label,
                )
            )
    return examples


def _request_target(text: str) -> tuple[str | None, str | None]:
    """The method and URL of the block's leading request line (a bare URL: no method)."""
    found = _REQUEST_HEAD.match(_first_line(text))
    if found is None:
        return None, None
    method = found.group("method")
    url = re.sub(r"\s+", "", found.group("url"))  # "https://{Endpoint} /v1.0/...": one URL
    return (method.upper() if method else None), url


def _without_request_head(lines: list[str]) -> list[str]:
    """The lines with a leading request line (``POST https://...``, ``POST v2/...``, or a bare
    URL or path), the header lines after it and further request lines (ECS gives a ``/v2/`` and a
    ``/v2.1/`` line) blanked, numbering kept: what follows is the body."""
    blanked = list(lines)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not _REQUEST_HEAD.match(lines[first]):
        return blanked
    blanked[first] = ""
    for index in range(first + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped and not _HEADER.match(stripped) and not _REQUEST_HEAD.match(stripped):
            break
        blanked[index] = ""
    return blanked


def find_examples(page: DocPage) -> list[Example]:
    examples: list[Example] = []
    carried_status: int | None = None
    carried_section: str | None = None
    surroundings = _surroundings(page)
    narrated = page.operation is None  # a tutorial or an overview, not a reference page
    for block in page.code_blocks:
        around = surroundings.get(id(block)) or _Surroundings.of_block_alone(block)
        if block.language not in EXAMPLE_LANGUAGES or side_of(block, around) != RESPONSE:
            carried_status = None
            continue
        if carried_section != block.section:
            carried_status = None
        lines = block.text.splitlines()
        parts = _split_bodies(lines)
        if not parts:
            head = _split_head(lines, 0)
            alone = not any(line.strip() for line in lines[head.body_start :])
            if alone and head.says_json:  # a status line alone
                carried_status, carried_section = head.status, block.section
            else:
                carried_status = None
            continue
        block_status = carried_status or _status_in_context(block)
        carried_status = None
        end_line = block.line + block.text.count("\n")
        for part in parts:
            body = "\n".join(lines[part.start : part.end])
            if narrated:
                body = _without_annotations(lines[part.start : part.end])
            status = part.status or block_status
            kind = "status" if status else _kind_from_words(block)
            examples.append(
                Example(
                    body,
                    block.line + part.start,
                    block.column,
                    kind,
                    status,
                    block.line,
                    end_line,
                    error_envelope(body),
                )
            )
    return examples


# -- response or request -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Surroundings:
    """What stands around a code block, as a reader of the page sees it."""

    fresh: tuple[str, ...]  # texts since the previous block of its section, nearest first
    older: tuple[str, ...]  # the section's texts before that, nearest first
    items: tuple[str, ...]  # the list items holding the block, innermost first
    section: str

    @classmethod
    def of_block_alone(cls, block: CodeBlock) -> _Surroundings:
        return cls(tuple(block.contexts), (), tuple(block.items), block.section or "")


def _surroundings(page: DocPage) -> dict[int, _Surroundings]:
    """Per code block (by identity), the texts around it, read in the page's order."""
    found: dict[int, _Surroundings] = {}
    fresh: list[str] = []  # in reading order
    older: list[str] = []
    for block in page.blocks:
        if block.kind == "section":
            fresh, older = [], []
        elif block.kind == "paragraph" and block.text:
            fresh.append(_without_links(block))
        elif block.code is not None:
            code = block.code
            found[id(code)] = _Surroundings(
                tuple(reversed(fresh)),
                tuple(reversed(older)),
                tuple(code.items),
                code.section or "",
            )
            older, fresh = older + fresh, []
    return found


def _without_links(block: Block) -> str:
    """A link's text names another place ("see Example response"), not this block."""
    text = block.text
    for link in block.links:
        if link.text:
            text = text.replace(link.text, " ")
    return text.strip()


def side_of(block: CodeBlock, around: _Surroundings) -> str | None:
    """ "response", "request" or None (neither: code, a policy, a model), in the order the
    module's docstring gives."""
    if _REQUEST_LINE.match(_first_line(block.text)):
        return REQUEST
    if any(_STATUS_MARKER.match(text) for text in around.fresh):
        return RESPONSE
    nearest = around.fresh[0] if around.fresh else ""
    side = _named_side(nearest) or _first_named_side(around.items) or _sentence_side(nearest)
    side = side or title_side(around.section)
    side = side or _older_side((*around.fresh[1:], *around.older))
    if side:
        return side
    if _RESPONSE_WORDS.search(nearest) or re.search("example|sample", around.section, re.I):
        return RESPONSE
    return None


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def _named_side(label: str) -> str | None:
    """The side a label names, when it names an example at all."""
    words = len(label.split())
    names = (words <= 12 and _NAMES_AN_EXAMPLE.match(label)) or (
        words <= 8 and _ENDS_IN_A_SIDE.search(label)
    )
    if not names or _STATUS_DESCRIPTION.search(label):
        return None
    match = _SIDE_WORD.search(label)
    return match.group(1).lower() if match else None


def _first_named_side(labels: tuple[str, ...]) -> str | None:
    return next((side for side in map(_named_side, labels) if side), None)


def _sentence_side(text: str) -> str | None:
    response = _RESPONSE_SENTENCE.search(text)
    request = _REQUEST_SENTENCE.search(text)
    if response and (not request or response.start() < request.start()):
        return RESPONSE
    return REQUEST if request else None


def title_side(title: str) -> str | None:
    """The side a section title names: "Request Message" -> request, "Response Parameter",
    "Returned Values" -> response; one naming both or neither -> None."""
    response, request = _RESPONSE_TITLE.search(title), _REQUEST_TITLE.search(title)
    if response and not request:
        return RESPONSE
    return REQUEST if request and not response else None


def _older_side(texts: tuple[str, ...]) -> str | None:
    for text in texts:
        if _STATUS_MARKER.match(text):
            return RESPONSE
        side = _named_side(text)
        if side:
            return side
    return None


# -- the body ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Head:
    body_start: int  # the body's first line in the block
    status: int | None
    says_json: bool  # False when a Content-Type header names something else


@dataclass(frozen=True)
class _Part:
    start: int  # the body's first and past-last lines in the block
    end: int
    status: int | None


def _split_bodies(lines: list[str]) -> list[_Part]:
    """The JSON bodies of a block, each after its own head (status, headers, captions)."""
    parts: list[_Part] = []
    index = 0
    while index < len(lines):
        head = _split_head(lines, index, after_body=bool(parts))
        body = lines[head.body_start :]
        if not any(line.strip() for line in body) or not head.says_json:
            break
        end = _body_end(lines, head.body_start)
        if not parts and not _meant_as_json("\n".join(lines[head.body_start : end])):
            break
        parts.append(_Part(head.body_start, end, head.status))
        index = end
    return parts


def _split_head(lines: list[str], start: int, after_body: bool = False) -> _Head:
    """Status, header and caption lines before the body."""
    status = None
    content_type = None
    announced = after_body  # a caption or an earlier body: header lines may follow
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if not stripped:
            continue
        if stripped[0] in "{[":
            return _Head(index, status, _is_json_type(content_type))
        match = _STATUS.match(stripped)
        if match:
            status = int(match.group(1))
            continue
        if _is_caption(stripped):
            announced = True
            continue
        header = _HEADER.match(stripped) if status is not None or announced else None
        if header:
            if header.group(1).lower() == "content-type":
                content_type = header.group(2)
            continue
        return _Head(index, status, _is_json_type(content_type))
    return _Head(len(lines), status, _is_json_type(content_type))


def _is_caption(line: str) -> bool:
    return (bool(_CAPTION.match(line)) and len(line.split()) <= _CAPTION_WORDS) or bool(
        _OR_LINE.match(line)
    )


def _starts_a_head(line: str) -> bool:
    """A caption, a status line, or an HTTP header line (a hyphenated name: ``X-Frame-Options``);
    "Note: ..." after a body is text after the document, not a head."""
    stripped = line.strip()
    header = _HEADER.match(stripped)
    return bool(
        _STATUS.match(stripped) or _is_caption(stripped) or (header and "-" in header.group(1))
    )


def _body_end(lines: list[str], start: int) -> int:
    """The line after a body: where, once its brackets have closed, a head line comes (a
    caption, a status or a header line); else the end of the block. A body whose brackets
    never close runs to the end, and what follows it is its syntax problem."""
    depth, opened = 0, False
    for index in range(start, len(lines)):
        if opened and depth <= 0 and _starts_a_head(lines[index]):
            return index
        for char in _code_of(lines[index]):
            if char in "{[":
                depth, opened = depth + 1, True
            elif char in "}]":
                depth -= 1
    return len(lines)


def _code_of(line: str) -> str:
    """The line's characters outside strings (a string ends at the line's end)."""
    kept, in_string, escaped = [], False, False
    for char in line:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        else:
            kept.append(char)
    return "".join(kept)


def _without_annotations(lines: list[str]) -> str:
    """The body with each end-of-line ``//`` annotation after a value blanked out."""
    return "\n".join(_blank_annotation(line) for line in lines)


def _blank_annotation(line: str) -> str:
    in_string, escaped = False, False
    for index, char in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "/" and line.startswith("//", index):
            before = line[:index].rstrip()
            if before and before[-1] in ',"]}' or before[-1:].isalnum():
                return line[:index] + " " * (len(line) - index)
            return line
    return line


def error_envelope(body: str) -> tuple[str, ...]:
    """The body's top-level members when it is an error envelope, else ()."""
    try:
        value = json.loads(body)
    except ValueError:
        value = parse_lenient(body, max_problems=10).value
    if not isinstance(value, dict) or not value:
        return ()
    members = frozenset(value)
    if members - _ERROR_EXTRAS == {"error"} and isinstance(value["error"], dict):
        return tuple(sorted(members))
    if any(pair <= members <= pair | _ERROR_EXTRAS for pair in _ERROR_PAIRS):
        return tuple(sorted(members))
    return ()


def _is_json_type(content_type: str | None) -> bool:
    return content_type is None or "json" in content_type.lower()


def _meant_as_json(body: str) -> bool:
    """A body that starts like JSON, has a line that does (after prose, which J001 reports),
    or is mostly ``"key": value`` lines. A bracketed note (``[4572 Bytes object content]``)
    does not start JSON."""
    lines = [line for line in body.splitlines() if line.strip()]
    if any(_opens_json(line) for line in lines) or _opens_json(body.lstrip()):
        return True
    key_value_lines = sum(bool(_KEY_VALUE_LINE.match(line)) for line in lines)
    return bool(lines) and key_value_lines * 2 >= len(lines)


def _opens_json(text: str) -> bool:
    start = text[:1]
    return start == "{" or (start == "[" and not _BRACKETED_NOTE.match(text.split("\n", 1)[0]))


def _status_in_context(block: CodeBlock) -> int | None:
    """A status stated in the texts since the last table: a status marker before a table
    ("**Status code: 500**", Table 5) labels that table, not an example after it."""
    for text in block.contexts[: block.contexts_since_table]:  # nearest first
        match = _STATUS_ANYWHERE.search(text)
        if match:
            return int(match.group(1))
    return None


def _kind_from_words(block: CodeBlock) -> str:
    return "abnormal" if _ABNORMAL_WORDS.search(block.context or "") else "normal"

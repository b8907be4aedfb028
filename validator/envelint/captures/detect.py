"""Recognising the format of a capture: forced, else by extension, else by its first bytes.

Formats: ``json`` (one body), ``jsonl`` (one body a line), ``yaml`` (one body a document),
``har`` (HTTP Archive 1.2) and ``http`` (raw HTTP responses, ``curl -i`` / ``curl -v`` output).
A ``.json`` file is still sniffed, because a HAR export is often saved as ``.json``; a ``.txt``
file (or standard input, or any other name) is recognised by content alone.
"""

from __future__ import annotations

import re

from envelint.captures.formats import EXTENSIONS, FORMATS
from envelint.common.errors import EnvelintError
from envelint.common.paths import STDIN, suffix_of

SNIFF_SIZE = 8192

_HAR_START = re.compile(rb'\A\s*\{\s*"log"\s*:\s*\{')
_HAR_FIELDS = (b'"entries"', b'"creator"', b'"version"')
_STATUS_LINE = re.compile(rb"\AHTTP/\d(?:\.\d)?[ \t]+\d{3}\b")
_REQUEST_LINE = re.compile(rb"\A[A-Z]+[ \t]+\S+[ \t]+HTTP/\d(?:\.\d)?\s*\Z")
_CURL_VERBOSE = re.compile(rb"^(?:< HTTP/\d|> [A-Z]+ \S+ HTTP/\d)", re.MULTILINE)
_CURL_INFO = re.compile(rb"\A(?:\* |\{ \[|\} \[)")
_YAML_START = re.compile(rb"\A(?:---|%YAML|%TAG)")
_YAML_KEY = re.compile(rb"\A(?:-[ \t]+)?[\"']?[A-Za-z_][\w .-]*[\"']?[ \t]*:(?:[ \t]|\Z)")
_JSON_LINE = re.compile(rb"\A[ \t]*[\[{].*[\]}][ \t]*\Z")


def detect_format(path: str, head: bytes, forced: str | None = None) -> str:
    """The format of the capture at ``path`` whose first bytes are ``head``."""
    if forced is not None:
        name = forced.lower()
        if name not in FORMATS:
            raise EnvelintError(
                f"unknown input format {forced!r} (choose from {', '.join(FORMATS)})"
            )
        return name
    by_extension = EXTENSIONS.get(suffix_of(path)) if path != STDIN else None
    if by_extension == "json":
        return json_file_format(head)
    if by_extension is not None:
        return by_extension
    return sniff(head)


def json_file_format(head: bytes) -> str:
    """What a file named ``.json`` holds: a HAR export (often saved so) or one JSON body."""
    return "har" if looks_like_har(head) else "json"


def sniff(head: bytes) -> str:
    """The format that the first bytes of a capture suggest; ``json`` when nothing else fits."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if looks_like_har(head):
        return "har"
    lines = [line.rstrip(b"\r") for line in head.split(b"\n")]
    meaningful = [line for line in lines if line.strip()]
    if not meaningful:
        return "json"
    first = meaningful[0].lstrip()
    if _STATUS_LINE.match(first) or _REQUEST_LINE.match(first) or _CURL_INFO.match(first):
        return "http"
    if _CURL_VERBOSE.search(head):  # curl -v output may open with a note of its own
        return "http"
    if _looks_like_jsonl(lines, whole_file=len(head) < SNIFF_SIZE):
        return "jsonl"
    if first[:1] in (b"{", b"[", b'"'):
        return "json"
    if _YAML_START.match(first) or first.startswith(b"#") or _YAML_KEY.match(first):
        return "yaml"
    return "json"


def looks_like_har(head: bytes) -> bool:
    """A JSON object whose first member is ``"log": {...}`` with a HAR field in sight."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    return bool(_HAR_START.match(head)) and any(field in head for field in _HAR_FIELDS)


def _looks_like_jsonl(lines: list[bytes], whole_file: bool) -> bool:
    """Two or more lines that each open and close a JSON object or array by themselves.

    Unless the head is the whole file, its last line may be cut short, so it does not count.
    """
    complete = [line for line in (lines if whole_file else lines[:-1]) if line.strip()]
    if len(complete) < 2:
        return False
    return sum(1 for line in complete[:20] if _JSON_LINE.match(line)) >= 2 and bool(
        _JSON_LINE.match(complete[0])
    )

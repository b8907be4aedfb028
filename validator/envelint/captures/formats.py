"""The capture formats envelint reads: one row each, the one place a new reader is registered.

A reader is a module of this package with ``read(source: str, data: bytes) -> Iterator[Payload]``;
it is imported only when a capture of its format is read (yaml, for one, costs start-up time).
Recognising a format by content, for a name without a known extension, is ``detect.sniff``'s.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CaptureFormat:
    name: str  # what --input-format takes
    reader: str  # the reader module under envelint.captures
    extensions: tuple[str, ...]  # lower case, with the dot


CAPTURE_FORMATS = (
    CaptureFormat("json", "json_file", (".json",)),
    CaptureFormat("jsonl", "jsonl_file", (".jsonl", ".ndjson")),
    CaptureFormat("yaml", "yaml_file", (".yaml", ".yml")),
    CaptureFormat("har", "har_file", (".har",)),
    CaptureFormat("http", "http_file", (".http",)),
)

FORMATS = tuple(capture_format.name for capture_format in CAPTURE_FORMATS)
EXTENSIONS = {
    extension: capture_format.name
    for capture_format in CAPTURE_FORMATS
    for extension in capture_format.extensions
}
READERS = {capture_format.name: capture_format.reader for capture_format in CAPTURE_FORMATS}

# Names that hold captures of any format, recognised by content (``detect.sniff``): ``curl -i``
# and ``curl -v`` output is often saved as ``.txt``. A folder walk takes them as a named file is
# taken: one rule for both.
SNIFFED_EXTENSIONS = (".txt",)

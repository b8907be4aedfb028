"""Count, per reference, the operation pages that document a request body in a table, and the
request body schemas envelint derives for them.

The pages are counted from the raw files, without envelint's reader: a page with a method line
outside example sections (``count_operation_pages.method_lines``) whose method sends a body
(not GET or HEAD), and a ``.. table::`` whose caption calls it the request's parameters or body
("Request parameters", "Request body parameters", "Parameters in the request") without naming
a header, the URI, the path or the query; a table in a section titled "Request..." whose
caption is a generic "Parameter description"; or a table right after a label line that says
so ("-  Parameters in the request body"). The schemas come from ``derive_cached``: the
operations whose ``request.body`` names one. Pages on which the two disagree are listed.

    .venv/bin/python tools/count_request_tables.py [--corpus DIR] [--details]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from count_operation_pages import (  # noqa: E402
    DEFAULT_CORPUS,
    UNDERLINE,
    method_lines,
    reference_sources,
)

TABLE = re.compile(r"^\s*\.\. table::\s*(?:\*\*Table\s*\d+\*\*)?\s*(?P<caption>.*)$")
REQUEST_CAPTION = re.compile(
    r"\brequests?\b.*\b(?:param\w*|body|elements?|fields?)\b|\b(?:param\w*|body|elements?) "
    r"(?:in|of) (?:the )?requests?\b",
    re.IGNORECASE,
)
GENERIC_CAPTION = re.compile(r"^(?:parameters?(?: descriptions?)?|parameter description)$", re.I)
NOT_BODY = re.compile(r"\bheaders?\b|\buri\b|\burl\b|\bpath\b|\bquery\b|\bresponses?\b", re.I)
HEADER_ROW = re.compile(r"^\s*\|?\s*(?:Parameter|Name|Element|Field|Attribute)\b")
REQUEST_SECTION = re.compile(
    r"^requests?(?: (?:parameters?|elements?|body|message))?$", re.IGNORECASE
)
EXAMPLE_SECTION = re.compile(r"\bexamples?\b|\bsamples?\b", re.IGNORECASE)
BODY_METHOD = re.compile(
    r"^(?:[-*]\s+)?(?:POST|PUT|PATCH|DELETE)\b|Method\s*:\s*(?:POST|PUT|PATCH|DELETE)"
)
TABLE_START = re.compile(r"^\s*(?:\+[-=+]+\+|=+(?:\s+=+)+)\s*$")  # a grid or simple table
LABEL = re.compile(r"^\s*(?:[-*]\s+)?(?P<text>[^.:`|+=][^|]*?)\s*:?\s*$")


def has_body_method(text: str) -> bool:
    lines = text.split("\n")
    return any(
        BODY_METHOD.match(lines[found.line - 1].strip())
        for found in method_lines(text)
        if not EXAMPLE_SECTION.search(found.section)
    )


def has_request_body_table(text: str) -> bool:
    """A captioned table, or a table right after a label line ("-  Parameters in the request
    body"), that the words call the request's body."""
    lines = text.split("\n")
    section = ""
    for number, raw in enumerate(lines):
        if _labels_a_body_table(lines, number) or _bare_table_in_request(lines, number, section):
            return True
        following = lines[number + 1] if number + 1 < len(lines) else ""
        stripped = raw.strip()
        if stripped and UNDERLINE.match(following) and len(following.strip()) >= len(stripped):
            section = stripped
            continue
        table = TABLE.match(raw)
        if table is None:
            continue
        caption = table.group("caption").strip()
        if NOT_BODY.search(caption):
            continue
        if REQUEST_CAPTION.search(caption):
            return True
        if _in_request_section(section) and GENERIC_CAPTION.match(caption):
            return True
    return False


def _in_request_section(section: str) -> bool:
    """ "Request", "Request Parameters", "Request Elements": not its headers or syntax."""
    return bool(REQUEST_SECTION.match(section))


def _bare_table_in_request(lines: list[str], number: int, section: str) -> bool:
    """A table with no caption that starts in a request section: a border followed by the
    header row, after a line that is neither a caption nor a label naming the headers."""
    if not _in_request_section(section) or not TABLE_START.match(lines[number]):
        return False
    after = next((line for line in lines[number + 1 :] if line.strip()), "")
    if not HEADER_ROW.match(after):
        return False
    before = next((line for line in reversed(lines[:number]) if line.strip()), "")
    if TABLE_START.match(before) or before.lstrip().startswith(("|", ".. table::")):
        return False
    return not NOT_BODY.search(before)  # "-  Parameters in the request header"


def _labels_a_body_table(lines: list[str], number: int) -> bool:
    label = LABEL.match(lines[number])
    if label is None or NOT_BODY.search(label.group("text")):
        return False
    if not REQUEST_CAPTION.search(label.group("text")):
        return False
    following = [line for line in lines[number + 1 : number + 4] if line.strip()]
    return bool(following) and bool(
        TABLE_START.match(following[0]) or following[0].lstrip().startswith(".. table::")
    )


@dataclass
class ReferenceCount:
    name: str
    with_table: int
    derived: int
    only_counted: list[str]
    only_derived: list[str]


def count_reference(name: str, source: Path) -> ReferenceCount:
    from envelint.derive.cache import derive_cached

    counted = set()
    for path in sorted(source.rglob("*.rst")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if has_body_method(text) and has_request_body_table(text):
            counted.add(path.relative_to(source).as_posix())
    derived = derive_cached([str(source)])
    with_body = {
        Path(operation.page).resolve().relative_to(source.resolve()).as_posix()
        for operation in derived.operations
        if operation.page and operation.request is not None and operation.request.body
    }
    return ReferenceCount(
        name=name,
        with_table=len(counted),
        derived=len(counted & with_body),
        only_counted=sorted(counted - with_body),
        only_derived=sorted(with_body - counted),
    )


def table(counts: list[ReferenceCount]) -> str:
    rows = [
        "| reference | pages with a request body table | with a request body schema | % "
        "| schema, table not counted |",
        "|---|---:|---:|---:|---:|",
    ]
    for count in counts:
        rows.append(
            f"| {count.name} | {count.with_table} | {count.derived} | "
            f"{_percent(count.derived, count.with_table)} | {len(count.only_derived)} |"
        )
    found = sum(count.with_table for count in counts)
    derived = sum(count.derived for count in counts)
    extra = sum(len(count.only_derived) for count in counts)
    rows.append(f"| **all** | {found} | {derived} | {_percent(derived, found)} | {extra} |")
    return "\n".join(rows)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--details", action="store_true")
    arguments = parser.parse_args()
    if not arguments.corpus.is_dir():
        print(f"{arguments.corpus}: no such folder", file=sys.stderr)
        return 2
    sources = reference_sources(arguments.corpus)
    counts = [count_reference(name, source) for name, source in sources]
    print(table(counts))
    if arguments.details:
        print()
        for count in counts:
            for page in count.only_counted:
                print(f"{count.name}: request body table, no schema: {page}")
            for page in count.only_derived:
                print(f"{count.name}: schema, table not counted: {page}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

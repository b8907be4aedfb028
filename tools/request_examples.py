"""List every example request block of the corpus's references: checked by ``envelint lint``
(and how), or not and why, with an independent count of the blocks on the raw text.

The list comes from envelint's own decisions: ``docs.examples.request_blocks`` (every code block,
in any language, that the page's conventions call an example request, and what it holds) and
``pipeline.lint.request_verdict`` (what ``lint`` checks of it: the JSON body against the request
body schema, its syntax only, the request line's path and query parameters, or nothing and the
reason). The raw count does not use envelint's reader: a code block (``.. code-block::``,
``.. code::``, or a ``::`` paragraph) counts when the nearest label before it names an example
request ("Example request", "Sample Request 2", "Request example"), else its section's title
does and no label since the title names a response, or its first line is a request line
(``POST https://...``). Blocks the raw count finds and envelint does not list are printed (they
would be missed); so are those envelint lists and the raw count does not find.

    .venv/bin/python tools/request_examples.py [--corpus DIR] [--list]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from count_operation_pages import DEFAULT_CORPUS, UNDERLINE, reference_sources  # noqa: E402

DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\. (?:code-block|code|sourcecode)::")
LITERAL_PARAGRAPH = re.compile(r"^(?P<indent>\s*)(?!\.\.)\S.*::\s*$")
REQUEST_LABEL = re.compile(
    r"\b(?:examples?|samples?)\s+requests?\b|\brequests?\s+(?:examples?|samples?)\b|"
    r"^\W*requests?\W*$",
    re.IGNORECASE,
)
RESPONSE_LABEL = re.compile(r"\bresponses?\b", re.IGNORECASE)
REQUEST_LINE = re.compile(
    r"^\s*(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(?:https?://|/|\{)", re.IGNORECASE
)
OPTION = re.compile(r"^\s*:[\w-]+:")


@dataclass
class ReferenceList:
    name: str
    rows: list[tuple[str, int, bool, str]] = field(default_factory=list)  # path, line, verdict
    raw: set[tuple[str, int]] = field(default_factory=set)  # (path, block's first content line)

    @property
    def listed(self) -> set[tuple[str, int]]:
        return {(path, line) for path, line, _, _ in self.rows}


def raw_request_blocks(text: str) -> list[int]:
    """The first content line (1-based) of each code block the raw text labels a request."""
    lines = text.split("\n")
    found = []
    section_says_request = False
    label = ""  # the nearest text line before the current line, outside code
    seen_response = False
    index = 0
    while index < len(lines):
        raw = lines[index]
        stripped = raw.strip()
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if stripped and UNDERLINE.match(following) and len(following.strip()) >= len(stripped):
            section_says_request = bool(REQUEST_LABEL.search(stripped))
            label, seen_response = "", False
            index += 2
            continue
        opened = DIRECTIVE.match(raw) or LITERAL_PARAGRAPH.match(raw)
        if opened:
            start, end = _block_lines(lines, index, len(opened.group("indent")))
            if start is not None:
                first = lines[start]
                if _labels_a_request(label, section_says_request, seen_response) or (
                    REQUEST_LINE.match(first)
                ):
                    found.append(start + 1)
                index = end
                if DIRECTIVE.match(raw):
                    continue
        if stripped and not OPTION.match(raw):
            label = stripped
            seen_response = seen_response or bool(RESPONSE_LABEL.search(stripped))
        index += 1
    return found


def _labels_a_request(label: str, section_says_request: bool, seen_response: bool) -> bool:
    if REQUEST_LABEL.search(label):
        return True
    if RESPONSE_LABEL.search(label):
        return False
    return section_says_request and not seen_response


def _block_lines(lines: list[str], opening: int, indent: int) -> tuple[int | None, int]:
    """(the block's first content line, the line after it), 0-based; None when it is empty."""
    index = opening + 1
    while index < len(lines) and (OPTION.match(lines[index]) or not lines[index].strip()):
        if OPTION.match(lines[index]) and _indent(lines[index]) <= indent:
            break
        index += 1
    start = None
    while index < len(lines) and (not lines[index].strip() or _indent(lines[index]) > indent):
        if start is None and lines[index].strip():
            start = index
        index += 1
    return start, index


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def list_reference(name: str, source: Path) -> ReferenceList:
    from envelint.captures.payload import request_body_value
    from envelint.catalog.store import REQUEST_KIND
    from envelint.derive.cache import derive_cached
    from envelint.docs import read_page
    from envelint.docs.examples import find_request_examples, request_blocks
    from envelint.pipeline.lint import request_verdict

    derived = derive_cached([str(source)])
    operations: dict[str, list] = {}
    for operation in derived.operations:
        operations.setdefault(str(Path(operation.page or "").resolve()), []).append(operation)
    with_request_schema = {
        str(Path(entry.page or "").resolve())
        for entry in derived.entries
        if entry.kind == REQUEST_KIND
    }
    listing = ReferenceList(name)
    for path in sorted(source.rglob("*.rst")):
        shown = path.relative_to(source).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        listing.raw.update((shown, line) for line in raw_request_blocks(text))
        page = read_page(path)
        key = str(path.resolve())
        blocks = request_blocks(page)
        bodies = {e.block_line: e.text for e in reversed(find_request_examples(page, blocks))}
        for block in blocks:
            body = request_body_value(bodies.get(block.block.line, ""))
            verdict = request_verdict(
                block, page, operations.get(key, []), key in with_request_schema, body
            )
            listing.rows.append((shown, block.block.line, verdict.checked, verdict.how))
    return listing


def markdown(listings: list[ReferenceList]) -> str:
    out = [
        "| reference | request example blocks | checked | not checked | raw count | "
        "raw, not listed | listed, not raw |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    totals = Counter[str]()
    for item in listings:
        checked = sum(1 for row in item.rows if row[2])
        figures = {
            "blocks": len(item.rows),
            "checked": checked,
            "not": len(item.rows) - checked,
            "raw": len(item.raw),
            "missed": len(item.raw - item.listed),
            "extra": len(item.listed - item.raw),
        }
        totals.update(figures)
        out.append(f"| {item.name} | " + " | ".join(str(v) for v in figures.values()) + " |")
    out.append("| **all** | " + " | ".join(str(totals[k]) for k in (
        "blocks", "checked", "not", "raw", "missed", "extra")) + " |")  # fmt: skip
    reasons = Counter(row[3] for item in listings for row in item.rows)
    out += ["", "| checked | what is checked, or why not | blocks |", "|---|---|---:|"]
    for (how, count), checked in sorted(
        ((pair, _is_checked(pair[0], listings)) for pair in reasons.items()),
        key=lambda entry: (not entry[1], -entry[0][1]),
    ):
        out.append(f"| {'yes' if checked else 'no'} | {how} | {count} |")
    return "\n".join(out)


def _is_checked(how: str, listings: list[ReferenceList]) -> bool:
    return any(row[2] for item in listings for row in item.rows if row[3] == how)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--list", action="store_true", help="every block with its verdict")
    args = parser.parse_args(argv)
    listings = [list_reference(name, src) for name, src in reference_sources(args.corpus)]
    print(markdown(listings))
    for item in listings:
        for path, line in sorted(item.raw - item.listed):
            print(f"raw, not listed: {item.name}/{path}:{line}", file=sys.stderr)
        for path, line in sorted(item.listed - item.raw):
            print(f"listed, not raw: {item.name}/{path}:{line}", file=sys.stderr)
    if args.list:
        print("\n| block | checked | what is checked, or why not |\n|---|---|---|")
        for item in listings:
            for path, line, checked, how in item.rows:
                print(f"| {item.name}/{path}:{line} | {'yes' if checked else 'no'} | {how} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

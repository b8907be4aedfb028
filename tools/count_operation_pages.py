"""Count, per reference, the pages with a method line and the operations envelint finds.

The pages with a method line are counted from the raw files, without envelint's reader: a line
that, once stripped of indentation and a list bullet, starts with an HTTP method followed by a
URI (``GET /v2/...``, ``POST https://{endpoint}/...``, ``PUT /?acl HTTP/1.1``), or a
``Method: GET`` field. Section titles are recognised by their RST underline, so each method line
is known with the section it stands in. The operations come from ``derive_cached``. Pages on
which the two disagree are listed with the section of their first method line, which is what
explains most gaps (method lines only in example or "calling APIs" sections are examples, not
operations).

    .venv/bin/python tools/count_operation_pages.py [--corpus DIR] [--details]

Prints a Markdown table (the one in docs/operations.md) and, with ``--details``, every page on
which the counts disagree.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
METHOD_LINE = re.compile(
    r"^(?:[-*]\s+)?(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(?:/|https?://|\{)"
)
METHOD_FIELD = re.compile(r"^(?:[-*]\s+)?Method\s*:\s*(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\b")
UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")


@dataclass(frozen=True)
class MethodLine:
    line: int
    section: str


def method_lines(text: str) -> list[MethodLine]:
    """Every method line of a page's raw text, with the title of the section it is in."""
    lines = text.split("\n")
    section = ""
    found = []
    for number, raw in enumerate(lines, start=1):
        following = lines[number] if number < len(lines) else ""
        stripped = raw.strip()
        if stripped and UNDERLINE.match(following) and len(following.strip()) >= len(stripped):
            section = stripped
            continue
        if METHOD_LINE.match(stripped) or METHOD_FIELD.match(stripped):
            found.append(MethodLine(number, section))
    return found


@dataclass
class ReferenceCount:
    name: str
    pages: int
    with_method_line: int
    operation_pages: int
    operations: int
    only_counted: dict[str, str]  # page -> the section of its first method line
    only_read: list[str]


def count_reference(name: str, source: Path) -> ReferenceCount:
    from envelint.derive.cache import derive_cached

    files = sorted(path for path in source.rglob("*.rst") if path.is_file())
    counted = {}
    for path in files:
        found = method_lines(path.read_text(encoding="utf-8", errors="replace"))
        if found:
            counted[path.relative_to(source).as_posix()] = found[0].section
    derived = derive_cached([str(source)])
    read = {
        Path(operation.page).resolve().relative_to(source.resolve()).as_posix()
        for operation in derived.operations
        if operation.page
    }
    return ReferenceCount(
        name=name,
        pages=len(files),
        with_method_line=len(counted),
        operation_pages=len(read),
        operations=len(derived.operations),
        only_counted={page: section for page, section in counted.items() if page not in read},
        only_read=sorted(read - set(counted)),
    )


def table(counts: list[ReferenceCount]) -> str:
    rows = [
        "| reference | pages | pages with a method line | operation pages | operations "
        "| method line, no operation | operation, no method line |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for count in counts:
        rows.append(
            f"| {count.name} | {count.pages} | {count.with_method_line} | "
            f"{count.operation_pages} | {count.operations} | {len(count.only_counted)} | "
            f"{len(count.only_read)} |"
        )
    totals = [
        sum(getattr(count, name) for count in counts)
        for name in ("pages", "with_method_line", "operation_pages", "operations")
    ]
    gaps = sum(len(count.only_counted) for count in counts)
    extra = sum(len(count.only_read) for count in counts)
    rows.append(f"| **all** | {' | '.join(map(str, totals))} | {gaps} | {extra} |")
    return "\n".join(rows)


def details(counts: list[ReferenceCount]) -> str:
    rows = []
    sections: Counter[str] = Counter()
    for count in counts:
        for page, section in sorted(count.only_counted.items()):
            rows.append(f"{count.name}: method line, no operation: {page} (in {section!r})")
            sections[section] += 1
        rows.extend(f"{count.name}: operation, no method line: {page}" for page in count.only_read)
    rows.append("sections of the method lines with no operation:")
    rows.extend(f"  {number:3d}  {section!r}" for section, number in sections.most_common())
    return "\n".join(rows)


def reference_sources(corpus: Path) -> list[tuple[str, Path]]:
    """(reference name, its Sphinx source folder) for each reference of the corpus."""
    return [
        (folder.name, folder / "api-ref" / "source")
        for folder in sorted(corpus.iterdir())
        if (folder / "api-ref" / "source").is_dir()
    ]


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
        print(details(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())

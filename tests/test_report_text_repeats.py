"""The text report groups the findings of one repeated text: the same code and message on the
same source text at several places (a boilerplate paragraph on many pages). The other formats
list every finding."""

from __future__ import annotations

import io
import json

from envelint.common.findings import Finding, Severity
from envelint.report import Report, render
from envelint.report.text_format import TextWriter
from envelint.report.writer import ConsoleOutput

MESSAGE = '`code` (/error/code) is "XXX", a placeholder where a real value is expected'


def placeholder(path: str, line: int = 12, excerpt: str = '  "code": "XXX"') -> Finding:
    return Finding(
        "E003", "placeholder-value", Severity.WARNING, MESSAGE, path, line, 13, excerpt=excerpt
    )


def text_of(findings: list[Finding]) -> str:
    output = io.StringIO()
    writer = TextWriter(ConsoleOutput(output, color=False))
    writer(findings)
    writer.write_end(Report(findings=findings, files=len(findings), payloads=len(findings)))
    writer.output.flush()
    return output.getvalue()


def test_the_same_text_at_many_places_is_shown_once_with_the_list_of_places():
    text = text_of([placeholder(f"page{n}.rst") for n in range(5)])
    assert text.count(MESSAGE) == 2  # in full where first found, then once with its places
    assert "page0.rst:12:13: E003 the same finding at 4 more places: " in text
    assert all(f"\n  page{n}.rst:12:13\n" in text for n in range(1, 5))


def test_the_summary_still_counts_every_finding():
    assert "Found 5 findings (0 errors, 5 warnings, 0 infos)" in text_of(
        [placeholder(f"page{n}.rst") for n in range(5)]
    )


def test_the_same_message_on_other_source_text_is_not_grouped():
    text = text_of([placeholder("a.rst"), placeholder("b.rst", excerpt='"code":"XXX"  ,')])
    assert text.count(MESSAGE) == 2 and "the same finding" not in text


def test_json_keeps_every_finding_of_a_repeated_text():
    findings = [placeholder(f"page{n}.rst") for n in range(5)]
    report = json.loads(render("json", Report(findings=findings, files=5, payloads=5)))
    assert len(report["findings"]) == 5

"""The GitHub workflow-command reporter: one escaped annotation per finding, then a summary."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import pytest

from envelint.common.findings import DocRow, Finding, Severity
from envelint.report import Report, render, sarif_format
from envelint.report.github_format import escape_data, escape_property
from tests import factories

make_finding = partial(factories.make_finding, end_line=3, end_column=16)


def github_lines(*findings: Finding) -> list[str]:
    return render("github", Report(list(findings), files=1, payloads=1)).splitlines()


def annotation(finding: Finding) -> str:
    return github_lines(finding)[0]


@pytest.fixture(autouse=True)
def in_tmp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_error_renders_exactly():
    assert github_lines(make_finding()) == [
        "::error file=captures/a.json,line=3,col=13,endLine=3,endColumn=16,"
        "title=S001 type-mismatch::wrong type",
        "envelint: 1 finding (1 error, 0 warnings, 0 notices) in 1 payload from 1 file.",
    ]


@pytest.mark.parametrize(
    ("severity", "command"),
    [(Severity.ERROR, "::error "), (Severity.WARNING, "::warning "), (Severity.INFO, "::notice ")],
)
def test_the_severity_picks_the_command(severity: Severity, command: str):
    assert annotation(make_finding(severity=severity)).startswith(command)


def test_the_message_escapes_percent_and_line_ends_but_not_colon_or_comma():
    line = annotation(make_finding(message="100% a, b: c\nd"))
    assert line.endswith("::100%25 a, b: c%0Ad")


def test_control_characters_from_a_payload_are_shown_escaped_never_sent():
    # ESC, an OSC title sequence ended by BEL, and a carriage return that would hide the line.
    line = annotation(make_finding(message="`\x1b]0;pwned\x07` and \r\x1b[2K gone"))
    assert "\x1b" not in line and "\x07" not in line and "\r" not in line
    assert line.endswith("::`\\x1b]0;pwned\\x07` and \\x0d\\x1b[2K gone")


def test_property_values_also_escape_colon_and_comma():
    line = annotation(make_finding(path="a,b:c%d.json", rule="x:y,z"))
    assert "file=a%2Cb%3Ac%25d.json," in line
    assert ",title=S001 x%3Ay%2Cz::" in line


def test_escaping_follows_the_actions_toolkit():
    assert escape_data("%0A\r\n:,") == "%250A%0D%0A:,"
    assert escape_property("%0A\r\n:,") == "%250A%0D%0A%3A%2C"


def test_the_documentation_row_and_hint_are_further_message_lines():
    finding = make_finding(message="m", doc=DocRow("docs/a.rst", 7, "Table 1"), hint="use 1")
    assert annotation(finding).endswith("::m%0Adocumented at docs/a.rst:7 (Table 1)%0Ahint: use 1")


def test_a_span_crossing_lines_has_no_columns():
    line = annotation(make_finding(line=3, column=5, end_line=6, end_column=2))
    assert line.startswith("::error file=captures/a.json,line=3,endLine=6,title=")


def test_a_finding_without_an_end_covers_one_character():
    line = annotation(make_finding(line=4, column=7, end_line=None, end_column=None))
    assert "line=4,col=7,endLine=4,endColumn=8," in line


def test_an_absolute_path_below_the_working_directory_is_made_relative(in_tmp_dir: Path):
    line = annotation(make_finding(path=str(in_tmp_dir / "captures" / "a.json")))
    assert line.startswith("::error file=captures/a.json,")


def test_a_path_outside_the_working_directory_is_kept(in_tmp_dir: Path):
    outside = str(in_tmp_dir.parent / "b.json")
    line = annotation(make_finding(path=outside))
    assert line.startswith(f"::error file={escape_property(outside)},")


def test_each_distinct_path_is_made_relative_once_per_report(monkeypatch):
    made_relative = []  # the working directory is new to this test: nothing is cached for it
    real_relative_below = sarif_format._relative_below
    monkeypatch.setattr(
        sarif_format,
        "_relative_below",
        lambda file, root: made_relative.append(file) or real_relative_below(file, root),
    )
    github_lines(make_finding(), make_finding(line=9), make_finding(path="b.json"))
    assert sorted(os.path.relpath(file) for file in made_relative) == ["b.json", "captures/a.json"]


def test_stdin_has_no_file_and_puts_the_position_in_the_message():
    line = annotation(make_finding(path="<stdin>", line=2, column=9))
    assert line == "::error title=S001 type-mismatch::<stdin>:2:9: wrong type"


def test_errors_come_first_then_warnings_then_notices_stable_within_a_level():
    findings = [
        make_finding(severity=Severity.INFO, message="i1"),
        make_finding(severity=Severity.WARNING, message="w1"),
        make_finding(severity=Severity.ERROR, message="e1"),
        make_finding(severity=Severity.INFO, message="i2"),
        make_finding(severity=Severity.ERROR, message="e2"),
    ]
    messages = [line.rsplit("::", 1)[1] for line in github_lines(*findings)[:-1]]
    assert messages == ["e1", "e2", "w1", "i1", "i2"]


def test_each_finding_is_exactly_one_line():
    nasty = 'a\nb\r\nc ]]> \x01 "q" é 漢字 🙂 %0A'
    lines = github_lines(make_finding(message=nasty, hint=nasty), make_finding())
    assert len(lines) == 3
    assert lines[0].endswith(
        '::a%0Ab\\x0d%0Ac ]]> \\x01 "q" é 漢字 🙂 %250A%0Ahint: a%0Ab\\x0d%0Ac'
        ' ]]> \\x01 "q" é 漢字 🙂 %250A'
    )


def test_the_summary_counts_by_level():
    findings = [make_finding(), make_finding(severity=Severity.WARNING)]
    report = Report(findings, files=2, payloads=5)
    summary = render("github", report).splitlines()[-1]
    assert (
        summary
        == "envelint: 2 findings (1 error, 1 warning, 0 notices) in 5 payloads from 2 files."
    )


def test_no_findings_is_just_the_summary():
    assert render("github", Report([], files=1, payloads=3)) == (
        "envelint: no findings in 3 payloads from 1 file.\n"
    )


def test_a_lone_surrogate_is_replaced_so_the_output_encodes():
    text = render("github", Report([make_finding(message="x \ud800 y")]))
    assert "x \ufffd y" in text
    text.encode("utf-8")

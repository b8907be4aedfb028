"""Text findings streamed to standard output: in blocks off a terminal, at once on one."""

from __future__ import annotations

import io

from click.testing import CliRunner

from envelint.commands.main import cli
from envelint.common.findings import DocRow, Finding, Severity
from envelint.report.text_format import TextWriter, render_findings
from envelint.report.writer import ConsoleOutput


class CountingOutput(io.StringIO):
    def __init__(self, tty: bool = False, encoding: str = "utf-8"):
        super().__init__()
        self.writes = 0
        self.tty = tty
        self._encoding = encoding

    @property
    def encoding(self) -> str:
        return self._encoding

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        text.encode(self._encoding)  # raises as a real console of that encoding would
        self.writes += 1
        return super().write(text)


def finding(line: int, message: str = "`code` (/error/code) is an integer (400)") -> Finding:
    return Finding("S001", "type-mismatch", Severity.ERROR, message, "log.jsonl", line, 3)


def test_findings_off_a_terminal_are_written_in_blocks():
    output = CountingOutput()
    writer = TextWriter(ConsoleOutput(output, color=False))
    for line in range(1, 1001):
        writer([finding(line)])
    writer.output.flush()
    assert output.writes < 5
    assert output.getvalue().count("S001") == 1000


def test_nothing_is_held_back_after_flush_and_the_order_is_kept():
    output = CountingOutput()
    writer = TextWriter(ConsoleOutput(output, color=False))
    writer([finding(1)])
    writer([finding(2)])
    assert output.getvalue() == ""
    writer.output.flush()
    lines = output.getvalue().splitlines()
    assert lines[0].startswith("log.jsonl:1:3: S001")
    assert lines[1].startswith("log.jsonl:2:3: S001")


def test_on_a_terminal_each_payload_is_shown_at_once():
    output = CountingOutput(tty=True)
    writer = TextWriter(ConsoleOutput(output, color=False))
    writer([finding(1)])
    assert "log.jsonl:1:3" in output.getvalue()


def test_what_the_console_cannot_encode_becomes_a_question_mark():
    output = CountingOutput(encoding="ascii")
    writer = TextWriter(ConsoleOutput(output, color=False))
    writer([finding(1, "`caf\u00e9` (/caf\u00e9) is not documented")])
    writer.output.flush()
    assert "`caf?` (/caf?)" in output.getvalue()


def test_findings_before_a_file_that_cannot_be_read_are_still_printed(tmp_path):
    bad = tmp_path / "a-bad.jsonl"
    bad.write_text('{"error": {"message": "Quota exceeded.", "code": 400}}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(bad), str(tmp_path / "b-missing.json")])
    assert result.exit_code == 2
    assert "S001" in result.stdout


def test_a_finding_is_rendered_with_its_excerpt_caret_documentation_and_hint():
    doc = DocRow(path="docs/jobs.rst", line=12, table="Table 1")
    tabbed = Finding(
        "S001", "type-mismatch", Severity.WARNING, "wrong", "a.json", 3, 9, 3, 13,
        doc=doc, hint="use a string", excerpt='\t"id":\t1234\r\n',
    )  # fmt: skip
    assert render_findings([tabbed], False) == (
        "a.json:3:9: S001 warning wrong [type-mismatch]\n"
        '    3 |  "id": 1234\n'
        "      |         ^^^\n"  # clipped at the end of the line
        "  = documented at docs/jobs.rst:12 (Table 1)\n"
        "  = hint: use a string"
    )
    long_line = Finding(
        "J001", "payload-not-json", Severity.ERROR, "bad", "b.jsonl", 123456, 150, 124000, 2,
        excerpt="x" * 149 + "XXX" + "y" * 300,
    )  # fmt: skip
    assert render_findings([long_line, tabbed], True).split("\n")[:3] == [
        "\033[1mb.jsonl:123456:150:\033[0m J001 \033[31merror\033[0m bad [payload-not-json]",
        "123456 | ..." + "x" * 79 + "XXX" + "y" * 78 + "...",
        "       |    " + " " * 79 + "^",
    ]

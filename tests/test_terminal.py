"""What a person at a terminal sees: colour by flag and environment, -q, control characters
escaped, plurals, --statistics alone, and a progress line that never mixes with findings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from envelint.common.findings import Finding, Severity
from envelint.pipeline.validate import check_json_lines
from envelint.report import Report
from envelint.report import progress as progress_module
from envelint.report.output import color_wanted
from envelint.report.progress import Progress
from envelint.report.writer import ConsoleOutput
from tests.conftest import FIXTURES
from tests.factories import builtin_engine
from tests.helpers import run_cli

INVALID = FIXTURES / "payloads" / "invalid"
CODE_AS_INTEGER = str(INVALID / "code-as-integer.json")
ESC = "\x1b"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("chosen", "environment", "terminal", "expected"),
    [
        (None, {}, True, True),
        (None, {}, False, False),
        (None, {"NO_COLOR": "1"}, True, False),
        (None, {"FORCE_COLOR": "1"}, False, True),
        (None, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        (None, {"TERM": "dumb"}, True, False),
        (None, {"TERM": "dumb", "FORCE_COLOR": "1"}, False, True),
        (True, {"NO_COLOR": "1"}, False, True),
        (False, {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_colour_choice(clean_environment, monkeypatch, chosen, environment, terminal, expected):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    stream = FakeTerminal() if terminal else io.StringIO()

    assert color_wanted(chosen, stream) is expected


def test_color_flag_colours_a_piped_report(clean_environment):
    coloured = run_cli("validate", "--color", CODE_AS_INTEGER)
    plain = run_cli("validate", "--no-color", CODE_AS_INTEGER, env={"FORCE_COLOR": "1"})

    assert ESC in coloured.stdout
    assert ESC not in plain.stdout


def test_force_color_colours_a_piped_report(clean_environment):
    assert ESC in run_cli("validate", CODE_AS_INTEGER, env={"FORCE_COLOR": "1"}).stdout


def test_quiet_prints_findings_without_the_summary():
    result = run_cli("validate", "-q", CODE_AS_INTEGER)

    assert "S001" in result.stdout
    assert "Found" not in result.stdout


def test_one_finding_is_singular():
    result = run_cli("validate", CODE_AS_INTEGER)

    assert result.stdout.splitlines()[-1] == (
        "Found 1 finding (1 error, 0 warnings, 0 infos) in 1 payload from 1 file."
    )


def test_statistics_prints_only_the_counts(tmp_path: Path):
    result = run_cli("validate", "--statistics", str(INVALID))

    lines = result.stdout.splitlines()
    assert lines
    assert all(line.split()[0].isdigit() for line in lines), result.stdout
    assert "      1  S001 type-mismatch" in lines


def test_statistics_with_an_ignore_file_prints_only_the_counts_too(tmp_path, monkeypatch):
    (tmp_path / ".envelint-ignore.yaml").write_text('- rule: S006\n  path: "y.json"\n')
    (tmp_path / "x.json").write_text('{"error": {"message": "x", "code": 400}}\n')
    (tmp_path / "y.json").write_text('{"job_id": null}\n')
    monkeypatch.chdir(tmp_path)

    result = run_cli("validate", "--statistics", "x.json", "y.json")

    assert result.stdout == "      1  S001 type-mismatch\n"


def test_control_characters_from_a_payload_are_escaped(tmp_path: Path):
    payload = tmp_path / "evil.json"
    payload.write_text('{"error": {"message": "x", "code": 400, "\x1b[2Jz\u202e": 1}}\n')

    result = run_cli("validate", "--no-color", str(payload))

    assert ESC not in result.stdout and "\u202e" not in result.stdout
    assert "\\x1b[2Jz\\u202e" in result.stdout


def test_caret_stays_under_the_value_after_escapes():
    from envelint.report.text_format import render_findings

    excerpt = '{"\x1b": 1, "c": 400}'
    column = excerpt.index("400") + 1
    finding = Finding(
        "S001", "type-mismatch", Severity.ERROR, "m", "x.json", 1, column, 1, column + 3,
        excerpt=excerpt,
    )  # fmt: skip
    line, caret = render_findings([finding], color=False).splitlines()[1:3]

    start = caret.index("^")
    assert caret[start:] == "^^^"
    assert line[start : start + 3] == "400"


def test_progress_line_is_cleared_before_findings_are_shown(monkeypatch):
    clock = iter([100.0, 103.0])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    terminal = FakeTerminal()
    bar = Progress(terminal)
    bar.update(1, 5000)
    console = ConsoleOutput(terminal, color=False)

    console.write("x.json:1:1: J001 error ...\n")

    assert terminal.getvalue().endswith("(1,667/s)\r\033[Kx.json:1:1: J001 error ...\n")
    bar.close()
    assert terminal.getvalue().endswith("...\n")  # nothing more to clear


def test_progress_line_on_a_dumb_terminal_is_blanked_with_spaces(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    clock = iter([100.0, 103.0])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    terminal = FakeTerminal()
    bar = Progress(terminal)
    bar.update(1, 5000)
    bar.close()

    assert ESC not in terminal.getvalue()
    assert terminal.getvalue().endswith(
        "\r" + " " * len("envelint: 5,000 payloads in 1 files (1,667/s)") + "\r"
    )


def test_json_lines_report_progress():
    calls: list[tuple[int, int]] = []
    lines = [b'{"job_id": "ff80808288d41e1b018990260955686a"}\n'] * 10_000
    report = Report(findings=[])

    def record(files: int, payloads: int) -> None:
        calls.append((files, payloads))

    check_json_lines(
        "log.jsonl", iter(lines), builtin_engine(), None, report, False, on_progress=record
    )

    assert calls == [(0, 4096), (0, 8192)]


def test_quiet_shows_no_progress():
    from envelint.commands.options import progress_from

    assert not progress_from({"quiet": True}).enabled


def test_json_report_is_unchanged_by_quiet():
    result = run_cli("validate", "-q", "--format", "json", CODE_AS_INTEGER)

    assert json.loads(result.stdout)["summary"]["findings"] == 1

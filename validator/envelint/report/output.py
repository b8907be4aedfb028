"""Where reports go: one or more (format, file) destinations, the writer for each, and the exit
code they imply."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from envelint.common.errors import EnvelintError
from envelint.common.findings import Severity
from envelint.report import FindingStream, Report, writer_class

if TYPE_CHECKING:
    from envelint.report.writer import ReportWriter


@dataclass(frozen=True)
class Display:
    """How a report is shown: colour (``--color``/``--no-color``; None: by the environment),
    ``-q`` (findings only: no summary, no progress), ``--statistics`` (only the counts) and the
    severity that fails the run (``--fail-on``, or the configuration's)."""

    color: bool | None = None
    quiet: bool = False
    statistics: bool = False
    fail_on: Severity = Severity.ERROR  # what fails (JUnit: a <failure>, else system-out/err)


@dataclass(frozen=True)
class Destination:
    format_name: str
    path: str | None  # None: standard output
    display: Display = Display()


def destinations(
    formats: tuple[str, ...], outputs: tuple[str, ...], display: Display = Display()
) -> list[Destination]:
    """Pair the i-th ``--format`` with the i-th ``--output``; the rest go to standard output.

    ``--format sarif --output x.sarif --format text`` writes SARIF to x.sarif and text to the log.
    """
    formats = formats or ("auto",)
    if len(outputs) > len(formats):
        raise EnvelintError("each --output needs its own --format before it")
    paired = [Destination(_resolve(name), outputs[i] if i < len(outputs) else None, display)
              for i, name in enumerate(formats)]  # fmt: skip
    if sum(1 for destination in paired if destination.path is None) > 1:
        raise EnvelintError("only one report can go to standard output: give the others --output")
    return paired


def _resolve(format_name: str) -> str:
    if format_name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return format_name


def emit(report: Report, targets: list[Destination]) -> None:
    """Finish the streamed report, or write each target's from what ``report`` kept."""
    if report.stream is not None:
        report.stream.finish(report)  # the one report, written as the findings came
        return
    for target in targets:
        open_writer(target).write_report(report)


def exit_code(report: Report, fail_on: Severity, exit_zero: bool) -> int:
    failing = any(severity >= fail_on for _, _, severity in report.tally())
    return 1 if failing and not exit_zero else 0


def color_wanted(chosen: bool | None, stream: TextIO) -> bool:
    """``--color``/``--no-color`` if given; else none with NO_COLOR set (no-color.org), colour
    with FORCE_COLOR set (force-color.org), none on TERM=dumb, and colour on a terminal."""
    if chosen is not None:
        return chosen
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def streaming_report(targets: list[Destination], suppressing: bool) -> FindingStream | None:
    """A writer of findings as they come, when there is one report (in any format, anywhere)
    and nothing has to see every finding first (a baseline, an ignore file): memory then stays
    flat however many payloads are checked or fail."""
    if suppressing or len(targets) != 1:
        return None
    return open_writer(targets[0])


def open_writer(target: Destination) -> ReportWriter:
    """The target format's writer, its output opened: staged, unless the report goes to
    standard output and its format is shown as it comes there (text, coloured on a terminal)."""
    from envelint.report.writer import ConsoleOutput, StagedOutput

    writer_type = writer_class(target.format_name)
    if target.path is None and writer_type.shown_as_it_comes:
        color = color_wanted(target.display.color, sys.stdout)
        writer = writer_type(ConsoleOutput(sys.stdout, color))
    else:
        writer = writer_type(StagedOutput(target.path))
    writer.display = target.display
    return writer

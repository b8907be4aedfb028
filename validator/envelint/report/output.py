"""Where reports go: one or more (format, file) destinations, and the exit code they imply."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from envelint.common.errors import EnvelintError
from envelint.common.findings import Severity
from envelint.common.fsio import write_atomic
from envelint.report import FindingStream, Report, render
from envelint.report.streams import (
    GithubStream,
    JsonStream,
    SarifStream,
    StagedTextStream,
    TextStream,
)


@dataclass(frozen=True)
class Destination:
    format_name: str
    path: str | None  # None: standard output


def destinations(formats: tuple[str, ...], outputs: tuple[str, ...]) -> list[Destination]:
    """Pair the i-th ``--format`` with the i-th ``--output``; the rest go to standard output.

    ``--format sarif --output x.sarif --format text`` writes SARIF to x.sarif and text to the log.
    """
    formats = formats or ("auto",)
    if len(outputs) > len(formats):
        raise EnvelintError("each --output needs its own --format before it")
    paired = [Destination(_resolve(name), outputs[i] if i < len(outputs) else None)
              for i, name in enumerate(formats)]  # fmt: skip
    if sum(1 for destination in paired if destination.path is None) > 1:
        raise EnvelintError("only one report can go to standard output: give the others --output")
    return paired


def _resolve(format_name: str) -> str:
    if format_name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return format_name


def emit(report: Report, targets: list[Destination]) -> None:
    report.end_stream()
    if report.stream is not None and report.stream.finish(report):
        return  # the one report was written as the findings came
    for target in targets:
        report.color = target.path is None and target.format_name == "text" and _color_wanted()
        text = render(target.format_name, report)
        if target.path is None:
            encoding = sys.stdout.encoding or "utf-8"  # what cannot be shown becomes "?"
            sys.stdout.write(text.encode(encoding, "replace").decode(encoding))
            sys.stdout.flush()
        else:
            write_atomic(target.path, text.encode("utf-8", errors="replace"))


def exit_code(report: Report, fail_on: Severity, exit_zero: bool) -> int:
    failing = any(severity >= fail_on for _, _, severity in report.tally())
    return 1 if failing and not exit_zero else 0


def _color_wanted() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def streaming_report(targets: list[Destination], suppressing: bool) -> FindingStream | None:
    """A writer of findings as they come, when there is one report (in any format, anywhere)
    and nothing has to see every finding first (a baseline, an ignore file): memory then stays
    flat however many payloads are checked or fail."""
    if suppressing or len(targets) != 1:
        return None
    [target] = targets
    if target.format_name == "text":
        from envelint.report.text_format import render_findings

        if target.path is None:
            return TextStream(render_findings, _color_wanted(), sys.stdout)
        return StagedTextStream(render_findings, target.path)
    if target.format_name == "junit":
        from envelint.report.junit_stream import JunitStream  # only JUnit pays for loading it

        return JunitStream(target.path)
    stream = {"json": JsonStream, "sarif": SarifStream, "github": GithubStream}
    return stream[target.format_name](target.path)

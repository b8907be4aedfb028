"""Where reports go: one or more (format, file) destinations, and the exit code they imply."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from validator.errors import EnvelintError
from validator.findings import Severity
from validator.fsio import write_atomic
from validator.report import Report, render


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


def streaming_text(targets: list[Destination], suppressing: bool) -> Callable | None:
    """A writer that prints findings as they come, when the only report is text on standard
    output and nothing has to see every finding first (a baseline, an ignore file)."""
    if suppressing or len(targets) != 1:
        return None
    [target] = targets
    if target.path is not None or target.format_name != "text":
        return None
    from validator.report.text_format import render_findings

    return TextStream(render_findings, _color_wanted(), sys.stdout)


class TextStream:
    """Findings written as text as they come: at once on a terminal, otherwise in blocks of
    64 KiB (whatever PYTHONUNBUFFERED says: a write for each failing payload would cost a
    system call each). ``flush`` writes what is held back; the summary calls it first."""

    BLOCK = 64 * 1024

    def __init__(self, render_findings: Callable, color: bool, stdout) -> None:
        self._render = render_findings
        self._color = color
        self._stdout = stdout
        self._interactive = stdout.isatty()
        self._pending: list[str] = []
        self._size = 0

    def __call__(self, findings: list) -> None:
        text = self._render(findings, self._color)
        self._pending.append(text)
        self._size += len(text)
        if self._interactive or self._size >= self.BLOCK:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        text = "\n".join(self._pending) + "\n"
        self._pending.clear()
        self._size = 0
        try:
            self._stdout.write(text)  # the text is encoded whole before any of it is written
        except UnicodeEncodeError:  # a lone surrogate, or a character the console lacks
            encoding = self._stdout.encoding or "utf-8"
            self._stdout.write(text.encode(encoding, "replace").decode(encoding))

"""Where reports go: one or more (format, file) destinations, and the exit code they imply."""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from validator import __version__
from validator.errors import EnvelintError
from validator.findings import Finding, Severity
from validator.fsio import copy_atomic, write_atomic
from validator.report import TOOL_NAME, FindingStream, Report, json_format, render


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
    """A writer of findings as they come, when there is one report, in text on standard output
    or in JSON or SARIF anywhere, and nothing has to see every finding first (a baseline, an
    ignore file): memory then stays flat however many payloads fail."""
    if suppressing or len(targets) != 1:
        return None
    [target] = targets
    if target.format_name == "json":
        return JsonStream(target.path)
    if target.format_name == "sarif":
        return SarifStream(target.path)
    if target.path is not None or target.format_name != "text":
        return None
    from validator.report.text_format import render_findings

    return TextStream(render_findings, _color_wanted(), sys.stdout)


class TextStream(FindingStream):
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


class JsonStream(FindingStream):
    """The JSON report written as the findings come, byte for byte what ``render`` gives.

    The document is staged in a temporary file and reaches ``--output`` (or standard output)
    only when the run ends, so a run that stops with an error leaves no half document: no
    file is replaced, nothing is printed.
    """

    def __init__(self, path: str | None) -> None:
        self._staging = StagedOutput(path)  # itself in memory up to 8 MiB: no buffer here
        self._staging.write(json_format.document_head(TOOL_NAME, __version__))
        self._any_findings = False

    def __call__(self, findings: list) -> None:
        for finding in findings:
            self._staging.write(json_format.finding_part(finding, first=not self._any_findings))
            self._any_findings = True

    def finish(self, report: Report) -> bool:
        self._staging.write(json_format.document_tail(report, any_findings=self._any_findings))
        self._staging.commit()
        return True

    def abandon(self) -> None:
        self._staging.discard()


class SarifStream(FindingStream):
    """The SARIF log of the findings as they come, byte for byte what ``render`` gives.

    The log lists its rules before its results, and a finding whose code the report does not
    list adds one, so the findings are kept in an unnamed temporary file (pickled, without
    their excerpts, which SARIF does not show) and the log is written from it at the end,
    staged like the JSON report.
    """

    def __init__(self, path: str | None) -> None:
        import tempfile

        self._path = path
        self._kept = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        self._first_of_code: dict[str, Finding] = {}

    def __call__(self, findings: list[Finding]) -> None:
        import pickle  # only a streamed SARIF log pays for it

        for finding in findings:
            self._first_of_code.setdefault(finding.code, finding)
            pickle.dump(_without_excerpt(finding), self._kept)

    def finish(self, report: Report) -> bool:
        from validator.report import sarif_format

        unlisted = sarif_format.unlisted_rules(report.rules, self._first_of_code.values())
        staging = StagedOutput(self._path)
        self._kept.seek(0)
        sarif_format.write_log(report, self._kept_findings(), unlisted, staging.write)
        self._kept.close()
        staging.commit()
        return True

    def abandon(self) -> None:
        self._kept.close()

    def _kept_findings(self) -> Iterator[Finding]:
        import pickle

        while True:
            try:
                yield Finding(**pickle.load(self._kept))
            except EOFError:
                return


def _without_excerpt(finding: Finding) -> dict:
    """A finding's fields, its excerpt (a whole source line) left out."""
    fields = vars(finding).copy()
    del fields["excerpt"]
    return fields


class StagedOutput:
    """Text that reaches ``path`` (or standard output, for None) only when committed.

    Until then it is in an unnamed temporary file (in memory up to 8 MiB, on disk beyond), so a
    run that is killed leaves nothing behind; committing copies it beside ``path`` and renames
    the copy over it (``fsio.copy_atomic``).
    """

    def __init__(self, path: str | None) -> None:
        import tempfile

        self._path = path
        self._file = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115

    def write(self, text: str) -> None:
        self._file.write(text.encode("utf-8", errors="replace"))

    def commit(self) -> None:
        self._file.seek(0)
        if self._path is None:
            self._copy_to_stdout()
        else:
            copy_atomic(self._path, self._file)
        self._file.close()

    def discard(self) -> None:
        self._file.close()

    def _copy_to_stdout(self) -> None:
        import shutil  # with bz2 and lzma: 2 ms of start-up that only a staged report needs

        encoding = sys.stdout.encoding or "utf-8"
        binary = getattr(sys.stdout, "buffer", None)
        sys.stdout.flush()
        if binary is not None and codecs.lookup(encoding).name == "utf-8":
            shutil.copyfileobj(self._file, binary)
            binary.flush()
            return
        for line in io.TextIOWrapper(self._file, encoding="utf-8"):  # what cannot be shown: "?"
            sys.stdout.write(line.encode(encoding, "replace").decode(encoding))
        sys.stdout.flush()

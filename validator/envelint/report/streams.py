"""Reports written as the findings come (``FindingStream``s), so that memory stays flat however
many payloads are checked or fail.

Text on standard output is written in blocks; every other report is staged in an unnamed
temporary file (in memory up to SPOOL_IN_MEMORY, on disk beyond) and copied to its destination
only when the run ends, so that a run stopped by an error leaves no half report. A format whose
head depends on every finding (SARIF's rules, GitHub's errors first, JUnit's counts: its stream
is in ``junit_stream.py``, loaded only for JUnit) keeps its findings in temporary files until
then.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO

from envelint import __version__
from envelint.common.findings import Finding, Severity
from envelint.common.fsio import copy_atomic
from envelint.report import TOOL_NAME, FindingStream, Report, json_format

SPOOL_IN_MEMORY = 1024 * 1024  # what a temporary file holds in memory before it is on disk
COPY_BLOCK = 1024 * 1024
# Findings rendered together by a staged stream: rendering each payload's between checks made a
# run of a million payloads 5-8% slower.
RENDER_BLOCK = 1024


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

    def abandon(self) -> None:
        self.flush()  # what was found before the error is shown with it


class StagedTextStream(FindingStream):
    """The text report written to a file as the findings come, byte for byte what ``render``
    gives (no colour), staged like the JSON report so that a run stopped by an error replaces
    no file."""

    def __init__(self, render_findings: Callable, path: str | None) -> None:
        self._render = render_findings
        self._staging = StagedOutput(path)
        self._pending: list[Finding] = []

    def __call__(self, findings: list) -> None:
        self._pending.extend(findings)
        if len(self._pending) >= RENDER_BLOCK:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self._staging.write(self._render(self._pending, False) + "\n")
            self._pending.clear()

    def finish(self, report: Report) -> bool:
        from envelint.report import text_format

        self.flush()
        self._staging.write(text_format.render(report))  # the findings went: the summary
        self._staging.commit()
        return True

    def abandon(self) -> None:
        self._staging.discard()


class JsonStream(FindingStream):
    """The JSON report written as the findings come, byte for byte what ``render`` gives.

    The document is staged in a temporary file and reaches ``--output`` (or standard output)
    only when the run ends, so a run that stops with an error leaves no half document: no
    file is replaced, nothing is printed.
    """

    def __init__(self, path: str | None) -> None:
        self._staging = StagedOutput(path)  # itself in memory up to SPOOL_IN_MEMORY: no buffer here
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
        self._kept = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
        self._first_of_code: dict[str, Finding] = {}

    def __call__(self, findings: list[Finding]) -> None:
        import pickle  # only a streamed SARIF log pays for it

        for finding in findings:
            self._first_of_code.setdefault(finding.code, finding)
            pickle.dump(_without_excerpt(finding), self._kept)

    def finish(self, report: Report) -> bool:
        from envelint.report import sarif_format

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


class GithubStream(FindingStream):
    """The GitHub annotations as the findings come, byte for byte what ``render`` gives.

    They are listed errors first, then warnings, then notices, each in report order: errors
    are written to the staged report (like the JSON one) as they come, the others to an
    unnamed temporary file per severity, appended to it at the end before the summary.
    """

    def __init__(self, path: str | None) -> None:
        import tempfile

        self._staging = StagedOutput(path)
        self._later = {
            severity: tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
            for severity in (Severity.WARNING, Severity.INFO)
        }
        self._cwd = os.getcwd()
        self._pending: list[Finding] = []

    def __call__(self, findings: list[Finding]) -> None:
        self._pending.extend(findings)
        if len(self._pending) >= RENDER_BLOCK:
            self.flush()

    def flush(self) -> None:
        from envelint.report.github_format import annotation_line

        for finding in self._pending:
            line = annotation_line(finding, self._cwd)
            if finding.severity == Severity.ERROR:
                self._staging.write(line)
            else:
                self._later[finding.severity].write(line.encode("utf-8", errors="replace"))
        self._pending.clear()

    def finish(self, report: Report) -> bool:
        from envelint.report.github_format import summary_text

        self.flush()
        for later in self._later.values():
            size = later.tell()
            later.seek(0)
            self._staging.copy_from(later, size)
            later.close()
        self._staging.write(summary_text(report))
        self._staging.commit()
        return True

    def abandon(self) -> None:
        for later in self._later.values():
            later.close()
        self._staging.discard()


def _without_excerpt(finding: Finding) -> dict:
    """A finding's fields, its excerpt (a whole source line) left out."""
    fields = vars(finding).copy()
    del fields["excerpt"]
    return fields


class StagedOutput:
    """Text that reaches ``path`` (or standard output, for None) only when committed.

    Until then it is in an unnamed temporary file (in memory up to SPOOL_IN_MEMORY, on disk
    beyond), so a run that is killed leaves nothing behind; committing copies it beside
    ``path`` and renames the copy over it (``fsio.copy_atomic``).
    """

    def __init__(self, path: str | None) -> None:
        import tempfile

        self._path = path
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115

    def write(self, text: str) -> None:
        self._file.write(text.encode("utf-8", errors="replace"))

    def copy_from(self, source: BinaryIO, size: int) -> None:
        """Append ``size`` bytes of ``source``, read from where it stands."""
        while size > 0:
            block = source.read(min(COPY_BLOCK, size))
            if not block:
                raise EOFError(f"{size} bytes missing from a staged part")
            self._file.write(block)
            size -= len(block)

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

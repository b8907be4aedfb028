"""What every report writer shares: the base class ``ReportWriter`` and where its text goes.

A writer is given the findings (and checked units) as they come, so that memory stays flat
however many payloads are checked or fail, and writes the rest of its report at the end
(``finish``). The whole-report case (a baseline or an ignore file had to see every finding
first, or the run writes several reports) is the same writer given the kept findings at once
(``write_report``).

Where the text goes:

- ``StagedOutput``: an unnamed temporary file (in memory up to SPOOL_IN_MEMORY, on disk beyond),
  copied to ``--output`` (or standard output) only when the report is finished, so that a run
  stopped by an error, or killed, leaves no half report: no file is replaced, nothing printed.
- ``ConsoleOutput``: text on standard output as it comes, for a writer shown as it comes (text):
  in blocks of 64 KiB, at once on a terminal; what came before an error is shown with it.
- ``CapturedOutput``: the whole report as a string (``envelint.report.render``).
"""

from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, BinaryIO, ClassVar, TextIO, cast

from envelint.common.errors import EnvelintError
from envelint.common.findings import Finding
from envelint.common.fsio import copy_atomic
from envelint.report import FindingStream, Report

if TYPE_CHECKING:
    from envelint.report.output import Display

SPOOL_IN_MEMORY = 1024 * 1024  # what a temporary file holds in memory before it is on disk
COPY_BLOCK = 1024 * 1024
# Findings rendered together by a staged writer: rendering each payload's between checks made a
# run of a million payloads 5-8% slower.
RENDER_BLOCK = 1024


def spooled_file() -> BinaryIO:
    """An unnamed temporary file, in memory up to SPOOL_IN_MEMORY: nothing left if killed."""
    import tempfile

    # Binary (mode w+b): typeshed types it IO[bytes], not the BinaryIO that fsio.copy_atomic takes.
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
    return cast(BinaryIO, spooled)


@contextmanager
def writing_standard_output() -> Iterator[None]:
    """A failure to write the report to standard output (a full disk behind ``>``), said as
    such rather than as a failure of whatever was being read. A reader that left (``| head``)
    is not a failure: the command stops quietly."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise EnvelintError(f"cannot write to standard output: {error.strerror or error}") from None


class StagedOutput:
    """Text that reaches ``path`` (or standard output, for None) only when committed.

    Until then it is in an unnamed temporary file, so a run that is killed leaves nothing
    behind; committing copies it beside ``path`` and renames the copy over it
    (``fsio.copy_atomic``).
    """

    live = False  # nothing is shown before the report is finished
    color = False

    def __init__(self, path: str | None) -> None:
        self._path = path
        self._file = spooled_file()

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
            with writing_standard_output():
                self._copy_to_stdout()
        else:
            copy_atomic(self._path, self._file)
        self._file.close()

    def abandon(self) -> None:
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


class CapturedOutput:
    """The report kept as a string, ``text`` once committed: what a report file would hold
    before it is encoded (the caller encodes it)."""

    live = False
    color = False

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.text = ""

    def write(self, text: str) -> None:
        self._parts.append(text)

    def copy_from(self, source: BinaryIO, size: int) -> None:
        self._parts.append(source.read(size).decode("utf-8"))

    def commit(self) -> None:
        self.text = "".join(self._parts)
        self._parts.clear()

    def abandon(self) -> None:
        self._parts.clear()


class ConsoleOutput:
    """Text written to ``stdout`` as it comes: at once on a terminal, otherwise in blocks of
    64 KiB (whatever PYTHONUNBUFFERED says: a write for each failing payload would cost a
    system call each)."""

    BLOCK = 64 * 1024
    live = True  # a writer renders what it is given at once: it is shown as the run goes

    def __init__(self, stdout: TextIO, color: bool) -> None:
        self.color = color
        self._stdout = stdout
        self._interactive = stdout.isatty()
        self._pending: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._pending.append(text)
        self._size += len(text)
        if self._interactive or self._size >= self.BLOCK:
            self.flush()

    def _clear_progress(self) -> None:
        if self._interactive:  # the progress line may be on the same terminal
            from envelint.report.progress import clear_line

            clear_line()

    def flush(self) -> None:
        if not self._pending:
            return
        text = "".join(self._pending)
        self._pending.clear()
        self._size = 0
        self._clear_progress()
        with writing_standard_output():
            try:
                self._stdout.write(text)  # the text is encoded whole before any is written
            except UnicodeEncodeError:  # a lone surrogate, or a character the console lacks
                encoding = self._stdout.encoding or "utf-8"
                self._stdout.write(text.encode(encoding, "replace").decode(encoding))

    def copy_from(self, source: BinaryIO, size: int) -> None:
        """As the other outputs have it (a staged format is never given a console output)."""
        self.write(source.read(size).decode("utf-8"))

    def commit(self) -> None:
        self.flush()
        with writing_standard_output():
            self._stdout.flush()

    def abandon(self) -> None:
        self.flush()  # what was found before the error is shown with it


Output = StagedOutput | ConsoleOutput | CapturedOutput


class ReportWriter(FindingStream):
    """One report format, written as the findings come; a format is a subclass (registered in
    ``envelint.report.WRITERS``) that writes its findings with ``__call__`` (and its units
    with ``unit``, if it lists them) and the rest of the report with ``write_end``."""

    # True for a format whose report may be shown as it comes on standard output (text); any
    # other is staged there too, so that an error prints no half document.
    shown_as_it_comes: ClassVar[bool] = False
    # True for a format that lists the clean units too (JUnit's passing test cases): the
    # pipeline then keeps one CheckedUnit per payload for it.
    lists_units: ClassVar[bool] = False
    # True for a format that shows coverage (html): the pipeline then tracks the exchanges.
    shows_coverage: ClassVar[bool] = False

    # How the report is shown (``output.Display``: -q, --statistics); set by ``open_writer``.
    display: Display

    def __init__(self, output: Output) -> None:
        from envelint.report.output import Display

        self.output = output
        self.display = Display()

    def write_end(self, report: Report) -> None:
        """Write what follows the findings (and whatever was held back)."""
        raise NotImplementedError

    def finish(self, report: Report) -> None:
        self.write_end(report)
        self.output.commit()

    def abandon(self) -> None:
        self.output.abandon()

    def write_report(self, report: Report) -> None:
        """The whole report from what ``report`` kept: the streamed case given it all at once."""
        if report.findings:
            self(report.findings)
        unit = self.unit
        for checked in report.units:
            unit(checked)
        self.finish(report)


class BlockWriter(ReportWriter):
    """A writer that renders its findings a block at a time (RENDER_BLOCK of them), or each
    batch at once when its output is shown live: ``write_block`` renders ``self.pending``."""

    def __init__(self, output: Output) -> None:
        super().__init__(output)
        self.pending: list[Finding] = []

    def __call__(self, findings: list[Finding]) -> None:
        self.pending.extend(findings)
        if self.output.live or len(self.pending) >= RENDER_BLOCK:
            self.write_pending()

    def write_pending(self) -> None:
        if self.pending:
            self.write_block(self.pending)
            self.pending.clear()

    def write_block(self, findings: list[Finding]) -> None:
        raise NotImplementedError

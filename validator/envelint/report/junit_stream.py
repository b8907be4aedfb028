"""JUnit XML written as the findings and checked payloads come, for ``--format junit``.

Its own module, loaded only when JUnit is chosen (the writing of JUnit XML in pieces is in
``junit_format``).
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, TextIO

from envelint.common.findings import Finding
from envelint.report import CheckedUnit, FindingStream, Report, junit_format
from envelint.report.junit_format import Case, SuiteOrder, finding_case
from envelint.report.streams import SPOOL_IN_MEMORY, StagedOutput


class JunitStream(FindingStream):
    """The JUnit report of the findings and checked units as they come, byte for byte what
    ``render`` gives.

    The document gives its counts before its test cases, and orders each file's cases by line,
    clean units among findings. So each case (a tuple, its failure element already written) is
    pickled as it comes, in batches of one file's cases, into an unnamed temporary file. At the
    end each file's cases are read back and put in order (a span from one unit to the next at a
    time when they came in order, as ``validate`` gives them: ``junit_format.SuiteOrder``; all
    at once when not) and written to a second temporary file, which gives the counts; the
    document is then written from it, staged like the JSON report.
    """

    BATCH = 4096  # cases pickled together

    def __init__(self, path: str | None) -> None:
        self._path = path
        self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
        self._suites: dict[str, _SpooledSuite] = {}
        self._batch: list[Case] = []
        self._batch_path: str | None = None
        self._suite = _SpooledSuite()  # the suite of the batch's path

    def __call__(self, findings: list[Finding]) -> None:
        for finding in findings:
            self._add(finding.path, finding_case(finding))

    def unit(self, unit: CheckedUnit) -> None:
        self._add(unit.path, (unit.line, unit.name, None))  # junit_format.unit_case, inlined

    def _add(self, path: str, case: Case) -> None:
        if path != self._batch_path:
            self._spool_batch()
            self._batch_path = path
            self._suite = self._suites.setdefault(path, _SpooledSuite())
        elif len(self._batch) == self.BATCH:
            self._spool_batch()
        self._suite.order.see(case)
        self._batch.append(case)

    def _spool_batch(self) -> None:
        if self._batch:
            self._suite.batches.append(self._spool.tell())
            pickle.dump(self._batch, self._spool, pickle.HIGHEST_PROTOCOL)
            self._batch = []

    def finish(self, report: Report) -> bool:
        self._spool_batch()
        staging = StagedOutput(self._path)
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace", newline="\n") as text:
            suites = [self._write_suite(path, text) for path in sorted(self._suites)]
            self._spool.close()
            if suites:
                self._write_document(report.tool_name, suites, text.buffer, staging)
            else:
                staging.write(junit_format.empty_document(report.tool_name))
        staging.commit()
        return True

    def _write_suite(self, path: str, text: TextIO) -> _WrittenSuite:
        """Write the file's cases in order to ``text``, flushed after each suite."""
        suite = self._suites[path]
        cases = self._spooled_cases(suite)
        if suite.order.in_order:
            ordered = junit_format.spanwise_cases(cases)
        else:  # rare (a file named twice, say): the file's cases are held at once
            cases = list(cases)
            findings = [case for case in cases if case[2] is not None]
            units = [case for case in cases if case[2] is None]
            ordered = iter(junit_format.sorted_cases(findings, units))
        start = text.buffer.tell()
        tests, failures = junit_format.write_cases(path, ordered, text.write)
        text.flush()
        return _WrittenSuite(path, tests, failures, text.buffer.tell() - start)

    def _spooled_cases(self, suite: _SpooledSuite) -> Iterator[Case]:
        for offset in suite.batches:
            self._spool.seek(offset)
            yield from pickle.load(self._spool)

    @staticmethod
    def _write_document(
        tool_name: str, suites: list[_WrittenSuite], written: BinaryIO, staging: StagedOutput
    ) -> None:
        tests = sum(suite.tests for suite in suites)
        failures = sum(suite.failures for suite in suites)
        staging.write(junit_format.document_head(tool_name, tests, failures))
        written.seek(0)
        for suite in suites:
            staging.write(junit_format.suite_head(suite.path, suite.tests, suite.failures))
            staging.copy_from(written, suite.size)
            staging.write(junit_format.SUITE_TAIL)
        staging.write(junit_format.DOCUMENT_TAIL)

    def abandon(self) -> None:
        self._spool.close()


@dataclass
class _SpooledSuite:
    """Where one file's cases are in a ``JunitStream``'s spool, and whether they came in order."""

    batches: list[int] = field(default_factory=list)  # offsets of its pickled batches
    order: SuiteOrder = field(default_factory=SuiteOrder)


@dataclass(frozen=True)
class _WrittenSuite:
    path: str
    tests: int
    failures: int
    size: int  # bytes of its written test cases

"""Coverage: validate the captures with the exchanges tracked, then lay them over the catalog's
operations (``envelint coverage``; the html report's coverage table)."""

from __future__ import annotations

from envelint.catalog.store import Catalog
from envelint.common.errors import EnvelintError
from envelint.common.findings import Finding
from envelint.pipeline.validate import ValidateRequest, run_validation
from envelint.report import FindingStream, Report
from envelint.report.coverage import CoverageTable, ExchangeTally, coverage_table


class _CountOnly(FindingStream):
    """Findings counted, not kept: coverage needs only whether an exchange had any."""

    def __call__(self, findings: list[Finding]) -> None:
        pass


def attach_coverage(report: Report, catalog: Catalog) -> None:
    """The report's tracked exchanges laid over ``catalog``'s operations (``report.coverage``)."""
    if report.exchanges is not None and catalog.operations:
        report.coverage = coverage_table(list(catalog.operations), report.exchanges)


def measure_coverage(request: ValidateRequest, jobs: int) -> CoverageTable:
    """The coverage of ``request``'s captures over its catalog (the run's findings are counted,
    not kept)."""
    if not request.catalog.operations:
        raise EnvelintError("coverage: the catalog documents no operation (name the docs)")
    request.track_coverage = True
    request.keep_units = False
    request.stream = _CountOnly()
    report = run_validation(request, jobs)
    if report.files == 0:
        raise EnvelintError(f"nothing was checked: no capture files in {', '.join(request.paths)}")
    return coverage_table(list(request.catalog.operations), report.exchanges or ExchangeTally())

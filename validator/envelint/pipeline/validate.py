"""Validation: read capture files, check every payload with the engine, gather a report (what
``envelint validate`` and ``check`` run, and each ``--jobs`` worker)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from envelint.captures import access_log
from envelint.captures.detect import json_file_format
from envelint.captures.discover import (
    cannot_read,
    capture_files,
    open_capture,
    open_readable,
    read_captures,
    whole_contents,
)
from envelint.captures.formats import EXTENSIONS
from envelint.captures.jsonl_file import is_blank, lines_within, without_line_ending
from envelint.captures.payload import RESPONSE_SIDE, Payload
from envelint.catalog.store import Catalog
from envelint.common.errors import CaptureError, EnvelintError
from envelint.common.findings import Finding
from envelint.common.paths import STDIN, STDIN_NAME, display_path, suffix_of
from envelint.config.settings import Settings
from envelint.engine.engine import Engine
from envelint.report import CheckedUnit, FindingStream, Report, RuleInfo
from envelint.rules import all_rules
from envelint.rules.base import Rule
from envelint.rules.custom import CustomRule

if TYPE_CHECKING:  # imported when a run tracks coverage: start-up of every other run
    from envelint.report.coverage import ExchangeTally


@dataclass(frozen=True)
class RequestContext:
    """What ``--operation`` and ``--status`` say of bare bodies: the request they answer."""

    method: str | None = None
    url: str | None = None  # a URL, a path, or the documented URI template itself
    status: int | None = None

    @classmethod
    def parse(cls, operation: str | None, status: int | None) -> RequestContext | None:
        """From ``"GET /v2/{project_id}/servers"`` and a status; None when neither is given."""
        if operation is None and status is None:
            return None
        method = url = None
        if operation is not None:
            method, _, url = operation.strip().partition(" ")
            url = url.strip()
            if not method.isalpha() or not url or " " in url:
                raise EnvelintError(
                    f"--operation {operation!r}: expected a method and a path, "
                    'such as "GET /v2/{project_id}/servers"'
                )
            method = method.upper()
        return cls(method, url, status)

    def apply(self, payload: Payload) -> None:
        """Give a payload the context its capture did not hold."""
        if payload.method is None and payload.url is None:
            payload.method, payload.url = self.method, self.url
        if payload.status is None:
            payload.status = self.status


@dataclass
class ValidateRequest:
    paths: list[str]
    catalog: Catalog
    settings: Settings
    schema_id: str | None = None
    input_format: str | None = None
    keep_units: bool = True  # one CheckedUnit per payload, for JUnit's passing test cases
    stream: FindingStream | None = None  # findings written as they come (Report)
    context: RequestContext | None = None  # --operation, --status
    track_coverage: bool = False  # count each exchange's operation and status (Report.exchanges)
    max_findings: int | None = None  # --max-findings (Report.max_findings)


def rule_infos(settings: Settings | None = None) -> dict[str, RuleInfo]:
    custom = settings.custom_rules if settings else []
    rules: list[Rule | CustomRule] = [*all_rules(), *custom]
    return {
        rule.code: RuleInfo(rule.code, rule.name, rule.severity, rule.summary, rule.description)
        for rule in rules
    }


class EnginePerSettings:
    """One engine per distinct effective settings (per-file overrides change the schemas)."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._engines: dict[tuple[Any, ...], Engine] = {}
        self._last: tuple[Settings, Engine] | None = None

    def get(self, settings: Settings) -> Engine:
        if self._last is not None and self._last[0] is settings:
            return self._last[1]  # the common case: no per-file settings, the same object
        key = (
            tuple(settings.select),
            tuple(settings.ignore),
            tuple(sorted(settings.severities.items())),
            settings.undocumented,
            settings.required,
            settings.side,
            settings.max_depth,
            id(settings.custom_rules),
            tuple(sorted(settings.schema_map.items())),
        )
        if key not in self._engines:
            self._engines[key] = Engine(self.catalog, settings)
        self._last = (settings, self._engines[key])
        return self._last[1]


PROGRESS_EVERY = 4096


def run_validation(
    request: ValidateRequest, jobs: int, on_progress: Callable[[int, int], None] | None = None
) -> Report:
    """``validate_captures`` in ``jobs`` processes (0: one per core); progress only in one."""
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1:
        from envelint.pipeline.parallel import validate_in_parallel

        return validate_in_parallel(request, jobs)
    return validate_captures(request, on_progress)


def validate_captures(
    request: ValidateRequest, on_progress: Callable[[int, int], None] | None = None
) -> Report:
    """Check every payload of every capture file; ``on_progress(files, payloads)`` now and then."""
    engines = EnginePerSettings(request.catalog)
    report = new_report(request)
    with report.stream_stopped_on_error():
        check_files(request, engines, report, on_progress)
    return report


def new_report(request: ValidateRequest) -> Report:
    """The empty report of ``request``'s run: its rules, its stream, its ``--max-findings`` cap
    and, when the run tracks coverage, its tally (one process or the merge of many)."""
    report = Report(findings=[], rules=rule_infos(request.settings), stream=request.stream)
    report.max_findings = request.max_findings
    if request.track_coverage:
        from envelint.report.coverage import ExchangeTally

        report.exchanges = ExchangeTally()
    return report


def _record_bodiless(tally: ExchangeTally, engine: Engine, record: access_log.Bodiless) -> None:
    """A logged exchange without a response body: counted, nothing to check."""
    _tally_exchange(tally, engine, record.method, record.url, record.request_body, record.status)


def record_exchange(report: Report, engine: Engine, payload: Payload, had_findings: bool) -> None:
    """Count the payload's exchange in the report's coverage, when the run tracks it."""
    if report.exchanges is not None and payload.side == RESPONSE_SIDE:
        _tally_exchange(
            report.exchanges,
            engine,
            payload.method,
            payload.url,
            payload.request_body,
            payload.status,
            had_findings,
        )


def _tally_exchange(
    tally: ExchangeTally,
    engine: Engine,
    method: str | None,
    url: str | None,
    request_body: object,
    status: int | None,
    had_findings: bool = False,
) -> None:
    """One exchange counted against every operation its request matches."""
    matches = engine.selector.operations.match_operations(method, url, request_body)
    operation_ids = dict.fromkeys(match.operation.id for match in matches)
    tally.record(operation_ids, method, url, status, had_findings)


def check_files(
    request: ValidateRequest,
    engines: EnginePerSettings,
    report: Report,
    on_progress: Callable[[int, int], None] | None = None,
) -> None:
    """Check the request's files into ``report``, with engines that may be reused across calls."""
    for path in capture_files(request.paths):
        settings = request.settings.for_path(path)
        if settings.excluded(path):
            continue
        report.files += 1
        engine = engines.get(settings)
        try:
            _check_file(path, request, settings, engine, report, on_progress)
        except CaptureError as error:  # one bad file is a finding on it, never the end of the run
            report.payloads += 1
            report.add(engine.check(unreadable_payload(error)))


def _check_file(
    path: str,
    request: ValidateRequest,
    settings: Settings,
    engine: Engine,
    report: Report,
    on_progress: Callable[[int, int], None] | None,
) -> None:
    """Every payload of one capture file into ``report``."""
    read_as = _shortcut(path, request.input_format) if request.context is None else None
    schema_id = (request.schema_id or settings.schema_for_path(path)) if read_as else None
    if read_as == "jsonl":
        _check_json_lines_file(path, engine, schema_id, report, request.keep_units, on_progress)
        return
    opened = None
    if read_as == "json":
        opened = open_readable(path)
        if _is_clean_small_file(opened, engine, schema_id, request.input_format):
            _count_payload(report, on_progress)
            if report.exchanges is not None:
                report.exchanges.without_request += 1
            if request.keep_units:
                report.add_unit(payload_unit(display_path(path), 1))
            return
    payloads = read_captures(
        path, request.input_format, opened, settings.access_log, settings.max_size
    )
    if request.context is not None:
        payloads = _with_context(payloads, request.context)
    check_payloads(payloads, engine, request.schema_id, report, on_progress, request.keep_units)


def unreadable_payload(error: CaptureError) -> Payload:
    """A capture that could not be read, as the payload J008 reports."""
    source = display_path(error.source) if error.source != STDIN else STDIN_NAME
    return Payload(
        source=source,
        data=b"",
        line=error.line or 1,
        column=error.column or 1,
        unreadable=error.reason,
    )


def _with_context(payloads: Iterable[Payload], context: RequestContext) -> Iterator[Payload]:
    for payload in payloads:
        context.apply(payload)
        yield payload


def _shortcut(path: str, input_format: str | None) -> str | None:
    """``jsonl`` for a JSON Lines log (streamed line by line), ``json`` for a ``.json`` file
    (pre-commit passes thousands, and most are clean), None for the rest: the format the
    name (``formats.EXTENSIONS``) or ``--input-format`` gives."""
    if path == "-":
        return None
    named = input_format or EXTENSIONS.get(suffix_of(path))
    return named if named in ("json", "jsonl") else None


def _check_json_lines_file(
    path: str,
    engine: Engine,
    schema_id: str | None,
    report: Report,
    keep_units: bool,
    on_progress: Callable[[int, int], None] | None = None,
) -> None:
    try:
        with open_capture(path) as stream:
            within = lines_within(stream, engine.settings.max_size)
            lines, is_access_log = access_log.opening_lines(within, engine.settings.access_log)
            source = display_path(path)
            if is_access_log:
                check_access_log(source, lines, engine, schema_id, report, keep_units)
            else:
                check_json_lines(
                    source, lines, engine, schema_id, report, keep_units, on_progress=on_progress
                )
    except OSError as error:
        raise cannot_read(path, error) from None


def _is_clean_small_file(
    opened: BinaryIO, engine: Engine, schema_id: str | None, forced: str | None
) -> bool:
    """The fast path's verdict on a small file ``open_capture`` read whole, with no Payload
    made. Its name or ``--input-format`` says ``json``; unless the format is forced, a HAR
    export saved as ``.json`` is left to the full path (``detect_format``'s rule)."""
    data = whole_contents(opened)
    if data is None or (forced is None and json_file_format(data) != "json"):
        return False
    return engine.accepts_file(data, schema_id)


def _count_payload(report: Report, on_progress: Callable[[int, int], None] | None) -> None:
    report.payloads += 1
    if on_progress and report.payloads % PROGRESS_EVERY == 0:
        on_progress(report.files, report.payloads)


def payload_unit(source: str, line: int) -> CheckedUnit:
    """A checked payload as JUnit shows it; the name ends with the line (junit_format's
    ``SuiteOrder`` streams a file's cases a span at a time on that)."""
    return CheckedUnit(source, f"payload at line {line}", line)


def check_json_lines(
    source: str,
    lines: Iterable[bytes],
    engine: Engine,
    schema_id: str | None,
    report: Report,
    keep_units: bool = True,
    first_line: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> None:
    """A JSON Lines log in constant memory: a record the fast path accepts costs no object;
    only a refused one becomes a Payload and takes the full path. ``on_progress(files,
    payloads)`` every PROGRESS_EVERY lines, as for files."""
    accepts_line = engine.line_checker(schema_id)
    add_unit = report.add_unit if keep_units else None
    lines_read = blank_lines = 0
    for number, line in enumerate(lines, start=first_line):
        lines_read += 1
        if on_progress is not None and lines_read % PROGRESS_EVERY == 0:
            on_progress(report.files, report.payloads + lines_read - blank_lines)
        if not accepts_line(line):
            body = without_line_ending(line)
            if is_blank(body):
                blank_lines += 1
                continue
            payload = Payload(source=source, data=body, line=number, schema_id=schema_id)
            report.add(engine.check_fully(payload))  # line by line: already in file order
        if add_unit is not None:
            add_unit(payload_unit(source, number))
    report.payloads += lines_read - blank_lines
    if report.exchanges is not None:  # bare bodies: no request, no operation exercised
        report.exchanges.without_request += lines_read - blank_lines


def check_access_log(
    source: str,
    lines: Iterable[bytes],
    engine: Engine,
    schema_id: str | None,
    report: Report,
    keep_units: bool = True,
    first_line: int = 1,
) -> None:
    """An access log in constant memory: each record's body checked as it is read, its
    findings reported at once (records come in line order)."""
    fields = engine.settings.access_log
    bodiless = None
    if report.exchanges is not None:
        bodiless = functools.partial(_record_bodiless, report.exchanges, engine)
    for payload in access_log.read_stream(source, lines, fields, first_line, bodiless):
        report.payloads += 1
        if schema_id:
            payload.schema_id = schema_id
        findings = [*engine.check(payload), *engine.check_request(payload)]
        report.add(findings)
        record_exchange(report, engine, payload, bool(findings))
        if keep_units:
            report.add_unit(payload_unit(source, payload.line))


def check_payloads(
    payloads: Iterable[Payload],
    engine: Engine,
    schema_id: str | None,
    report: Report,
    on_progress: Callable[[int, int], None] | None = None,
    keep_units: bool = True,
) -> None:
    """Check one file's payloads into ``report``, its findings in file order, then its units
    (by line: how ``JunitWriter`` takes them in order)."""
    file_findings = []
    units = []
    for payload in payloads:
        if payload.request_only:  # a body-less response: no payload, its request checked
            file_findings.extend(engine.check_request(payload))
            continue
        _count_payload(report, on_progress)
        if schema_id:
            payload.schema_id = schema_id
        findings = [*engine.check(payload), *engine.check_request(payload)]
        file_findings.extend(findings)
        record_exchange(report, engine, payload, bool(findings))
        if keep_units:
            units.append(payload_unit(payload.source, payload.line))
    report.add(sorted(file_findings, key=Finding.sort_key))
    for unit in sorted(units, key=lambda unit: unit.line):
        report.add_unit(unit)


def catalog_from_docs(
    docs: list[str],
    *,
    use_cache: bool = True,
    extra_types: dict[str, Any] | None = None,
    allow_outside_links: bool = False,
) -> Catalog:
    """The catalog derived from the documentation (cached by content), held in memory."""
    from envelint.derive.cache import derive_cached

    derived = derive_cached(
        docs,
        use_cache=use_cache,
        extra_types=extra_types,
        allow_outside_links=allow_outside_links,
    )
    if not derived.entries:
        raise EnvelintError(f"no response schema could be derived from {', '.join(docs)}")
    return Catalog.in_memory(derived.entries, derived.schemas, derived.operations)


def check_one(payload: Payload, engine: Engine) -> list[Finding]:
    """One exchange's findings (the API's ``Contract.check``), through the path a capture
    file's payloads take, so both give the same findings in the same order."""
    report = Report(findings=[])
    check_payloads([payload], engine, None, report, keep_units=False)
    return report.findings

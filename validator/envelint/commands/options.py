"""The options that several commands share, and the steps every checking command ends with:
settings from the options, where the reports go, suppressions, the reports, the exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from envelint.captures.formats import FORMATS as INPUT_FORMATS
from envelint.common.findings import Severity
from envelint.common.limits import DEFAULT_MAX_DEPTH, DEFAULT_MAX_ITEMS, DEFAULT_MAX_SIZE
from envelint.report import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from envelint.config.settings import Settings
    from envelint.report import FindingStream, Report
    from envelint.report.output import Destination
    from envelint.report.progress import Progress

Command = TypeVar("Command", bound=Callable[..., Any])

FORMAT_CHOICES = [*REPORT_FORMATS, "auto"]

jobs_option = click.option(
    "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
    help="Processes to check with (0: one per core); big JSON Lines logs are cut by byte range.",
)  # fmt: skip

input_format_option = click.option(
    "--input-format", type=click.Choice(INPUT_FORMATS),
    help="Read every capture as this format (default: by extension and content).",
)  # fmt: skip


def request_context_options(command: Command) -> Command:
    """``--operation`` and ``--status``: the request a bare body answers (a capture that holds
    its own request keeps it)."""
    command = click.option(
        "--status", type=click.IntRange(100, 599),
        help="The status code of bare bodies (with --operation: its documented response).",
    )(command)  # fmt: skip
    return click.option(
        "--operation", metavar='"METHOD PATH"',
        help='The request bare bodies answer, e.g. "GET /v2/{project_id}/servers" '
        "(a URI template or a real path): checked against that operation's response.",
    )(command)  # fmt: skip


outside_links_option = click.option(
    "--allow-outside-links", is_flag=True,
    help="Read pages in a documentation folder that link to files outside it (refused "
    "by default; the configuration's allow-outside-links: true does the same).",
)  # fmt: skip

side_option = click.option(
    "--side", type=click.Choice(["request", "response", "both"]),
    help="Check only the requests (example requests, captured requests), only the responses, "
    "or both (default: both, or the configuration's side).",
)  # fmt: skip

no_cache_option = click.option(
    "--no-cache", is_flag=True, help="Derive the schemas anew even if DOCS is unchanged."
)


def limit_options(command: Command) -> Command:
    options = [
        click.option(
            "--max-depth",
            type=click.IntRange(1, DEFAULT_MAX_DEPTH),
            help=f"Deepest nesting read (default {DEFAULT_MAX_DEPTH}); deeper is J005.",
        ),
        click.option(
            "--max-size",
            type=click.IntRange(min=1),
            metavar="BYTES",
            help=f"Largest payload read (default {DEFAULT_MAX_SIZE // 2**20} MiB); larger is J006.",
        ),
        click.option(
            "--max-items",
            type=click.IntRange(min=1),
            metavar="N",
            help=f"Most values in one payload (default {DEFAULT_MAX_ITEMS:,}); more is J007.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def report_options(command: Command) -> Command:
    options = [
        click.option(
            "--format",
            "formats",
            type=click.Choice(FORMAT_CHOICES),
            multiple=True,
            help="Report format (default auto: github under GitHub Actions, else text). "
            "Repeat with --output for a second report.",
        ),
        click.option(
            "--output",
            "outputs",
            type=click.Path(dir_okay=False),
            multiple=True,
            help="Write the report of the matching --format to FILE (atomically).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(["error", "warning", "info"]),
            help="Lowest severity that makes the exit code 1 (default: error).",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False),
            help="Configuration file for every checked file (default: each file's nearest "
            ".envelint.yaml, or [tool.envelint] in pyproject.toml, from its folder upward).",
        ),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings."),
        click.option(
            "--max-findings",
            type=click.IntRange(min=0),
            metavar="N",
            help="Report at most N findings per rule and operation; the rest are counted, "
            "and the summary says how many were not reported.",
        ),
        click.option(
            "--select",
            multiple=True,
            metavar="CODES",
            help="Only these rule codes or prefixes (comma-separated, repeatable).",
        ),
        click.option(
            "--ignore",
            multiple=True,
            metavar="CODES",
            help="Skip these rule codes or prefixes (comma-separated, repeatable).",
        ),
        click.option(
            "--ignore-file",
            type=click.Path(dir_okay=False),
            help="Ignore entries (rule, path glob, pointer) for every file (default: each "
            "file's nearest .envelint-ignore.yaml upward).",
        ),
        click.option(
            "--baseline",
            type=click.Path(dir_okay=False),
            help="Accept the findings counted in this baseline file.",
        ),
        click.option(
            "--write-baseline",
            type=click.Path(dir_okay=False),
            help="Write the findings of this run as a baseline file.",
        ),
        click.option(
            "--statistics",
            is_flag=True,
            help="Print only the count of findings per rule (text format), as ruff does.",
        ),
        click.option(
            "--color/--no-color",
            "color",
            default=None,
            help="Colour the text report (default: off with NO_COLOR set, on with FORCE_COLOR "
            "set, else on a terminal unless TERM=dumb).",
        ),
        click.option(
            "-q", "--quiet", is_flag=True, help="Findings only: no summary line, no progress."
        ),
        click.option(
            "--allow-empty",
            is_flag=True,
            help="Exit 0 when no file is found to check (default: a usage error, exit 2).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _split_codes(values: tuple[str, ...]) -> list[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def settings_from(options: dict[str, Any], paths: tuple[str, ...]) -> Settings:
    """The run's settings, with the options applied: ``--config``'s for every file; else the
    configuration found for all of ``paths`` (what holds for the run), and each checked file's
    nearest configuration for the file (``Settings.nearest``)."""
    from dataclasses import replace

    from envelint.config.loader import NearestSettings, common_folder, find_config, load_settings

    def with_options(settings: Settings) -> Settings:
        return _with_options(settings, options)

    if options["config_path"] is not None:
        return with_options(load_settings(options["config_path"], Path.cwd()))
    config = find_config(None, common_folder(paths))
    nearest = NearestSettings(with_options)
    # The run's settings and the file's settings are one object where they are the same file,
    # so that both share one engine.
    return replace(nearest.settings_of(config), nearest=nearest)


def _with_options(settings: Settings, options: dict[str, Any]) -> Settings:
    from envelint.config.loader import RuleNames

    known = RuleNames(settings.custom_rules)
    for option in ("select", "ignore"):
        known.check_option(f"--{option}", _split_codes(options[option]))
    if options["fail_on"]:
        settings.fail_on = Severity.parse(options["fail_on"])
    if options["select"]:
        settings.select = _split_codes(options["select"])
    if options["ignore"]:
        settings.ignore = [*settings.ignore, *_split_codes(options["ignore"])]
    if options.get("side"):
        settings.side = options["side"]
    for limit in ("max_depth", "max_size", "max_items"):
        if options[limit]:
            setattr(settings, limit, options[limit])
    if options.get("allow_outside_links"):
        settings.allow_outside_links = True
    return settings


def checkable_name(name: str) -> bool:
    """Could a run check a file of this name (a capture or a documentation page)?"""
    from envelint.captures.discover import CAPTURE_SUFFIXES
    from envelint.common.paths import suffix_of
    from envelint.docs.dialects import DOC_SUFFIXES

    suffix = suffix_of(name)
    return suffix in CAPTURE_SUFFIXES or suffix in DOC_SUFFIXES


def destinations_from(options: dict[str, Any], settings: Settings) -> list[Destination]:
    from envelint.report.output import Display, destinations

    display = Display(options["color"], options["quiet"], options["statistics"], settings.fail_on)
    return destinations(options["formats"], options["outputs"], display)


def progress_from(options: dict[str, Any]) -> Progress:
    """The progress line on stderr (on a terminal, after two seconds), never with -q."""
    from envelint.report.progress import Progress

    return Progress(enabled=False) if options["quiet"] else Progress()


def ignore_files_for(options: dict[str, Any], paths: tuple[str, ...]) -> list[Path]:
    """The ignore files that may apply to a run over ``paths`` (none with --ignore-file)."""
    from envelint.pipeline.suppression import NearestIgnoreFile, ignore_files_near

    return [] if options["ignore_file"] else ignore_files_near(paths, NearestIgnoreFile())


def finding_stream(
    targets: list[Destination], options: dict[str, Any], ignore_files: list[Path]
) -> FindingStream | None:
    """Findings written as they are found, when nothing needs to see them all first (no
    ignore file applies, no baseline)."""
    from envelint.report.output import streaming_report

    suppressing = bool(
        options["ignore_file"] or options["baseline"] or options["write_baseline"] or ignore_files
    )
    return streaming_report(targets, suppressing)


@dataclass
class Scope:
    """What a run was asked to check: ``kind`` of files ("capture files"), the paths named, and
    ``files(excluded)``: the files found there, as findings name them (with or without those
    the configuration excludes). Asked only when needed: it looks at the paths again."""

    kind: str
    paths: tuple[str, ...]
    files: Callable[[bool], set[str]]
    ignore_files: list[Path] = field(default_factory=list)  # ``ignore_files_for`` the run


def finish(
    report: Report,
    settings: Settings,
    targets: list[Destination],
    options: dict[str, Any],
    scope: Scope | None = None,
) -> None:
    """Nothing checked, suppressions, the reports, and the exit code."""
    from envelint.pipeline.suppression import Coverage, apply_suppressions, write_baseline
    from envelint.report.output import emit, exit_code

    if scope is not None:
        _refuse_empty_run(report, scope, options)
    checked = (lambda: scope.files(False)) if scope is not None else None
    report.findings = apply_suppressions(
        report.findings,
        options["ignore_file"],
        options["baseline"],
        Coverage(checked, settings.runs),
        checkable_name,
        scope.ignore_files if scope is not None else None,
    )
    if options["write_baseline"]:
        write_baseline(options["write_baseline"], report.findings)
    report.max_findings = options["max_findings"]
    report.cap_kept()  # after the baseline is written: it lists every finding
    report.statistics = options["statistics"]
    emit(report, targets)
    sys.exit(exit_code(report, settings.fail_on, options["exit_zero"]))


def _refuse_empty_run(report: Report, scope: Scope, options: dict[str, Any]) -> None:
    """A run that found nothing to check is a usage error (a wrong path or pattern, an empty
    folder), unless ``--allow-empty``; a run whose files the configuration all excludes is not
    (pre-commit may pass only excluded files)."""
    if report.files or options["allow_empty"] or scope.files(True):
        return
    from envelint.common.errors import EnvelintError

    report.stop_stream()
    named = ", ".join(scope.paths)
    raise EnvelintError(
        f"nothing was checked: no {scope.kind} in {named} (--allow-empty accepts that)"
    )

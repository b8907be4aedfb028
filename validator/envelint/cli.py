"""The command line: parse options, call the package, print, exit 0, 1 or 2."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from envelint import __version__
from envelint.captures.detect import FORMATS as INPUT_FORMATS
from envelint.errors import EnvelintError
from envelint.findings import Severity
from envelint.report import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from envelint.catalog import Catalog
    from envelint.config import Settings

FORMAT_CHOICES = [*REPORT_FORMATS, "auto"]


class EnvelintGroup(click.Group):
    """Turns every expected failure into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `envelint ... | head`: the reader left; stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(1)
        except (EnvelintError, OSError) as error:
            click.echo(f"envelint: error: {error}", err=True)
            ctx.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # never a traceback for users; ENVELINT_DEBUG=1 shows it
            if os.environ.get("ENVELINT_DEBUG"):
                raise
            click.echo(f"envelint: internal error: {type(error).__name__}: {error}", err=True)
            ctx.exit(2)


def main() -> None:
    cli(prog_name="envelint")


@click.group(cls=EnvelintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="envelint")
def cli() -> None:
    """Check API responses against the API's own reStructuredText documentation."""


# -- schemas ----------------------------------------------------------------------------------


@cli.group(cls=EnvelintGroup)
def schemas() -> None:
    """Derive JSON Schemas from documentation tables."""


@schemas.command("build")
@click.argument("docs", nargs=-1, required=True, type=click.Path())
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder for the schemas and index.json.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 naming what is out of date.")
@click.option("--stats", is_flag=True, help="Print derivation statistics per tree.")
@click.option(
    "--no-cache", is_flag=True, help="Derive anew even if the documentation is unchanged."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Configuration file (its `types:` extend the Type vocabulary).",
)
def schemas_build(
    docs: tuple[str, ...],
    out_dir: str,
    check: bool,
    stats: bool,
    no_cache: bool,
    config_path: str | None,
) -> None:
    """Derive response schemas from DOCS (files or folders) into --out."""
    from envelint.config_file import load_settings_near
    from envelint.schemas_build import build_schemas

    types = load_settings_near(config_path, docs).types
    result = build_schemas(
        list(docs), out_dir, check=check, use_cache=not no_cache, extra_types=types
    )
    for issue in result.issues:
        click.echo(
            f"{issue.path}:{issue.line}:{issue.column}: {issue.kind}: {issue.message}", err=True
        )
    if stats:
        click.echo(result.stats_text(), err=True)
    if check:
        for line in result.changes:
            click.echo(line)
        if result.changes:
            click.echo(f"{out_dir} is out of date: run without --check to rebuild it", err=True)
            sys.exit(1)
        click.echo(f"{out_dir} is up to date ({result.schema_count} schemas)")
        return
    written = len(result.changes)
    click.echo(f"{result.schema_count} schemas in {out_dir} ({written} files changed)")


# -- validate ---------------------------------------------------------------------------------


_jobs_option = click.option(
    "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
    help="Processes to check with (0: one per core); big JSON Lines logs are cut by byte range.",
)  # fmt: skip

_input_format_option = click.option(
    "--input-format", type=click.Choice(INPUT_FORMATS),
    help="Read every capture as this format (default: by extension and content).",
)  # fmt: skip

_no_cache_option = click.option(
    "--no-cache", is_flag=True, help="Derive the schemas anew even if DOCS is unchanged."
)


def _limit_options(command):
    options = [
        click.option(
            "--max-depth",
            type=click.IntRange(1, 1024),
            help="Deepest nesting read (default 1024); deeper is J005.",
        ),
        click.option(
            "--max-size",
            type=click.IntRange(min=1),
            metavar="BYTES",
            help="Largest payload read (default 256 MiB); larger is J006.",
        ),
        click.option(
            "--max-items",
            type=click.IntRange(min=1),
            metavar="N",
            help="Most values in one payload (default 50,000,000); more is J007.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _report_options(command):
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
            help="Configuration file (default: .envelint.yaml found upward from the checked "
            "files, or [tool.envelint] in pyproject.toml).",
        ),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings."),
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
            help="Ignore entries (rule, path glob, pointer); default "
            ".envelint-ignore.yaml when present.",
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
        click.option("--statistics", is_flag=True, help="Count findings per rule (text format)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--schema", "schema_id", help="Check every payload against this schema id.")
@_input_format_option
@click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(file_okay=False),
    help="Catalog folder built by `envelint schemas build` (default: built-in).",
)
@_report_options
@_limit_options
@_jobs_option
def validate(paths, schema_id, input_format, catalog_dir, **options) -> None:
    """Check captured response payloads (files, folders, or - for stdin)."""
    from envelint.catalog import builtin_catalog_dir, load_catalog

    def catalog(settings: Settings) -> Catalog:
        return load_catalog(catalog_dir or builtin_catalog_dir())

    _check_captures(paths, catalog, schema_id, input_format, options)


def _check_captures(
    paths: tuple[str, ...],
    catalog_for: Callable[[Settings], Catalog],
    schema_id: str | None,
    input_format: str | None,
    options: dict,
) -> None:
    """Validate ``paths`` against the catalog ``catalog_for(settings)`` gives, report, exit."""
    from envelint.validate import ValidateRequest

    targets = _destinations(options)
    settings = _settings(options, paths)
    catalog = catalog_for(settings)
    keep_units = any(target.format_name == "junit" for target in targets)
    request = ValidateRequest(list(paths), catalog, settings, schema_id, input_format, keep_units)
    request.stream = _stream(targets, options)
    _finish(_run_validation(request, options["jobs"]), settings, targets, options)


def _stream(targets, options: dict):
    """Findings written as they are found, when nothing needs to see them all first."""
    from envelint.report.output import streaming_report
    from envelint.suppression import DEFAULT_IGNORE_FILE

    suppressing = bool(
        options["ignore_file"]
        or options["baseline"]
        or options["write_baseline"]
        or os.path.isfile(DEFAULT_IGNORE_FILE)
    )
    return streaming_report(targets, suppressing)


def _run_validation(request, jobs: int):
    from envelint.report.progress import Progress
    from envelint.validate import validate_captures

    jobs = jobs or os.cpu_count() or 1
    if jobs > 1:
        from envelint.parallel import validate_in_parallel

        return validate_in_parallel(request, jobs)
    progress = Progress()
    try:
        return validate_captures(request, progress.update)
    finally:
        progress.close()


@cli.command()
@click.argument("docs", type=click.Path(exists=True))
@click.argument("captures", nargs=-1, required=True)
@_input_format_option
@_no_cache_option
@_report_options
@_limit_options
@_jobs_option
def check(docs, captures, input_format, no_cache, **options) -> None:
    """The CI contract check: derive schemas from DOCS (cached) and validate CAPTURES."""
    from envelint.validate import catalog_from_docs

    def catalog(settings: Settings) -> Catalog:
        return catalog_from_docs([docs], use_cache=not no_cache, extra_types=settings.types)

    _check_captures(captures, catalog, None, input_format, options)


@cli.command()
@click.argument("docs", nargs=-1, required=True, type=click.Path())
@_no_cache_option
@_report_options
@_limit_options
def lint(docs, no_cache, **options) -> None:
    """Check the documentation's own examples and tables (files or trees)."""
    from envelint.lint import LintRequest, lint_docs
    from envelint.report.progress import Progress

    targets = _destinations(options)
    settings = _settings(options, docs)
    progress = Progress()
    try:
        report = lint_docs(LintRequest(list(docs), settings, not no_cache), progress.update)
    finally:
        progress.close()
    _finish(report, settings, targets, options)


def _split_codes(values: tuple[str, ...]) -> list[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _settings(options: dict, paths: tuple[str, ...]):
    from envelint.config_file import load_settings_near

    settings = load_settings_near(options["config_path"], paths)
    if options["fail_on"]:
        settings.fail_on = Severity.parse(options["fail_on"])
    if options["select"]:
        settings.select = _split_codes(options["select"])
    if options["ignore"]:
        settings.ignore = [*settings.ignore, *_split_codes(options["ignore"])]
    for limit in ("max_depth", "max_size", "max_items"):
        if options[limit]:
            setattr(settings, limit, options[limit])
    return settings


def _destinations(options: dict):
    from envelint.report.output import destinations

    return destinations(options["formats"], options["outputs"])


def _finish(report, settings, targets, options: dict) -> None:
    from envelint.report.output import emit, exit_code
    from envelint.suppression import apply_suppressions, write_baseline

    report.findings = apply_suppressions(
        report.findings, options["ignore_file"], options["baseline"]
    )
    if options["write_baseline"]:
        write_baseline(options["write_baseline"], report.findings)
    report.statistics = options["statistics"]
    emit(report, targets)
    sys.exit(exit_code(report, settings.fail_on, options["exit_zero"]))


# -- rules ------------------------------------------------------------------------------------


@cli.group(cls=EnvelintGroup, invoke_without_command=True)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.pass_context
def rules(context: click.Context, format_name: str) -> None:
    """List the rules; `envelint rules explain CODE` documents one."""
    if context.invoked_subcommand is not None:
        return
    from envelint import rules_catalog

    render = {
        "text": rules_catalog.rules_as_text,
        "json": rules_catalog.rules_as_json,
        "markdown": rules_catalog.rules_as_markdown,
    }[format_name]
    click.echo(render(), nl=False)


@rules.command("explain")
@click.argument("code")
def rules_explain(code: str) -> None:
    """Print the documentation of one rule (by code or name)."""
    from envelint.rules_catalog import explain

    click.echo(explain(code), nl=False)

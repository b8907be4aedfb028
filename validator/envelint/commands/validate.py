"""``envelint validate``: check captured payloads against a catalog folder (or the built-in
one)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from envelint.commands.options import (
    Scope,
    destinations_from,
    finding_stream,
    finish,
    ignore_files_for,
    input_format_option,
    jobs_option,
    limit_options,
    outside_links_option,
    progress_from,
    report_options,
    request_context_options,
    settings_from,
    side_option,
)

if TYPE_CHECKING:
    from envelint.catalog.store import Catalog
    from envelint.config.settings import Settings


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--schema", "schema_id", help="Check every payload against this schema id.")
@input_format_option
@request_context_options
@click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(),
    help="Catalog folder built by `envelint schemas build`, or an OpenAPI 3.x document "
    "(.yaml, .yml, .json) (default: the configuration's catalog: or docs:, else the built-in "
    "one).",
)
@side_option
@report_options
@limit_options
@outside_links_option
@jobs_option
def validate(
    paths: tuple[str, ...],
    schema_id: str | None,
    input_format: str | None,
    catalog_dir: str | None,
    **options: Any,
) -> None:
    """Check captured response payloads (files, folders, or - for stdin)."""
    from envelint.catalog.store import load_catalog

    def catalog(settings: Settings) -> Catalog:
        return load_catalog(catalog_dir) if catalog_dir else configured_catalog(settings)

    check_captures(paths, catalog, schema_id, input_format, options)


def configured_catalog(settings: Settings) -> Catalog:
    """The catalog the configuration names (``catalog:`` or ``docs:``, relative to the
    configuration file), else the built-in one."""
    from envelint.catalog.store import builtin_catalog_dir, is_openapi_path, load_catalog
    from envelint.common.errors import EnvelintError
    from envelint.pipeline.validate import catalog_from_docs

    for key, folder in (("catalog", settings.catalog), ("docs", settings.docs)):
        is_spec = key == "catalog" and folder is not None and is_openapi_path(folder)
        if folder is not None and not folder.is_dir() and not is_spec:
            raise EnvelintError(f"{settings.source}: {key}: no such folder: {folder}")
    if settings.catalog is not None:
        return load_catalog(settings.catalog)
    if settings.docs is not None:
        return catalog_from_docs(
            [str(settings.docs)],
            extra_types=settings.types,
            allow_outside_links=settings.allow_outside_links,
        )
    return load_catalog(builtin_catalog_dir())


def check_captures(
    paths: tuple[str, ...],
    catalog_for: Callable[[Settings], Catalog],
    schema_id: str | None,
    input_format: str | None,
    options: dict[str, Any],
) -> None:
    """Validate ``paths`` against the catalog ``catalog_for(settings)`` gives, report, exit."""
    from envelint.common.errors import EnvelintError
    from envelint.pipeline.validate import RequestContext, ValidateRequest, run_validation
    from envelint.report import writer_class

    context = RequestContext.parse(options.pop("operation"), options.pop("status"))
    settings = settings_from(options, paths)
    targets = destinations_from(options, settings)
    catalog = catalog_for(settings)
    if context is not None and context.method and not any(e.operation for e in catalog.entries):
        raise EnvelintError("--operation: the catalog documents no operation to check against")
    keep_units = any(writer_class(target.format_name).lists_units for target in targets)
    request = ValidateRequest(list(paths), catalog, settings, schema_id, input_format, keep_units)
    request.context = context
    request.max_findings = options["max_findings"]
    request.track_coverage = any(writer_class(t.format_name).shows_coverage for t in targets)
    ignore_files = ignore_files_for(options, paths)
    request.stream = finding_stream(targets, options, ignore_files)
    progress = progress_from(options)
    try:
        report = run_validation(request, options["jobs"], progress.update)
    finally:
        progress.close()
    if report.exchanges is not None:
        from envelint.pipeline.coverage import attach_coverage

        attach_coverage(report, catalog)

    def files(excluded: bool) -> set[str]:
        return capture_files_in(paths, settings, excluded)

    finish(report, settings, targets, options, Scope("capture files", paths, files, ignore_files))


def capture_files_in(paths: tuple[str, ...], settings: Settings, excluded: bool) -> set[str]:
    """The capture files in ``paths``, as findings name them (``excluded``: with those the
    configuration excludes)."""
    from envelint.captures.discover import capture_files
    from envelint.common.errors import EnvelintError
    from envelint.common.paths import STDIN, STDIN_NAME, display_path

    checked: set[str] = set()
    for named in paths:
        try:
            files = list(capture_files([named]))
        except EnvelintError:  # gone since it was checked: its findings say what happened
            continue
        checked.update(
            STDIN_NAME if path == STDIN else display_path(path)
            for path in files
            if excluded or not settings.for_path(path).excluded(path)
        )
    return checked

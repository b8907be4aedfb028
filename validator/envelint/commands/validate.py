"""``envelint validate``: check captured payloads against a catalog folder (or the built-in
one)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from envelint.commands.options import (
    destinations_from,
    finding_stream,
    finish,
    input_format_option,
    jobs_option,
    limit_options,
    report_options,
    request_context_options,
    settings_from,
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
    type=click.Path(file_okay=False),
    help="Catalog folder built by `envelint schemas build` (default: built-in).",
)
@report_options
@limit_options
@jobs_option
def validate(
    paths: tuple[str, ...],
    schema_id: str | None,
    input_format: str | None,
    catalog_dir: str | None,
    **options: Any,
) -> None:
    """Check captured response payloads (files, folders, or - for stdin)."""
    from envelint.catalog.store import builtin_catalog_dir, load_catalog

    def catalog(settings: Settings) -> Catalog:
        return load_catalog(catalog_dir or builtin_catalog_dir())

    check_captures(paths, catalog, schema_id, input_format, options)


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
    from envelint.report.progress import Progress

    context = RequestContext.parse(options.pop("operation"), options.pop("status"))
    targets = destinations_from(options)
    settings = settings_from(options, paths)
    catalog = catalog_for(settings)
    if context is not None and context.method and not any(e.operation for e in catalog.entries):
        raise EnvelintError("--operation: the catalog documents no operation to check against")
    keep_units = any(writer_class(target.format_name).lists_units for target in targets)
    request = ValidateRequest(list(paths), catalog, settings, schema_id, input_format, keep_units)
    request.context = context
    request.stream = finding_stream(targets, options)
    progress = Progress()
    try:
        report = run_validation(request, options["jobs"], progress.update)
    finally:
        progress.close()
    finish(report, settings, targets, options)

"""``envelint coverage DOCS CAPTURES...``: which documented operations and statuses the captures
exercise, which they never do, and which traffic no operation documents."""

from __future__ import annotations

from typing import Any

import click

from envelint.commands.options import input_format_option, jobs_option, no_cache_option
from envelint.report import COVERAGE_FORMATS


@click.command()
@click.argument("docs", type=click.Path(exists=True))
@click.argument("captures", nargs=-1, required=True)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(COVERAGE_FORMATS),
    default="text",
    show_default=True,
    help="text: an aligned table; json: every row and the summary; markdown: for a CI summary.",
)
@click.option(
    "--output", type=click.Path(dir_okay=False), help="Write the table to FILE (atomically)."
)
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use."
)
@input_format_option
@no_cache_option
@jobs_option
def coverage(
    docs: str,
    captures: tuple[str, ...],
    format_name: str,
    output: str | None,
    config_path: str | None,
    input_format: str | None,
    no_cache: bool,
    jobs: int,
) -> None:
    """Documented operations x statuses against CAPTURES: exercised, exercised with findings,
    never exercised; statuses the traffic gave that the page does not document; and the
    exchanges that match no operation, by method and path (ids as {id}). DOCS may also be an
    OpenAPI 3.x document. Exit 0 (2 on an error): it is a report, not a check."""
    from envelint.api import Contract
    from envelint.catalog.store import is_openapi_path, load_catalog
    from envelint.commands.options import settings_from
    from envelint.common.fsio import write_atomic
    from envelint.pipeline.coverage import measure_coverage
    from envelint.pipeline.validate import ValidateRequest
    from envelint.report.coverage import render_coverage

    options: dict[str, Any] = {
        "config_path": config_path, "select": (), "ignore": (), "fail_on": None,
        "max_depth": None, "max_size": None, "max_items": None,
    }  # fmt: skip
    settings = settings_from(options, captures)
    if is_openapi_path(docs):
        catalog = load_catalog(docs)
    else:
        catalog = Contract.derived([docs], settings, use_cache=not no_cache).catalog
    request = ValidateRequest(list(captures), catalog, settings, input_format=input_format)
    table = measure_coverage(request, jobs)
    text = render_coverage(table, format_name)
    if output:
        write_atomic(output, text.encode("utf-8"))
    else:
        click.echo(text, nl=False)

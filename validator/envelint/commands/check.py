"""``envelint check``: the CI contract check, schemas derived from the docs (cached), then the
captures validated against them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from envelint.commands.options import (
    input_format_option,
    jobs_option,
    limit_options,
    no_cache_option,
    outside_links_option,
    report_options,
    request_context_options,
    side_option,
)
from envelint.commands.validate import check_captures

if TYPE_CHECKING:
    from envelint.catalog.store import Catalog
    from envelint.config.settings import Settings


@click.command()
@click.argument("docs", type=click.Path(exists=True))
@click.argument("captures", nargs=-1, required=True)
@input_format_option
@request_context_options
@no_cache_option
@side_option
@report_options
@limit_options
@outside_links_option
@jobs_option
def check(
    docs: str, captures: tuple[str, ...], input_format: str | None, no_cache: bool, **options: Any
) -> None:
    """The CI contract check: derive schemas from DOCS (cached) and validate CAPTURES. DOCS may
    also be an OpenAPI 3.x document (.yaml, .yml, .json)."""
    from envelint.api import Contract
    from envelint.catalog.store import is_openapi_path, load_catalog

    def catalog(settings: Settings) -> Catalog:
        if is_openapi_path(docs):
            return load_catalog(docs)
        return Contract.derived([docs], settings, use_cache=not no_cache).catalog

    check_captures(captures, catalog, None, input_format, options)

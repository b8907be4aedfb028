"""``envelint lint``: the documentation's own examples and tables."""

from __future__ import annotations

from typing import Any

import click

from envelint.commands.options import (
    Scope,
    destinations_from,
    finish,
    ignore_files_for,
    limit_options,
    no_cache_option,
    outside_links_option,
    progress_from,
    report_options,
    settings_from,
    side_option,
)


@click.command()
@click.argument("docs", nargs=-1, required=True, type=click.Path())
@no_cache_option
@side_option
@report_options
@limit_options
@outside_links_option
def lint(docs: tuple[str, ...], no_cache: bool, **options: Any) -> None:
    """Check the documentation's own examples and tables (files or trees)."""
    from envelint.pipeline.lint import LintRequest, lint_docs, linted_files

    settings = settings_from(options, docs)
    targets = destinations_from(options, settings)
    progress = progress_from(options)
    try:
        report = lint_docs(LintRequest(list(docs), settings, not no_cache), progress.update)
    finally:
        progress.close()

    def files(excluded: bool) -> set[str]:
        return linted_files(list(docs), settings, excluded)

    scope = Scope("documentation pages", docs, files, ignore_files_for(options, docs))
    finish(report, settings, targets, options, scope)

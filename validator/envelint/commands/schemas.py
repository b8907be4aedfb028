"""``envelint schemas build``: derive the catalog from documentation, write or check it."""

from __future__ import annotations

import sys

import click

from envelint.commands.options import outside_links_option


@click.group()
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
@outside_links_option
def schemas_build(
    docs: tuple[str, ...],
    out_dir: str,
    check: bool,
    stats: bool,
    no_cache: bool,
    config_path: str | None,
    allow_outside_links: bool,
) -> None:
    """Derive response schemas from DOCS (files or folders) into --out."""
    from envelint.config.loader import load_settings_near
    from envelint.pipeline.build import build_schemas

    settings = load_settings_near(config_path, docs)
    result = build_schemas(
        list(docs),
        out_dir,
        check=check,
        use_cache=not no_cache,
        extra_types=settings.types,
        allow_outside_links=allow_outside_links or settings.allow_outside_links,
    )
    if result.issues:
        from envelint.rules import rule_for_issue

        for issue in result.issues:
            found = rule_for_issue(issue.kind)
            named = f"{found.code} {found.name}" if found else issue.kind  # as lint names it
            location = f"{issue.path}:{issue.line}:{issue.column}"
            click.echo(f"{location}: {named}: {issue.message}", err=True)
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

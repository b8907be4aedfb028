"""``envelint export openapi DOCS... -o FILE``: the documentation's contract as OpenAPI 3.1."""

from __future__ import annotations

import click

from envelint.commands.options import outside_links_option


@click.group("export")
def export() -> None:
    """Write the contract derived from the documentation in another format."""


@export.command("openapi")
@click.argument("docs", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The document to write: YAML (.yaml, .yml) or JSON (.json), by its suffix.",
)
@click.option(
    "--title",
    help="info.title (default: the configuration's openapi.title, else the title of the "
    "reference's index page).",
)
@click.option(
    "--version",
    "api_version",
    help="info.version (default: the configuration's openapi.version, else 0.0.0).",
)
@click.option("--config", "config_path", type=click.Path(), help="Configuration file to use.")
@click.option(
    "--no-cache", is_flag=True, help="Derive anew even if the documentation is unchanged."
)
@outside_links_option
def openapi(
    docs: tuple[str, ...],
    output: str,
    title: str | None,
    api_version: str | None,
    config_path: str | None,
    no_cache: bool,
    allow_outside_links: bool,
) -> None:
    """One OpenAPI 3.1 document for the reference in DOCS (files or folders): its operations
    under every path template, parameters, responses per status with their schemas, reused
    tables as components, and the page and line of each schema as x-envelint-source."""
    from envelint.config.loader import load_settings_near
    from envelint.pipeline.export import export_openapi

    settings = load_settings_near(config_path, docs)
    configured = settings.openapi
    count = export_openapi(
        list(docs),
        output,
        title=title or configured.get("title"),
        version=api_version or configured.get("version") or "0.0.0",
        use_cache=not no_cache,
        allow_outside_links=allow_outside_links or settings.allow_outside_links,
    )
    click.echo(f"{output}: {count} operations", err=True)

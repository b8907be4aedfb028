"""``envelint operations DOCS...``: the operations the documentation describes."""

from __future__ import annotations

import click

from envelint.commands.options import outside_links_option


@click.command("operations")
@click.argument("docs", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per operation; json: every field (docs/operations.md).",
)
@click.option(
    "--no-cache", is_flag=True, help="Derive anew even if the documentation is unchanged."
)
@outside_links_option
def operations(
    docs: tuple[str, ...], output_format: str, no_cache: bool, allow_outside_links: bool
) -> None:
    """List the operations DOCS (files or folders) document: id, method, URI templates, status
    codes, and the page and line of each."""
    from envelint.pipeline.build import derive_operations, operations_json, operations_text

    found = derive_operations(
        list(docs), use_cache=not no_cache, allow_outside_links=allow_outside_links
    )
    render = operations_json if output_format == "json" else operations_text
    click.echo(render(found), nl=False)

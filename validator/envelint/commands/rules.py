"""``envelint rules``: the rule catalog; ``envelint rules explain CODE``: one rule."""

from __future__ import annotations

import click


@click.group(invoke_without_command=True)
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
    from envelint.rules import catalog

    render = {
        "text": catalog.rules_as_text,
        "json": catalog.rules_as_json,
        "markdown": catalog.rules_as_markdown,
    }[format_name]
    click.echo(render(), nl=False)


@rules.command("explain")
@click.argument("code")
def rules_explain(code: str) -> None:
    """Print the documentation of one rule (by code or name)."""
    from envelint.rules.catalog import explain

    click.echo(explain(code), nl=False)

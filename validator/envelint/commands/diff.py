"""``envelint diff BASE HEAD [-- DOCS_PATH]``: what changed between two versions of the
documented API, and whether it breaks clients (docs/diff.md)."""

from __future__ import annotations

from typing import Any

import click

from envelint.commands.options import outside_links_option


class DiffCommand(click.Command):
    """Takes what follows ``--`` as the documentation path inside revisions."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" in args:
            cut = args.index("--")
            ctx.meta["docs_path"] = args[cut + 1 :]
            args = args[:cut]
        return super().parse_args(ctx, args)


@click.command("diff", cls=DiffCommand)
@click.argument("versions", nargs=-1, metavar="[BASE] [HEAD] [-- DOCS_PATH]")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "github", "sarif"]),
    default="text",
    show_default=True,
    help="text: by operation, breaking first; json; markdown: for a pull request comment; "
    "github: annotations on the head pages' rows; sarif: for code scanning.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "potentially-breaking", "none"]),
    default="breaking",
    show_default=True,
    help="Exit 1 when a change at or above this level is found.",
)
@click.option(
    "--no-cache", is_flag=True, help="Derive anew even if the documentation is unchanged."
)
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes to read and derive BASE and HEAD with on a cold run: 2 at once, 1 one after "
    "the other; 0: 2 when a second core is free (the load average leaves one idle), else 1.",
)
@outside_links_option
@click.pass_context
def diff(
    ctx: click.Context,
    versions: tuple[str, ...],
    output_format: str,
    fail_on: str,
    no_cache: bool,
    jobs: int,
    allow_outside_links: bool,
) -> None:
    """Compare two versions of the documentation: BASE and HEAD are documentation folders, built
    catalogs (index.json) or git revisions (read from git objects; DOCS_PATH is the folder
    inside them). Without BASE: the merge base with the default branch; without HEAD: HEAD."""
    from envelint.changes.compare import compare
    from envelint.changes.kinds import Level
    from envelint.changes.render import RENDERERS
    from envelint.changes.versions import VersionError, default_base, load_versions

    docs_paths: list[Any] = ctx.meta.get("docs_path", [])
    if len(versions) > 2 or len(docs_paths) > 1:
        raise VersionError("give at most BASE, HEAD and one DOCS_PATH after --")
    head_name = versions[-1] if versions else "HEAD"
    base_name = versions[0] if len(versions) == 2 else default_base(head_name)
    docs_path = docs_paths[0] if docs_paths else None
    base, head = load_versions(
        base_name,
        head_name,
        docs_path,
        use_cache=not no_cache,
        allow_outside_links=allow_outside_links,
        jobs=jobs,
    )
    changes = compare(base, head)
    click.echo(RENDERERS[output_format](changes, base_name, head_name), nl=False)
    if fail_on != "none":
        threshold = Level.from_label(fail_on)
        if any(Level.from_label(change.level) >= threshold for change in changes):
            ctx.exit(1)

"""`bitext memory import|export|search`: the translation memory from the command line."""

from __future__ import annotations

import click

from webapp.cli.context import atomic_output, cli_session, read_bytes
from webapp.services import memory, memory_exchange
from webapp.services.projects import find_project

_PROJECT = click.option("--project", default=None, help="Project name or id (default: the default project).")


@click.group("memory")
def memory_group() -> None:
    """Translation memory: TMX import and export, concordance search."""


@memory_group.command("import")
@click.argument("file")
@_PROJECT
def import_command(file: str, project: str | None) -> None:
    """Add the units of a TMX FILE to a project's memory."""
    data = read_bytes(file)
    with cli_session() as (app, session):
        found = find_project(session, project or app.config["DEFAULT_PROJECT"], create=True)
        result = memory_exchange.import_tmx(session, found, data, filename=file,
                                            author=app.config["DEFAULT_AUTHOR"])
        click.echo(f"{found.name}: {result.summary}")


@memory_group.command("export")
@_PROJECT
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="TMX file to write.")
def export_command(project: str | None, output: str) -> None:
    """Write a project's memory as TMX 1.4b."""
    with cli_session() as (app, session):
        found = find_project(session, project or app.config["DEFAULT_PROJECT"])
        with atomic_output(output) as out:
            memory_exchange.export_tmx(session, [found], out)
        click.echo(f"{found.name}: {memory.stats(session, found)['entries']} entries written to {output}")


@memory_group.command("search")
@click.argument("query")
@click.option("--side", type=click.Choice(memory.SIDES), default=None,
              help="Where to look (default: source for Chinese, else target).")
@_PROJECT
@click.option("--limit", default=50, show_default=True, help="Most uses to show.")
def search_command(query: str, side: str | None, project: str | None, limit: int) -> None:
    """Show every use of QUERY in the memory, with context: before [match] after → other side."""
    with cli_session() as (_, session):
        project_id = find_project(session, project).id if project else None
        hits = memory.concordance_search(session, query, side=side, project_id=project_id, limit=limit)
        for hit in hits:
            other = hit["target"] if hit["side"] != "target" else hit["source"] or hit["mt"]
            before = ("…" if hit["clipped_before"] else "") + hit["before"]
            after = hit["after"] + ("…" if hit["clipped_after"] else "")
            click.echo(f"{hit['id']}\t{before}[{hit['match']}]{after}\t→ {other}")
        click.echo(f"{len(hits)} use{'' if len(hits) == 1 else 's'}")

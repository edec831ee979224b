"""`bitext glossary import` and `bitext glossary export`: glossaries from the command line."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from glossary import POLICIES
from webapp.cli.context import cli_session, read_bytes
from webapp.models import Glossary, Project
from webapp.services.errors import NotFound
from webapp.services.glossary import glossary_for
from webapp.services.glossary_exchange import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    ImportResult,
    export_glossary,
    import_glossary,
)

_PROJECT = click.option("--project", default=None, help="Project name (default: the global glossary).")


def _glossary(session: Session, project_name: str | None, create: bool) -> Glossary:
    if project_name is None:
        return glossary_for(session, None)
    project = session.scalar(select(Project).where(Project.name == project_name))
    if project is None and not create:
        raise NotFound(f"no project named {project_name!r}")
    if project is None:
        project = Project(name=project_name)
        session.add(project)
        session.flush()
    return glossary_for(session, project)


def echo_report(result: ImportResult) -> None:
    """Print the summary, every duplicate and every rejected row."""
    report = result.report
    for duplicate in report.duplicates:
        where = "earlier in the file" if duplicate.within_file else "in the glossary"
        click.echo(f"duplicate  line {duplicate.line}: {duplicate.source} ({duplicate.action}; {where})")
    for rejection in report.rejected:
        click.echo(f"rejected   line {rejection.line}: {rejection.reason}")
    if report.ignored_columns:
        click.echo(f"ignored columns: {', '.join(report.ignored_columns)}")
    click.echo(result.summary)


@click.group("glossary")
def glossary_group() -> None:
    """Import and export glossaries (CSV / TSV, TBX)."""


@glossary_group.command("import")
@click.argument("file")
@_PROJECT
@click.option("--on-duplicate", type=click.Choice(POLICIES), default="skip", show_default=True,
              help="What to do with an entry whose source term is already there.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows even if some are rejected.")
@click.option("--format", "fmt", type=click.Choice(IMPORT_FORMATS), default=None,
              help="File format (default: from the file name and content).")
def import_command(file: str, project: str | None, on_duplicate: str, skip_invalid: bool,
                   fmt: str | None) -> None:
    """Import FILE; nothing is stored when a row is rejected, unless --skip-invalid is given."""
    data = read_bytes(file)
    with cli_session() as (app, session):
        result = import_glossary(session, _glossary(session, project, create=True), data, fmt=fmt,
                                 filename=file, policy=on_duplicate, skip_invalid=skip_invalid,
                                 author=app.config["DEFAULT_AUTHOR"])
        echo_report(result)
        if not result.stored:
            raise click.ClickException("nothing was imported; fix the rejected rows or use --skip-invalid")


@glossary_group.command("export")
@_PROJECT
@click.option("--format", "fmt", type=click.Choice(tuple(EXPORT_FORMATS)), default="tbx", show_default=True,
              help="csv, tbx (TBX-Basic, the 2008 <martif> form) or tbx3 (TBX v3).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: stdout).")
def export_command(project: str | None, fmt: str, output: str | None) -> None:
    """Export a glossary as CSV, TBX-Basic or TBX v3."""
    with cli_session() as (app, session):
        body, _, _ = export_glossary(session, _glossary(session, project, create=False), fmt)
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return
    with open(output, "wb") as handle:
        handle.write(body)

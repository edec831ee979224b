"""`bitext import`, `bitext export`, `bitext documents`: documents from the command line."""

from __future__ import annotations

import sys

import click

from webapp.cli.context import cli_session, read_bytes
from webapp.services import documents as docs
from webapp.services.uploads import decode_upload


@click.command("import")
@click.argument("mt_file")
@click.option("--source", "source_file", help="The source text the MT was made from.")
@click.option("--src-lang", default="zh", show_default=True)
@click.option("--tgt-lang", default="en", show_default=True)
@click.option("--title", help="Document title (default: the MT file name).")
@click.option("--project", default=None, help="Project name (default: the default project).")
def import_command(mt_file: str, source_file: str | None, src_lang: str, tgt_lang: str,
                   title: str | None, project: str | None) -> None:
    """Import a machine translation (and optionally its source); prints the new document's id."""
    with cli_session() as (app, session):
        mt_text = decode_upload(read_bytes(mt_file), mt_file)
        source_text = decode_upload(read_bytes(source_file), source_file) if source_file else None
        document = docs.import_document(
            session, mt_text=mt_text, source_text=source_text, title=title or mt_file,
            project=docs.project_named(session, project or app.config["DEFAULT_PROJECT"]),
            src_lang=src_lang, tgt_lang=tgt_lang, author=app.config["DEFAULT_AUTHOR"],
        )
        session.flush()
        click.echo(document.id)


@click.command("export")
@click.argument("doc")
@click.option("--format", "fmt", type=click.Choice(["txt"]), default="txt", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: stdout).")
def export_command(doc: str, fmt: str, output: str | None) -> None:
    """Export document DOC (numeric id or exact title)."""
    with cli_session() as (app, session):
        document = docs.find_document(session, doc)
        chunks = docs.clean_text_chunks(session, document)
        if output is None:
            for chunk in chunks:
                sys.stdout.write(chunk)
            return
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(chunks)


@click.command("documents")
def documents_command() -> None:
    """List documents: id, progress, languages, title."""
    with cli_session() as (app, session):
        for s in docs.list_documents(session):
            d = s.document
            click.echo(f"{d.id:>5}  {s.confirmed:>5}/{s.total:<5}  {d.src_lang}->{d.tgt_lang}  {d.title}")

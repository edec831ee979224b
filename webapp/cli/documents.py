"""`bitext import`, `bitext export`, `bitext documents`: documents from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from webapp.cli.context import ProgressBar, atomic_output, cli_session, read_bytes
from webapp.services import documents as docs
from webapp.services import exports, imports, originals

IMPORT_FORMATS = ("txt", "md", "docx", "html", "tmx", "xliff12", "xliff21", "json", "csv", "tsv")


@click.command("import")
@click.argument("file")
@click.option("--source", "source_file", help="The source text the MT was made from.")
@click.option("--src-lang", default="zh", show_default=True)
@click.option("--tgt-lang", default="en", show_default=True)
@click.option("--title", help="Document title (default: the file name).")
@click.option("--project", default=None, help="Project name (default: the default project).")
@click.option("--format", "format_id", type=click.Choice(IMPORT_FORMATS),
              help="Reader to use (default: picked by content and extension).")
@click.option("--encoding", help="Text encoding of FILE and SOURCE (default: detected).")
@click.option("--into", "into", metavar="DOC",
              help="Apply FILE to document DOC: an edited XLIFF/TMX/JSON export, or a corrected text "
                   "(.txt .docx …) aligned with the MT.")
@click.option("--prefill", is_flag=True, help="Fill rows that have a 100% translation-memory match "
                                                "(marked as such, never confirmed).")
@click.option("--keep-line-breaks", is_flag=True,
              help="Keep every line break as a sentence end: do not join the lines of hard-wrapped "
                   "paragraphs (text pasted from a PDF or an e-mail).")
@click.option("--overwrite", is_flag=True, help="With --into and a corrected text: replace corrections "
                                                 "already made in the workbench.")
def import_command(file: str, source_file: str | None, src_lang: str, tgt_lang: str, title: str | None,
                   project: str | None, format_id: str | None, encoding: str | None,
                   into: str | None, prefill: bool, keep_line_breaks: bool, overwrite: bool) -> None:
    """Import a machine translation FILE (.txt .md .docx .html, or an aligned .xlf .tmx .json .csv .tsv).

    Prints the new document's id; with --into, applies the edited file and prints what changed."""
    with cli_session() as (app, session):
        data = read_bytes(file)
        author = app.config["DEFAULT_AUTHOR"]
        if into:
            document = docs.find_document(session, into)
            if imports.is_bilingual(file, format_id):
                bitext = imports.read_bilingual_upload(data, file, format_id, key=exports.doc_key(document))
                report = imports.apply_bitext(session, document, bitext, author=author)
            else:
                text = imports.read_text_upload(data, file, format_id, encoding)
                bar = ProgressBar()
                report = imports.apply_corrected_text(session, document, text, author=author,
                                                      overwrite=overwrite, progress=bar)
                bar.done()
            click.echo(report.summary())
            return
        target = docs.project_named(session, project or app.config["DEFAULT_PROJECT"])
        if imports.is_bilingual(file, format_id):
            bitext = imports.read_bilingual_upload(data, file, format_id)
            document = imports.import_bitext(session, bitext, project=target, title=title, author=author)
        else:
            mt_text, skeleton = originals.read_mt_upload(data, file, format_id, encoding)
            source_text = None
            if source_file:
                source_text = imports.read_text_upload(read_bytes(source_file), source_file, None, encoding)
            bar = ProgressBar()
            document = docs.import_document(
                session, mt_text=mt_text, source_text=source_text, title=title or Path(file).name,
                project=target, src_lang=src_lang, tgt_lang=tgt_lang, author=author, prefill=prefill,
                join_wrapped=not keep_line_breaks, progress=bar)
            originals.store_skeleton(session, document, skeleton, Path(file).name)
            bar.done()
            joined = docs.joined_paragraphs(session, document)
            if joined:
                click.echo(f"joined the lines of {_paragraphs(joined)} (--keep-line-breaks keeps them)",
                           err=True)
        session.flush()
        click.echo(document.id)


def _paragraphs(count: int) -> str:
    return f"{count} hard-wrapped paragraph{'s' if count != 1 else ''}"


@click.command("export")
@click.argument("doc")
@click.option("--format", "fmt", type=click.Choice(exports.EXPORT_FORMATS), default="txt", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: stdout).")
@click.option("--confirmed-only", is_flag=True, help="Bilingual formats: only confirmed rows.")
@click.option("--quotes", type=click.Choice(["keep", "straight", "curly"]), default="keep", show_default=True,
              help="Clean text: normalise quotation marks.")
@click.option("--single-space", is_flag=True, help="Clean text: one space between sentences.")
@click.option("--no-space-before-punctuation", is_flag=True,
              help="Clean text: no space before , . ; : ! ?")
def export_command(doc: str, fmt: str, output: str | None, **options: bool | str) -> None:
    """Export document DOC (numeric id or exact title) as clean text, a bilingual file or a review report."""
    with cli_session() as (_app, session):
        document = docs.find_document(session, doc)
        if output is None:
            exports.export(session, document, fmt, sys.stdout.buffer, exports.ExportOptions(**options))
            sys.stdout.buffer.flush()
            return
        bar = ProgressBar()
        with atomic_output(output) as handle:
            exports.export(session, document, fmt, handle, exports.ExportOptions(**options), bar)
        bar.done()


@click.command("documents")
def documents_command() -> None:
    """List documents: id, progress, languages, title."""
    with cli_session() as (app, session):
        for s in docs.list_documents(session):
            d = s.document
            click.echo(f"{d.id:>5}  {s.confirmed:>5}/{s.total:<5}  {d.src_lang}->{d.tgt_lang}  {d.title}")

"""What each kind of job does: one function (app, job input, progress) -> result, listed in KINDS.

A kind opens its own short transactions around its long work, so progress reports (written from another
connection) are never blocked by the job's own locks; the one that stores its work also marks the job done
(`finish`), so that the work is stored once whatever happens to the worker."""

from __future__ import annotations

import tempfile
from collections.abc import Callable

from flask import Flask
from sqlalchemy import delete
from sqlalchemy.orm import Session

from webapp.db import session_scope
from webapp.jobs import JobInput, finish
from webapp.models import Document, JobFile, Project
from webapp.services import documents as docs
from webapp.services import exports, glossary_review, imports, operations, originals, resegmentation, search
from webapp.services.errors import InvalidInput, NotFound
from webapp.services.progress import Progress
from webapp.services.projects import ProjectSettings


def import_job(app: Flask, job: JobInput, progress: Progress) -> dict:
    """Read the uploaded MT (and source), split and align them, then store a new document."""
    p = job.params
    name, data = job.files["mt"]
    progress(0.05, "reading the files")
    with session_scope(app) as session:
        project = session.get(Project, job.project_id)
        project_id, settings = project.id, ProjectSettings.of(project)
        pairs = docs.term_pairs(session, project) if "source" in job.files else []
    if imports.is_bilingual(name, p.get("format")):
        bitext = imports.read_bilingual_upload(data, name, p.get("format"))
        with session_scope(app) as session:
            document = imports.import_bitext(session, bitext, project=session.get(Project, project_id),
                                             title=p.get("title"), author=job.author)
            _drop_inputs(session, job.id)
            return finish(session, job, {"document_id": document.id, "title": document.title})
    mt_text, skeleton = originals.read_mt_upload(data, name, p.get("format"), p.get("encoding"))
    source_text = None
    if "source" in job.files:
        source_name, source_data = job.files["source"]
        source_text = imports.read_text_upload(source_data, source_name, None, p.get("encoding"))
    title = (p.get("title") or name).strip()
    if not title:
        raise InvalidInput("a document needs a title")
    prepared = docs.prepare_import(
        mt_text=mt_text, source_text=source_text, src_lang=p.get("src_lang", "zh"),
        tgt_lang=p.get("tgt_lang", "en"), settings=settings, join_wrapped=not p.get("keep_line_breaks"),
        term_pairs=pairs, progress=progress)
    with session_scope(app) as session:
        document = docs.create_document(
            session, project=session.get(Project, project_id), title=title,
            src_lang=p.get("src_lang", "zh"), tgt_lang=p.get("tgt_lang", "en"), source_text=source_text,
            mt_text=mt_text, src=prepared.src, mt=prepared.mt, groups=prepared.groups, author=job.author)
        originals.store_skeleton(session, document, skeleton, name)
        session.flush()
        if p.get("prefill"):
            from webapp.services.memory_exchange import prefill_exact

            prefill_exact(session, document, author=job.author)
        docs.first_check(session, document, progress)
        _drop_inputs(session, job.id)
        return finish(session, job, {"document_id": document.id, "title": document.title,
                                     "joined_paragraphs": docs.joined_paragraphs(session, document)})


def _document(session: Session, job: JobInput) -> Document:
    document = session.get(Document, job.document_id)
    if document is None:
        raise NotFound("the document no longer exists")
    return document


def _drop_inputs(session, job_id: int) -> None:
    """The uploads live in the document now."""
    session.execute(delete(JobFile).where(JobFile.job_id == job_id, JobFile.role != "result"))


def export_job(app: Flask, job: JobInput, progress: Progress) -> dict:
    """Write the document in the requested format, then keep the file as the job's result."""
    format_id = job.params["format"]
    progress(0.1, "exporting")
    with tempfile.TemporaryFile() as out:
        with session_scope(app, immediate=False) as session:
            document = _document(session, job)
            name, media = exports.file_name(document, format_id), exports.media_type(format_id, document)
            options = exports.ExportOptions(**job.params.get("options", {}))
            exports.export(session, document, format_id, out, options, progress)
        out.seek(0)
        with session_scope(app) as session:
            session.add(JobFile(job_id=job.id, role="result", name=name, data=out.read(),
                                media_type=media))
            return finish(session, job, {"document_id": job.document_id, "file": name})


def apply_job(app: Flask, job: JobInput, progress: Progress) -> dict:
    """Bring back an edited export or a corrected text: read and align it first, then apply it in one short
    writing transaction, so that the alignment holds no lock (on SQLite, every save would wait for it)."""
    name, data = job.files["edited"]
    progress(0.05, "reading the file")
    with session_scope(app, immediate=False) as session:
        document = _document(session, job)
        bitext = targets = None
        if imports.is_bilingual(name):
            bitext = imports.read_bilingual_upload(data, name, key=exports.doc_key(document))
        else:
            text = imports.read_text_upload(data, name, encoding=job.params.get("encoding"))
            targets = imports.corrected_targets(session, document, text, lambda fraction, message: progress(
                0.1 + 0.75 * fraction, message))
    progress(0.9, "applying")
    with session_scope(app) as session:
        document = _document(session, job)
        if bitext is not None:
            report = imports.apply_bitext(session, document, bitext, author=job.author)
        else:
            report = imports.apply_targets(session, document, targets, author=job.author,
                                           overwrite=bool(job.params.get("overwrite")))
        _drop_inputs(session, job.id)
        return finish(session, job, {"document_id": job.document_id, "file": name,
                                     "summary": report.summary(), "changed": len(report.changed)})


def qa_job(app: Flask, job: JobInput, progress: Progress) -> dict:
    """Run every enabled check over the whole document and store the findings."""
    from webapp.services import qa

    # Checking only reads, so progress notes get through; storing is one short writing transaction.
    with session_scope(app, immediate=False) as session:
        document = _document(session, job)
        run = qa.run_document(session, document, progress)
    with session_scope(app) as session:
        return finish(session, job, qa.store_run(session, run))


def replace_job(app: Flask, job: JobInput, progress: Progress) -> dict:
    """Find & replace in more rows than a request should hold: one operation, in one transaction."""
    progress(0.1, f"replacing in {len(job.params['rows']):,} rows")
    with session_scope(app) as session:
        operation, changes = search.apply_asked_replace(session, _document(session, job).id, job.params,
                                                        author=job.author)
        return finish(session, job, {"document_id": job.document_id, "operation_id": operation.id,
                                     "rows": len(changes)})


def undo_job(app: Flask, job: JobInput, progress: Progress) -> dict:
    """Undo an operation over more rows than a request should hold, as one step."""
    progress(0.1, "restoring the rows")
    with session_scope(app) as session:
        undone = operations.get_operation(session, job.params["operation_id"])
        reverse, links = operations.undo(session, undone, author=job.author)
        return finish(session, job, {"document_id": job.document_id, "operation_id": reverse.id,
                                     "undone": undone.id, "rows": len(links)})


def fix_terms_job(app: Flask, job: JobInput, progress: Progress) -> dict:
    """Fix forbidden glossary variants in more rows than a request should hold, as one operation."""
    progress(0.1, f"fixing forbidden variants in {len(job.params['rows']):,} rows")
    with session_scope(app) as session:
        operation, links = glossary_review.apply_fixes(
            session, _document(session, job), dict(job.params["rows"]), author=job.author,
            max_chars=job.params["max_chars"])
        return finish(session, job, {"document_id": job.document_id,
                                     "operation_id": operation.id if operation else None, "rows": len(links)})


def fix_job(app: Flask, job: JobInput, progress: Progress) -> dict:
    """Apply more QA fixes than a request should hold ("Clean up"), as one operation."""
    from webapp.services import fixes

    progress(0.1, f"applying {len(job.params['fixes']):,} fixes")
    with session_scope(app) as session:
        outcome = fixes.apply(session, _document(session, job), fixes.choices_from(job.params["fixes"]),
                              author=job.author, max_chars=job.params["max_chars"])
        return finish(session, job, {"document_id": job.document_id, **outcome.as_dict()})


def resegment_job(app: Flask, job: JobInput, progress: Progress) -> dict:
    """Re-segment a document of more rows than a request should hold, as one operation; the result is the
    outcome the API answers inline for a smaller document."""
    progress(0.1, "re-segmenting")
    with session_scope(app) as session:
        outcome = resegmentation.resegment(session, _document(session, job), author=job.author,
                                           versions=resegmentation.versions_of(job.params.get("versions")))
        return finish(session, job, {"document_id": job.document_id, **outcome.to_dict(),
                                     "summary": outcome.summary()})


KINDS: dict[str, Callable[[Flask, JobInput, Progress], dict]] = {
    "import": import_job,
    "export": export_job,
    "qa": qa_job,
    "apply": apply_job,
    "replace": replace_job,
    "undo": undo_job,
    "fix_terms": fix_terms_job,
    "fix": fix_job,
    "resegment": resegment_job,
}

"""Exchange page of a document: export in every format (streamed), and bring edited files back in."""

from __future__ import annotations

import tempfile
from dataclasses import asdict

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from webapp import jobs
from webapp.api import current_author
from webapp.db import get_session
from webapp.downloads import attachment
from webapp.models import Link
from webapp.services import exports
from webapp.services.documents import find_document
from webapp.services.errors import InvalidInput

bp = Blueprint("exchange", __name__)
# A document with more rows than this is exported by a background job with a progress bar (100,000 rows
# take seconds); a smaller one downloads at once.
EXPORT_INLINE_MAX_ROWS = 20_000


def _options(values) -> exports.ExportOptions:
    quotes = values.get("quotes", "keep")
    return exports.ExportOptions(
        confirmed_only=values.get("confirmed_only") == "1",
        quotes=quotes if quotes in ("straight", "curly") else "keep",
        single_space=values.get("single_space") == "1",
        no_space_before_punctuation=values.get("no_space_before_punctuation") == "1",
    )


def _format(values) -> str:
    format_id = values.get("format", "txt")
    if format_id not in exports.EXPORT_FORMATS:
        raise InvalidInput(f"unknown export format {format_id!r}")
    return format_id


@bp.get("/documents/<int:document_id>/exchange")
def page(document_id: int):
    session = get_session()
    document = find_document(session, document_id)
    formats = exports.formats_for(document)
    rows = session.scalar(select(func.count(Link.id)).where(Link.document_id == document.id)) or 0
    return render_template("exchange/page.html", document=document, formats=formats,
                           as_job=rows > EXPORT_INLINE_MAX_ROWS)


@bp.get("/documents/<int:document_id>/download")
def download(document_id: int):
    """Stream the export through a temporary file: memory stays flat however large the document."""
    session = get_session()
    document = find_document(session, document_id)
    format_id = _format(request.args)
    spool = tempfile.TemporaryFile()
    try:
        exports.export(session, document, format_id, spool, _options(request.args))
    except BaseException:
        spool.close()  # a refused export (no original file) must not leak the temporary file
        raise
    size = spool.tell()
    spool.seek(0)
    return attachment(_chunks(spool), exports.media_type(format_id, document),
                      exports.file_name(document, format_id),
                      **{"Content-Length": str(size)})


def _chunks(spool, size: int = 1 << 16):
    with spool:
        while chunk := spool.read(size):
            yield chunk



@bp.post("/documents/<int:document_id>/export-job")
def export_job(document_id: int):
    """Export a large document in the background; its job page shows the progress, then the file."""
    session = get_session()
    document = find_document(session, document_id)
    options = _options(request.form)
    job = jobs.start(session, kind="export", author=current_author(), document_id=document.id,
                     params={"format": _format(request.form), "options": asdict(options),
                             "title": document.title})
    return redirect(url_for("documents.job_page", job_id=job.id)), 303


@bp.post("/documents/<int:document_id>/apply")
def apply(document_id: int):
    """Bring back an edited XLIFF/TMX/JSON export, or a corrected text aligned with the MT, as a background
    job: aligning a long corrected text takes seconds. The job page comes back here with the outcome."""
    session = get_session()
    document = find_document(session, document_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("choose the edited file", "error")
        return redirect(url_for("exchange.page", document_id=document_id)), 303
    params = {"overwrite": request.form.get("overwrite") == "1",
              "title": f"{upload.filename} → {document.title}"}
    if request.form.get("encoding"):
        params["encoding"] = request.form["encoding"].strip()
    job = jobs.start(session, kind="apply", params=params, author=current_author(), document_id=document.id,
                     files=[("edited", upload.filename, upload.read())])
    return redirect(url_for("documents.job_page", job_id=job.id)), 303

"""Exchange page of a document: export in every format (streamed), and bring edited files back in."""

from __future__ import annotations

import tempfile

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from webapp import jobs
from webapp.api import current_author
from webapp.db import get_session
from webapp.downloads import attachment
from webapp.services import exports
from webapp.services.documents import find_document
from webapp.services.errors import InvalidInput

bp = Blueprint("exchange", __name__)

def _options() -> exports.ExportOptions:
    quotes = request.args.get("quotes", "keep")
    return exports.ExportOptions(
        confirmed_only=request.args.get("confirmed_only") == "1",
        quotes=quotes if quotes in ("straight", "curly") else "keep",
        single_space=request.args.get("single_space") == "1",
        no_space_before_punctuation=request.args.get("no_space_before_punctuation") == "1",
    )


@bp.get("/documents/<int:document_id>/exchange")
def page(document_id: int):
    document = find_document(get_session(), document_id)
    formats = [(f, exports.label(f)) for f in exports.EXPORT_FORMATS]
    return render_template("exchange/page.html", document=document, formats=formats)


@bp.get("/documents/<int:document_id>/download")
def download(document_id: int):
    """Stream the export through a temporary file: memory stays flat however large the document."""
    session = get_session()
    document = find_document(session, document_id)
    format_id = request.args.get("format", "txt")
    if format_id not in exports.EXPORT_FORMATS:
        raise InvalidInput(f"unknown export format {format_id!r}")
    spool = tempfile.TemporaryFile()
    exports.export(session, document, format_id, spool, _options())
    size = spool.tell()
    spool.seek(0)
    return attachment(_chunks(spool), exports.media_type(format_id), exports.file_name(document, format_id),
                      **{"Content-Length": str(size)})


def _chunks(spool, size: int = 1 << 16):
    with spool:
        while chunk := spool.read(size):
            yield chunk



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
    job = jobs.submit(session, kind="apply", params=params, author=current_author(), document_id=document.id,
                      files=[("edited", upload.filename, upload.read())])
    session.commit()
    jobs.dispatch(current_app._get_current_object(), job.id)
    return redirect(url_for("documents.job_page", job_id=job.id)), 303

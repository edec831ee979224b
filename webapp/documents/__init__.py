"""The document list: progress per document, upload, export download."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for

from webapp.db import get_session
from webapp.services import documents as docs
from webapp.services.errors import InvalidInput
from webapp.services.uploads import decode_upload

bp = Blueprint("documents", __name__)


@bp.get("/")
def index():
    return render_template("documents/index.html", summaries=docs.list_documents(get_session()))


def _uploaded_text(file_field: str, text_field: str) -> str | None:
    upload = request.files.get(file_field)
    if upload and upload.filename:
        return decode_upload(upload.read(), upload.filename)
    pasted = request.form.get(text_field, "")
    return pasted if pasted.strip() else None


@bp.post("/documents")
def upload():
    session = get_session()
    try:
        mt_text = _uploaded_text("mt_file", "mt_text")
        if mt_text is None:
            raise InvalidInput("choose a machine-translation file or paste its text")
        source_text = _uploaded_text("source_file", "source_text")
        upload = request.files.get("mt_file")
        title = request.form.get("title", "").strip() or (upload.filename if upload else "") or "Untitled"
        document = docs.import_document(
            session, mt_text=mt_text, source_text=source_text, title=title,
            project=docs.project_named(session, current_app.config["DEFAULT_PROJECT"]),
            src_lang=request.form.get("src_lang") or "zh", tgt_lang=request.form.get("tgt_lang") or "en",
            author=current_app.config["DEFAULT_AUTHOR"],
        )
    except InvalidInput as error:
        session.rollback()
        flash(error.message, "error")
        return redirect(url_for("documents.index")), 303
    session.commit()
    return redirect(url_for("review.document", document_id=document.id)), 303


@bp.get("/documents/<int:document_id>/export")
def export(document_id: int):
    session = get_session()
    document = docs.find_document(session, document_id)
    fmt = request.args.get("format", "txt")
    if fmt != "txt":
        raise InvalidInput(f"unknown export format {fmt!r}")
    body = "".join(docs.clean_text_chunks(session, document))
    return Response(body, mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="document-{document.id}.txt"'})

"""The document list: progress per document, upload through a background job, the job's progress."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from webapp import jobs
from webapp.api import current_author
from webapp.auth.guard import readable_projects
from webapp.db import get_session
from webapp.errors import wants_json
from webapp.models import Job, JobStatus
from webapp.services import documents as docs
from webapp.services.errors import InvalidInput, NotFound
from webapp.services.projects import parse_switch

bp = Blueprint("documents", __name__)


PER_PAGE = 50


@bp.get("/")
def index():
    """The documents, newest first, a page at a time, optionally those whose title holds `q`."""
    session, projects = get_session(), readable_projects()
    title = request.args.get("q", "").strip()[:200]
    total = docs.count_documents(session, projects, title=title)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    summaries = docs.list_documents(session, project_ids=projects, title=title, offset=(page - 1) * PER_PAGE,
                                    limit=PER_PAGE)
    return render_template("documents/index.html", summaries=summaries, total=total, page=page, pages=pages,
                           per_page=PER_PAGE, q=title)


def _uploaded(file_field: str, text_field: str) -> tuple[str, bytes] | None:
    """The uploaded file (name, bytes), or the pasted text as a UTF-8 .txt file, or None."""
    upload = request.files.get(file_field)
    if upload and upload.filename:
        return upload.filename, upload.read()
    pasted = request.form.get(text_field, "")
    return ("pasted.txt", pasted.encode("utf-8")) if pasted.strip() else None


@bp.post("/documents")
def upload():
    """Queue the import as a background job: splitting and aligning a large document takes a while."""
    session = get_session()
    mt, source = _uploaded("mt_file", "mt_text"), _uploaded("source_file", "source_text")
    if mt is None:
        return _refused("choose a machine-translation file or paste its text")
    params = {key: request.form.get(key, "").strip() for key in ("title", "src_lang", "tgt_lang", "encoding")}
    params = {key: value for key, value in params.items() if value}
    params["prefill"] = request.form.get("prefill") == "1"
    try:
        params["keep_line_breaks"] = _keeps_line_breaks()
    except InvalidInput as error:
        return _refused(error.message)
    params.setdefault("title", mt[0] if mt[0] != "pasted.txt" else "Untitled")
    files = [("mt", *mt)] + ([("source", *source)] if source else [])
    project = docs.project_named(session, current_app.config["DEFAULT_PROJECT"])
    job = jobs.start(session, kind="import", params=params, author=current_author(), project_id=project.id,
                     files=files)
    if wants_json():
        return {"job": job.id, "status": url_for("api_jobs.job", job_id=job.id),
                "page": url_for("documents.job_page", job_id=job.id)}, 202
    return redirect(url_for("documents.job_page", job_id=job.id)), 303


def _keeps_line_breaks() -> bool:
    """Scripts send `keep_line_breaks`; the page's "Join hard-wrapped lines" box is on unless unticked."""
    if "keep_line_breaks" in request.form:
        return parse_switch(request.form["keep_line_breaks"], "keep_line_breaks")
    return "join_lines_shown" in request.form and "join_lines" not in request.form


def _refused(message: str):
    if wants_json():
        return {"message": message}, 400
    flash(message, "error")
    return redirect(url_for("documents.index")), 303


@bp.get("/jobs/<int:job_id>")
def job_page(job_id: int):
    """Progress of a background job for pages without script: refreshes itself, then moves on."""
    job = get_session().get(Job, job_id)
    if job is None:
        raise NotFound(f"no job {job_id}")
    if job.status == JobStatus.DONE and job.result and job.result.get("document_id") and job.kind == "import":
        joined = job.result.get("joined_paragraphs", 0)
        if joined:
            flash(f"Joined the lines of {joined} hard-wrapped paragraph{'s' if joined != 1 else ''} into "
                  "sentences (the export keeps the original line breaks). To keep every line break as a "
                  "sentence end, import again with “Join hard-wrapped lines” unticked.", "info")
        return redirect(url_for("review.document", document_id=job.result["document_id"]))
    if job.kind == "apply" and job.status in (JobStatus.DONE, JobStatus.FAILED):  # back with the outcome
        if job.status == JobStatus.DONE:
            flash(f"Applied {job.result['file']}: {job.result['summary']}.", "info")
        else:
            flash(job.error or "applying the file failed", "error")
        return redirect(url_for("exchange.page", document_id=job.document_id))
    return render_template("documents/job.html", job=job)


"""Translation memory pages: concordance search, and per project its size, settings, TMX import and export."""

from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, url_for

from webapp.api import current_author
from webapp.auth.guard import readable_projects
from webapp.db import get_session
from webapp.downloads import attachment, safe_stem
from webapp.services import effort, memory, memory_exchange
from webapp.services.errors import InvalidInput
from webapp.services.projects import get_project, list_projects

bp = Blueprint("memory", __name__)


@bp.get("/memory")
def concordance():
    session = get_session()
    args = request.args
    query, side, project = args.get("q", "").strip(), args.get("side", ""), args.get("project", "")
    hits, error = [], None
    if query:
        try:
            hits = memory.concordance_search(session, query, side=side or None,
                                             project_id=int(project) if project.isdigit() else None,
                                             allowed=readable_projects())
        except InvalidInput as problem:
            error = problem.message
    return render_template("memory/concordance.html", query=query, side=side, project=project, hits=hits,
                           error=error, projects=list_projects(session), sides=memory.SIDES)


@bp.get("/projects/<int:project_id>/memory")
def project(project_id: int):
    session = get_session()
    found = get_project(session, project_id)
    return render_template("memory/project.html", project=found, stats=memory.stats(session, found),
                           users=effort.user_effort(session))


@bp.post("/projects/<int:project_id>/memory/import")
def import_tmx(project_id: int):
    session = get_session()
    found = get_project(session, project_id)
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise InvalidInput("choose a TMX file to import")
        result = memory_exchange.import_tmx(session, found, upload.read(), filename=upload.filename,
                                            author=current_author())
    except InvalidInput as error:
        session.rollback()
        flash(error.message, "error")
        return redirect(url_for("memory.project", project_id=project_id)), 303
    session.commit()
    flash(f"{upload.filename}: {result.summary}.", "info")
    return redirect(url_for("memory.project", project_id=project_id)), 303


@bp.post("/projects/<int:project_id>/memory/settings")
def settings(project_id: int):
    session = get_session()
    found = get_project(session, project_id)
    try:
        limit = int(request.form.get("max_entries") or 0) or None
        memory.configure(found, shared=bool(request.form.get("shared")), limit=limit)
        dropped = memory.trim(session, found)
    except (InvalidInput, ValueError) as error:
        session.rollback()
        flash(getattr(error, "message", "the size limit must be a whole number"), "error")
        return redirect(url_for("memory.project", project_id=project_id)), 303
    session.commit()
    flash("Memory settings saved." + (f" {dropped} oldest entries dropped." if dropped else ""), "info")
    return redirect(url_for("memory.project", project_id=project_id)), 303


@bp.get("/projects/<int:project_id>/memory/export")
def export_tmx(project_id: int):
    session = get_session()
    found = get_project(session, project_id)
    out = io.BytesIO()
    memory_exchange.export_tmx(session, [found], out)
    name = f"{safe_stem(found.name, 'project')}-memory.tmx"
    return attachment(out.getvalue(), "application/x-tmx+xml", name)

"""The glossary page: browse, search, edit (through the API from glossary.js), import with a report,
export, and suggestions from reviewers' corrections."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from glossary import POLICIES, POS_VALUES, STATUSES
from webapp.api import current_author
from webapp.auth.guard import readable_projects
from webapp.db import get_session
from webapp.downloads import attachment
from webapp.models import Glossary, Project
from webapp.services import glossary as gs
from webapp.services import glossary_exchange as gx
from webapp.services import glossary_review as gr
from webapp.services.errors import InvalidInput

bp = Blueprint("glossary", __name__)

PAGE_SIZE = 50
SUGGESTION_REVISIONS = 5_000
MAPPED_FIELDS = ("source", "target", "forbidden", "status", "domain", "note", "definition", "pos")


def page_url(glossary: Glossary, **query) -> str:
    """The page of `glossary`: /glossary for the global one, /projects/ID/glossary for a project's."""
    if glossary.project_id is None:
        return url_for("glossary.index", **query)
    return url_for("glossary.project", project_id=glossary.project_id, **query)


def _int_arg(name: str, default: int) -> int:
    try:
        return max(int(request.args.get(name, default)), 0)
    except ValueError:
        return default


def _render(glossary: Glossary):
    session = get_session()
    args = request.args
    filters = {"q": args.get("q", ""), "status": args.get("status", ""), "domain": args.get("domain") or None,
               "sort": args.get("sort", "source"), "descending": args.get("order") == "desc"}
    page = gs.list_entries(session, glossary, offset=_int_arg("offset", 0), limit=PAGE_SIZE, **filters)
    context = {
        "glossary": glossary, "page": page, "filters": filters, "domains": gs.domains(session, glossary),
        "glossaries": gs.list_glossaries(session, readable_projects()), "statuses": STATUSES,
        "pos_values": POS_VALUES,
        "policies": POLICIES, "sorts": tuple(gs.SORTS), "mapped_fields": MAPPED_FIELDS,
        "suggestions": gr.suggestions(session, glossary, limit=SUGGESTION_REVISIONS),
        "page_url": lambda **changes: page_url(glossary, **{**args.to_dict(), **changes}),
    }
    session.commit()  # glossaries are created on first visit
    return render_template("glossary/index.html", **context)


@bp.get("/glossary")
def index():
    return _render(gs.glossary_for(get_session(), None))


@bp.get("/projects/<int:project_id>/glossary")
def project(project_id: int):
    session = get_session()
    found = session.get(Project, project_id)
    if found is None:
        abort(404, description=f"no project {project_id}")
    return _render(gs.glossary_for(session, found))


@bp.post("/glossary/<int:glossary_id>/import")
def import_file(glossary_id: int):
    session = get_session()
    glossary = gs.get_glossary(session, glossary_id)
    upload = request.files.get("file")
    form = request.form
    mapping = {form[f"map_{name}"].strip(): name for name in MAPPED_FIELDS
               if form.get(f"map_{name}", "").strip()}
    try:
        if upload is None or not upload.filename:
            raise InvalidInput("choose a glossary file (CSV, TSV or TBX) to import")
        result = gx.import_glossary(
            session, glossary, upload.read(), fmt=form.get("format") or None, filename=upload.filename,
            policy=form.get("on_duplicate", "skip"), skip_invalid=bool(form.get("skip_invalid")),
            mapping=mapping or None, author=current_author())
    except InvalidInput as error:
        session.rollback()
        return render_template("glossary/import.html", glossary=glossary, error=error.message,
                               filename=upload.filename if upload else "", back=page_url(glossary)), 400
    session.commit()
    return render_template("glossary/import.html", glossary=glossary, result=result, filename=upload.filename,
                           back=page_url(glossary)), 200 if result.stored else 422


@bp.get("/glossary/<int:glossary_id>/export")
def export(glossary_id: int):
    session = get_session()
    glossary = gs.get_glossary(session, glossary_id)
    return attachment(*gx.export_glossary(session, glossary, request.args.get("format", "tbx")))


@bp.post("/glossary/<int:glossary_id>/suggestions")
def suggestion(glossary_id: int):
    session = get_session()
    glossary = gs.get_glossary(session, glossary_id)
    form, author = request.form, current_author()
    try:
        if form.get("action") == "dismiss":
            gr.dismiss_suggestion(session, glossary, old=form["old"], new=form["new"], author=author)
            message = f"Dismissed “{form['old']}” → “{form['new']}”."
        else:
            entry = gr.accept_suggestion(session, glossary, source=form.get("source", ""), old=form["old"],
                                         new=form["new"], author=author)
            message = f"Added “{entry.source}” → “{entry.preferred}” as a proposed entry."
    except (InvalidInput, KeyError) as error:
        session.rollback()
        flash(getattr(error, "message", "the form is incomplete"), "error")
        return redirect(page_url(glossary)), 303
    session.commit()
    flash(message, "info")
    return redirect(page_url(glossary)), 303

"""The translation memory in the API: matches for a row, concordance, TMX import and export, size and
settings; effort reports from the review page and effort statistics per document and per user."""

from __future__ import annotations

import io

from flask import current_app, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from webapp.api import committing, current_author
from webapp.auth.guard import readable_projects
from webapp.db import get_session
from webapp.downloads import attachment, safe_stem
from webapp.models import Project
from webapp.services import effort, memory, memory_exchange
from webapp.services.documents import find_document
from webapp.services.editing import get_link
from webapp.services.errors import InvalidInput
from webapp.services.projects import find_project

bp = Blueprint("api_memory", __name__, url_prefix="/api/v1", description="Translation memory and effort")


class MatchQuery(Schema):
    limit = fields.Int(load_default=5, validate=validate.Range(min=1, max=20))
    min_score = fields.Float(load_default=50.0, validate=validate.Range(min=0, max=100))


class ConcordanceQuery(Schema):
    q = fields.Str(required=True, validate=validate.Length(min=1, max=500))
    side = fields.Str(load_default=None, validate=validate.OneOf(memory.SIDES),
                      metadata={"description": "source, mt or target (default: source for Chinese)"})
    project = fields.Str(load_default=None, metadata={"description": "project id or name (default: all)"})
    limit = fields.Int(load_default=100, validate=validate.Range(min=1, max=1000))
    width = fields.Int(load_default=40, validate=validate.Range(min=0, max=500))


class ProjectQuery(Schema):
    project = fields.Str(load_default=None, metadata={"description": "project id or name (default project)"})


class MemorySettingsSchema(Schema):
    project = fields.Str(load_default=None)
    shared = fields.Bool(load_default=None)
    max_entries = fields.Int(load_default=None, validate=validate.Range(min=1))


class EffortSchema(Schema):
    active_ms = fields.Int(required=True, validate=validate.Range(min=0, max=effort.MAX_REPORT_MS),
                           metadata={"description": "active ms since the last report, idle excluded"})
    keystrokes = fields.Int(load_default=0, validate=validate.Range(min=0, max=effort.MAX_REPORT_KEYS))


class EffortUserQuery(Schema):
    user = fields.Str(load_default=None)


def project_for(session, ref: str | None, *, create: bool = False) -> Project:
    """A project by id or name (created if `create`); none given means the default project."""
    default = current_app.config["DEFAULT_PROJECT"]
    return find_project(session, ref or default, create=create or not ref)


@bp.get("/rows/<int:row_id>/matches")
@bp.arguments(MatchQuery(), location="query")
@bp.alt_response(503, description="the memory is being indexed (first use since the server started)")
def row_matches(query: dict, row_id: int):
    """Earlier translations like this row, by source text and by MT, best first, with a word diff each."""
    session = get_session()
    link = get_link(session, row_id)
    found = memory.matches(session, link, limit=query["limit"], min_score=query["min_score"], wait=False)
    return {"row_id": link.id, "prefilled": memory_exchange.prefilled(session, link), "matches": found}


@bp.get("/memory/concordance")
@bp.arguments(ConcordanceQuery(), location="query")
def concordance(query: dict):
    """Every use of a word or phrase in the memory, with context (Chinese looks in the source by default)."""
    session = get_session()
    project_id = project_for(session, query["project"]).id if query["project"] else None
    side = query["side"] or memory.guess_side(query["q"])
    hits = memory.concordance_search(session, query["q"], side=side, project_id=project_id,
                                     limit=query["limit"], width=query["width"], allowed=readable_projects())
    return {"query": query["q"], "side": side, "total": len(hits), "hits": hits}


@bp.get("/memory")
@bp.arguments(ProjectQuery(), location="query")
def stats(query: dict):
    """The size, limit and sharing of a project's memory."""
    session = get_session()
    return memory.stats(session, project_for(session, query["project"]))


@bp.patch("/memory")
@bp.arguments(MemorySettingsSchema())
def settings(body: dict):
    """Share a project's memory with every project, or change its size limit (oldest entries go first)."""
    session = get_session()
    with committing(session):
        project = project_for(session, body["project"])
        memory.configure(project, shared=body["shared"], limit=body["max_entries"])
        memory.trim(session, project)
    return memory.stats(session, project)


@bp.post("/memory/import")
@bp.arguments(ProjectQuery(), location="form")
def import_tmx(form: dict):
    """Add the units of a TMX file (multipart field `file`) to a project's memory."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput("send the TMX file in the multipart field 'file'")
    session = get_session()
    with committing(session):
        project = project_for(session, form["project"], create=True)
        result = memory_exchange.import_tmx(session, project, upload.read(), filename=upload.filename,
                                            author=current_author())
    return {"added": result.added, "skipped": result.skipped, "dropped": result.dropped,
            "summary": result.summary, **memory.stats(session, project)}


@bp.get("/memory/export")
@bp.arguments(ProjectQuery(), location="query")
def export_tmx(query: dict):
    """Download a project's memory as TMX 1.4b."""
    session = get_session()
    project = project_for(session, query["project"])
    out = io.BytesIO()
    memory_exchange.export_tmx(session, [project], out)
    name = f"{safe_stem(project.name, 'project')}-memory.tmx"
    return attachment(out.getvalue(), "application/x-tmx+xml", name)


@bp.post("/rows/<int:row_id>/effort")
@bp.arguments(EffortSchema())
def record_effort(body: dict, row_id: int):
    """Add active editing time and keystrokes to what the current user spent on a row; returns the row's."""
    session = get_session()
    with committing(session):
        link = get_link(session, row_id)
        effort.record(session, link, current_author(), active_ms=body["active_ms"],
                      keystrokes=body["keystrokes"])
    return effort.row_effort(session, link)


@bp.get("/rows/<int:row_id>/effort")
def row_effort(row_id: int):
    """A row's effort: total and per user."""
    session = get_session()
    return effort.row_effort(session, get_link(session, row_id))


@bp.get("/documents/<int:document_id>/effort")
def document_effort(document_id: int):
    """A document's effort: total, per user and per row."""
    session = get_session()
    return effort.document_effort(session, find_document(session, document_id))


@bp.get("/effort/users")
@bp.arguments(EffortUserQuery(), location="query")
def user_effort(query: dict):
    """Effort per user over every document."""
    return {"users": effort.user_effort(get_session(), query["user"])}

"""Documents in the API: list, one, delete, its rows page by page, status counts, recent operations, and
re-segmentation with the project's current settings."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validates
from sqlalchemy import func, select

from webapp import jobs
from webapp.api import committing, current_author
from webapp.api.jobs import JobSchema, accepted
from webapp.api.rows import row_dicts
from webapp.api.schemas import (
    DocumentListQuery,
    DocumentSchema,
    OperationSchema,
    RowPageQuery,
    RowPageSchema,
    StatusCountsSchema,
)
from webapp.auth.guard import readable_projects
from webapp.db import get_session
from webapp.models import Link
from webapp.services import search
from webapp.services.documents import (
    count_documents,
    count_rows,
    delete_document,
    find_document,
    list_documents,
)
from webapp.services.editing import STATUSES
from webapp.services.operations import recent_operations, row_count
from webapp.services.resegmentation import resegment as resegment_document
from webapp.services.resegmentation import versions_of

bp = Blueprint("api_documents", __name__, url_prefix="/api/v1/documents", description="Documents")


def _summary_dict(summary) -> dict:
    doc = summary.document
    return {"id": doc.id, "title": doc.title, "src_lang": doc.src_lang, "tgt_lang": doc.tgt_lang,
            "total": summary.total, "confirmed": summary.confirmed, "percent": summary.percent,
            "updated_at": doc.updated_at, "updated_by": doc.updated_by}


@bp.get("")
@bp.arguments(DocumentListQuery(), location="query")
@bp.response(200, DocumentSchema(many=True), headers={"X-Total-Count": {
    "description": "how many documents match, over all pages", "schema": {"type": "integer"}}})
def documents(query: dict):
    """List documents with their progress, newest first, a page at a time."""
    session, projects = get_session(), readable_projects()
    listed = list_documents(session, project_ids=projects, title=query["q"], offset=query["offset"],
                            limit=query["limit"])
    total = count_documents(session, projects, title=query["q"])
    return [_summary_dict(s) for s in listed], {"X-Total-Count": str(total)}


@bp.get("/<int:document_id>")
@bp.response(200, DocumentSchema)
def document(document_id: int):
    """One document with its progress."""
    session = get_session()
    doc = find_document(session, document_id)
    return _summary_dict(list_documents(session, doc.id)[0])


@bp.delete("/<int:document_id>")
@bp.response(204)
def delete(document_id: int):
    """Delete a document with everything recorded about it."""
    session = get_session()
    with committing(session):
        delete_document(session, find_document(session, document_id))


@bp.get("/<int:document_id>/rows")
@bp.arguments(RowPageQuery(), location="query")
@bp.response(200, RowPageSchema)
def rows(query: dict, document_id: int):
    """One page of review rows in document order, filtered like search; or the rows listed in `ids`."""
    session = get_session()
    doc = find_document(session, document_id)
    if query["ids"]:
        links = search.links_by_ids(session, doc.id, query["ids"])
        return {"total": len(links), "offset": 0, "rows": row_dicts(session, links)}
    total, links = search.row_page(session, doc.id, search.RowFilter.of(query), query["offset"],
                                   query["limit"])
    return {"total": total, "offset": query["offset"], "rows": row_dicts(session, links)}


@bp.get("/<int:document_id>/statuses")
@bp.response(200, StatusCountsSchema)
def statuses(document_id: int):
    """How many rows have each status."""
    session = get_session()
    doc = find_document(session, document_id)
    counts = dict(session.execute(select(Link.status, func.count(Link.id))
                                  .where(Link.document_id == doc.id).group_by(Link.status)).all())
    return {"total": sum(counts.values()), **{s: counts.get(s, 0) for s in STATUSES}}


@bp.get("/<int:document_id>/operations")
@bp.response(200, OperationSchema(many=True))
def operations(document_id: int):
    """The document's latest multi-row operations, newest first."""
    session = get_session()
    doc = find_document(session, document_id)
    return [{**{c: getattr(op, c) for c in ("id", "document_id", "kind", "author", "created_at", "undone_at",
                                             "undone_by")}, "rows": row_count(session, op)}
            for op in recent_operations(session, doc.id)]


class ResegmentSchema(Schema):
    dry_run = fields.Bool(load_default=False,
                          metadata={"description": "say what would change, change nothing"})
    versions = fields.Dict(keys=fields.Str(), values=fields.Int(), load_default=None, metadata={
        "description": "row id -> version, as the dry run answered: refused (409) if those rows changed"})

    @validates("versions")
    def _ids(self, value: dict | None, **_) -> None:
        if value and not all(key.isdigit() for key in value):
            raise ValidationError("the keys are row ids")


class SkippedSchema(Schema):
    rows = fields.List(fields.Int(), metadata={"description": "row numbers (from 1) after the change"})
    reason = fields.Str()


class ResegmentOutcomeSchema(Schema):
    dry_run = fields.Bool()
    paragraphs = fields.Int(metadata={"description": "paragraphs re-split"})
    rows_before = fields.Int()
    rows_after = fields.Int()
    changed_rows = fields.List(fields.Int(), metadata={"description": "row numbers (from 1) rebuilt"})
    new_rows = fields.Int(metadata={"description": "how many rows the rebuilt rows became"})
    skipped = fields.List(fields.Nested(SkippedSchema))
    versions = fields.Dict(keys=fields.Str(), values=fields.Int(),
                           metadata={"description": "row id -> version of the rows rebuilt"})
    operation_id = fields.Int(allow_none=True, metadata={"description": "undo it as one step"})
    summary = fields.Str()


@bp.post("/<int:document_id>/resegment")
@bp.arguments(ResegmentSchema())
@bp.response(200, ResegmentOutcomeSchema)
@bp.alt_response(202, schema=JobSchema, description=f"a document of more than {jobs.BULK_INLINE_MAX_ROWS:,} "
                 "rows: applying runs as a background job, whose result is the outcome")
@bp.alt_response(409, description="rows changed since the dry run (listed in `rows`); nothing changed")
def resegment(body: dict, document_id: int):
    """Split the document again with its project's current segmentation settings (；/：, abbreviations),
    rebuilding only the paragraphs whose sentences change; paragraphs holding a reviewer's work are
    skipped. One operation: `POST /api/v1/operations/{id}/undo` undoes it."""
    session = get_session()
    doc = find_document(session, document_id)
    if not body["dry_run"] and count_rows(session, doc) > jobs.BULK_INLINE_MAX_ROWS:
        return accepted(jobs.start(session, kind="resegment", params={"versions": body["versions"]},
                                   author=current_author(), document_id=doc.id))
    with committing(session):
        outcome = resegment_document(session, doc, author=current_author(), dry_run=body["dry_run"],
                                     versions=versions_of(body["versions"]))
    return {**outcome.to_dict(), "summary": outcome.summary()}

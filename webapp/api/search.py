"""Search and replace in the API: the ids of the filtered rows; find & replace with preview and undo."""

from __future__ import annotations

from dataclasses import asdict

from flask_smorest import Blueprint

from webapp import jobs
from webapp.api import committing, current_author
from webapp.api.jobs import JobSchema, accepted
from webapp.api.rows import max_chars, operation_result
from webapp.api.schemas import (
    FilterQuery,
    OperationResultSchema,
    PreviewSchema,
    ReplaceApplySchema,
    ReplaceSchema,
    SearchResultSchema,
)
from webapp.db import get_session
from webapp.services import search
from webapp.services.documents import find_document

bp = Blueprint("api_search", __name__, url_prefix="/api/v1/documents", description="Search and replace")


def _replace_args(body: dict) -> dict:
    return {"find": body["find"], "replace": body["replace"], "regex": body["find_regex"],
            "case": body["find_case"]}


@bp.get("/<int:document_id>/search")
@bp.arguments(FilterQuery(), location="query")
@bp.response(200, SearchResultSchema)
def find(query: dict, document_id: int):
    """The ids of the rows that pass the filter, in document order; a bad regular expression is a 400."""
    session = get_session()
    ids = search.matching_ids(session, find_document(session, document_id).id, search.RowFilter.of(query))
    return {"total": len(ids), "ids": ids}


@bp.post("/<int:document_id>/replace/preview")
@bp.arguments(ReplaceSchema())
@bp.response(200, PreviewSchema)
def preview(body: dict, document_id: int):
    """Every change that replacing in the corrections of the filtered rows would make; nothing is saved."""
    session = get_session()
    doc = find_document(session, document_id)
    changes = search.preview_replace(session, doc.id, search.RowFilter.of(body), **_replace_args(body))
    return {"total": len(changes), "changes": [
        {"id": c.link.id, "position": c.link.position, "version": c.link.version, "before": c.before,
         "after": c.after} for c in changes]}


@bp.post("/<int:document_id>/replace")
@bp.arguments(ReplaceApplySchema())
@bp.response(200, OperationResultSchema)
@bp.alt_response(202, schema=JobSchema, description=f"more than {jobs.BULK_INLINE_MAX_ROWS:,} rows: the "
                 "replacement runs as a background job; its result names the operation")
@bp.alt_response(409, description="the rows differ from the preview; nothing was changed")
def replace(body: dict, document_id: int):
    """Apply a previewed replacement as one operation (undo it through /operations/{id}/undo)."""
    session = get_session()
    doc = find_document(session, document_id)
    asked = {"filter": asdict(search.RowFilter.of(body)), "max_chars": max_chars(), **_replace_args(body),
             "rows": [[row["id"], row["version"]] for row in body["rows"]]}
    if len(asked["rows"]) > jobs.BULK_INLINE_MAX_ROWS:
        return accepted(jobs.start(session, kind="replace", params=asked, author=current_author(),
                                   document_id=doc.id))
    with committing(session):
        operation, changes = search.apply_asked_replace(session, doc.id, asked, author=current_author())
    return operation_result(session, operation, [c.link for c in changes])

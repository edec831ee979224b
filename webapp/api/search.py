"""Search and replace in the API: the ids of the filtered rows; find & replace with preview and undo."""

from __future__ import annotations

from flask_smorest import Blueprint

from webapp.api import committing, current_author
from webapp.api.documents import row_filter
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
@bp.arguments(FilterQuery, location="query")
@bp.response(200, SearchResultSchema)
def find(query: dict, document_id: int):
    """The ids of the rows that pass the filter, in document order; a bad regular expression is a 400."""
    session = get_session()
    ids = search.matching_ids(session, find_document(session, document_id).id, row_filter(query))
    return {"total": len(ids), "ids": ids}


@bp.post("/<int:document_id>/replace/preview")
@bp.arguments(ReplaceSchema)
@bp.response(200, PreviewSchema)
def preview(body: dict, document_id: int):
    """Every change that replacing in the corrections of the filtered rows would make; nothing is saved."""
    session = get_session()
    doc = find_document(session, document_id)
    changes = search.preview_replace(session, doc.id, row_filter(body), **_replace_args(body))
    return {"total": len(changes), "changes": [
        {"id": c.link.id, "position": c.link.position, "version": c.link.version, "before": c.before,
         "after": c.after} for c in changes]}


@bp.post("/<int:document_id>/replace")
@bp.arguments(ReplaceApplySchema)
@bp.response(200, OperationResultSchema)
@bp.alt_response(409, description="the rows differ from the preview; nothing was changed")
def replace(body: dict, document_id: int):
    """Apply a previewed replacement as one operation (undo it through /operations/{id}/undo)."""
    session = get_session()
    doc = find_document(session, document_id)
    expected = {r["id"]: r["version"] for r in body["rows"]}
    with committing(session):
        operation, changes = search.apply_replace(
            session, doc.id, row_filter(body), expected, author=current_author(), max_chars=max_chars(),
            **_replace_args(body))
    return operation_result(session, operation, [c.link for c in changes])

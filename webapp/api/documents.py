"""Documents in the API: list, one, and its rows page by page."""

from __future__ import annotations

from flask_smorest import Blueprint
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webapp.api.schemas import DocumentSchema, RowPageQuery, RowPageSchema
from webapp.db import get_session
from webapp.models import Link
from webapp.services.documents import find_document, list_documents

bp = Blueprint("api_documents", __name__, url_prefix="/api/v1/documents", description="Documents")


def _summary_dict(summary) -> dict:
    doc = summary.document
    return {"id": doc.id, "title": doc.title, "src_lang": doc.src_lang, "tgt_lang": doc.tgt_lang,
            "total": summary.total, "confirmed": summary.confirmed, "percent": summary.percent,
            "updated_at": doc.updated_at, "updated_by": doc.updated_by}


@bp.get("")
@bp.response(200, DocumentSchema(many=True))
def documents():
    """List every document with its progress."""
    return [_summary_dict(s) for s in list_documents(get_session())]


@bp.get("/<int:document_id>")
@bp.response(200, DocumentSchema)
def document(document_id: int):
    """One document with its progress."""
    session = get_session()
    doc = find_document(session, document_id)
    return _summary_dict(list_documents(session, doc.id)[0])


@bp.get("/<int:document_id>/rows")
@bp.arguments(RowPageQuery, location="query")
@bp.response(200, RowPageSchema)
def rows(query: dict, document_id: int):
    """One page of review rows, in document order."""
    session = get_session()
    doc = find_document(session, document_id)
    total = session.scalar(select(func.count(Link.id)).where(Link.document_id == doc.id))
    page = session.scalars(
        select(Link).where(Link.document_id == doc.id).order_by(Link.position)
        .offset(query["offset"]).limit(query["limit"]).options(selectinload(Link.sentences))
    ).all()
    return {"total": total, "offset": query["offset"], "rows": page}

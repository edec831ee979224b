"""The review page: one row per alignment link, grouped by paragraph."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.db import get_session
from webapp.models import Link
from webapp.services.documents import find_document

bp = Blueprint("review", __name__)


@bp.get("/documents/<int:document_id>")
def document(document_id: int):
    session = get_session()
    doc = find_document(session, document_id)
    links = session.scalars(
        select(Link).where(Link.document_id == doc.id).order_by(Link.position)
        .options(selectinload(Link.sentences))
    ).all()
    paragraphs = [list(rows) for _, rows in groupby(links, key=lambda link: link.paragraph)]
    return render_template("review/document.html", document=doc, paragraphs=paragraphs)

"""The review page: a shell of O(page) size; rows come from the JSON API, the first page inline as data."""

from __future__ import annotations

import json

from flask import Blueprint, render_template

from webapp.api.rows import row_dicts
from webapp.api.schemas import RowSchema
from webapp.db import get_session
from webapp.services.documents import find_document
from webapp.services.search import RowFilter, row_page

bp = Blueprint("review", __name__)

FIRST_ROWS = 50  # one chunk of the page's list: enough to fill the first screen without a round trip


@bp.get("/documents/<int:document_id>")
def document(document_id: int):
    session = get_session()
    doc = find_document(session, document_id)
    total, links = row_page(session, doc.id, RowFilter(), 0, FIRST_ROWS)
    first_rows = json.dumps(RowSchema(many=True).dump(row_dicts(session, links)), ensure_ascii=False)
    return render_template("review/document.html", document=doc, total=total, first_rows=first_rows)

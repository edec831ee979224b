"""Review rows in the API: save a correction or a status with its version; read the history."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy.orm.exc import StaleDataError

from webapp.api.schemas import RevisionSchema, RowPatchSchema, RowSchema
from webapp.db import get_session
from webapp.services import editing
from webapp.services.errors import Conflict

bp = Blueprint("api_rows", __name__, url_prefix="/api/v1/rows", description="Review rows")


def current_author() -> str:
    return current_app.config["DEFAULT_AUTHOR"]


@bp.get("/<int:row_id>")
@bp.response(200, RowSchema)
def row(row_id: int):
    """One review row."""
    return editing.get_link(get_session(), row_id)


@bp.patch("/<int:row_id>")
@bp.arguments(RowPatchSchema)
@bp.response(200, RowSchema)
@bp.alt_response(409, description="the row changed since the client read it; `current` holds it now")
def patch_row(change: dict, row_id: int):
    """Save a correction and/or a status, if the row still has the version the client edited."""
    session = get_session()
    link = editing.get_link(session, row_id)
    editing.save_link(session, link, author=current_author(),
                      max_chars=current_app.config["MAX_SEGMENT_CHARS"], **change)
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        fresh = editing.get_link(session, row_id)
        raise Conflict("this row was changed by someone else since you loaded it",
                       current=editing.link_state(fresh)) from None
    return link


@bp.get("/<int:row_id>/revisions")
@bp.response(200, RevisionSchema(many=True))
def revisions(row_id: int):
    """The history of a row, newest first."""
    session = get_session()
    return editing.revisions(session, editing.get_link(session, row_id))

"""Comments in the API: list and add per row; resolve and delete."""

from __future__ import annotations

from flask_smorest import Blueprint

from webapp.api import committing, current_author
from webapp.api.schemas import CommentPatchSchema, CommentSchema
from webapp.db import get_session
from webapp.services import comments, editing

bp = Blueprint("api_comments", __name__, url_prefix="/api/v1", description="Comments on rows")


@bp.get("/rows/<int:row_id>/comments")
@bp.response(200, CommentSchema(many=True))
def row_comments(row_id: int):
    """The comments of a row, oldest first."""
    session = get_session()
    return comments.comments(session, editing.get_link(session, row_id))


@bp.post("/rows/<int:row_id>/comments")
@bp.arguments(CommentSchema())
@bp.response(201, CommentSchema)
def add(body: dict, row_id: int):
    """Add a comment to a row."""
    session = get_session()
    with committing(session):
        comment = comments.add_comment(session, editing.get_link(session, row_id), body["body"],
                                       author=current_author())
    return comment


@bp.patch("/comments/<int:comment_id>")
@bp.arguments(CommentPatchSchema())
@bp.response(200, CommentSchema)
def patch(body: dict, comment_id: int):
    """Resolve a comment, or open it again."""
    session = get_session()
    with committing(session):
        comment = comments.resolve(comments.get_comment(session, comment_id), body["resolved"],
                                   author=current_author())
    return comment


@bp.delete("/comments/<int:comment_id>")
@bp.response(204)
def delete(comment_id: int):
    """Delete a comment."""
    session = get_session()
    with committing(session):
        session.delete(comments.get_comment(session, comment_id))

"""Structural edits in the API: split and merge rows, move or detach sentences, split a link.

Each answers with the operation id; `POST /api/v1/operations/{id}/undo` undoes it as one step."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from webapp.api import committing, current_author
from webapp.api.rows import operation_result
from webapp.api.schemas import OperationResultSchema
from webapp.db import get_session
from webapp.models import Side
from webapp.services import editing, structure

bp = Blueprint("api_structure", __name__, url_prefix="/api/v1/rows",
               description="Structural edits: split, merge, move and detach sentences")

SIDES = (Side.SOURCE.value, Side.MT.value)


class SplitSchema(Schema):
    version = fields.Int(required=True)
    offset = fields.Int(required=True, metadata={"description": "cursor position in the row's current text"})


class MergeSchema(Schema):
    version = fields.Int(required=True)
    next_version = fields.Int(required=True, metadata={"description": "version of the next row"})


class MoveSchema(Schema):
    version = fields.Int(required=True)
    neighbour_version = fields.Int(required=True)
    side = fields.Str(required=True, validate=validate.OneOf(SIDES))
    direction = fields.Str(required=True, validate=validate.OneOf(("previous", "next")))


class DetachSchema(Schema):
    version = fields.Int(required=True)
    side = fields.Str(required=True, validate=validate.OneOf(SIDES))
    which = fields.Str(load_default="last", validate=validate.OneOf(("first", "last")))


class SplitLinkSchema(Schema):
    version = fields.Int(required=True)
    source_count = fields.Int(required=True, validate=validate.Range(min=0))
    mt_count = fields.Int(required=True, validate=validate.Range(min=0))


def _apply(row_id: int, edit, **arguments) -> dict:
    session = get_session()
    link = editing.get_link(session, row_id)
    with committing(session):
        operation = edit(session, link, author=current_author(), **arguments)
    return operation_result(session, operation, structure.result_links(session, operation))


@bp.post("/<int:row_id>/split")
@bp.arguments(SplitSchema())
@bp.response(200, OperationResultSchema)
def split(body: dict, row_id: int):
    """Split a row at the cursor; the MT (and source) sentences follow the cut."""
    return _apply(row_id, structure.split_at, **body)


@bp.post("/<int:row_id>/merge-next")
@bp.arguments(MergeSchema())
@bp.response(200, OperationResultSchema)
def merge_next(body: dict, row_id: int):
    """Merge a row with the next row of the same paragraph."""
    return _apply(row_id, structure.merge_with_next, **body)


@bp.post("/<int:row_id>/move")
@bp.arguments(MoveSchema())
@bp.response(200, OperationResultSchema)
def move(body: dict, row_id: int):
    """Move the row's first sentence of a side to the previous row, or its last one to the next row."""
    return _apply(row_id, structure.move_sentence, **body)


@bp.post("/<int:row_id>/detach")
@bp.arguments(DetachSchema())
@bp.response(200, OperationResultSchema)
def detach(body: dict, row_id: int):
    """Give a sentence its own row: a source sentence "missing in MT" or an MT sentence "added in MT"."""
    return _apply(row_id, structure.detach, **body)


@bp.post("/<int:row_id>/split-link")
@bp.arguments(SplitLinkSchema())
@bp.response(200, OperationResultSchema)
def split_link(body: dict, row_id: int):
    """Split a link at a sentence boundary: the first row keeps the first sentences of each side."""
    return _apply(row_id, structure.split_link, **body)

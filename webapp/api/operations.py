"""Operations in the API: one user action over many rows, and its undo as one step."""

from __future__ import annotations

from flask_smorest import Blueprint

from webapp import jobs
from webapp.api import committing, current_author
from webapp.api.jobs import JobSchema, accepted
from webapp.api.rows import operation_result
from webapp.api.schemas import OperationResultSchema
from webapp.db import get_session
from webapp.services import operations
from webapp.services.resegmentation import KIND as RESEGMENT
from webapp.services.structure import STRUCTURAL_KINDS

bp = Blueprint("api_operations", __name__, url_prefix="/api/v1/operations", description="Operations and undo")


@bp.get("/<int:operation_id>")
@bp.response(200, OperationResultSchema)
def operation(operation_id: int):
    """One operation with the rows it touched, as they are now."""
    session = get_session()
    op = operations.get_operation(session, operation_id)
    return operation_result(session, op, operations.operation_links(session, op))


@bp.post("/<int:operation_id>/undo")
@bp.response(200, OperationResultSchema)
@bp.alt_response(202, schema=JobSchema, description=f"more than {jobs.BULK_INLINE_MAX_ROWS:,} rows: the undo "
                 "runs as a background job; its result names the undoing operation")
@bp.alt_response(409, description="a row changed since the operation (listed in `rows`); nothing was undone")
def undo(operation_id: int):
    """Undo every change of the operation as one step; the undo is itself an operation."""
    session = get_session()
    op = operations.get_operation(session, operation_id)
    # A split or merge restores a few rows from a snapshot (a re-segmentation may restore thousands); an
    # operation already undone is refused at once.
    few = op.kind in STRUCTURAL_KINDS and op.kind != RESEGMENT
    many = not few and operations.row_count(session, op) > jobs.BULK_INLINE_MAX_ROWS
    if many and op.undone_at is None:
        return accepted(jobs.start(session, kind="undo", params={"operation_id": op.id},
                                   author=current_author(), document_id=op.document_id))
    with committing(session):
        reverse, links = operations.undo(session, op, author=current_author())
    return operation_result(session, reverse, links)

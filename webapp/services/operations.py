"""Undo of an operation: its revisions reverted in one step, refused when a row changed since."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from webapp.models import Link, Operation, Revision, Status, utcnow
from webapp.services import memory, qa, structure
from webapp.services.editing import Edit, link_state, save_links, start_operation
from webapp.services.errors import Conflict, NotFound

# Undoing these re-checks the rows, so that the fixes they applied are proposed again (and a re-segmentation's
# restored rows, some recreated, get their findings back); other bulk changes leave their rows' findings
# stale (hidden) until QA runs, as re-checking 20,000 rows would double an undo.
RECHECKED_ON_UNDO = frozenset({"fix", "resegment"})


def get_operation(session: Session, operation_id: int) -> Operation:
    """The operation `operation_id`."""
    operation = session.get(Operation, operation_id)
    if operation is None:
        raise NotFound(f"no operation {operation_id}")
    return operation


def recent_operations(session: Session, document_id: int, limit: int = 20) -> list[Operation]:
    """The document's latest operations, newest first."""
    query = (select(Operation).where(Operation.document_id == document_id)
             .order_by(Operation.id.desc()).limit(limit))
    return list(session.scalars(query))


def row_count(session: Session, operation: Operation) -> int:
    """How many rows the operation changed."""
    query = select(func.count(func.distinct(Revision.link_id))).where(Revision.operation_id == operation.id)
    return session.scalar(query) or 0


def operation_links(session: Session, operation: Operation) -> list[Link]:
    """The rows the operation changed, in document order."""
    changed = select(Revision.link_id).where(Revision.operation_id == operation.id)
    query = select(Link).where(Link.id.in_(changed)).order_by(Link.position)
    return list(session.scalars(query.options(selectinload(Link.sentences))))


def undo(session: Session, operation: Operation, *, author: str) -> tuple[Operation, list[Link]]:
    """Restore every row the operation changed, as a new operation; refuse if any row changed since.

    A structural edit (split, merge, move…) is restored from its snapshot instead, and answers itself."""
    if operation.undone_at is not None:
        raise Conflict(f"operation {operation.id} was already undone by {operation.undone_by}")
    if operation.kind in structure.STRUCTURAL_KINDS:
        restored = structure.undo_structure(session, operation, author)
        if operation.kind in RECHECKED_ON_UNDO:
            session.flush()
            qa.check_links(session, restored)
        return operation, restored
    revisions = list(session.scalars(select(Revision).where(Revision.operation_id == operation.id)
                                     .order_by(Revision.id)))
    link_ids = {r.link_id for r in revisions if r.link_id is not None}
    links = session.scalars(select(Link).where(Link.id.in_(link_ids)).order_by(Link.position)
                            .options(selectinload(Link.sentences))).all()
    _refuse_if_changed_since(session, operation, revisions, links)
    restore: dict[int, dict[str, str | None]] = {}
    for revision in reversed(revisions):
        if revision.link_id is not None:
            restore.setdefault(revision.link_id, {})[revision.field] = revision.old
    reverse = start_operation(session, operation.document_id, "undo", author, undoes=operation.id)
    confirmed = [link for link in links if link.status == Status.CONFIRMED]
    edits = [Edit(link, restore[link.id].get("target"), restore[link.id].get("status", link.status))
             for link in links]
    save_links(session, edits, author=author, max_chars=10**9, operation=reverse)
    for link in confirmed:
        if link.status != Status.CONFIRMED:
            memory.forget(session, link)  # the confirmation is taken back, and what it taught the memory
    operation.undone_at = utcnow()
    operation.undone_by = author
    session.flush()
    if operation.kind in RECHECKED_ON_UNDO:
        qa.check_links(session, list(links))
    return reverse, list(links)


def _refuse_if_changed_since(session: Session, operation: Operation, revisions: list[Revision],
                             links: list[Link]) -> None:
    if not revisions:
        return
    later = select(Revision.link_id).where(
        Revision.link_id.in_([link.id for link in links]), Revision.id > revisions[0].id,
        Revision.operation_id.is_distinct_from(operation.id)).distinct()
    changed = set(session.scalars(later))
    if changed:
        rows = [link_state(link) for link in links if link.id in changed]
        raise Conflict(f"{len(rows)} of the rows changed since; undo them by hand", rows=rows)

"""Post-editing effort: active editing time (idle excluded by the page) and keystrokes, per row and user."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.models import Document, Effort, Link, utcnow
from webapp.services.errors import InvalidInput

# One report covers at most this much active time: a page sends its time on every save and blur, so a
# bigger figure is a broken or hostile client, not work.
MAX_REPORT_MS = 30 * 60 * 1000
MAX_REPORT_KEYS = 100_000


def record(session: Session, link: Link, author: str, *, active_ms: int, keystrokes: int) -> Effort:
    """Add active time and keystrokes to what `author` spent on `link`."""
    if not 0 <= active_ms <= MAX_REPORT_MS:
        raise InvalidInput(f"active_ms must be between 0 and {MAX_REPORT_MS}")
    if not 0 <= keystrokes <= MAX_REPORT_KEYS:
        raise InvalidInput(f"keystrokes must be between 0 and {MAX_REPORT_KEYS}")
    if not _add(session, link.id, author, active_ms, keystrokes):
        try:
            with session.begin_nested():
                session.add(Effort(link_id=link.id, document_id=link.document_id, author=author,
                                   active_ms=active_ms, keystrokes=keystrokes))
        except IntegrityError:  # someone else's first report for this row and user won the race
            _add(session, link.id, author, active_ms, keystrokes)
    return session.scalars(select(Effort).where(Effort.link_id == link.id, Effort.author == author)
                           .execution_options(populate_existing=True)).one()


def _add(session: Session, link_id: int, author: str, active_ms: int, keystrokes: int) -> bool:
    # One UPDATE adding to the stored figures, so concurrent reports never lose each other's time.
    result = session.execute(
        update(Effort).where(Effort.link_id == link_id, Effort.author == author)
        .values(active_ms=Effort.active_ms + active_ms, keystrokes=Effort.keystrokes + keystrokes,
                updated_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount > 0


def _totals(active_ms: int | None, keystrokes: int | None, **extra) -> dict:
    return {**extra, "active_ms": int(active_ms or 0), "seconds": round(int(active_ms or 0) / 1000, 1),
            "keystrokes": int(keystrokes or 0)}


def row_effort(session: Session, link: Link) -> dict:
    """A row's effort: the total and each user's share."""
    query = (select(Effort.author, Effort.active_ms, Effort.keystrokes).where(Effort.link_id == link.id)
             .order_by(Effort.author))
    users = [_totals(ms, keys, user=author) for author, ms, keys in session.execute(query)]
    return _totals(sum(u["active_ms"] for u in users), sum(u["keystrokes"] for u in users), link_id=link.id,
                   users=users)


def seconds_per_link(session: Session, document: Document) -> dict[int, float]:
    """Active seconds spent on each row of the document, all users together (for the review report)."""
    query = (select(Effort.link_id, func.sum(Effort.active_ms)).where(Effort.document_id == document.id)
             .group_by(Effort.link_id))
    # int(): PostgreSQL sums a bigint column as numeric (Decimal).
    return {link_id: round(int(ms) / 1000, 1) for link_id, ms in session.execute(query)}


def document_effort(session: Session, document: Document) -> dict:
    """A document's effort: in total, per user, and per row (rows with any effort, in document order)."""
    users = [_totals(ms, keys, user=author, rows=rows) for author, ms, keys, rows in session.execute(
        select(Effort.author, func.sum(Effort.active_ms), func.sum(Effort.keystrokes), func.count(Effort.id))
        .where(Effort.document_id == document.id).group_by(Effort.author).order_by(Effort.author))]
    rows = [_totals(ms, keys, link_id=link_id, position=position) for link_id, position, ms, keys in
            session.execute(select(Effort.link_id, Link.position, func.sum(Effort.active_ms),
                                   func.sum(Effort.keystrokes)).join(Link)
                            .where(Effort.document_id == document.id)
                            .group_by(Effort.link_id, Link.position).order_by(Link.position))]
    return _totals(sum(u["active_ms"] for u in users), sum(u["keystrokes"] for u in users),
                   document_id=document.id, users=users, rows=rows)


def user_effort(session: Session, author: str | None = None) -> list[dict]:
    """Per user (or just `author`), effort over every document: time, keystrokes, rows and documents."""
    query = (select(Effort.author, func.sum(Effort.active_ms), func.sum(Effort.keystrokes),
                    func.count(Effort.id), func.count(func.distinct(Effort.document_id)))
             .group_by(Effort.author).order_by(Effort.author))
    if author is not None:
        query = query.where(Effort.author == author)
    return [_totals(ms, keys, user=user, rows=rows, documents=docs)
            for user, ms, keys, rows, docs in session.execute(query)]

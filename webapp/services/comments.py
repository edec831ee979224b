"""Comments on review rows: add, list, resolve, delete."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session

from webapp.models import Comment, Link, utcnow
from webapp.services.errors import InvalidInput, NotFound

MAX_COMMENT_CHARS = 5_000
# Built once: every row page and every save runs it, and building a statement costs more than running it.
_COUNTS = (select(Comment.link_id, func.count(Comment.id),
                  func.sum(case((Comment.resolved.is_(False), 1), else_=0)))
           .where(Comment.link_id.in_(bindparam("link_ids", expanding=True))).group_by(Comment.link_id))


def comments(session: Session, link: Link) -> list[Comment]:
    """The comments of a row, oldest first."""
    return list(session.scalars(select(Comment).where(Comment.link_id == link.id).order_by(Comment.id)))


def add_comment(session: Session, link: Link, body: str, *, author: str) -> Comment:
    """Attach a comment to `link`."""
    if not body.strip():
        raise InvalidInput("a comment needs some text")
    if len(body) > MAX_COMMENT_CHARS:
        raise InvalidInput(f"a comment is limited to {MAX_COMMENT_CHARS} characters")
    comment = Comment(document_id=link.document_id, link_id=link.id, body=body.strip(), author=author)
    session.add(comment)
    session.flush()
    return comment


def get_comment(session: Session, comment_id: int) -> Comment:
    """The comment `comment_id`."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"no comment {comment_id}")
    return comment


def resolve(comment: Comment, resolved: bool, *, author: str) -> Comment:
    """Mark the comment resolved (or open again)."""
    if resolved != comment.resolved:
        comment.resolved = resolved
        comment.resolved_by = author if resolved else None
        comment.resolved_at = utcnow() if resolved else None
    return comment


def comment_counts(session: Session, link_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Per link: (comments, open comments)."""
    ids = list(link_ids)
    if not ids:
        return {}
    return {link_id: (total, int(open_ or 0))
            for link_id, total, open_ in session.execute(_COUNTS, {"link_ids": ids})}

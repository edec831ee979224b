"""Editing a review row: versioned saves that write a revision for every change."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Link, Revision, Status, utcnow
from webapp.services.documents import touch
from webapp.services.errors import Conflict, InvalidInput, NotFound

STATUSES = tuple(s.value for s in Status)


def get_link(session: Session, link_id: int, document_id: int | None = None) -> Link:
    """The link `link_id`, optionally required to belong to `document_id`."""
    link = session.get(Link, link_id)
    if link is None or (document_id is not None and link.document_id != document_id):
        raise NotFound(f"no row {link_id}")
    return link


def link_state(link: Link) -> dict:
    """What a client needs to resolve a conflict: the row as it is now."""
    return {"id": link.id, "target": link.final_text, "status": link.status, "version": link.version,
            "updated_by": link.updated_by, "updated_at": link.updated_at.isoformat()}


def save_link(
    session: Session, link: Link, *, version: int, author: str, target: str | None = None,
    status: str | None = None, max_chars: int = 20_000,
) -> Link:
    """Apply a reviewer's change to `link` if it still has `version`; otherwise raise Conflict."""
    if link.version != version:
        raise Conflict("this row was changed by someone else since you loaded it", current=link_state(link))
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    if target is not None and len(target) > max_chars:
        raise InvalidInput(f"the text is longer than {max_chars} characters")
    changed = False
    if target is not None and target != link.final_text:
        _record(session, link, "target", link.final_text, target, author)
        link.target = target
        changed = True
        if status is None and link.status in (Status.NEW, Status.CONFIRMED):
            status = Status.EDITED
    if status is not None and status != link.status:
        _record(session, link, "status", link.status, status, author)
        link.status = status
        changed = True
    if changed:
        link.updated_at = utcnow()
        link.updated_by = author
        touch(link.document, author)
    return link


def _record(session: Session, link: Link, field: str, old: str | None, new: str | None, author: str) -> None:
    session.add(Revision(document_id=link.document_id, link_id=link.id, field=field, old=old, new=new,
                         author=author))


def revisions(session: Session, link: Link) -> list[Revision]:
    """The history of `link`, newest first."""
    query = select(Revision).where(Revision.link_id == link.id).order_by(Revision.id.desc())
    return list(session.scalars(query))

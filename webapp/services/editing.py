"""Editing a review row: versioned saves that write a revision for every change, revert, repetitions."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from webapp.models import Document, Link, Operation, Revision, Sentence, Side, Status, utcnow
from webapp.services import memory
from webapp.services.documents import touch
from webapp.services.errors import Conflict, InvalidInput, NotFound

STATUSES = tuple(s.value for s in Status)
TOUCH_EVERY = timedelta(minutes=1)
STALE = "this row was changed by someone else since you loaded it"
# What saving and showing a row reads besides the row: one query instead of three.
ROW_LOADING = (joinedload(Link.document).joinedload(Document.project), joinedload(Link.sentences))


def get_link(session: Session, link_id: int, document_id: int | None = None) -> Link:
    """The link `link_id`, optionally required to belong to `document_id`."""
    link = session.get(Link, link_id, options=ROW_LOADING)
    if link is None or (document_id is not None and link.document_id != document_id):
        raise NotFound(f"no row {link_id}")
    return link


def link_state(link: Link) -> dict:
    """What a client needs to resolve a conflict: the row as it is now."""
    return {"id": link.id, "target": link.final_text, "status": link.status, "version": link.version,
            "updated_by": link.updated_by, "updated_at": link.updated_at.isoformat()}


def start_operation(session: Session, document_id: int, kind: str, author: str, **data) -> Operation:
    """A new operation grouping the revisions of one user action, so that it undoes as one step."""
    operation = Operation(document_id=document_id, kind=kind, author=author,
                          data=json.dumps(data, ensure_ascii=False) if data else None)
    session.add(operation)
    return operation


def save_link(
    session: Session, link: Link, *, version: int, author: str, target: str | None = None,
    status: str | None = None, max_chars: int = 20_000, operation: Operation | None = None,
) -> Link:
    """Apply a reviewer's change to `link` if it still has `version`; otherwise raise Conflict."""
    if link.version != version:
        raise Conflict(STALE, current=link_state(link))
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    if target is not None and len(target) > max_chars:
        raise InvalidInput(f"the text is longer than {max_chars} characters")
    changed = False
    if target is not None and target != link.final_text:
        _record(session, link, "target", link.final_text, target, author, operation)
        link.target = target
        changed = True
        if status is None and link.status in (Status.NEW, Status.CONFIRMED):
            status = Status.EDITED
    if status is not None and status != link.status:
        _record(session, link, "status", link.status, status, author, operation)
        link.status = status
        changed = True
    if changed:
        link.updated_at = utcnow()
        link.updated_by = author
        _touch_document(link, author)
        if link.status == Status.CONFIRMED:  # confirmed now, or its confirmed text changed
            memory.remember(session, link, author)
    return link


def _touch_document(link: Link, author: str) -> None:
    """Record the change on the document, at most once a minute per author: updating the one document row on
    every save would make concurrent editors of a document wait for each other's row lock."""
    document = link.document
    if document.updated_by != author or utcnow() - document.updated_at > TOUCH_EVERY:
        touch(document, author)


def _record(session: Session, link: Link, field: str, old: str | None, new: str | None, author: str,
            operation: Operation | None) -> None:
    session.add(Revision(document_id=link.document_id, link_id=link.id, field=field, old=old, new=new,
                         author=author, operation=operation))


def revisions(session: Session, link: Link) -> list[Revision]:
    """The history of `link`, newest first."""
    query = select(Revision).where(Revision.link_id == link.id).order_by(Revision.id.desc())
    return list(session.scalars(query))


def revert(session: Session, link: Link, revision_id: int, *, version: int, author: str) -> Link:
    """Set the field that revision `revision_id` changed back to its old value, as a new change."""
    revision = session.get(Revision, revision_id)
    if revision is None or revision.link_id != link.id:
        raise NotFound(f"row {link.id} has no revision {revision_id}")
    if revision.field == "target":
        return save_link(session, link, version=version, author=author, target=revision.old or "")
    return save_link(session, link, version=version, author=author, status=revision.old)


def check_versions(links: list[Link], expected: dict[int, int], what: str) -> None:
    """Refuse, listing them, unless the rows to change are exactly those the client saw, as it saw them."""
    seen = {link.id: link.version for link in links}
    if seen != expected:
        stale = [link_state(link) for link in links if expected.get(link.id) != link.version]
        raise Conflict(f"{what} changed since you looked; look again before applying", rows=stale,
                       missing=sorted(set(expected) - set(seen)))


def repetitions(session: Session, link: Link) -> list[Link]:
    """The other rows of the document whose MT is the same text as this row's, in document order."""
    mt = link.side(Side.MT)
    if not mt:
        return []
    candidates = select(Sentence.link_id).where(
        Sentence.document_id == link.document_id, Sentence.side == Side.MT, Sentence.text == mt[0].text,
        Sentence.link_id != link.id)
    others = session.scalars(
        select(Link).where(Link.id.in_(candidates)).order_by(Link.position).options(selectinload(Link.sentences))
    ).all()
    return [other for other in others if other.mt_text == link.mt_text]


def apply_repetitions(session: Session, link: Link, expected: dict[int, int], *, author: str,
                      max_chars: int = 20_000) -> tuple[Operation, list[Link]]:
    """Give the chosen repetitions (id → version) this row's correction, confirmed, as one operation."""
    chosen = [other for other in repetitions(session, link) if other.id in expected]
    check_versions(chosen, expected, "the repeated rows")
    operation = start_operation(session, link.document_id, "repetitions", author, source_row=link.id)
    for other in chosen:
        save_link(session, other, version=other.version, author=author, target=link.final_text,
                  status=Status.CONFIRMED, max_chars=max_chars, operation=operation)
    session.flush()
    return operation, chosen

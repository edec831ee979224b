"""Editing a review row: versioned saves that write a revision for every change, revert, repetitions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from webapp.models import Document, Link, Operation, Revision, Sentence, Side, Status, text_hash, utcnow
from webapp.services import memory
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


@dataclass(frozen=True)
class Edit:
    """A reviewer's change to one row: a correction and/or a status, made on the version of the row they saw
    (None: the version in hand, for operations that checked the versions of all their rows first)."""

    link: Link
    target: str | None = None
    status: str | None = None
    version: int | None = None


# One statement per batch of saves, whatever its size; the version in WHERE refuses a row saved meanwhile.
_LINKS = Link.__table__.c
_SAVE = (update(Link.__table__).where(_LINKS.id == bindparam("link_id"), _LINKS.version == bindparam("seen"))
         .values(target=bindparam("new_target"), status=bindparam("new_status"),
                 target_hash=bindparam("new_target_hash"), version=bindparam("new_version"),
                 updated_at=bindparam("now"), updated_by=bindparam("author")))
_RECORD = insert(Revision.__table__)


def save_links(session: Session, edits: Sequence[Edit], *, author: str, max_chars: int = 20_000,
               operation: Operation | None = None) -> list[Link]:
    """Apply reviewers' changes, each recorded as revisions; returns the rows that changed.

    Every row must still have the version its edit was made on: a row changed since raises Conflict, and one
    changed by another transaction meanwhile raises StaleDataError (the caller rolls back: nothing is
    saved). The rows are written with one UPDATE and the revisions with one INSERT, however many: row by row
    through the unit of work, a replace in 20,000 rows took 8 s."""
    session.flush()  # pending changes first: the rows' versions move, and the operation gets its id
    seen: set[int] = set()
    for link in (edit.link for edit in edits):
        if link.id in seen:
            raise InvalidInput(f"row {link.position + 1} is changed twice in one step; nothing was saved")
        seen.add(link.id)
    planned = [plan for plan in (_plan(edit, max_chars) for edit in edits) if plan is not None]
    if not planned:
        return []
    now = utcnow()
    operation_id = operation.id if operation is not None else None
    hashes = {link.id: text_hash(link.final_with(target)) for link, target, *_ in planned}
    saved = session.execute(_SAVE, [
        {"link_id": link.id, "seen": link.version, "new_target": target, "new_status": status,
         "new_target_hash": hashes[link.id], "new_version": link.version + 1, "now": now, "author": author}
        for link, target, status, _ in planned])
    if saved.rowcount != len(planned):
        raise StaleDataError(STALE)
    session.execute(_RECORD, [
        {"document_id": link.document_id, "link_id": link.id, "operation_id": operation_id, "field": field,
         "old": old, "new": new, "author": author, "created_at": now}
        for link, _, _, changes in planned for field, old, new in changes])
    for link, target, status, _ in planned:
        for name, value in (("target", target), ("status", status), ("target_hash", hashes[link.id]),
                            ("version", link.version + 1), ("updated_at", now), ("updated_by", author)):
            set_committed_value(link, name, value)
        _touch_document(link, author)
        if link.status == Status.CONFIRMED:  # confirmed now, or its confirmed text changed
            memory.remember(session, link, author)
    return [link for link, *_ in planned]


def _plan(edit: Edit, max_chars: int) -> tuple[Link, str | None, str, list[tuple]] | None:
    """(row, its new target and status, the revisions recording the change), or None if nothing changes."""
    link, target, status = edit.link, edit.target, edit.status
    if edit.version is not None and link.version != edit.version:
        raise Conflict(STALE, current=link_state(link))
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    if target is not None and len(target) > max_chars:
        raise InvalidInput(f"the text is longer than {max_chars} characters")
    changes = []
    if target is not None and target != link.final_text:
        changes.append(("target", link.final_text, target))
        if status is None and link.status in (Status.NEW, Status.CONFIRMED):
            status = Status.EDITED
    else:
        target = link.target
    if status is not None and status != link.status:
        changes.append(("status", link.status, status))
    else:
        status = link.status
    return (link, target, status, changes) if changes else None


def save_link(
    session: Session, link: Link, *, version: int, author: str, target: str | None = None,
    status: str | None = None, max_chars: int = 20_000, operation: Operation | None = None,
) -> Link:
    """Apply a reviewer's change to `link` if it still has `version`; otherwise raise Conflict."""
    save_links(session, [Edit(link, target, status, version)], author=author, max_chars=max_chars,
               operation=operation)
    return link


def _touch_document(link: Link, author: str) -> None:
    """Record the change on the document, at most once a minute per author: updating the one document row on
    every save would make concurrent editors of a document wait for each other's row lock."""
    document = link.document
    if document.updated_by != author or utcnow() - document.updated_at > TOUCH_EVERY:
        document.touch(author)


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
    save_links(session, [Edit(other, link.final_text, Status.CONFIRMED) for other in chosen], author=author,
               max_chars=max_chars, operation=operation)
    return operation, chosen

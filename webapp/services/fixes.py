"""Applying the fixes QA findings propose: in one row, or a document's chosen fixes at once ("Clean up").

A fix is stored with its finding, as edits on the target text the finding was made in; a finding is only
current while its row's target is still that text (`qa._current`), so its edits always point at the right
words. Applying is an ordinary versioned save in one operation: one step in the history, one undo.
A row changed since the list was drawn is skipped and named, never overwritten. Confirmed rows are skipped
too (and named): a confirmed row is the reviewer's decision, and a bulk repair must not reopen it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from segments.qa import CHECKS_BY_ID
from segments.qa.fixes import compose
from segments.qa.model import Fix, FixKind
from webapp.models import Document, Link, Operation, QaFinding, Status
from webapp.services import qa
from webapp.services.editing import STALE, Edit, link_state, save_links, start_operation
from webapp.services.errors import Conflict, InvalidInput

KINDS = tuple(kind.value for kind in FixKind)


@dataclass(frozen=True)
class Proposal:
    """One finding's fix for one row: what the row says now and what the fix makes of it."""

    finding_id: int
    link_id: int
    position: int
    version: int
    status: str
    check_id: str
    kind: str
    before: str
    after: str
    options: tuple[dict, ...]  # every fix of the finding: index, kind, text
    default: Fix

    def choice(self) -> Choice:
        """Apply this proposal's default fix on the row as listed."""
        return Choice(self.finding_id, 0, self.version, self.link_id)

    def as_dict(self) -> dict:
        return {"finding_id": self.finding_id, "row_id": self.link_id, "row": self.position + 1,
                "version": self.version, "status": self.status, "check_id": self.check_id,
                "title": CHECKS_BY_ID[self.check_id].title if self.check_id in CHECKS_BY_ID else "",
                "kind": self.kind, "before": self.before, "after": self.after, "options": list(self.options)}


def _check_filters(check_ids: Collection[str] | None, kinds: Collection[str] | None) -> None:
    for check_id in check_ids or ():
        qa.require_check(check_id)
    unknown = sorted(set(kinds or ()) - set(KINDS))
    if unknown:
        raise InvalidInput(f"unknown fix kind(s) {', '.join(unknown)}; expected {' or '.join(KINDS)}")


def _fixable(document: Document, check_ids: Collection[str] | None):
    query = (qa.of_document(document, ignored=False)
             .add_columns(Link.version, Link.status)
             .where(QaFinding.side == "target", QaFinding.fixes.is_not(None)))
    if check_ids:
        query = query.where(QaFinding.check_id.in_(list(check_ids)))
    return query.order_by(Link.position, QaFinding.id)


def proposals(session: Session, document: Document, *, check_ids: Collection[str] | None = None,
              kinds: Collection[str] | None = None, offset: int = 0,
              limit: int | None = None) -> tuple[int, list[Proposal]]:
    """The document's open fixes in row order (a page of them), each finding's default fix first; with the
    total before paging. `kinds` keeps the findings whose default fix is of those kinds."""
    _check_filters(check_ids, kinds)
    out: list[Proposal] = []
    hits = session.execute(_fixable(document, check_ids)).all()
    texts: dict[int, dict[str, str]] = {}
    missing = {finding.link_id for finding, _, _, target, *_ in hits if target is None}
    if missing:
        texts = qa.link_texts(session, document.id, missing)
    matching = []
    for finding, _ignored, position, target, version, status in hits:
        fixes = qa.stored_fixes(finding.fixes)
        if not fixes[0].edits or (kinds and fixes[0].kind.value not in kinds):
            continue  # the default is to keep the text (a name spelt two ways, unsure which is right)
        matching.append((finding, position, target, version, status, fixes))
    end = None if limit is None else offset + limit
    for finding, position, target, version, status, fixes in matching[offset:end]:
        before = texts.get(finding.link_id, {}).get("mt", "") if target is None else target
        options = tuple({"index": i, "kind": fix.kind.value, "text": fix.apply(before)}
                        for i, fix in enumerate(fixes))
        out.append(Proposal(finding.id, finding.link_id, position, version, status, finding.check_id,
                            fixes[0].kind.value, before, fixes[0].apply(before), options, fixes[0]))
    return len(matching), out


@dataclass
class Outcome:
    """What applying fixes did: the operation (None when nothing changed), the rows changed, and the rows
    left alone with the reason."""

    operation: Operation | None
    changed: list[Link]
    skipped: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"operation_id": self.operation.id if self.operation is not None else None,
                "rows": len(self.changed), "changed": [link.id for link in self.changed],
                "skipped": self.skipped}


@dataclass(frozen=True)
class Choice:
    """Apply fix number `index` of finding `finding_id`, seen on row `row_id` at `version` (None: as it is
    now); the row, when given, names a skipped fix whose finding is gone (a re-check replaces findings)."""

    finding_id: int
    index: int = 0
    version: int | None = None
    row_id: int | None = None


def apply(session: Session, document: Document, choices: Iterable[Choice], *, author: str,
          max_chars: int = 20_000, kind: str = "fix") -> Outcome:
    """Apply the chosen fixes, composed per row, as one operation; stale and confirmed rows are skipped."""
    chosen = list(choices)
    if not chosen:
        raise InvalidInput("no fix was chosen")
    by_id = {c.finding_id: c for c in chosen}
    if len(by_id) != len(chosen):
        raise InvalidInput("a finding is chosen twice")
    current = {finding.id: (finding, target, version, status)
               for finding, _ignored, _pos, target, version, status in session.execute(
                   _fixable(document, None).where(QaFinding.id.in_(list(by_id))))}
    links = {link.id: link for link in session.scalars(select(Link).where(
        Link.id.in_({finding.link_id for finding, *_ in current.values()})))}
    gone = {c.row_id for c in chosen if c.finding_id not in current and c.row_id is not None}
    links.update({link.id: link for link in session.scalars(select(Link).where(
        Link.id.in_(gone - set(links)), Link.document_id == document.id))})
    skipped: list[dict] = []
    per_row: dict[int, list[Fix]] = {}
    for choice in chosen:
        if choice.finding_id not in current:
            skipped.append(_gone(choice, links.get(choice.row_id)))
            continue
        finding, _target, version, status = current[choice.finding_id]
        link = links[finding.link_id]
        row = {"finding_id": finding.id, "row_id": link.id, "row": link.position + 1}
        if choice.version is not None and choice.version != version:
            skipped.append({**row, "reason": "the row was changed by someone since the list was drawn"})
            continue
        if status == Status.CONFIRMED:
            skipped.append({**row, "reason": "the row is confirmed: un-confirm it to apply fixes"})
            continue
        fixes = qa.stored_fixes(finding.fixes)
        if not 0 <= choice.index < len(fixes):
            raise InvalidInput(f"finding {finding.id} has no fix number {choice.index}")
        per_row.setdefault(link.id, []).append(fixes[choice.index])
    edits = []
    for link_id, fixes in per_row.items():
        link = links[link_id]
        text = compose(link.final_text, fixes).text
        if text != link.final_text:
            edits.append(Edit(link, text))
    if not edits:
        return Outcome(None, [], skipped)
    operation = start_operation(session, document.id, kind, author, fixes=len(chosen) - len(skipped))
    changed = save_links(session, edits, author=author, max_chars=max_chars, operation=operation)
    qa.check_links(session, changed)  # the rows' findings and fixes as they are now
    return Outcome(operation, changed, skipped)


def _gone(choice: Choice, link: Link | None) -> dict:
    if link is None:
        return {"finding_id": choice.finding_id, "reason": "this finding is gone: its row changed or QA ran "
                                                           "again since the list was drawn"}
    row = {"finding_id": choice.finding_id, "row_id": link.id, "row": link.position + 1}
    if choice.version is not None and link.version != choice.version:
        return {**row, "reason": "the row was changed by someone since the list was drawn"}
    return {**row, "reason": "QA ran again since the list was drawn: list the fixes again"}


def _number(item: Mapping, key: str) -> int | None:
    return None if item.get(key) is None else int(item[key])


def choices_from(data: Iterable[Mapping]) -> list[Choice]:
    """Choices from JSON: {"finding_id": …, "index": … (default 0), "version", "row_id" (optional)}."""
    out = []
    for item in data:
        try:
            out.append(Choice(int(item["finding_id"]), int(item.get("index", 0)), _number(item, "version"),
                              _number(item, "row_id")))
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidInput(f"a fix choice needs a numeric finding_id (and index, version): {item!r}"
                               ) from error
    return out


def apply_in_row(session: Session, link: Link, chosen: Iterable[Choice], *, version: int, author: str,
                 max_chars: int = 20_000) -> Operation | None:
    """Apply the chosen fixes of one row as a reviewer's save of the version they saw (Conflict if the row
    changed since), in an operation of its own so that it undoes in one step; None when nothing changes.
    Unlike a Clean up, a confirmed row is fixed too: the reviewer asked for it in the row (it becomes
    edited, as with any correction)."""
    chosen = list(chosen)
    if not chosen:
        raise InvalidInput("no fix was chosen")
    document = link.document
    current = {finding.id: finding for finding, *_ in session.execute(
        _fixable(document, None).where(QaFinding.link_id == link.id))}
    fixes = []
    for choice in chosen:
        finding = current.get(choice.finding_id)
        if finding is None:
            raise InvalidInput(f"finding {choice.finding_id} is not a fix of row {link.position + 1} now: "
                               "the row changed or QA ran again; reload it")
        stored = qa.stored_fixes(finding.fixes)
        if not 0 <= choice.index < len(stored):
            raise InvalidInput(f"finding {finding.id} has no fix number {choice.index}")
        fixes.append(stored[choice.index])
    text = compose(link.final_text, fixes).text
    if text == link.final_text:
        if link.version != version:
            raise Conflict(STALE, current=link_state(link))
        return None
    operation = start_operation(session, document.id, "fix", author, fixes=len(fixes))
    save_links(session, [Edit(link, text, version=version)], author=author, max_chars=max_chars,
               operation=operation)
    qa.check_link(session, link)
    return operation

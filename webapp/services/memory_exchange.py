"""The translation memory in and out: TMX import and export; 100% matches pre-filled into new documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from segments.formats import FORMATS, Bitext, FormatError, Unit, read_bitext
from segments.memory import normalise
from webapp.models import Document, Link, MemoryEntry, Operation, Project, Revision, Status
from webapp.services import memory
from webapp.services.editing import Edit, save_links, start_operation
from webapp.services.errors import InvalidInput

PREFILL = "memory_prefill"  # the operation kind that marks rows filled from the memory
_CHUNK = 2000


@dataclass(frozen=True)
class MemoryImport:
    """What a TMX import did."""

    added: int
    skipped: int
    dropped: int

    @property
    def summary(self) -> str:
        dropped = f"; {self.dropped} oldest dropped (size limit)" if self.dropped else ""
        return f"{self.added} entries added, {self.skipped} skipped (empty or already there){dropped}"


def _fingerprint(source_hash: str, mt_hash: str, target_key: str) -> tuple[str, str, str]:
    return source_hash, mt_hash, memory.digest(target_key)


def import_tmx(session: Session, project: Project, data: bytes, *, filename: str | None = None,
               author: str = "") -> MemoryImport:
    """Add the units of a TMX file to the project's memory; empty and known units are skipped."""
    try:
        bitext = read_bitext(data, filename, "tmx")
    except FormatError as error:
        raise InvalidInput(f"{filename or 'the file'}: {error}") from error
    known = {_fingerprint(*row) for row in session.execute(
        select(MemoryEntry.source_hash, MemoryEntry.mt_hash, MemoryEntry.target_key)
        .where(MemoryEntry.project_id == project.id, MemoryEntry.superseded.is_(False)))}
    rows, skipped, added = [], 0, 0
    for unit in bitext.units:
        values = memory.entry_values(project.id, bitext.src_lang or "zh", bitext.tgt_lang or "en",
                                     unit.source, unit.mt, unit.target, origin="tmx",
                                     author=unit.author or author)
        if unit.created:
            values["created_at"] = unit.created
        fingerprint = _fingerprint(values["source_hash"], values["mt_hash"], values["target_key"])
        if not unit.target.strip() or fingerprint in known:
            skipped += 1
            continue
        known.add(fingerprint)
        rows.append(values)
        if len(rows) == _CHUNK:
            added += _insert(session, rows)
    added += _insert(session, rows)
    return MemoryImport(added, skipped, memory.trim(session, project))


def _insert(session: Session, rows: list[dict]) -> int:
    count = len(rows)
    if rows:
        session.execute(insert(MemoryEntry), rows)
        rows.clear()
    return count


def export_tmx(session: Session, projects: list[Project], out: BinaryIO) -> None:
    """Write the live entries of `projects` as TMX 1.4b, oldest first, streaming."""
    first = session.scalar(select(MemoryEntry).where(MemoryEntry.project_id.in_([p.id for p in projects]))
                           .order_by(MemoryEntry.id).limit(1))
    names = ", ".join(p.name for p in projects)
    bitext = Bitext(title=f"Translation memory: {names}", src_lang=first.src_lang if first else "zh",
                    tgt_lang=first.tgt_lang if first else "en", doc_key="bitext-workbench:memory",
                    units=_units(session, projects))
    FORMATS["tmx"].write(bitext, out)


def _units(session: Session, projects: list[Project]) -> Iterator[Unit]:
    for entry in memory.entries(session, [p.id for p in projects]):
        yield Unit(key=str(entry.id), source=entry.source, target=entry.target, mt=entry.mt,
                   state="confirmed", created=entry.created_at, changed=entry.created_at, author=entry.author)


# --- pre-filling ------------------------------------------------------------------------------------------

def prefill_exact(session: Session, document: Document, *, author: str = "") -> int:
    """Fill untouched rows that have a 100% match (by source, else by MT) with its translation, as one
    operation; the rows become *edited*, never confirmed. Returns how many rows were filled."""
    links = session.scalars(select(Link).where(Link.document_id == document.id, Link.target.is_(None),
                                               Link.status == Status.NEW)
                            .order_by(Link.position).options(selectinload(Link.sentences))).all()
    found = [(link, _exact(session, document, link)) for link in links]
    found = [(link, entry) for link, entry in found if entry is not None and entry.target != link.final_text]
    if found:
        filled = {str(link.id): entry.id for link, entry in found}
        operation = start_operation(session, document.id, PREFILL, author, entries=filled)
        save_links(session, [Edit(link, entry.target) for link, entry in found], author=author,
                   max_chars=10**7, operation=operation)
    session.flush()
    return len(found)


def _exact(session: Session, document: Document, link: Link) -> MemoryEntry | None:
    source, mt = link.source_text, link.mt_text
    found = memory.search(session, document.project_id, source=source, mt=mt, limit=3, min_score=100.0)
    for by in ("source", "mt"):
        wanted = normalise(source if by == "source" else mt)
        ids = sorted((i for i, (_, side) in found.items() if side == by), reverse=True)
        for entry in session.scalars(select(MemoryEntry).where(MemoryEntry.id.in_(ids),
                                                               MemoryEntry.superseded.is_(False))
                                     .order_by(MemoryEntry.id.desc())):
            if wanted and getattr(entry, f"{by}_key") == wanted:
                return entry
    return None


def prefilled(session: Session, link: Link) -> dict | None:
    """How the row's current text came from the memory, if its last change was a pre-fill."""
    last = session.execute(select(Revision, Operation).join(Operation, Revision.operation_id == Operation.id,
                                                            isouter=True)
                           .where(Revision.link_id == link.id, Revision.field == "target")
                           .order_by(Revision.id.desc()).limit(1)).first()
    if last is None or last[1] is None or last[1].kind != PREFILL or last[0].new != link.target:
        return None
    entries = json.loads(last[1].data or "{}").get("entries", {})
    return {"entry_id": entries.get(str(link.id)), "at": last[0].created_at.isoformat(),
            "operation_id": last[1].id}

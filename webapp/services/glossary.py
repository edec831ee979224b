"""Glossaries and their entries: find or create a glossary, list entries page by page, add, edit, delete."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session, joinedload

from glossary import POS_VALUES, STATUSES, Term, validate_term
from webapp.models import Glossary, GlossaryEntry, Project, utcnow
from webapp.services.errors import Conflict, InvalidInput, NotFound
from webapp.services.text_search import holding

SORTS = {"source": GlossaryEntry.source_key, "target": GlossaryEntry.target_key,
         "status": GlossaryEntry.status, "domain": GlossaryEntry.domain, "changed": GlossaryEntry.changed_at}
EDITABLE = ("source", "targets", "forbidden", "src_lang", "tgt_lang", "pos", "definition", "note", "domain",
            "case_sensitive", "status")
MAX_TERM_CHARS = 500


def fold(text: str) -> str:
    """Case-folded text with runs of whitespace collapsed: the key for duplicates, sorting and search."""
    return " ".join(text.split()).casefold()


def split_list(value: str | Iterable[str] | None) -> list[str]:
    """A list of terms from a list or from text separated by "|" (or ";" when there is no "|")."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split("|") if "|" in value else value.split(";")
    return [v.strip() for v in value if v and v.strip()]


def contains(column, text: str):
    """A LIKE condition: the column holds `text` case-folded (the column holds folded text)."""
    return holding(column, fold(text))


# --- glossaries -------------------------------------------------------------------------------------------

def glossary_for(session: Session, project: Project | None) -> Glossary:
    """The glossary of `project` (the global one for None), created on first use."""
    project_id = project.id if project is not None else None
    query = select(Glossary).where(Glossary.project_id.is_(None) if project_id is None
                                   else Glossary.project_id == project_id)
    glossary = session.scalars(query.order_by(Glossary.id)).first()
    if glossary is None:
        glossary = Glossary(project=project)
        session.add(glossary)
        session.flush()
    return glossary


def get_glossary(session: Session, glossary_id: int) -> Glossary:
    """The glossary `glossary_id`, or NotFound."""
    glossary = session.get(Glossary, glossary_id)
    if glossary is None:
        raise NotFound(f"no glossary {glossary_id}")
    return glossary


def glossaries_in_use(session: Session, project_id: int | None) -> list[Glossary]:
    """The glossaries that apply to a project: its own and the global one (those that exist)."""
    query = select(Glossary).where(Glossary.project_id.is_(None) | (Glossary.project_id == project_id))
    return list(session.scalars(query.order_by(Glossary.id)))


def list_glossaries(session: Session, projects: list[int] | None = None) -> list[tuple[Glossary, int]]:
    """Every glossary (the global one first, then per project) with its number of live entries; with
    `projects`, only the global one and those projects' ones."""
    listed = select(Project).order_by(Project.name)
    if projects is not None:
        listed = listed.where(Project.id.in_(projects))
    for project in session.scalars(listed):
        glossary_for(session, project)
    glossary_for(session, None)
    count = (select(func.count(GlossaryEntry.id))
             .where(GlossaryEntry.glossary_id == Glossary.id, GlossaryEntry.deleted_at.is_(None))
             .scalar_subquery())
    query = (select(Glossary, count).options(joinedload(Glossary.project))
             .order_by(Glossary.project_id.is_not(None), Glossary.id))
    if projects is not None:
        query = query.where(Glossary.project_id.is_(None) | Glossary.project_id.in_(projects))
    return [(glossary, total) for glossary, total in session.execute(query)]


# The term matchers read in this transaction, by project and languages (see glossary_review.matcher_for).
MATCHERS_READ = "bitext.matchers"


def forget_matchers(session: Session, *_) -> None:
    """The glossaries may have changed: the next matcher of this session reads their stamps again."""
    session.info.pop(MATCHERS_READ, None)


# Rows flushed may be glossaries or entries, and a new transaction may see other processes' changes.
event.listen(Session, "after_flush", forget_matchers)
event.listen(Session, "after_transaction_end", forget_matchers)


def touch_glossary(session: Session, glossary_id: int) -> None:
    """Record a change: move the glossary's revision counter and change time (the matcher cache key)."""
    session.execute(update(Glossary).where(Glossary.id == glossary_id)
                    .values(revision=Glossary.revision + 1, changed_at=utcnow())
                    .execution_options(synchronize_session="fetch"))
    forget_matchers(session)


# --- entries as terms -------------------------------------------------------------------------------------

def entry_term(entry: GlossaryEntry, term_id: Any = None) -> Term:
    """The entry as a `glossary.Term` whose id is the entry id (or `term_id`)."""
    return Term(entry.source, tuple(entry.targets), entry.src_lang, entry.tgt_lang, pos=entry.pos,
                definition=entry.definition, note=entry.note, domain=entry.domain,
                case_sensitive=entry.case_sensitive, status=entry.status, forbidden=tuple(entry.forbidden),
                created_by=entry.created_by, changed_by=entry.changed_by, created=entry.created_at,
                changed=entry.changed_at, id=entry.id if term_id is None else term_id)


def entry_values(term: Term) -> dict[str, Any]:
    """The columns of an entry holding `term` (keys and search text included; no ids, no timestamps)."""
    for name, value in (("source term", term.source), *(("target", t) for t in term.targets)):
        if len(value) > MAX_TERM_CHARS:
            raise InvalidInput(f"the {name} is longer than {MAX_TERM_CHARS} characters")
    words = [term.source, *term.targets, *term.forbidden, term.note, term.definition, term.domain]
    return {"source": term.source.strip(), "source_key": fold(term.source),
            "target_key": fold(term.preferred)[:MAX_TERM_CHARS], "search_text": fold(" \n ".join(words)),
            "targets": [t.strip() for t in term.targets], "forbidden": [f.strip() for f in term.forbidden],
            "src_lang": term.src_lang, "tgt_lang": term.tgt_lang, "pos": term.pos,
            "definition": term.definition, "note": term.note, "domain": term.domain.strip(),
            "case_sensitive": term.case_sensitive, "status": term.status}


def entry_state(entry: GlossaryEntry) -> dict[str, Any]:
    """The entry as the API and the page show it (also the `current` of a 409)."""
    return {"id": entry.id, "glossary_id": entry.glossary_id, "source": entry.source,
            "targets": list(entry.targets), "preferred": entry.preferred, "forbidden": list(entry.forbidden),
            "src_lang": entry.src_lang, "tgt_lang": entry.tgt_lang, "pos": entry.pos,
            "definition": entry.definition, "note": entry.note, "domain": entry.domain,
            "case_sensitive": entry.case_sensitive, "status": entry.status, "created_by": entry.created_by,
            "created_at": entry.created_at.isoformat(), "changed_by": entry.changed_by,
            "changed_at": entry.changed_at.isoformat(), "version": entry.version,
            "deleted": entry.deleted_at is not None}


def checked_term(data: Mapping[str, Any], base: Term) -> Term:
    """`base` with the editable fields of `data` applied, validated; raise InvalidInput with every reason."""
    unknown = sorted(set(data) - set(EDITABLE))
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(unknown)}")
    changes = dict(data)
    for name in ("targets", "forbidden"):
        if name in changes:
            changes[name] = tuple(split_list(changes[name]))
    for name in ("source", "pos", "definition", "note", "domain", "status", "src_lang", "tgt_lang"):
        if name in changes:
            changes[name] = str(changes[name] or "").strip()
    if "case_sensitive" in changes:
        changes["case_sensitive"] = bool(changes["case_sensitive"])
    term = replace(base, **changes)
    reasons = validate_term(term)
    if reasons:
        raise InvalidInput("; ".join(reasons), errors={"entry": reasons})
    return term


# --- listing ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EntryPage:
    total: int
    offset: int
    limit: int
    entries: list[GlossaryEntry]


def _filtered(query, glossary_id: int, q: str, status: str, domain: str | None):
    query = query.where(GlossaryEntry.glossary_id == glossary_id, GlossaryEntry.deleted_at.is_(None))
    if q.strip():
        query = query.where(contains(GlossaryEntry.search_text, q))
    if status:
        if status not in STATUSES:
            raise InvalidInput(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        query = query.where(GlossaryEntry.status == status)
    if domain is not None:
        query = query.where(GlossaryEntry.domain == domain)
    return query


def list_entries(session: Session, glossary: Glossary, *, q: str = "", status: str = "",
                 domain: str | None = None, sort: str = "source", descending: bool = False, offset: int = 0,
                 limit: int = 50) -> EntryPage:
    """One page of live entries matching the search and filters, in the chosen order; a count and a page."""
    if sort not in SORTS:
        raise InvalidInput(f"unknown sort {sort!r}; expected one of {', '.join(SORTS)}")
    if offset < 0 or not 1 <= limit <= 500:
        raise InvalidInput("offset must be 0 or more and limit between 1 and 500")
    total = session.scalar(_filtered(select(func.count(GlossaryEntry.id)), glossary.id, q, status, domain))
    column = SORTS[sort]
    order = [column.desc() if descending else column.asc(), GlossaryEntry.id]
    page = session.scalars(_filtered(select(GlossaryEntry), glossary.id, q, status, domain)
                           .order_by(*order).offset(offset).limit(limit))
    return EntryPage(total or 0, offset, limit, list(page))


def domains(session: Session, glossary: Glossary) -> list[str]:
    """The distinct non-empty domains of a glossary's live entries, sorted."""
    query = (select(GlossaryEntry.domain).distinct()
             .where(GlossaryEntry.glossary_id == glossary.id, GlossaryEntry.deleted_at.is_(None),
                    GlossaryEntry.domain != "").order_by(GlossaryEntry.domain))
    return list(session.scalars(query))


def live_entries(session: Session, glossary_ids: Sequence[int]) -> list[GlossaryEntry]:
    """Every live entry of the given glossaries, in source order."""
    query = (select(GlossaryEntry)
             .where(GlossaryEntry.glossary_id.in_(glossary_ids), GlossaryEntry.deleted_at.is_(None))
             .order_by(GlossaryEntry.glossary_id, GlossaryEntry.source_key, GlossaryEntry.id))
    return list(session.scalars(query))


# --- changes ----------------------------------------------------------------------------------------------

def get_entry(session: Session, glossary: Glossary, entry_id: int) -> GlossaryEntry:
    """The entry `entry_id` of `glossary` (deleted ones included), or NotFound."""
    entry = session.get(GlossaryEntry, entry_id)
    if entry is None or entry.glossary_id != glossary.id:
        raise NotFound(f"no entry {entry_id} in this glossary")
    return entry


def _refuse_duplicate(session: Session, glossary_id: int, term: Term, entry_id: int | None = None) -> None:
    query = select(GlossaryEntry).where(
        GlossaryEntry.glossary_id == glossary_id, GlossaryEntry.deleted_at.is_(None),
        GlossaryEntry.source_key == fold(term.source), GlossaryEntry.src_lang == term.src_lang,
        GlossaryEntry.tgt_lang == term.tgt_lang)
    if entry_id is not None:
        query = query.where(GlossaryEntry.id != entry_id)
    existing = session.scalars(query).first()
    if existing is not None:
        raise Conflict(f"the glossary already has an entry for '{existing.source}'",
                       current=entry_state(existing))


def create_entry(session: Session, glossary: Glossary, data: Mapping[str, Any], author: str) -> GlossaryEntry:
    """Add an entry from `data` (EDITABLE fields; targets as a list or "a | b"); refuse duplicates."""
    base = Term("", (), glossary.src_lang, glossary.tgt_lang)
    term = checked_term(data, base)
    _refuse_duplicate(session, glossary.id, term)
    entry = GlossaryEntry(glossary_id=glossary.id, created_by=author, changed_by=author, **entry_values(term))
    session.add(entry)
    session.flush()
    touch_glossary(session, glossary.id)
    return entry


def update_entry(session: Session, entry: GlossaryEntry, *, version: int, changes: Mapping[str, Any],
                 author: str) -> GlossaryEntry:
    """Apply `changes` if the entry still has `version`; otherwise raise Conflict with the entry as it is."""
    if entry.version != version:
        raise Conflict("this entry was changed by someone else since you loaded it",
                       current=entry_state(entry))
    if entry.deleted_at is not None:
        raise Conflict("this entry was deleted", current=entry_state(entry))
    term = checked_term(changes, entry_term(entry))
    _refuse_duplicate(session, entry.glossary_id, term, entry.id)
    values = entry_values(term)
    if any(getattr(entry, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(entry, name, value)
        entry.changed_by, entry.changed_at = author, utcnow()
        session.flush()
        touch_glossary(session, entry.glossary_id)
    return entry


def _entries(session: Session, glossary: Glossary, ids: Iterable[int]) -> list[GlossaryEntry]:
    ids = sorted({int(i) for i in ids})
    if not ids:
        raise InvalidInput("choose at least one entry")
    found = list(session.scalars(select(GlossaryEntry).where(
        GlossaryEntry.glossary_id == glossary.id, GlossaryEntry.id.in_(ids))))
    missing = sorted(set(ids) - {e.id for e in found})
    if missing:
        raise NotFound(f"no entries {', '.join(map(str, missing))} in this glossary")
    return found


def delete_entries(session: Session, glossary: Glossary, ids: Iterable[int],
                   author: str) -> list[GlossaryEntry]:
    """Delete entries, keeping their rows so that `restore_entries` can undo it."""
    entries = _entries(session, glossary, ids)
    now = utcnow()
    for entry in entries:
        if entry.deleted_at is None:
            entry.deleted_at, entry.deleted_by = now, author
    session.flush()
    touch_glossary(session, glossary.id)
    return entries


def restore_entries(session: Session, glossary: Glossary, ids: Iterable[int],
                    author: str) -> list[GlossaryEntry]:
    """Undo a delete; refuse if a live entry with the same source has been added since."""
    entries = _entries(session, glossary, ids)
    for entry in entries:
        if entry.deleted_at is not None:
            _refuse_duplicate(session, glossary.id, entry_term(entry), entry.id)
            entry.deleted_at, entry.deleted_by = None, None
            entry.changed_by, entry.changed_at = author, utcnow()
            session.flush()
    touch_glossary(session, glossary.id)
    return entries


def status_choices() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The allowed statuses and parts of speech, for forms."""
    return STATUSES, POS_VALUES

"""The glossary in review: term marks for rows, fixing forbidden variants, suggestions from corrections."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, selectinload

from glossary import Change, Term, TermMatcher, replace_forbidden, suggest_entries
from segments.scripts import HAN
from webapp.models import (
    DismissedSuggestion,
    Document,
    Glossary,
    GlossaryEntry,
    Link,
    Operation,
    Revision,
    Sentence,
    Side,
)
from webapp.services.editing import Edit, check_versions, save_links, start_operation
from webapp.services.engine_cache import EngineCache
from webapp.services.errors import InvalidInput
from webapp.services.glossary import MATCHERS_READ, contains, create_entry, fold

_MATCHERS: EngineCache[TermMatcher] = EngineCache(16)
_HAN = re.compile(f"[{HAN}]+")
# The glossaries a project's documents are checked against, with their change stamps. Built once: every save
# and every page of rows reads it, and building a statement costs more than running it.
_STAMPS = (select(Glossary.id, Glossary.revision, Glossary.changed_at, Glossary.project_id)
           .where(Glossary.project_id.is_(None) | (Glossary.project_id == bindparam("project_id")))
           .order_by(Glossary.id))


# --- the matcher ------------------------------------------------------------------------------------------

def matcher_for(session: Session, project_id: int | None, src_lang: str, tgt_lang: str) -> TermMatcher:
    """A term matcher over the project's glossary and the global one, cached per engine.

    The key holds every glossary's revision and change time, read from the database once per transaction
    (a save checks the row and marks it: one read), so a change committed by any process gives a new key: the
    cache is never stale. A change in this transaction forgets what was read (`forget_matchers`)."""
    read = session.info.setdefault(MATCHERS_READ, {})
    if (project_id, src_lang, tgt_lang) in read:
        return read[project_id, src_lang, tgt_lang]
    read[project_id, src_lang, tgt_lang] = matcher = _cached_matcher(session, project_id, src_lang, tgt_lang)
    return matcher


def _cached_matcher(session: Session, project_id: int | None, src_lang: str, tgt_lang: str) -> TermMatcher:
    stamps = tuple(tuple(row) for row in session.execute(_STAMPS, {"project_id": project_id}))
    return _MATCHERS.get(session.get_bind(), (project_id, src_lang, tgt_lang, stamps),
                         lambda: _matcher(session, stamps, src_lang, tgt_lang))


def _matcher(session: Session, stamps: tuple, src_lang: str, tgt_lang: str) -> TermMatcher:
    # The project's own entries come first and hide a global entry with the same source.
    ordered = sorted(stamps, key=lambda stamp: stamp[3] is None)
    seen: set[tuple[str, str, str]] = set()
    terms = []
    for term in (t for stamp in ordered for t in _matching_terms(session, stamp[0])):
        if term.key not in seen:
            seen.add(term.key)
            terms.append(term)
    return TermMatcher(terms, src_lang, tgt_lang)


def _matching_terms(session: Session, glossary_id: int) -> list[Term]:
    """The live entries of a glossary as terms with only what matching needs (read as plain columns: fast)."""
    e = GlossaryEntry
    query = (select(e.id, e.source, e.targets, e.src_lang, e.tgt_lang, e.note, e.case_sensitive, e.status,
                    e.forbidden)
             .where(e.glossary_id == glossary_id, e.deleted_at.is_(None)).order_by(e.source_key, e.id))
    return [Term(source, tuple(targets), src, tgt, note=note, case_sensitive=case, status=status,
                 forbidden=tuple(forbidden), id=entry_id)
            for entry_id, source, targets, src, tgt, note, case, status, forbidden in session.execute(query)]


def document_matcher(session: Session, document: Document) -> TermMatcher:
    """The matcher for a document's project and languages."""
    return matcher_for(session, document.project_id, document.src_lang, document.tgt_lang)


# --- marks ------------------------------------------------------------------------------------------------

def _title(matcher: TermMatcher, term_id: int, kind: str, text: str) -> str:
    term = matcher.term(term_id)
    title = f"{term.preferred} (instead of “{text}”)" if kind == "forbidden" else term.preferred
    return f"{title} — {term.note}" if term.note else title


def term_marks(session: Session, document: Document, links: Iterable[Link]) -> dict[int, list[dict]]:
    """Per link id, the glossary terms found in its source, MT and current target text, for highlighting."""
    matcher = document_matcher(session, document)
    marks: dict[int, list[dict]] = {}
    for link in links:
        found = []
        for side, text, lookup in (("source", link.source_text, "source"), ("mt", link.mt_text, "target"),
                                   ("target", link.final_text, "target")):
            for match in matcher.find(text, lookup):
                kind = "forbidden" if match.kind == "forbidden" else "term"
                found.append({"side": side, "start": match.start, "end": match.end, "kind": kind,
                              "title": _title(matcher, match.term_id, kind, match.text),
                              "term_id": match.term_id, "preferred": match.preferred})
        marks[link.id] = found
    return marks


# --- fix forbidden variants -------------------------------------------------------------------------------

@dataclass(frozen=True)
class RowFix:
    """The forbidden variants of one row and its text after replacing those that can be replaced."""

    link: Link
    old: str
    new: str
    changes: tuple[Change, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"link_id": self.link.id, "position": self.link.position, "version": self.link.version,
                "old": self.old, "new": self.new,
                "changes": [{"start": c.start, "end": c.end, "old": c.old, "new": c.new, "term_id": c.term_id,
                             "applied": c.applied} for c in self.changes]}


def forbidden_fixes(session: Session, document: Document) -> list[RowFix]:
    """Every row of the document whose current text holds a forbidden variant, in document order."""
    matcher = document_matcher(session, document)
    links = session.scalars(select(Link).where(Link.document_id == document.id).order_by(Link.position)
                            .options(selectinload(Link.sentences)))
    fixes = []
    for link in links:
        text = link.final_text
        new, changes = replace_forbidden(text, matcher)
        if changes:
            fixes.append(RowFix(link, text, new, tuple(changes)))
    return fixes


def apply_fixes(session: Session, document: Document, expected: Mapping[int, int], *, author: str,
                max_chars: int = 20_000) -> tuple[Operation | None, list[Link]]:
    """Replace forbidden variants in the chosen rows (id → version seen in the preview), as one operation."""
    fixes = [fix for fix in forbidden_fixes(session, document) if fix.new != fix.old]
    chosen = [fix for fix in fixes if fix.link.id in expected]
    check_versions([fix.link for fix in chosen], dict(expected), "the rows to fix")
    if not chosen:
        return None, []
    operation = start_operation(session, document.id, "fix_terms", author)
    save_links(session, [Edit(fix.link, fix.new) for fix in chosen], author=author, max_chars=max_chars,
               operation=operation)
    return operation, [fix.link for fix in chosen]


# --- suggestions ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SuggestionView:
    """A replacement reviewers made in several rows, with a guess at its source term."""

    old: str
    new: str
    count: int
    examples: tuple[tuple[str, str], ...]
    source: str


def _net_changes(session: Session, glossary: Glossary, limit: int) -> dict[int, tuple[str, str]]:
    """Per link, the first old and the last new target text among the latest `limit` target revisions."""
    query = (select(Revision.link_id, Revision.old, Revision.new).join(Document)
             .where(Revision.field == "target", Revision.link_id.is_not(None), Revision.old.is_not(None),
                    Revision.new.is_not(None)).order_by(Revision.id.desc()).limit(limit))
    if glossary.project_id is not None:
        query = query.where(Document.project_id == glossary.project_id)
    net: dict[int, tuple[str, str]] = {}
    for link_id, old, new in session.execute(query):  # newest first
        net[link_id] = (old, net[link_id][1] if link_id in net else new)
    return {link_id: pair for link_id, pair in net.items() if pair[0] != pair[1]}


def common_source(texts: Sequence[str], longest: int = 12) -> str:
    """The longest run of Han characters (two or more) that every text contains, or ""."""
    texts = [t for t in texts if t]
    if len(texts) < 2:
        return ""
    shortest = min(texts, key=len)[:300]
    for length in range(min(longest, len(shortest)), 1, -1):
        for start in range(len(shortest) - length + 1):
            piece = shortest[start:start + length]
            if _HAN.fullmatch(piece) and all(piece in text for text in texts):
                return piece
    return ""


def _source_texts(session: Session, link_ids: Iterable[int]) -> dict[int, str]:
    query = (select(Sentence.link_id, Sentence.text)
             .where(Sentence.link_id.in_(list(link_ids)), Sentence.side == Side.SOURCE)
             .order_by(Sentence.link_id, Sentence.position))
    texts: dict[int, str] = {}
    for link_id, text in session.execute(query):
        texts[link_id] = f"{texts[link_id]} {text}" if link_id in texts else text
    return texts


def _known_variant(session: Session, glossary: Glossary, variant: str) -> bool:
    """Whether a live entry already lists `variant` as forbidden (the search text narrows the candidates)."""
    folded = fold(variant)
    candidates = session.scalars(select(GlossaryEntry.forbidden).where(
        GlossaryEntry.glossary_id == glossary.id, GlossaryEntry.deleted_at.is_(None),
        contains(GlossaryEntry.search_text, variant)))
    return any(folded in {fold(v) for v in forbidden} for forbidden in candidates)


def suggestions(session: Session, glossary: Glossary, *, min_count: int = 3,
                limit: int = 20_000) -> list[SuggestionView]:
    """Entries to propose from reviewers' repeated corrections, minus dismissed ones and known variants."""
    net = _net_changes(session, glossary, limit)
    by_pair = {pair: link_id for link_id, pair in net.items()}
    dismissed = {(old, new) for old, new in session.execute(
        select(DismissedSuggestion.old_key, DismissedSuggestion.new_key)
        .where(DismissedSuggestion.glossary_id == glossary.id))}
    found = [s for s in suggest_entries(net.values(), min_count)
             if (fold(s.old), fold(s.new)) not in dismissed and not _known_variant(session, glossary, s.old)]
    sources = _source_texts(session, [by_pair[pair] for s in found for pair in s.examples if pair in by_pair])
    return [SuggestionView(s.old, s.new, s.count, s.examples,
                           common_source([sources.get(by_pair.get(pair, -1), "") for pair in s.examples]))
            for s in found]


def accept_suggestion(session: Session, glossary: Glossary, *, source: str, old: str, new: str,
                      author: str) -> GlossaryEntry:
    """Add a proposed entry: `new` as its target and `old` as a forbidden variant."""
    if not source.strip():
        raise InvalidInput(f"type the source term that “{new}” translates")
    note = f"Suggested from reviewer corrections of “{old}”."
    return create_entry(session, glossary, {"source": source, "targets": [new], "forbidden": [old],
                                            "status": "proposed", "note": note}, author)


def dismiss_suggestion(session: Session, glossary: Glossary, *, old: str, new: str, author: str) -> None:
    """Stop proposing the replacement old → new for this glossary."""
    key = (fold(old)[:500], fold(new)[:500])
    exists = session.scalar(select(DismissedSuggestion.id).where(
        DismissedSuggestion.glossary_id == glossary.id, DismissedSuggestion.old_key == key[0],
        DismissedSuggestion.new_key == key[1]))
    if exists is None:
        session.add(DismissedSuggestion(glossary_id=glossary.id, old_key=key[0], new_key=key[1],
                                        dismissed_by=author))
        session.flush()

"""The translation memory: learnt from confirmed rows, matched by source and by MT, searched in concordance.

Fuzzy lookups run on in-memory `segments.memory.MemoryIndex`es, one per project and engine, kept in step
with the database on every lookup: entries are only added, superseded (a flag, filtered when results are
read) or dropped oldest first, so the smallest id tells which entries went and the ids above the last one
seen tell which came. Ids committed out of order (PostgreSQL sequences under concurrent writers) are caught
by re-reading the ids of the last minute.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
import weakref
from collections import OrderedDict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from segments.diff import word_diff
from segments.memory import MemoryIndex, concordance, normalise
from segments.scripts import HAN
from segments.segmenter import primary_language
from segments.tags import untagged
from webapp.models import Document, Link, MemoryEntry, Project
from webapp.services.errors import InvalidInput, ServiceError
from webapp.services.text_search import holding

DEFAULT_MAX_ENTRIES = 500_000
SHARED = "memory_shared"  # project setting: other projects see this project's memory
MAX_ENTRIES = "memory_max_entries"  # project setting: the size limit (oldest entries dropped)
SIDES = ("source", "mt", "target")
LOOKBACK_SECONDS = 60.0
IN_FLIGHT = 200  # ids that may still be uncommitted when a project is first loaded
# A memory with more entries than this is first indexed in the background when a page asks (about 10 s at
# 200,000 entries): the request answers "loading" instead of holding a server process meanwhile.
BUILD_INLINE_MAX = 20_000
_CACHE_SIZE = 8
_cache: weakref.WeakKeyDictionary[Any, OrderedDict[int, _ProjectIndex]] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()
_HAN = re.compile(f"[{HAN}]")
logger = logging.getLogger(__name__)


class MemoryLoading(ServiceError):
    """A project's memory is being indexed for the first time in this process; ask again in a moment."""

    code = 503


def digest(key: str) -> str:
    """The hash stored beside a normalised text, for equality lookups through an index."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest() if key else ""


# --- settings ---------------------------------------------------------------------------------------------

def max_entries(project: Project) -> int:
    """The project's memory size limit: its own setting, else MEMORY_MAX_ENTRIES, else the default."""
    configured = current_app.config.get("MEMORY_MAX_ENTRIES") if has_app_context() else None
    return int((project.settings or {}).get(MAX_ENTRIES) or configured or DEFAULT_MAX_ENTRIES)


def is_shared(project: Project) -> bool:
    return bool((project.settings or {}).get(SHARED))


def configure(project: Project, *, shared: bool | None = None, limit: int | None = None) -> None:
    """Change whether the project's memory is shared with every project, and its size limit."""
    settings = dict(project.settings or {})
    if shared is not None:
        settings[SHARED] = shared
    if limit is not None:
        if limit < 1:
            raise InvalidInput("the memory size limit must be at least 1 entry")
        settings[MAX_ENTRIES] = limit
    project.settings = settings


def scope(session: Session, project_id: int) -> list[int]:
    """The projects whose memory a document of `project_id` uses: its own, then every shared one."""
    projects = session.execute(select(Project.id, Project.settings).order_by(Project.id))
    shared = [pid for pid, settings in projects if pid != project_id and (settings or {}).get(SHARED)]
    return [project_id, *shared]


# --- adding -----------------------------------------------------------------------------------------------

def entry_values(project_id: int, src_lang: str, tgt_lang: str, source: str, mt: str, target: str,
                 **extra: Any) -> dict[str, Any]:
    """The columns of a new entry, with its normalised keys and hashes filled in."""
    keys = {side: normalise(text) for side, text in (("source", source), ("mt", mt), ("target", target))}
    return {"project_id": project_id, "src_lang": src_lang, "tgt_lang": tgt_lang, "source": source, "mt": mt,
            "target": target, "source_key": keys["source"], "mt_key": keys["mt"],
            "target_key": keys["target"], "source_hash": digest(keys["source"]),
            "mt_hash": digest(keys["mt"]), **extra}


def remember(session: Session, link: Link, author: str) -> MemoryEntry | None:
    """Add a confirmed row to its project's memory; its earlier entry, if the text changed, is superseded."""
    source, mt, target = link.source_text, link.mt_text, link.final_text
    if not target.strip():
        return None
    earlier = session.scalars(select(MemoryEntry).where(MemoryEntry.link_id == link.id,
                                                        MemoryEntry.superseded.is_(False))).all()
    for entry in earlier:
        if (entry.source, entry.mt, entry.target) == (source, mt, target):
            return entry
        entry.superseded = True
    document = link.document
    entry = MemoryEntry(**entry_values(document.project_id, document.src_lang, document.tgt_lang, source, mt,
                                       target, document_id=document.id, link_id=link.id, author=author))
    if _known(session, entry):  # a repetition confirmed with the same text: one entry is enough
        return None
    session.add(entry)
    session.flush()
    trim(session, document.project)
    return entry


def forget(session: Session, link: Link) -> int:
    """Take back what a row taught the memory (its confirmation was undone); returns how many entries."""
    live = session.scalars(select(MemoryEntry).where(MemoryEntry.link_id == link.id,
                                                     MemoryEntry.superseded.is_(False))).all()
    for entry in live:
        entry.superseded = True
    return len(live)


def _known(session: Session, entry: MemoryEntry) -> bool:
    query = select(MemoryEntry.id).where(
        MemoryEntry.project_id == entry.project_id, MemoryEntry.source_hash == entry.source_hash,
        MemoryEntry.mt_hash == entry.mt_hash, MemoryEntry.target == entry.target,
        MemoryEntry.superseded.is_(False)).limit(1)
    return session.scalar(query) is not None


def trim(session: Session, project: Project, limit: int | None = None) -> int:
    """Drop the project's oldest entries beyond its size limit; returns how many went."""
    limit = limit or max_entries(project)
    first, last = _bounds(session, project.id)
    if first is None or last - first + 1 <= limit:  # ids are increasing: no more entries than that span
        return 0
    cutoff = session.scalar(select(MemoryEntry.id).where(MemoryEntry.project_id == project.id)
                            .order_by(MemoryEntry.id.desc()).offset(limit - 1).limit(1))
    if cutoff is None:
        return 0
    result = session.execute(delete(MemoryEntry).where(MemoryEntry.project_id == project.id,
                                                       MemoryEntry.id < cutoff))
    return result.rowcount


def _bounds(session: Session, project_id: int) -> tuple[int | None, int | None]:
    # Two scalar subqueries: each is one index probe, where min and max in one aggregate scan the range.
    ids = select(MemoryEntry.id).where(MemoryEntry.project_id == project_id)
    first = ids.order_by(MemoryEntry.id).limit(1).scalar_subquery()
    last = ids.order_by(MemoryEntry.id.desc()).limit(1).scalar_subquery()
    row = session.execute(select(first, last)).one()
    return row[0], row[1]


# --- the cached index -------------------------------------------------------------------------------------

@dataclass
class _ProjectIndex:
    """The source and MT indexes of one project's live entries, and what of the table they reflect."""

    source: MemoryIndex = field(default_factory=MemoryIndex)
    mt: MemoryIndex = field(default_factory=MemoryIndex)
    ids: deque = field(default_factory=deque)  # ascending
    base: int = 0
    marks: deque = field(default_factory=deque)  # (monotonic time, last id then)
    lock: threading.Lock = field(default_factory=threading.Lock)
    building: threading.Thread | None = None  # the first load, when it runs in the background

    def drop_below(self, first: int | None) -> None:
        while self.ids and (first is None or self.ids[0] < first):
            entry_id = self.ids.popleft()
            self.source.remove(entry_id)
            self.mt.remove(entry_id)

    def horizon(self) -> int:
        """Ids above this one are read again: a writer may still commit one of them out of order (ids
        seen a minute ago are settled; for the first minute, the last IN_FLIGHT ids of the first load)."""
        now = time.monotonic()
        while len(self.marks) > 1 and now - self.marks[1][0] >= LOOKBACK_SECONDS:
            self.marks.popleft()
        if self.marks and now - self.marks[0][0] >= LOOKBACK_SECONDS:
            return self.marks[0][1]
        return self.base

    def load(self, session: Session, project_id: int) -> None:
        first, last = _bounds(session, project_id)
        self.drop_below(first)
        if last is None:
            return
        since = self.horizon()
        query = select(MemoryEntry.id).where(MemoryEntry.project_id == project_id, MemoryEntry.id > since,
                                             MemoryEntry.superseded.is_(False))
        missing = [i for i in session.scalars(query) if i not in self.source and i not in self.mt]
        for chunk in range(0, len(missing), 5000):
            self._add(session, missing[chunk:chunk + 5000])
        if not self.marks:
            self.base = max(last - IN_FLIGHT, 0)
        now = time.monotonic()
        if not self.marks or now - self.marks[-1][0] >= 1.0 or self.marks[-1][1] != last:
            self.marks.append((now, last))

    def _add(self, session: Session, entry_ids: list[int]) -> None:
        query = (select(MemoryEntry.id, MemoryEntry.source, MemoryEntry.mt)
                 .where(MemoryEntry.id.in_(entry_ids)).order_by(MemoryEntry.id))
        for entry_id, source, mt in session.execute(query):
            self.source.add(entry_id, source)
            self.mt.add(entry_id, mt)
            if not self.ids or entry_id > self.ids[-1]:
                self.ids.append(entry_id)
            else:  # committed out of order: keep the deque sorted
                self.ids = deque(sorted((*self.ids, entry_id)))


def project_index(session: Session, project_id: int, *, wait: bool = True) -> _ProjectIndex:
    """The up-to-date index of a project's memory, cached per engine.

    With `wait=False`, a large memory not yet indexed in this process is indexed in the background and
    MemoryLoading is raised until it is ready."""
    engine = session.get_bind()
    with _cache_lock:
        cached = _cache.setdefault(engine, OrderedDict())
        index = cached.get(project_id)
        if index is None:
            index = cached[project_id] = _ProjectIndex()
            while len(cached) > _CACHE_SIZE:
                cached.popitem(last=False)
        cached.move_to_end(project_id)
    if not wait and not index.marks and (index.building is not None or _large(session, project_id)):
        with _cache_lock:
            if index.building is None and not index.marks:
                index.building = threading.Thread(target=_build, args=(engine, index, project_id),
                                                  name=f"memory-index-{project_id}", daemon=True)
                index.building.start()
        raise MemoryLoading("the translation memory is being indexed (first use since the server "
                            "started); ask again in a moment", retry_after=1)
    with index.lock:
        index.load(session, project_id)
    return index


def _large(session: Session, project_id: int) -> bool:
    first, last = _bounds(session, project_id)
    return first is not None and last - first + 1 > BUILD_INLINE_MAX


def _build(engine, index: _ProjectIndex, project_id: int) -> None:
    try:
        # A reading session even if the caller wrote: on SQLite a writer's transaction holds the write lock.
        with Session(engine.execution_options(sqlite_immediate=False)) as session, index.lock:
            index.load(session, project_id)
    except Exception:
        logger.exception("indexing the memory of project %s failed; the next request tries again", project_id)
    finally:
        index.building = None


def search(session: Session, project_id: int, *, source: str = "", mt: str = "", limit: int = 5,
           min_score: float = 50.0, wait: bool = True) -> dict[int, tuple[float, str]]:
    """Entry id → (best score, "source" | "mt") over the memories in the project's scope (`wait`: see
    project_index)."""
    found: dict[int, tuple[float, str]] = {}
    for pid in scope(session, project_id):
        index = project_index(session, pid, wait=wait)
        with index.lock:
            hits = [(hit, "source") for hit in index.source.search(source, limit, min_score)]
            hits += [(hit, "mt") for hit in index.mt.search(mt, limit, min_score)]
        for (entry_id, score), by in hits:
            if entry_id not in found or score > found[entry_id][0]:
                found[entry_id] = (score, by)
    return found


# --- matches for a row ------------------------------------------------------------------------------------

def _same_pair(entry: MemoryEntry, document: Document) -> bool:
    return (primary_language(entry.src_lang) == primary_language(document.src_lang)
            and primary_language(entry.tgt_lang) == primary_language(document.tgt_lang))


def matches(session: Session, link: Link, *, limit: int = 5, min_score: float = 50.0,
            wait: bool = True) -> list[dict]:
    """The best earlier entries for a row, by its source text and by its MT, with a word diff of each."""
    document = link.document
    # Matched on words alone (normalise drops tags): the row's tags are its own, kept by whoever inserts.
    source, mt = link.source_text, link.mt_text
    found = search(session, document.project_id, source=source, mt=mt, limit=limit * 3, min_score=min_score,
                   wait=wait)
    if not found:
        return []
    rows = session.execute(select(MemoryEntry, Document.title).outerjoin(Document)
                           .where(MemoryEntry.id.in_(list(found)), MemoryEntry.superseded.is_(False))).all()
    results, seen = [], set()
    def rank(row) -> tuple:
        score, by = found[row[0].id]
        return -score, by != "source", -row[0].id

    for entry, title in sorted(rows, key=rank):
        if entry.link_id == link.id or entry.target in seen or not _same_pair(entry, document):
            continue
        seen.add(entry.target)
        score, by = found[entry.id]
        mine, theirs = (source, entry.source) if by == "source" else (mt, entry.mt)
        results.append({**entry_dict(entry, title), "score": score, "by": by,
                        "diff": [list(piece) for piece in word_diff(untagged(theirs), untagged(mine))]})
        if len(results) == limit:
            break
    return results


def entry_dict(entry: MemoryEntry, document_title: str | None = None) -> dict:
    """An entry as the API and pages show it."""
    return {"id": entry.id, "project_id": entry.project_id, "source": entry.source, "mt": entry.mt,
            "target": entry.target, "origin": entry.origin, "document_id": entry.document_id,
            "document_title": document_title, "link_id": entry.link_id, "author": entry.author,
            "created_at": entry.created_at.isoformat()}


# --- concordance ------------------------------------------------------------------------------------------

def guess_side(query: str) -> str:
    """Chinese text is looked for in the source, anything else in the final translation."""
    return "source" if _HAN.search(query) else "target"


def concordance_search(session: Session, query: str, *, side: str | None = None,
                       project_id: int | None = None, limit: int = 100, width: int = 40,
                       allowed: Sequence[int] | None = None) -> list[dict]:
    """Every use of a word or phrase in the memory (source, MT or target side), with context, newest first."""
    side = side or guess_side(query)
    if side not in SIDES:
        raise InvalidInput(f"unknown side {side!r}; expected one of {', '.join(SIDES)}")
    key = normalise(query)
    if not key:
        raise InvalidInput("type a word or phrase to look for")
    column = getattr(MemoryEntry, f"{side}_key")
    sql = (select(MemoryEntry, Document.title, Link.position).outerjoin(Document, MemoryEntry.document_id ==
                                                                       Document.id)
           .outerjoin(Link, MemoryEntry.link_id == Link.id)
           .where(holding(column, key), MemoryEntry.superseded.is_(False))
           .order_by(MemoryEntry.id.desc()).limit(limit * 2))
    if project_id is not None:
        sql = sql.where(MemoryEntry.project_id.in_(scope(session, project_id)))
    if allowed is not None:  # only the memories of projects the asker may read
        sql = sql.where(MemoryEntry.project_id.in_(allowed))
    rows = {entry.id: (entry, title, position) for entry, title, position in session.execute(sql)}
    hits = concordance(((i, getattr(entry, side)) for i, (entry, _, _) in rows.items()), query, width, limit)
    return [_hit_dict(hit, side, *rows[hit.key]) for hit in hits]


def _hit_dict(hit, side: str, entry: MemoryEntry, title: str | None, position: int | None) -> dict:
    return {**entry_dict(entry, title), "side": side, "text": hit.text, "start": hit.start, "end": hit.end,
            "before": hit.before, "match": hit.match, "after": hit.after,
            "clipped_before": hit.clipped_before, "clipped_after": hit.clipped_after,
            "position": position}


# --- statistics -------------------------------------------------------------------------------------------

def stats(session: Session, project: Project) -> dict:
    """Size and settings of a project's memory."""
    count, newest = session.execute(select(func.count(MemoryEntry.id), func.max(MemoryEntry.created_at))
                                    .where(MemoryEntry.project_id == project.id)).one()
    by_origin = dict(session.execute(select(MemoryEntry.origin, func.count(MemoryEntry.id))
                                     .where(MemoryEntry.project_id == project.id)
                                     .group_by(MemoryEntry.origin)).all())
    return {"project_id": project.id, "project": project.name, "entries": count,
            "max_entries": max_entries(project), "shared": is_shared(project),
            "newest": newest.isoformat() if newest else None, "by_origin": by_origin}


def entries(session: Session, project_ids: Iterable[int]) -> Iterable[MemoryEntry]:
    """The live entries of the given projects, oldest first, streamed."""
    query = (select(MemoryEntry).where(MemoryEntry.project_id.in_(list(project_ids)),
                                       MemoryEntry.superseded.is_(False))
             .order_by(MemoryEntry.id).execution_options(yield_per=1000))
    return session.scalars(query)

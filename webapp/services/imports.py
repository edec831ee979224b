"""Imports beyond plain text: documents in any readable format, bilingual files as new documents, and an
edited XLIFF (or JSON / TMX) applied back to the document it was exported from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.orm import Session

from segments.align import align
from segments.formats import Bitext, FormatError, Unit, read_bitext, read_document
from segments.tag_edits import retagged
from segments.tags import has_tags
from webapp.models import Document, Link, Project, Sentence, Side, Status, text_hash
from webapp.services import editing
from webapp.services.documents import Group, create_document, first_check, split_text
from webapp.services.errors import Conflict, InvalidInput
from webapp.services.progress import Progress, silent
from webapp.services.projects import ProjectSettings

BILINGUAL_EXTENSIONS = (".xlf", ".xliff", ".tmx", ".json", ".csv", ".tsv")


def read_text_upload(data: bytes, filename: str | None = None, format_id: str | None = None,
                     encoding: str | None = None, max_bytes: int | None = None) -> str:
    """The plain text of an uploaded .txt, .md, .docx or .html file; unreadable files are refused."""
    try:
        options = {"max_bytes": max_bytes} if max_bytes else {}
        return read_document(data, filename, format_id, encoding, **options)
    except FormatError as error:
        raise InvalidInput(f"{filename or 'the file'}: {error}") from error


def is_bilingual(filename: str | None, format_id: str | None = None) -> bool:
    """Whether an upload should be read as an aligned bilingual file rather than as text."""
    if format_id:
        return format_id in ("tmx", "xliff12", "xliff21", "json", "csv", "tsv")
    return bool(filename) and filename.lower().endswith(BILINGUAL_EXTENSIONS)


def read_bilingual_upload(data: bytes, filename: str | None = None, format_id: str | None = None,
                          key: str | None = None) -> Bitext:
    try:
        return read_bitext(data, filename, format_id, doc_key=key)
    except FormatError as error:
        raise InvalidInput(f"{filename or 'the file'}: {error}") from error


def import_bitext(session: Session, bitext: Bitext, *, project: Project, title: str | None = None,
                  author: str = "") -> Document:
    """A new document from already aligned units: each unit is a row, its target the text to review."""
    units = list(bitext.units)
    if not units:
        raise InvalidInput("the file holds no translation units")
    src = [(u.paragraph, _piece(u.source, u, nxt)) for u, nxt in _with_next(units) if u.source.strip()]
    mt = [(u.paragraph, _piece(u.mt or u.target, u, nxt)) for u, nxt in _with_next(units)
          if (u.mt or u.target).strip()]
    groups, s, m = [], 0, 0
    for unit in units:
        has_src, has_mt = bool(unit.source.strip()), bool((unit.mt or unit.target).strip())
        groups.append(Group((s,) if has_src else (), (m,) if has_mt else ()))
        s, m = s + has_src, m + has_mt
    document = create_document(
        session, project=project, title=title or bitext.title or "Imported bilingual file",
        src_lang=bitext.src_lang or "zh", tgt_lang=bitext.tgt_lang or "en", source_text=None,
        mt_text="".join(p.content + p.tail for _, p in mt), src=src, mt=mt, groups=groups, author=author)
    _carry_reviews(session, document, units, author)
    first_check(session, document)
    return document


@dataclass(frozen=True)
class _Piece:
    """The shape `create_document` stores: content, lead and tail of one sentence."""

    content: str
    tail: str
    lead: str = ""


def _with_next(units: list[Unit]):
    return pairwise([*units, None])


def _piece(text: str, unit: Unit, following: Unit | None) -> _Piece:
    tail = "" if following is None else "\n\n" if following.paragraph != unit.paragraph else " "
    return _Piece(text.strip(), tail)


def _carry_reviews(session: Session, document: Document, units: list[Unit], author: str) -> None:
    """Targets that differ from the MT, and reviewed states, arrive as the row's correction and status."""
    for link, unit in zip(document.links, units, strict=True):
        if unit.mt and unit.target != unit.mt:
            link.target, link.target_hash = unit.target, text_hash(unit.target)  # as Link.rehash() would
        if unit.state != Status.NEW:
            link.status = unit.state


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class ApplyReport:
    """What applying an edited bilingual file did: rows changed, unchanged, and refused with the reason."""

    changed: list[int] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.changed)} rows updated, {self.unchanged} unchanged"
                + (f", {len(self.conflicts)} refused" if self.conflicts else ""))


def apply_bitext(session: Session, document: Document, bitext: Bitext, *, author: str) -> ApplyReport:
    """Update corrections and statuses from an edited export of `document`, all or nothing.

    A unit whose row changed in the workbench after the export is a conflict: nothing is applied then,
    so no edit made meanwhile is overwritten."""
    query = select(Link).where(Link.document_id == document.id)
    links = {str(link.id): link for link in session.scalars(query)}
    report, changes = ApplyReport(), []
    for unit in bitext.units:
        link = links.get(unit.key)
        if link is None:
            raise InvalidInput(f"unit {unit.key!r} is not a row of this document; nothing was applied")
        if unit.target == link.final_text and unit.state == link.status:
            report.unchanged += 1
            continue
        if unit.changed is not None and link.updated_at.replace(microsecond=0) > _utc(unit.changed):
            report.conflicts.append((unit.key, "the row was changed in the workbench after the export"))
            continue
        changes.append((link, unit))
    if report.conflicts:
        keys = ", ".join(key for key, _ in report.conflicts[:10])
        raise Conflict(f"{len(report.conflicts)} rows changed here since the export ({keys}); "
                       "nothing was applied: export again and redo those edits", conflicts=report.conflicts)
    operation = editing.start_operation(session, document.id, "import_bilingual", author)
    edits = [editing.Edit(link, unit.target if unit.target != link.final_text else None,
                          unit.state if unit.state != link.status else None) for link, unit in changes]
    editing.save_links(session, edits, author=author, max_chars=10**7, operation=operation)
    report.changed += [link.id for link, _ in changes]
    return report


def apply_corrected_text(session: Session, document: Document, text: str, *, author: str,
                         overwrite: bool = False, progress: Progress | None = None) -> ApplyReport:
    """Fill the corrections from an edited English version made outside the tool (an editor's Word file).

    The edited text is split and aligned with the MT by shared words, and through the row's source text where
    the document has one; each row gets the edited sentences aligned with its MT sentences. Rows already
    corrected here are conflicts unless `overwrite`."""
    targets = corrected_targets(session, document, text, progress)
    return apply_targets(session, document, targets, author=author, overwrite=overwrite)


def corrected_targets(session: Session, document: Document, text: str, progress: Progress | None = None
                      ) -> dict[int, str]:
    """Row id → the edited sentences aligned with its MT sentences (reads only: the long part of applying)."""
    report = progress or silent
    report(0.1, "splitting the corrected text")
    # Split as the project splits its imports (abbreviations, ；/：, hard-wrapped lines joined), so that
    # the edited sentences line up with the MT ones.
    settings = ProjectSettings.of(document.project)
    edited = [piece.content for _, piece in split_text(text, document.tgt_lang, settings) if piece.content]
    if not edited:
        raise InvalidInput("the corrected text is empty")
    sentences = list(session.scalars(select(Sentence).where(
        Sentence.document_id == document.id, Sentence.side == Side.MT).order_by(Sentence.position)))
    report(0.2, f"aligning {len(edited):,} corrected with {len(sentences):,} MT sentences")
    proposed: dict[int, list[str]] = {}
    last_row = sentences[0].link_id if sentences else None
    links = align([s.text for s in sentences], edited, document.tgt_lang, document.tgt_lang,
                  source=_row_sources(session, document, sentences), source_lang=document.src_lang)
    for link in links:
        rows = list(dict.fromkeys(sentences[i].link_id for i in link.src)) or [last_row]
        proposed.setdefault(rows[0], []).extend(edited[j] for j in link.tgt)
        for row in rows[1:]:
            proposed.setdefault(row, [])
        last_row = rows[-1]
    return _with_tags(session, document, sentences, {row: " ".join(parts) for row, parts in proposed.items()})


def _with_tags(session: Session, document: Document, mt: list[Sentence], targets: dict[int, str]
               ) -> dict[int, str]:
    """The edited texts with their rows' inline tags put back where the words around them are unchanged: an
    edited file comes back as text (a Word file is read as plain paragraphs), and the formatting of the
    original export must not be lost with it."""
    tagged = {s.link_id for s in mt if has_tags(s.text)} & set(targets)
    if not tagged:
        return targets
    current = {link_id: target for link_id, target in session.execute(
        select(Link.id, Link.target).where(Link.document_id == document.id, Link.id.in_(tagged)))}
    mt_text: dict[int, list[str]] = {}
    for sentence in mt:
        mt_text.setdefault(sentence.link_id, []).append(sentence.text)
    for link_id, target in current.items():
        old = " ".join(mt_text[link_id]) if target is None else target
        targets[link_id] = retagged(old, targets[link_id])
    return targets


def _row_sources(session: Session, document: Document, mt: list[Sentence]) -> list[str] | None:
    """The source text each MT sentence translates (its row's), or None when the document has no source.

    The aligner uses it as a bridge: where the MT paraphrased, the source still matches the edited English."""
    texts: dict[int, list[str]] = {}
    for sentence in session.scalars(select(Sentence).where(
            Sentence.document_id == document.id, Sentence.side == Side.SOURCE).order_by(Sentence.position)):
        texts.setdefault(sentence.link_id, []).append(sentence.text)
    if not texts:
        return None
    return [" ".join(texts.get(sentence.link_id, ())) for sentence in mt]


def apply_targets(session: Session, document: Document, targets: dict[int, str], *, author: str,
                  overwrite: bool) -> ApplyReport:
    """Set the rows' corrections to `targets` (row id → text) as one operation, all or nothing."""
    links = {link.id: link for link in session.scalars(select(Link).where(
        Link.document_id == document.id, Link.id.in_(list(targets))))}
    if len(links) < len(targets):
        raise Conflict("rows of the document were split, merged or removed since the file was read; "
                       "nothing was applied: apply it again")
    report, changes = ApplyReport(), []
    for link_id, target in targets.items():
        link = links[link_id]
        if target == link.final_text:
            report.unchanged += 1
        elif link.target is not None and not overwrite:
            report.conflicts.append((str(link.position + 1), "already corrected in the workbench"))
        else:
            changes.append((link, target))
    if report.conflicts:
        rows = ", ".join(row for row, _ in report.conflicts[:10])
        raise Conflict(f"{len(report.conflicts)} rows were already corrected here (rows {rows}); nothing was "
                       "applied: use overwrite to replace them", conflicts=report.conflicts)
    operation = editing.start_operation(session, document.id, "import_corrected", author)
    editing.save_links(session, [editing.Edit(link, target) for link, target in changes], author=author,
                       max_chars=10**7, operation=operation)
    report.changed += [link.id for link, _ in changes]
    return report

"""Documents: import (split, align, store), lookup, and listing with progress."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from flask import current_app, has_app_context
from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session, selectinload

from segments import Paragraph
from segments.align import align
from segments.gc_tuning import batch_gc
from segments.hardwrap import unwrap
from segments.tags import untagged
from webapp.models import Document, Link, Project, Sentence, Side, Status, text_hash
from webapp.services import qa
from webapp.services.errors import InvalidInput, NotFound
from webapp.services.memory_exchange import prefill_exact
from webapp.services.progress import Progress, silent
from webapp.services.projects import ProjectSettings
from webapp.services.text_search import holding

STORE_CHUNK = 2000
READ_CHUNK = 500


@dataclass(frozen=True)
class Group:
    """One link to create: indices into the source and MT sentence lists, and its confidence."""

    src: tuple[int, ...]
    mt: tuple[int, ...]
    score: float = 1.0


def normalise_newlines(text: str) -> str:
    """CRLF and CR become LF; a leading byte-order mark is dropped."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def project_named(session: Session, name: str) -> Project:
    """The project called `name`, created on first use."""
    project = session.scalar(select(Project).where(Project.name == name))
    if project is None:
        project = Project(name=name)
        session.add(project)
        session.flush()
    return project


def _flatten(paragraphs: Sequence[Paragraph]) -> list[tuple[int, object]]:
    return [(p.index, s) for p in paragraphs for s in p.sentences]


@dataclass(frozen=True, slots=True)
class Piece:
    """A sentence to store whose uploaded form differs from its text: hard-wrapped lines were joined in it
    or around it. `lead` and `tail` are the uploaded whitespace, `original` the uploaded sentence."""

    content: str
    lead: str
    tail: str
    original: str


def split_text(text: str, lang: str, settings: ProjectSettings, *, join_wrapped: bool = True
               ) -> list[tuple[int, object]]:
    """(paragraph, piece) pairs of `text` split as the project splits; with `join_wrapped`, the lines of
    hard-wrapped paragraphs are joined first and the pieces they touched keep their uploaded form."""
    text = normalise_newlines(text)
    unwrapped = unwrap(text, lang) if join_wrapped else None
    if unwrapped is None or not unwrapped.changed:
        return _flatten(settings.split(text, lang))
    pieces: list[tuple[int, object]] = []
    for paragraph in settings.split(unwrapped.text, lang):
        for piece in paragraph.sentences:
            original = unwrapped.original_text(piece.start, piece.end)
            if original != piece.text:
                stripped = original.rstrip()
                lead = original[: len(original) - len(original.lstrip())]
                piece = Piece(piece.content, lead, original[len(stripped):] if stripped else "",
                              original.strip())
            pieces.append((paragraph.index, piece))
    return pieces


def pair_by_position(n_src: int, n_mt: int) -> list[Group]:
    """MT-only documents get one 0-1 link per sentence; otherwise sentences pair up in order."""
    groups = [Group((i,), (i,)) for i in range(min(n_src, n_mt))]
    groups += [Group((i,), ()) for i in range(n_mt, n_src)]
    groups += [Group((), (i,)) for i in range(n_src, n_mt)]
    return groups if n_src else [Group((), (i,)) for i in range(n_mt)]


def import_document(
    session: Session, *, mt_text: str, title: str, project: Project, src_lang: str = "zh",
    tgt_lang: str = "en", source_text: str | None = None, author: str = "", prefill: bool = False,
    join_wrapped: bool = True, progress: Progress | None = None,
) -> Document:
    """Split the MT (and the source, when given), align the sentences, and store the document; with
    `prefill`, rows with a 100% translation-memory match get its translation (edited, not confirmed);
    with `join_wrapped`, the lines of hard-wrapped paragraphs are joined into sentences."""
    if not title.strip():
        raise InvalidInput("a document needs a title")
    with batch_gc():  # a long import builds many long-lived objects, as QA does
        return _import_document(session, mt_text=mt_text, title=title, project=project, src_lang=src_lang,
                                tgt_lang=tgt_lang, source_text=source_text, author=author, prefill=prefill,
                                join_wrapped=join_wrapped, progress=progress)


def _import_document(session: Session, *, mt_text: str, title: str, project: Project, src_lang: str,
                     tgt_lang: str, source_text: str | None, author: str, prefill: bool, join_wrapped: bool,
                     progress: Progress | None) -> Document:
    prepared = prepare_import(
        mt_text=mt_text, source_text=source_text, src_lang=src_lang, tgt_lang=tgt_lang,
        settings=ProjectSettings.of(project), join_wrapped=join_wrapped,
        term_pairs=term_pairs(session, project) if source_text else (), progress=progress)
    document = create_document(
        session, project=project, title=title, src_lang=src_lang, tgt_lang=tgt_lang, source_text=source_text,
        mt_text=mt_text, src=prepared.src, mt=prepared.mt, groups=prepared.groups, author=author)
    if prefill:
        prefill_exact(session, document, author=author)
    first_check(session, document, progress)
    return document


def first_check(session: Session, document: Document, progress: Progress | None = None) -> None:
    """QA as the last step of every import, so that the review page opens with findings and fixes."""
    session.flush()
    report = progress or silent
    report(0.9, "checking the rows (QA)")
    qa.check_document_findings(session, document, lambda f, message: report(0.9 + 0.1 * f, message))


@dataclass(frozen=True)
class Prepared:
    """A document split and aligned, not stored yet: (paragraph, piece) pairs per side, and the links."""

    src: list
    mt: list
    groups: list[Group]


def prepare_import(
    *, mt_text: str, source_text: str | None, src_lang: str, tgt_lang: str,
    settings: ProjectSettings | None = None, join_wrapped: bool = True,
    term_pairs: Sequence[tuple[str, str]] = (), progress: Progress | None = None,
) -> Prepared:
    """Split and align without touching the database, so long imports run outside any transaction."""
    if not mt_text.strip():
        raise InvalidInput("the machine translation is empty")
    settings = settings or ProjectSettings()
    report = progress or silent
    report(0.2, "splitting into sentences")
    mt = split_text(mt_text, tgt_lang, settings, join_wrapped=join_wrapped)
    if not source_text:
        return Prepared([], mt, pair_by_position(0, len(mt)))
    src = split_text(source_text, src_lang, settings, join_wrapped=join_wrapped)
    report(0.4, f"aligning {len(src)} source with {len(mt)} MT sentences")
    groups = align_pieces(src, mt, src_lang, tgt_lang, term_pairs)
    report(0.8, "storing")
    return Prepared(src, mt, groups)


def align_pieces(src: list, mt: list, src_lang: str, tgt_lang: str,
                 term_pairs: Sequence[tuple[str, str]] = ()) -> list[Group]:
    """The links of (paragraph, piece) pairs of source and MT, aligned as an import aligns them."""
    options = current_app.config if has_app_context() else {}
    links = align(  # aligned on words: the MT of an original file holds inline tags
        [untagged(piece.content) for _, piece in src], [untagged(piece.content) for _, piece in mt],
        src_lang, tgt_lang,
        src_paragraphs=[paragraph for paragraph, _ in src], tgt_paragraphs=[paragraph for paragraph, _ in mt],
        term_pairs=term_pairs, dictionary_path=options.get("ALIGN_DICTIONARY"),
        model_dir=options.get("ALIGN_MODEL_DIR"))
    return [Group(link.src, link.tgt, link.score) for link in links]


def term_pairs(session: Session, project: Project) -> list[tuple[str, str]]:
    """(source term, preferred target) of the live entries in the project's and the global glossary."""
    from webapp.services.glossary import glossaries_in_use, live_entries

    entries = live_entries(session, [g.id for g in glossaries_in_use(session, project.id)])
    return [(e.source, e.targets[0]) for e in entries if e.targets and e.status != "deprecated"]


def create_document(
    session: Session, *, project: Project, title: str, src_lang: str, tgt_lang: str, source_text: str | None,
    mt_text: str, src: list, mt: list, groups: Sequence[Group], author: str,
) -> Document:
    """Store a document whose sentences are split and grouped: `src`/`mt` hold (paragraph, piece) pairs."""
    document = Document(
        project=project, title=title.strip(), src_lang=src_lang, tgt_lang=tgt_lang,
        source_original=source_text, mt_original=mt_text, updated_by=author,
    )
    session.add(document)
    session.flush()
    _store(session, document, src, mt, list(groups), author)
    return document


def _store(
    session: Session, document: Document, src: list, mt: list, groups: list[Group], author: str
) -> None:
    """Insert links and sentences in chunks, so memory stays bounded by the chunk, not the document."""
    def paragraph(group: Group) -> int:
        return mt[group.mt[0]][0] if group.mt else src[group.src[0]][0]

    def hashed(sentences: list, indices: Iterable[int]) -> str:  # as Link.rehash() hashes a new row
        return text_hash(" ".join(sentences[i][1].content for i in indices))

    for first in range(0, len(groups), STORE_CHUNK):
        chunk = groups[first:first + STORE_CHUNK]
        link_ids = session.scalars(
            insert(Link).returning(Link.id, sort_by_parameter_order=True),
            [{"document_id": document.id, "position": first + n, "paragraph": paragraph(g), "score": g.score,
              "status": Status.NEW, "updated_by": author, "source_hash": hashed(src, g.src),
              "target_hash": hashed(mt, g.mt)} for n, g in enumerate(chunk)],
        ).all()
        rows = []
        for link_id, group in zip(link_ids, chunk, strict=True):
            rows += _sentence_rows(document.id, link_id, Side.SOURCE, src, group.src)
            rows += _sentence_rows(document.id, link_id, Side.MT, mt, group.mt)
        if rows:
            session.execute(insert(Sentence), rows)


def _sentence_rows(document_id: int, link_id: int, side: Side, sentences: list, indices: Iterable[int]):
    for i in indices:
        paragraph, piece = sentences[i]
        yield {"document_id": document_id, "link_id": link_id, "side": side, "position": i,
               "paragraph": paragraph, "text": piece.content, "lead": piece.lead, "tail": piece.tail,
               "original": piece.original if isinstance(piece, Piece) else None}


def joined_paragraphs(session: Session, document: Document) -> int:
    """How many paragraphs (of either side) had their hard-wrapped lines joined on import."""
    joined = select(Sentence.side, Sentence.paragraph).where(
        Sentence.document_id == document.id, Sentence.original.is_not(None)).distinct().subquery()
    return session.scalar(select(func.count()).select_from(joined)) or 0


def find_document(session: Session, ref: str | int) -> Document:
    """A document by numeric id or exact title."""
    if isinstance(ref, int) or str(ref).isdigit():
        document = session.get(Document, int(ref))
        if document is not None:
            return document
    matches = session.scalars(select(Document).where(Document.title == str(ref))).all()
    if len(matches) > 1:
        raise InvalidInput(f"{len(matches)} documents are titled {ref!r}; use the numeric id")
    if not matches:
        raise NotFound(f"no document with id or title {ref!r}")
    return matches[0]


@dataclass(frozen=True)
class DocumentSummary:
    document: Document
    total: int
    confirmed: int

    @property
    def percent(self) -> int:
        return round(100 * self.confirmed / self.total) if self.total else 0


def _documents(document_id: int | None, project_ids: Sequence[int] | None, title: str):
    query = select(Document)
    if document_id is not None:
        query = query.where(Document.id == document_id)
    if project_ids is not None:
        query = query.where(Document.project_id.in_(project_ids))
    if title.strip():
        query = query.where(holding(Document.title, title.strip(), case_sensitive=False))
    return query


def list_documents(session: Session, document_id: int | None = None,
                   project_ids: Sequence[int] | None = None, *, title: str = "", offset: int = 0,
                   limit: int | None = None) -> list[DocumentSummary]:
    """Documents, newest first, with their counts: all of them, or just `document_id`, those of
    `project_ids`, those whose title holds `title`; `limit` of them from `offset`.

    Rows are counted for the documents listed only, so a page of the list costs what its documents hold."""
    query = _documents(document_id, project_ids, title).order_by(Document.id.desc()).offset(offset)
    documents = session.scalars(query if limit is None else query.limit(limit)).all()
    confirmed = func.sum(case((Link.status == Status.CONFIRMED, 1), else_=0))
    listed = [document.id for document in documents]
    counted = (select(Link.document_id, func.count(Link.id), confirmed)
               .where(Link.document_id.in_(listed)).group_by(Link.document_id))
    counts = {doc_id: (total, int(done or 0)) for doc_id, total, done in session.execute(counted)}
    return [DocumentSummary(document, *counts.get(document.id, (0, 0))) for document in documents]


def count_documents(session: Session, project_ids: Sequence[int] | None = None, *, title: str = "") -> int:
    """How many documents list_documents would list without a limit."""
    listed = _documents(None, project_ids, title).with_only_columns(func.count(Document.id))
    return session.scalar(listed) or 0


def count_rows(session: Session, document: Document) -> int:
    """How many rows the document has."""
    return session.scalar(select(func.count(Link.id)).where(Link.document_id == document.id)) or 0


def delete_document(session: Session, document: Document) -> None:
    """Delete a document with its sentences, rows, revisions, operations and comments."""
    session.delete(document)
    session.flush()


def link_chunks(session: Session, document: Document, progress: Progress | None = None
                ) -> Iterator[list[Link]]:
    """The document's rows in order with their sentences, a few hundred at a time (memory stays flat)."""
    query = (select(Link).where(Link.document_id == document.id).order_by(Link.position)
             .options(selectinload(Link.sentences)).execution_options(yield_per=READ_CHUNK))
    counted = select(func.count(Link.id)).where(Link.document_id == document.id)
    total = session.scalar(counted) if progress else 0
    done = 0
    for chunk in session.scalars(query).partitions():
        yield chunk
        done += len(chunk)
        if progress:
            progress(0.05 + 0.9 * done / max(total, 1), f"exported {done} of {total} rows")

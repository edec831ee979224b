"""Documents: import (split, align, store), listing with progress, clean-text export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session, selectinload

from segments import Paragraph, split_document
from webapp.models import Document, Link, Project, Sentence, Side, Status, utcnow
from webapp.services.errors import InvalidInput, NotFound


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


def pair_by_position(n_src: int, n_mt: int) -> list[Group]:
    """MT-only documents get one 0-1 link per sentence; otherwise sentences pair up in order."""
    groups = [Group((i,), (i,)) for i in range(min(n_src, n_mt))]
    groups += [Group((i,), ()) for i in range(n_mt, n_src)]
    groups += [Group((), (i,)) for i in range(n_src, n_mt)]
    return groups if n_src else [Group((), (i,)) for i in range(n_mt)]


def import_document(
    session: Session, *, mt_text: str, title: str, project: Project, src_lang: str = "zh",
    tgt_lang: str = "en", source_text: str | None = None, author: str = "",
) -> Document:
    """Split the MT (and the source, when given), link the sentences, and store the document."""
    if not mt_text.strip():
        raise InvalidInput("the machine translation is empty")
    if not title.strip():
        raise InvalidInput("a document needs a title")
    mt = _flatten(split_document(normalise_newlines(mt_text), tgt_lang))
    src = _flatten(split_document(normalise_newlines(source_text), src_lang)) if source_text else []
    document = Document(
        project=project, title=title.strip(), src_lang=src_lang, tgt_lang=tgt_lang,
        source_original=source_text, mt_original=mt_text, updated_by=author,
    )
    session.add(document)
    session.flush()
    _store(session, document, src, mt, pair_by_position(len(src), len(mt)), author)
    return document


def _store(
    session: Session, document: Document, src: list, mt: list, groups: list[Group], author: str
) -> None:
    def paragraph(group: Group) -> int:
        return mt[group.mt[0]][0] if group.mt else src[group.src[0]][0]

    link_ids = session.scalars(
        insert(Link).returning(Link.id, sort_by_parameter_order=True),
        [{"document_id": document.id, "position": n, "paragraph": paragraph(g), "score": g.score,
          "status": Status.NEW, "updated_by": author} for n, g in enumerate(groups)],
    ).all()
    rows = []
    for link_id, group in zip(link_ids, groups, strict=True):
        rows += _sentence_rows(document.id, link_id, Side.SOURCE, src, group.src)
        rows += _sentence_rows(document.id, link_id, Side.MT, mt, group.mt)
    if rows:
        session.execute(insert(Sentence), rows)


def _sentence_rows(document_id: int, link_id: int, side: Side, sentences: list, indices: Iterable[int]):
    for i in indices:
        paragraph, piece = sentences[i]
        yield {"document_id": document_id, "link_id": link_id, "side": side, "position": i,
               "paragraph": paragraph, "text": piece.content, "lead": piece.lead, "tail": piece.tail}


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


def list_documents(session: Session, document_id: int | None = None) -> list[DocumentSummary]:
    """Every document (or just `document_id`) with its link and confirmed counts, newest first."""
    confirmed = func.sum(case((Link.status == Status.CONFIRMED, 1), else_=0))
    query = (
        select(Document, func.count(Link.id), func.coalesce(confirmed, 0))
        .outerjoin(Link, Link.document_id == Document.id)
        .group_by(Document.id)
        .order_by(Document.id.desc())
    )
    if document_id is not None:
        query = query.where(Document.id == document_id)
    return [DocumentSummary(doc, total, done) for doc, total, done in session.execute(query)]


def clean_text_chunks(session: Session, document: Document) -> Iterator[str]:
    """The corrected article as text chunks: untouched sentences verbatim, the original spacing kept."""
    query = (
        select(Link).where(Link.document_id == document.id).order_by(Link.position)
        .options(selectinload(Link.sentences)).execution_options(yield_per=500)
    )
    for link in session.scalars(query):
        mt = link.side(Side.MT)
        if link.target is None:
            yield "".join(s.lead + s.text + s.tail for s in mt)
        elif mt:
            yield mt[0].lead + link.target + mt[-1].tail
        elif link.target:
            yield link.target + " "


def touch(document: Document, author: str) -> None:
    """Record that `author` changed the document now."""
    document.updated_at = utcnow()
    document.updated_by = author

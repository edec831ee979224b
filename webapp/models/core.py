"""Core tables: projects, documents, sentences on both sides, the links that align them, revisions."""

from __future__ import annotations

import enum
import hashlib
from datetime import UTC, datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base


def utcnow() -> datetime:
    return datetime.now(UTC)


def text_hash(text: str) -> str:
    """A short hash of a row side's text: QA findings keep the one they were found in (see Link.rehash)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class Side(enum.StrEnum):
    SOURCE = "source"
    MT = "mt"


class Status(enum.StrEnum):
    NEW = "new"
    EDITED = "edited"
    CONFIRMED = "confirmed"
    FLAGGED = "flagged"


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Per-project preferences (see webapp.services.projects.ProjectSettings for the keys).
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    # Moved on every change of the spelling dictionary (ProjectWord): the key of the words cached for QA, read
    # with the project that every row save loads anyway, so a save reads the words only after a change.
    dictionary_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    dictionary_changed_at: Mapped[datetime | None]

    documents: Mapped[list[Document]] = relationship(back_populates="project", cascade="all, delete-orphan")


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    src_lang: Mapped[str] = mapped_column(String(35))
    tgt_lang: Mapped[str] = mapped_column(String(35))
    # The uploaded texts exactly as decoded, before any newline normalisation.
    source_original: Mapped[str | None] = mapped_column(Text, deferred=True)
    mt_original: Mapped[str] = mapped_column(Text, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100), default="")

    project: Mapped[Project] = relationship(back_populates="documents")
    links: Mapped[list[Link]] = relationship(
        back_populates="document", order_by="Link.position", cascade="all, delete-orphan",
        passive_deletes=True,
    )
    skeleton: Mapped[DocumentSkeleton | None] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True, uselist=False)

    def touch(self, author: str) -> None:
        """Record that `author` changed the document now."""
        self.updated_at = utcnow()
        self.updated_by = author


class DocumentSkeleton(Base):
    """The original .docx / .html / .md of a document's MT side, to export it again with the corrections.

    `layout` is the per-block JSON the format wrote (each block's text as read and its tag labels); the
    original bytes are deferred, as only an export in the original format needs them."""

    __tablename__ = "document_skeletons"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    format_id: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(String(500), default="")
    original: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    layout: Mapped[str] = mapped_column(Text, deferred=True)

    document: Mapped[Document] = relationship(back_populates="skeleton")


class Link(Base):
    """One review row: any number of source sentences aligned to any number of MT sentences."""

    __tablename__ = "links"
    __table_args__ = (Index("ix_links_document_id_position", "document_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int]
    paragraph: Mapped[int]
    score: Mapped[float] = mapped_column(default=1.0)
    # None while the reviewer has not touched the row: the MT text stands.
    target: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=Status.NEW)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    # Hashes of source_text and final_text, kept with every change of either: a QA finding is current while
    # its text_hash equals its side's, which a query can ask of a page of findings without reading texts.
    source_hash: Mapped[str] = mapped_column(String(16), default="")
    target_hash: Mapped[str] = mapped_column(String(16), default="")

    document: Mapped[Document] = relationship(back_populates="links")
    sentences: Mapped[list[Sentence]] = relationship(
        back_populates="link", order_by="Sentence.position", passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}

    def side(self, side: Side) -> list[Sentence]:
        return [s for s in self.sentences if s.side == side]

    @property
    def source_text(self) -> str:
        return " ".join(s.text for s in self.side(Side.SOURCE))

    @property
    def mt_text(self) -> str:
        return " ".join(s.text for s in self.side(Side.MT))

    @property
    def final_text(self) -> str:
        return self.final_with(self.target)

    def final_with(self, target: str | None) -> str:
        """The row's text once its correction is `target` (None: the MT stands)."""
        return self.mt_text if target is None else target

    def rehash(self) -> None:
        """Record the hashes of its texts, after its sentences or its correction changed."""
        self.source_hash, self.target_hash = text_hash(self.source_text), text_hash(self.final_text)


class Sentence(Base):
    """A sentence of the source or of the MT, with the whitespace around it kept for export."""

    __tablename__ = "sentences"
    __table_args__ = (
        Index("ix_sentences_document_id_side_position", "document_id", "side", "position"),
        Index("ix_sentences_link_id", "link_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(10))
    position: Mapped[int]
    paragraph: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    lead: Mapped[str] = mapped_column(Text, default="")
    tail: Mapped[str] = mapped_column(Text, default="")
    # The sentence as uploaded, when joining hard-wrapped lines changed it or the whitespace around it
    # (`lead`/`tail` are then the uploaded ones): export writes it, so an unedited document comes back as
    # it was sent.
    original: Mapped[str | None] = mapped_column(Text)
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id", ondelete="CASCADE"))

    link: Mapped[Link] = relationship(back_populates="sentences")


class Operation(Base):
    """One user action that may touch many rows (a replace-all, a split, a merge), undone as one step.

    Text and status changes are undone from their revisions; structural changes keep what undo needs in
    `data` (JSON)."""

    __tablename__ = "operations"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    author: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None]
    undone_by: Mapped[str | None] = mapped_column(String(100))

    revisions: Mapped[list[Revision]] = relationship(back_populates="operation", order_by="Revision.id")


class Revision(Base):
    """One change to a link: what changed, old → new, who, when, and the operation it was part of."""

    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_link_id_id", "link_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("links.id", ondelete="SET NULL"))
    operation_id: Mapped[int | None] = mapped_column(
        ForeignKey("operations.id", ondelete="SET NULL"), index=True)
    field: Mapped[str] = mapped_column(String(20))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    operation: Mapped[Operation | None] = relationship(back_populates="revisions")

"""Translation memory tables: entries learnt from confirmed rows (or imported from TMX), editing effort."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base
from webapp.models.core import utcnow


class MemoryEntry(Base):
    """One remembered translation: the source (may be empty), the MT it started from, the final text.

    Entries are only ever added, superseded or dropped oldest first (the size limit), so a cached index
    learns every change from the smallest and largest id of the project (see webapp.services.memory)."""

    __tablename__ = "memory_entries"
    __table_args__ = (
        Index("ix_memory_entries_project_id_id", "project_id", "id"),
        Index("ix_memory_entries_project_id_source_hash", "project_id", "source_hash"),
        Index("ix_memory_entries_project_id_mt_hash", "project_id", "mt_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    src_lang: Mapped[str] = mapped_column(String(35))
    tgt_lang: Mapped[str] = mapped_column(String(35))
    source: Mapped[str] = mapped_column(Text, default="")
    mt: Mapped[str] = mapped_column(Text, default="")
    target: Mapped[str] = mapped_column(Text)
    # Normalised copies (NFKC, case-folded, spaces collapsed) for concordance; hashes of them for equality.
    source_key: Mapped[str] = mapped_column(Text, default="")
    mt_key: Mapped[str] = mapped_column(Text, default="")
    target_key: Mapped[str] = mapped_column(Text, default="")
    source_hash: Mapped[str] = mapped_column(String(40), default="")
    mt_hash: Mapped[str] = mapped_column(String(40), default="")
    origin: Mapped[str] = mapped_column(String(20), default="review")  # review | tmx
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("links.id", ondelete="SET NULL"), index=True)
    author: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the same row was confirmed again with another text: the newer entry replaces this one.
    superseded: Mapped[bool] = mapped_column(default=False)


class Effort(Base):
    """Post-editing effort on one row by one person: active editing time (idle excluded) and keystrokes."""

    __tablename__ = "memory_efforts"
    __table_args__ = (
        Index("uq_memory_efforts_link_id_author", "link_id", "author", unique=True),
        Index("ix_memory_efforts_document_id_author", "document_id", "author"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(100))
    active_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    keystrokes: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

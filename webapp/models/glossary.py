"""Glossary tables: one glossary per project plus a global one, its entries, dismissed suggestions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base
from webapp.models.core import Project, utcnow

_ACTIVE = text("deleted_at IS NULL")


class Glossary(Base):
    """The terms of one project (or, with no project, of every project).

    `revision` and `changed_at` move on every change of an entry, so a cached term matcher keyed by them
    is never stale, in any process."""

    __tablename__ = "glossaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), unique=True)
    src_lang: Mapped[str] = mapped_column(String(35), default="zh")
    tgt_lang: Mapped[str] = mapped_column(String(35), default="en")
    revision: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project | None] = relationship()

    @property
    def name(self) -> str:
        return self.project.name if self.project is not None else "All projects (global)"


class GlossaryEntry(Base):
    """One term: source, targets (the first preferred), forbidden variants, and what a `glossary.Term` holds.

    Deleted entries keep their row (`deleted_at` set) so that a delete can be undone."""

    __tablename__ = "glossary_entries"
    __table_args__ = (
        # One live entry per source and language pair; deleted rows do not count.
        Index("uq_glossary_entries_key", "glossary_id", "source_key", "src_lang", "tgt_lang", unique=True,
              sqlite_where=_ACTIVE, postgresql_where=_ACTIVE),
        Index("ix_glossary_entries_glossary_id_target_key", "glossary_id", "target_key"),
        Index("ix_glossary_entries_glossary_id_changed_at", "glossary_id", "changed_at"),
        Index("ix_glossary_entries_glossary_id_domain", "glossary_id", "domain"),
        Index("ix_glossary_entries_glossary_id_status", "glossary_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    glossary_id: Mapped[int] = mapped_column(ForeignKey("glossaries.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(500))
    # Case-folded, whitespace-collapsed copies for duplicate detection, sorting and searching.
    source_key: Mapped[str] = mapped_column(String(500))
    target_key: Mapped[str] = mapped_column(String(500))
    search_text: Mapped[str] = mapped_column(Text)
    targets: Mapped[list[str]] = mapped_column(JSON)
    forbidden: Mapped[list[str]] = mapped_column(JSON)
    src_lang: Mapped[str] = mapped_column(String(35))
    tgt_lang: Mapped[str] = mapped_column(String(35))
    pos: Mapped[str] = mapped_column(String(20), default="")
    definition: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    domain: Mapped[str] = mapped_column(String(200), default="")
    case_sensitive: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="approved")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    changed_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    deleted_by: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(default=1)

    glossary: Mapped[Glossary] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def preferred(self) -> str:
        return self.targets[0] if self.targets else ""


class DismissedSuggestion(Base):
    """A suggested replacement (old → new, case-folded) that a person dismissed for a glossary."""

    __tablename__ = "glossary_dismissed_suggestions"
    __table_args__ = (Index("uq_glossary_dismissed_suggestions_key", "glossary_id", "old_key", "new_key",
                            unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    glossary_id: Mapped[int] = mapped_column(ForeignKey("glossaries.id", ondelete="CASCADE"))
    old_key: Mapped[str] = mapped_column(String(500))
    new_key: Mapped[str] = mapped_column(String(500))
    dismissed_by: Mapped[str] = mapped_column(String(100), default="")
    dismissed_at: Mapped[datetime] = mapped_column(default=utcnow)

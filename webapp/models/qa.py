"""QA tables: the findings of the last QA run per row, the warnings people chose to ignore, and each project's
spelling dictionary."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base
from webapp.models.core import utcnow

FLAGGED_KEY_CHARS = 100
WORD_CHARS = 60


class QaFinding(Base):
    """One issue a check found in one row; replaced whenever the row or its document is checked again.

    `text_hash` is a hash of the side's text when it was checked: a finding whose row text has changed
    since (a bulk replace, an undo) is stale and is not shown, as its spans would point at other words."""

    __tablename__ = "qa_findings"
    __table_args__ = (
        Index("ix_qa_findings_link_id", "link_id"),
        Index("ix_qa_findings_document_id_check_id", "document_id", "check_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id", ondelete="CASCADE"))
    check_id: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    scope: Mapped[str] = mapped_column(String(10), default="row")
    message: Mapped[str] = mapped_column(Text)
    # [[start, end], ...]: code-point offsets into the side's text.
    spans: Mapped[list] = mapped_column(JSON)
    side: Mapped[str] = mapped_column(String(10), default="target")
    fingerprint: Mapped[str] = mapped_column(String(16))
    text_hash: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # [{"kind": "safe"|"suggested", "edits": [[start, end, text], ...]}, ...] on the target, the default
    # first (segments.qa.Fix.to_json); NULL when the check knows no repair.
    fixes: Mapped[list | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    # The flagged text lower-cased, when it is short (NULL otherwise, and for findings stored before it was
    # kept): a word added to the dictionary clears the spelling findings of that word by it, in one DELETE.
    flagged_key: Mapped[str | None] = mapped_column(String(FLAGGED_KEY_CHARS))


class QaIgnore(Base):
    """An ignored warning of a row, keyed by check and flagged text: it survives re-runs and other edits."""

    __tablename__ = "qa_ignores"
    __table_args__ = (
        Index("uq_qa_ignores_key", "link_id", "check_id", "fingerprint", unique=True),
        Index("ix_qa_ignores_document_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id", ondelete="CASCADE"))
    check_id: Mapped[str] = mapped_column(String(60))
    fingerprint: Mapped[str] = mapped_column(String(16))
    ignored_by: Mapped[str] = mapped_column(String(100), default="")
    ignored_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProjectWord(Base):
    """A word of a project's spelling dictionary, which the spelling check accepts in the project's documents.

    `word_key` is the word lower-cased: the service keeps one entry per key, so "Xinhua" and "XINHUA" are one
    word, stored as it was first added."""

    __tablename__ = "project_words"
    __table_args__ = (Index("uq_project_words_key", "project_id", "word_key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    word: Mapped[str] = mapped_column(String(WORD_CHARS))
    word_key: Mapped[str] = mapped_column(String(WORD_CHARS))
    added_by: Mapped[str] = mapped_column(String(100), default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

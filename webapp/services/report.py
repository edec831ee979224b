"""The review report: per row the MT against the final text, who confirmed it, comments; totals and charts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from flask import current_app, render_template
from markupsafe import Markup
from rapidfuzz.distance import Levenshtein
from sacrebleu.metrics import TER
from sqlalchemy import select
from sqlalchemy.orm import Session

from segments.diff import word_diff
from segments.tags import as_symbols
from webapp.models import Comment, Document, Revision, Status
from webapp.services import charts
from webapp.services.documents import link_chunks
from webapp.services.effort import seconds_per_link
from webapp.services.qa import finding_counts

EDIT_DISTANCE_BINS = (0, 1, 6, 21, 51, 101)


@dataclass(frozen=True)
class ReportRow:
    position: int
    source: str
    mt: str
    final: str
    status: str
    diff: list[tuple[str, str]]
    distance: int
    confirmed_by: str
    comments: list[Comment]
    seconds: float | None


@dataclass
class Totals:
    rows: int = 0
    edited: int = 0
    confirmed: int = 0
    distance: int = 0
    mt_chars: int = 0
    seconds: float = 0.0
    ter: float | None = None
    distances: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    document: Document
    rows: list[ReportRow]
    totals: Totals
    charts: list[charts.Chart]

    @property
    def has_source(self) -> bool:
        return any(row.source for row in self.rows)


def _confirmers(session: Session, document: Document) -> dict[int, str]:
    query = (select(Revision.link_id, Revision.author).where(
        Revision.document_id == document.id, Revision.field == "status", Revision.new == Status.CONFIRMED)
        .order_by(Revision.id))
    return {link_id: author for link_id, author in session.execute(query)}


def _comments(session: Session, document: Document) -> dict[int, list[Comment]]:
    grouped: dict[int, list[Comment]] = defaultdict(list)
    query = select(Comment).where(Comment.document_id == document.id).order_by(Comment.id)
    for comment in session.scalars(query):
        grouped[comment.link_id].append(comment)
    return grouped


def _rows(session: Session, document: Document, effort: dict[int, float]) -> Iterator[ReportRow]:
    confirmers, comments = _confirmers(session, document), _comments(session, document)
    for chunk in link_chunks(session, document):
        for link in chunk:
            mt, final = link.mt_text, link.final_text
            distance = Levenshtein.distance(as_symbols(mt), as_symbols(final))  # a tag is one character
            yield ReportRow(link.position + 1, link.source_text, mt, final, link.status, word_diff(mt, final),
                            distance, confirmers.get(link.id, ""), comments.get(link.id, []),
                            effort.get(link.id))


def _progress(session: Session, document: Document) -> list[tuple[str, float]]:
    """Rows confirmed per day, cumulated: how the review advanced."""
    query = select(Revision.created_at).where(
        Revision.document_id == document.id, Revision.field == "status", Revision.new == Status.CONFIRMED)
    days = Counter(moment.date() for moment in session.scalars(query))
    total, series = 0, []
    for day in sorted(days):
        total += days[day]
        series.append((date.isoformat(day), float(total)))
    return series


def build_report(session: Session, document: Document, *, qa_counts: dict[str, int] | None = None,
                 effort: dict[int, float] | None = None) -> Report:
    """Gather the report of `document`: rows with word diffs, totals with TER against the MT, charts.

    `qa_counts` (findings per check) and `effort` (seconds per link id) come from the QA and effort
    tracking areas when they have data."""
    rows, totals = list(_rows(session, document, effort or {})), Totals()
    for row in rows:
        totals.rows += 1
        totals.edited += row.final != row.mt
        totals.confirmed += row.status == Status.CONFIRMED
        totals.distance += row.distance
        totals.mt_chars += len(as_symbols(row.mt))
        totals.seconds += row.seconds or 0.0
        totals.distances.append(row.distance)
    if rows:
        # A tag counts as one word, wherever it is glued: moving one costs a shift, not two changed words.
        score = TER().corpus_score([as_symbols(r.mt, spaced=True) for r in rows],
                                   [[as_symbols(r.final, spaced=True) for r in rows]])
        totals.ter = round(score.score, 2)
    qa = qa_counts or {}
    drawn = [
        charts.bar_chart("Edit distance per row (characters)",
                         charts.histogram(totals.distances, EDIT_DISTANCE_BINS) if rows else []),
        charts.bar_chart("QA findings by check", sorted(qa.items()), empty="no QA findings recorded"),
        charts.line_chart("Rows confirmed over time", _progress(session, document),
                          empty="no row confirmed yet"),
    ]
    return Report(document, rows, totals, drawn)


def render_report(session: Session, document: Document) -> str:
    """The review report as one self-contained HTML page (styles inlined, charts as SVG)."""
    css = (Path(current_app.static_folder) / "report.css").read_text("utf-8")
    report = build_report(session, document, qa_counts=finding_counts(session, document).open,
                          effort=seconds_per_link(session, document))
    return render_template("report/review.html", report=report, css=Markup(css),
                           generated=datetime.now(UTC))

"""The QA report page of a document: findings by check, filters, ignore, run QA, CSV and HTML export."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, current_app, render_template, request
from markupsafe import Markup, escape
from sqlalchemy import select

from segments.qa import ALL_CHECKS
from segments.qa.tags_check import label
from segments.tags import TAG_CHARS, tags
from webapp.db import get_session
from webapp.downloads import attachment, safe_stem
from webapp.models import Document, Job
from webapp.services import qa
from webapp.services.documents import find_document
from webapp.services.errors import InvalidInput

bp = Blueprint("qa", __name__)


@bp.app_template_filter("tagged")
def tagged(text: str) -> Markup:
    """`text` escaped, its inline tags drawn as the review grid's pills, a cut tag's remains as �."""
    pieces, at = [], 0
    for tag in tags(text):
        name = label(tag)
        pieces += [_plain(text[at:tag.start]),
                   Markup(f'<span class="tag tag-{tag.kind.value}" title="Tag {name}">{name}</span>')]
        at = tag.end
    pieces.append(_plain(text[at:]))
    return Markup("").join(pieces)


def _plain(text: str) -> Markup:
    return escape(_STRAY.sub("\ufffd", text))

_STRAY = re.compile(f"[{TAG_CHARS}]")
SHOWN = {"open": False, "ignored": True, "all": None}
MAX_ON_PAGE = 2_000  # beyond this, filter by check: a page of thousands of rows helps nobody


def _filters() -> dict:
    """The page's filters from the query string; a bad value is refused with a message."""
    show = request.args.get("show") or "open"
    if show not in SHOWN:
        raise InvalidInput(f"unknown choice show={show!r}; expected one of {', '.join(SHOWN)}")
    return {"check_id": request.args.get("check") or None, "severity": request.args.get("severity") or None,
            "show": show}


def _chosen(filters: dict) -> dict:
    """The filters as document_findings() takes them."""
    return {"check_id": filters["check_id"], "severity": filters["severity"],
            "ignored": SHOWN[filters["show"]]}


def _groups(findings: list[dict]) -> list[tuple[dict, list[dict]]]:
    """Findings grouped by check, in registry order, each group in row order."""
    by_check: dict[str, list[dict]] = {}
    for finding in findings:
        by_check.setdefault(finding["check_id"], []).append(finding)
    return [(qa.check_doc(c.id), by_check[c.id]) for c in ALL_CHECKS if c.id in by_check]


def _last_run(document: Document) -> Job | None:
    query = (select(Job).where(Job.document_id == document.id, Job.kind == "qa")
             .order_by(Job.id.desc()).limit(1))
    return get_session().scalars(query).first()


@bp.get("/documents/<int:document_id>/qa")
def report(document_id: int):
    session = get_session()
    document = find_document(session, document_id)
    filters = _filters()
    counts = qa.finding_counts(session, document)
    total = qa.count_findings(session, document, **_chosen(filters))
    shown = qa.document_findings(session, document, limit=MAX_ON_PAGE, **_chosen(filters))
    enabled = qa.enabled_checks(document.project)
    return render_template(
        "qa/report.html", document=document, filters=filters, counts=counts.open,
        ignored_count=counts.ignored, total=total, groups=_groups(shown), truncated=total > MAX_ON_PAGE,
        limit=MAX_ON_PAGE,
        checks=[qa.check_doc(c.id) for c in ALL_CHECKS], enabled=enabled, severities=qa.SEVERITIES,
        last_run=_last_run(document), has_findings=bool(counts.open or counts.ignored))


@bp.get("/documents/<int:document_id>/qa/export")
def export(document_id: int):
    document = find_document(get_session(), document_id)
    fmt = request.args.get("format", "csv")
    if fmt not in ("csv", "html"):
        raise InvalidInput(f"unknown export format {fmt!r}; choose csv or html")
    filters = _filters()
    chosen = qa.document_findings(get_session(), document, **_chosen(filters))
    stem = safe_stem(document.title, "document")
    if fmt == "csv":
        return attachment("\ufeff" + qa.findings_csv(chosen), "text/csv; charset=utf-8", f"{stem}-qa.csv")
    css = (Path(current_app.static_folder) / "qa.css").read_text("utf-8")
    body = render_template("qa/export.html", document=document, groups=_groups(chosen), total=len(chosen),
                           counts=qa.finding_counts(get_session(), document).open, filters=filters,
                           css=Markup(css),
                           generated=datetime.now(UTC))
    return attachment(body, "text/html; charset=utf-8", f"{stem}-qa.html")


@bp.get("/documents/<int:document_id>/cleanup")
def cleanup(document_id: int):
    """Every fix QA proposes for the document, grouped by check, to choose and apply at once (the list itself
    is read from the API by cleanup.js, a page at a time)."""
    session = get_session()
    document = find_document(session, document_id)
    checks = [qa.check_doc(c.id) for c in ALL_CHECKS]
    return render_template("qa/cleanup.html", document=document, checks=checks)

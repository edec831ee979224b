"""QA in the app: run the checks on a saved row or a whole document, store the findings, ignore warnings.

Findings are replaced on every run. An ignore is keyed by (row, check, fingerprint of the flagged text), so
it survives re-runs and edits elsewhere in the row. A finding remembers a hash of the text it was found in:
once that text changes without a re-check (a bulk replace, an undo), the finding is stale and not shown.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from segments.gc_tuning import batch_gc
from segments.qa import (
    ALL_CHECKS,
    CHECKS_BY_ID,
    Issue,
    QaContext,
    QaRow,
    check_document,
    check_rows,
)
from segments.qa.model import Fix
from segments.qa.tags_check import spelled_out
from webapp.models import Document, Link, Project, QaFinding, QaIgnore, Sentence, Side, text_hash, utcnow
from webapp.models.qa import FLAGGED_KEY_CHARS
from webapp.services import dictionary
from webapp.services.dictionary import word_key
from webapp.services.errors import InvalidInput, NotFound
from webapp.services.glossary_review import document_matcher
from webapp.services.progress import Progress
from webapp.services.projects import ProjectSettings

SEVERITIES = ("error", "warning", "info")
CHUNK = 1_000
CSV_COLUMNS = ("row", "check_id", "severity", "side", "flagged", "message", "ignored", "source", "target")


# --- settings and context ---------------------------------------------------------------------------------

def enabled_checks(project: Project) -> frozenset[str]:
    """The ids of the checks the project has not switched off."""
    disabled = set(ProjectSettings.of(project).disabled_checks)
    return frozenset(c.id for c in ALL_CHECKS if c.id not in disabled)


def disabled_from_enabled(enabled: Iterable[str]) -> tuple[str, ...]:
    """The checks to switch off, given those a form left on; unknown ids are refused."""
    enabled = set(enabled)
    unknown = sorted(enabled - set(CHECKS_BY_ID))
    if unknown:
        raise InvalidInput(f"unknown QA check(s): {', '.join(unknown)}")
    return tuple(c.id for c in ALL_CHECKS if c.id not in enabled)


def qa_context(session: Session, document: Document) -> QaContext:
    """The document's languages, its project's glossary (the cached term matcher) and dictionary; ratio = its
    median."""
    matcher = document_matcher(session, document)
    return QaContext(src_lang=document.src_lang, tgt_lang=document.tgt_lang,
                     find_terms=matcher.find if matcher.terms else None,
                     project_words=dictionary.words(session, document.project))


def check_doc(check_id: str) -> dict:
    """A check's documentation as the API and the pages show it."""
    check = CHECKS_BY_ID[check_id]
    return {"id": check.id, "severity": check.severity.value, "title": check.title,
            "description": check.description, "example": check.example, "scope": check.scope,
            "needs_source": check.needs_source}


def check_docs() -> list[dict]:
    """Every check's documentation, in registry order."""
    return [check_doc(check.id) for check in ALL_CHECKS]


def require_check(check_id: str) -> str:
    """`check_id` if it names a check, else InvalidInput."""
    if check_id not in CHECKS_BY_ID:
        raise InvalidInput(f"unknown QA check {check_id!r}")
    return check_id


# --- running and storing ----------------------------------------------------------------------------------

def flagged_key(flagged: str) -> str | None:
    """What a finding's flagged text is matched against dictionary words by: lower-cased, None when long."""
    key = word_key(flagged)
    return key if len(key) <= FLAGGED_KEY_CHARS else None


def _finding_rows(document_id: int, row: QaRow, issues: Iterable[Issue], now: datetime) -> list[dict]:
    texts = {"source": row.source, "target": row.target}
    hashes = {side: text_hash(text) for side, text in texts.items()}
    return [{"document_id": document_id, "link_id": row.key, "check_id": issue.check_id,
             "severity": issue.severity.value, "scope": CHECKS_BY_ID[issue.check_id].scope,
             "message": issue.message, "spans": [list(span) for span in issue.spans], "side": issue.side,
             "fingerprint": issue.fingerprint(texts[issue.side]), "text_hash": hashes[issue.side],
             "flagged_key": flagged_key(issue.flagged_text(texts[issue.side])),
             "fixes": [fix.to_json() for fix in issue.fixes] or None, "created_at": now} for issue in issues]


def link_row(link: Link) -> QaRow:
    """The link as the QA library sees it: source, current target, MT."""
    return QaRow(link.id, link.source_text, link.final_text, link.mt_text)


# The findings of a row that its re-check replaces: row checks, and document checks of a changed text.
# Built once, like _OF_LINKS: every save runs it, and building a statement costs more than running it.
# A Core statement run with one parameter set per row: one statement for any number of rows, and the ORM
# need not look for deleted findings among the objects it holds (that search cost a save 0.1 ms).
_FINDINGS = QaFinding.__table__.c
_OUTDATED = delete(QaFinding.__table__).where(_FINDINGS.link_id == bindparam("row_id"), or_(
    _FINDINGS.scope == "row",
    and_(_FINDINGS.side == "source", _FINDINGS.text_hash != bindparam("source_hash")),
    and_(_FINDINGS.side == "target", _FINDINGS.text_hash != bindparam("target_hash"))))


# render_nulls: by default a bulk insert leaves out a None value, and each change in which keys a row has
# starts a new statement; findings with and without fixes alternate, so 4,000 findings took 4,000 INSERTs.
_INSERT = insert(QaFinding).execution_options(render_nulls=True)


def check_links(session: Session, links: Sequence[Link]) -> int:
    """Re-check saved rows of one document with the row checks; replace their stored findings.

    Document-scope findings of these rows stay while the text they were found in is unchanged."""
    if not links:
        return 0
    return check_saved_rows(session, links[0].document, [link_row(link) for link in links])


def check_saved_rows(session: Session, document: Document, rows: Sequence[QaRow]) -> int:
    """`check_links` of rows given as their texts (keyed by link id): no ORM rows need loading."""
    if not rows:
        return 0
    context, enabled = qa_context(session, document), enabled_checks(document.project)
    session.execute(_OUTDATED, [{"row_id": row.key, "source_hash": text_hash(row.source),
                                 "target_hash": text_hash(row.target)} for row in rows])
    now, found = utcnow(), check_rows(rows, context, enabled)
    stored = [item for row in rows for item in _finding_rows(document.id, row, found[row.key], now)]
    if stored:
        session.execute(_INSERT, stored)
    return len(stored)


def check_link(session: Session, link: Link) -> int:
    """Re-check one saved row (row checks only, fast); return how many findings it has now."""
    return check_links(session, [link])


def link_texts(session: Session, document_id: int, link_ids: Collection[int] | None = None
               ) -> dict[int, dict[str, str]]:
    """Per link (of the document, or these of it): its source and MT text, joined as Link.source_text and
    Link.mt_text join them."""
    query = (select(Sentence.link_id, Sentence.side, Sentence.text).where(Sentence.document_id == document_id)
             .order_by(Sentence.link_id, Sentence.position))
    if link_ids is not None:
        query = query.where(Sentence.link_id.in_(link_ids))
    parts: dict[int, dict[str, list[str]]] = {}
    for link_id, side, text in session.execute(query):
        parts.setdefault(link_id, {Side.SOURCE: [], Side.MT: []})[side].append(text)
    return {link_id: {"source": " ".join(p[Side.SOURCE]), "mt": " ".join(p[Side.MT])}
            for link_id, p in parts.items()}


def document_rows(session: Session, document: Document) -> list[QaRow]:
    """Every row of the document in order, read with two plain queries (no ORM objects)."""
    texts = link_texts(session, document.id)
    query = select(Link.id, Link.target).where(Link.document_id == document.id).order_by(Link.position)
    rows = []
    for link_id, target in session.execute(query):
        text = texts.get(link_id, {"source": "", "mt": ""})
        rows.append(QaRow(link_id, text["source"], text["mt"] if target is None else target, text["mt"]))
    return rows


@dataclass(frozen=True)
class DocumentRun:
    """The findings of a whole-document run, computed and not stored yet (as rows of the findings table)."""

    document_id: int
    rows: int
    findings: list[dict]


def run_document(session: Session, document: Document, progress: Progress | None = None) -> DocumentRun:
    """Run every enabled check on the whole document, reading only, reporting progress as rows are checked.

    A job stores the result in a second, short transaction: on SQLite a transaction that writes holds the
    write lock, and the job's progress notes (written from another connection) would wait for it."""
    with batch_gc():
        return _run_document(session, document, progress or (lambda _fraction, _message: None))


def _run_document(session: Session, document: Document, report: Progress) -> DocumentRun:
    report(0.02, "reading the rows")
    rows, context = document_rows(session, document), qa_context(session, document)
    enabled = enabled_checks(document.project)
    found: dict[int, list[Issue]] = {}
    for start in range(0, len(rows), CHUNK):
        found.update(check_rows(rows[start:start + CHUNK], context, enabled))
        done = min(start + CHUNK, len(rows))
        report(0.05 + 0.85 * done / len(rows), f"checked {done} of {len(rows)} rows")
    report(0.92, "checking the document as a whole")
    document_checks = [c.id for c in ALL_CHECKS if c.scope == "document" and c.id in enabled]
    for key, issues in check_document(rows, context, document_checks).items():
        found[key].extend(issues)
    now = utcnow()
    stored = [item for row in rows for item in _finding_rows(document.id, row, found[row.key], now)]
    return DocumentRun(document.id, len(rows), stored)


def store_run(session: Session, run: DocumentRun) -> dict:
    """Replace the document's stored findings with those of `run`; return a summary.

    A row saved while the run was computed keeps the new findings' text hashes from the older text, so
    they are stale and hidden until the row or the document is checked again: never wrong, only missing."""
    session.execute(delete(QaFinding).where(QaFinding.document_id == run.document_id))
    if run.findings:
        session.execute(_INSERT, run.findings)
    ignored = _ignored_keys(session, run.document_id)
    errors = sum(1 for item in run.findings if item["severity"] == "error"
                 and (item["link_id"], item["check_id"], item["fingerprint"]) not in ignored)
    by_check = Counter(item["check_id"] for item in run.findings)
    return {"document_id": run.document_id, "rows": run.rows, "findings": len(run.findings),
            "errors": errors, "by_check": dict(sorted(by_check.items()))}


def check_document_findings(session: Session, document: Document, progress: Progress | None = None) -> dict:
    """Run every enabled check on the whole document and store the findings in this session."""
    return store_run(session, run_document(session, document, progress))


# --- reading ----------------------------------------------------------------------------------------------

def _ignored_keys(session: Session, document_id: int) -> set[tuple[int, str, str]]:
    query = select(QaIgnore.link_id, QaIgnore.check_id, QaIgnore.fingerprint).where(
        QaIgnore.document_id == document_id)
    return {tuple(row) for row in session.execute(query)}


def _ignored_column():
    return (select(QaIgnore.id).where(QaIgnore.link_id == QaFinding.link_id,
                                      QaIgnore.check_id == QaFinding.check_id,
                                      QaIgnore.fingerprint == QaFinding.fingerprint).exists())


def _current(enabled):
    """A stored finding applies (with Link joined): its check is on, and its side's text is still the text it
    was found in. A text changed without a re-check (a bulk replace, an undo) hides its findings, whose
    spans would point at other words."""
    return and_(QaFinding.check_id.in_(enabled), or_(
        and_(QaFinding.side == "source", QaFinding.text_hash == Link.source_hash),
        and_(QaFinding.side == "target", QaFinding.text_hash == Link.target_hash)))


def finding_dict(finding: QaFinding, ignored: bool, target: str | None = None) -> dict:
    """A stored finding as the row JSON, the API and the pages show it; with the row's `target`, each fix
    also gives the text it makes."""
    return {"id": finding.id, "link_id": finding.link_id, "check_id": finding.check_id,
            "title": CHECKS_BY_ID[finding.check_id].title if finding.check_id in CHECKS_BY_ID else "",
            "severity": finding.severity, "message": finding.message,
            "spans": [list(span) for span in finding.spans], "side": finding.side,
            "fingerprint": finding.fingerprint, "ignored": ignored,
            "fixes": fix_views(finding.fixes, target) if target is not None else []}


def stored_fixes(data: list | None) -> list[Fix]:
    """The fixes stored with a finding, default first."""
    return [Fix.from_json(item) for item in data or ()]


def fix_views(data: list | None, target: str) -> list[dict]:
    """Each stored fix with the text it makes of `target` ("keep" when it changes nothing)."""
    return [{"index": index, "kind": fix.kind.value, "edits": [[e.start, e.end, e.text] for e in fix.edits],
             "text": fix.apply(target)} for index, fix in enumerate(stored_fixes(data))]


# Built once, like _OUTDATED: every save and every page of rows runs it.
_OF_LINKS = (select(QaFinding, _ignored_column()).join(Link, Link.id == QaFinding.link_id)
             .where(QaFinding.link_id.in_(bindparam("link_ids", expanding=True)),
                    _current(bindparam("enabled", expanding=True)))
             .order_by(QaFinding.link_id, QaFinding.id))


def findings_for_links(session: Session, links: Sequence[Link]) -> dict[int, list[dict]]:
    """Per link id, its current findings (ignored ones flagged): one query per document (a page has one)."""
    by_document: dict[int, list[Link]] = {}
    for link in links:
        by_document.setdefault(link.document_id, []).append(link)
    found: dict[int, list[dict]] = {}
    for document_links in by_document.values():
        params = {"link_ids": [link.id for link in document_links],
                  "enabled": list(enabled_checks(document_links[0].document.project))}
        targets = {link.id: link.final_text for link in document_links}
        for finding, ignored in session.execute(_OF_LINKS, params):
            target = targets[finding.link_id] if finding.side == "target" else None
            found.setdefault(finding.link_id, []).append(finding_dict(finding, bool(ignored), target))
    return found


def marks(link: Link, findings: Iterable[dict]) -> list[dict]:
    """Highlights for the review page: every span of the row's warnings that are not ignored, kind "qa".

    An untouched row's target is its MT, so target spans are shown on the MT too."""
    out = []
    for finding in findings:
        if finding["ignored"]:
            continue
        sides = ["target", "mt"] if finding["side"] == "target" and link.target is None else [finding["side"]]
        out += [{"side": side, "start": start, "end": end, "kind": "qa",
                 "title": f"{finding['title']}: {finding['message']}"}
                for start, end in finding["spans"] for side in sides]
    return out


def of_document(document: Document, *, check_id: str | None = None, severity: str | None = None,
                 ignored: bool | None = None):
    """The document's current findings (None: any check, severity, ignored or not); unknown values are
    refused. Selects the finding, whether it is ignored, and its row's position and correction."""
    if check_id is not None:
        require_check(check_id)
    if severity is not None and severity not in SEVERITIES:
        raise InvalidInput(f"unknown severity {severity!r}; expected one of {', '.join(SEVERITIES)}")
    is_ignored = _ignored_column().label("ignored")
    query = (select(QaFinding, is_ignored, Link.position, Link.target)
             .join(Link, Link.id == QaFinding.link_id)
             .where(QaFinding.document_id == document.id, _current(enabled_checks(document.project))))
    if check_id is not None:
        query = query.where(QaFinding.check_id == check_id)
    if severity is not None:
        query = query.where(QaFinding.severity == severity)
    if ignored is not None:
        query = query.where(_ignored_column() if ignored else ~_ignored_column())
    return query


def document_findings(session: Session, document: Document, *, check_id: str | None = None,
                      severity: str | None = None, ignored: bool | None = None, offset: int = 0,
                      limit: int | None = None) -> list[dict]:
    """The document's current findings in row order (a page of them: `offset`, `limit`), with each row's
    position, source and target text; filtered as `of_document` says. Reads the texts of those rows only."""
    query = of_document(document, check_id=check_id, severity=severity, ignored=ignored)
    hits = session.execute(query.order_by(Link.position, QaFinding.id).offset(offset).limit(limit)).all()
    texts = link_texts(session, document.id, {finding.link_id for finding, *_ in hits}) if hits else {}
    out = []
    for finding, is_ignored, position, target in hits:
        text = texts.get(finding.link_id, {"source": "", "mt": ""})
        sides = {"source": text["source"], "target": text["mt"] if target is None else target}
        flagged = "|".join(sides[finding.side][start:end] for start, end in finding.spans)
        fixes_on = sides["target"] if finding.side == "target" else None
        out.append({**finding_dict(finding, bool(is_ignored), fixes_on), "position": position,
                    "source": sides["source"], "target": sides["target"], "flagged": flagged})
    return out


def count_findings(session: Session, document: Document, *, check_id: str | None = None,
                   severity: str | None = None, ignored: bool | None = None) -> int:
    """How many current findings `document_findings` would give without a page."""
    query = of_document(document, check_id=check_id, severity=severity, ignored=ignored)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


@dataclass(frozen=True)
class FindingCounts:
    """The document's current findings in numbers: open (nobody ignored them) per check, in registry order,
    open errors, and ignored ones."""

    open: dict[str, int]
    errors: int
    ignored: int


def finding_counts(session: Session, document: Document) -> FindingCounts:
    """Counted by the database, whatever the number of findings."""
    found = of_document(document).subquery()
    query = select(found.c.check_id, found.c.severity, found.c.ignored, func.count()).group_by(
        found.c.check_id, found.c.severity, found.c.ignored)
    open_by_check, errors, ignored = Counter(), 0, 0
    for check_id, severity, is_ignored, count in session.execute(query):
        if is_ignored:
            ignored += count
        else:
            open_by_check[check_id] += count
            errors += count if severity == "error" else 0
    in_order = {c.id: open_by_check[c.id] for c in ALL_CHECKS if open_by_check[c.id]}
    return FindingCounts(in_order, errors, ignored)


def flagged_link_ids(session: Session, document_id: int) -> set[int]:
    """Rows with a current warning that is not ignored (the review page's "QA warning" filter)."""
    document = session.get(Document, document_id)
    if document is None:
        return set()
    query = of_document(document, ignored=False).with_only_columns(QaFinding.link_id).distinct()
    return set(session.scalars(query))


# --- ignoring ---------------------------------------------------------------------------------------------

def get_finding(session: Session, finding_id: int) -> QaFinding:
    """The stored finding `finding_id`, or NotFound (findings are replaced on each run)."""
    finding = session.get(QaFinding, finding_id)
    if finding is None:
        raise NotFound(f"no QA finding {finding_id}; it may have been replaced by a newer QA run")
    return finding


def is_ignored(session: Session, finding: QaFinding) -> bool:
    """Whether someone ignored this warning on this row."""
    return session.scalar(select(_ignored_column()).where(QaFinding.id == finding.id)) or False


def ignore(session: Session, finding: QaFinding, author: str) -> QaIgnore:
    """Ignore this warning on this row, now and after re-runs, while the flagged text stays the same."""
    existing = session.scalar(select(QaIgnore).where(
        QaIgnore.link_id == finding.link_id, QaIgnore.check_id == finding.check_id,
        QaIgnore.fingerprint == finding.fingerprint))
    if existing is not None:
        return existing
    ignored = QaIgnore(document_id=finding.document_id, link_id=finding.link_id, check_id=finding.check_id,
                       fingerprint=finding.fingerprint, ignored_by=author)
    session.add(ignored)
    session.flush()
    return ignored


def unignore(session: Session, finding: QaFinding) -> None:
    """Show this warning again."""
    session.execute(delete(QaIgnore).where(
        QaIgnore.link_id == finding.link_id, QaIgnore.check_id == finding.check_id,
        QaIgnore.fingerprint == finding.fingerprint))


# --- export -----------------------------------------------------------------------------------------------

def findings_csv(findings: Iterable[dict]) -> str:
    """Findings as CSV (row numbers from 1), one line per finding."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in findings:
        # Tags are spelt out ({1}…{/1}): a spreadsheet would show their private-use characters as nothing.
        writer.writerow([f["position"] + 1, f["check_id"], f["severity"], f["side"],
                         spelled_out(f["flagged"]), f["message"], "yes" if f["ignored"] else "",
                         spelled_out(f["source"]), spelled_out(f["target"])])
    return out.getvalue()

"""Review rows in the API: save a correction or a status with its version; history, revert, repetitions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy.orm import Session

from webapp.api import committing, current_author
from webapp.api.schemas import (
    OperationResultSchema,
    RepetitionsApplySchema,
    RevisionSchema,
    RowFixesSchema,
    RowFixResultSchema,
    RowPatchSchema,
    RowSchema,
    VersionSchema,
)
from webapp.db import get_session
from webapp.models import Link, Operation
from webapp.services import comments, editing, fixes, originals, qa
from webapp.services.glossary_review import term_marks
from webapp.services.operations import row_count

bp = Blueprint("api_rows", __name__, url_prefix="/api/v1/rows", description="Review rows")


def _term_marks(session: Session, links: Sequence[Link]) -> dict[int, list[dict]]:
    """Glossary marks of a page of rows: one matcher call per document (a page has one document).

    The target side keeps only the forbidden variants of a correction: an untouched row's target is its MT,
    marked already, and an approved term in the correction needs no highlight."""
    by_document: dict[int, list[Link]] = {}
    for link in links:
        by_document.setdefault(link.document_id, []).append(link)
    marks: dict[int, list[dict]] = {}
    for document_links in by_document.values():
        marks.update(term_marks(session, document_links[0].document, document_links))
    edited = {link.id for link in links if link.target is not None}

    def shown(link_id: int, mark: dict) -> bool:
        return mark["side"] != "target" or (mark["kind"] == "forbidden" and link_id in edited)

    return {link_id: [m for m in found if shown(link_id, m)] for link_id, found in marks.items()}


def row_dicts(session: Session, links: Sequence[Link]) -> list[dict]:
    """Rows as the API shows them: the link, its comment counts, its QA warnings, and QA and term marks."""
    counts = comments.comment_counts(session, (link.id for link in links))
    found = qa.findings_for_links(session, links)
    terms = _term_marks(session, links)
    labels = originals.block_labels(links[0].document) if links else {}
    rows = [{"id": link.id, "position": link.position, "paragraph": link.paragraph,
             "source_text": link.source_text, "mt_text": link.mt_text, "final_text": link.final_text,
             "edited": link.target is not None, "status": link.status, "version": link.version,
             "score": link.score, "updated_at": link.updated_at, "updated_by": link.updated_by,
             "comments": counts.get(link.id, (0, 0))[0], "open_comments": counts.get(link.id, (0, 0))[1],
             "qa": found.get(link.id, []),
             "marks": qa.marks(link, found.get(link.id, [])) + terms.get(link.id, [])} for link in links]
    if labels:
        for row, link in zip(rows, links, strict=True):
            texts = (link.source_text, link.mt_text, link.target)
            found_tags = originals.row_tags(labels, link.paragraph, *texts)
            if found_tags:
                row["tags"] = found_tags
    return rows


def operation_result(session: Session, operation: Operation, links: Sequence[Link]) -> dict:
    """An operation with the rows it touched, as they are now."""
    summary = {c: getattr(operation, c) for c in ("id", "document_id", "kind", "author", "created_at",
                                                  "undone_at", "undone_by")}
    summary["rows"] = row_count(session, operation)
    return {"operation": summary, "rows": row_dicts(session, links)}


def max_chars() -> int:
    return current_app.config["MAX_SEGMENT_CHARS"]


@bp.get("/<int:row_id>")
@bp.response(200, RowSchema)
def row(row_id: int):
    """One review row."""
    session = get_session()
    return row_dicts(session, [editing.get_link(session, row_id)])[0]


@bp.patch("/<int:row_id>")
@bp.arguments(RowPatchSchema())
@bp.response(200, RowSchema)
@bp.alt_response(409, description="the row changed since the client read it; `current` holds it now")
def patch_row(change: dict, row_id: int):
    """Save a correction and/or a status, if the row still has the version the client edited."""
    session = get_session()
    link = editing.get_link(session, row_id)
    with committing(session, current=_state_now(session, row_id)):
        editing.save_link(session, link, author=current_author(), max_chars=max_chars(), **change)
        qa.check_link(session, link)
        return _row_before_commit(session, link)


def _state_now(session: Session, row_id: int) -> Callable[[], dict]:
    """What a 409 shows: the row as it is once the failed change is rolled back."""
    return lambda: editing.link_state(editing.get_link(session, row_id))


def _row_before_commit(session: Session, link: Link) -> dict:
    """The saved row, read in the transaction that saves it: read after the commit, it would begin another
    transaction, and on SQLite a change request's transactions take the write lock."""
    return row_dicts(session, [link])[0]


@bp.get("/<int:row_id>/revisions")
@bp.response(200, RevisionSchema(many=True))
def revisions(row_id: int):
    """The history of a row, newest first."""
    session = get_session()
    return editing.revisions(session, editing.get_link(session, row_id))


@bp.post("/<int:row_id>/revisions/<int:revision_id>/revert")
@bp.arguments(VersionSchema())
@bp.response(200, RowSchema)
@bp.alt_response(409, description="the row changed since the client read it")
def revert(body: dict, row_id: int, revision_id: int):
    """Set the field a revision changed back to its old value (recorded as a new revision)."""
    session = get_session()
    link = editing.get_link(session, row_id)
    with committing(session, current=_state_now(session, row_id)):
        editing.revert(session, link, revision_id, version=body["version"], author=current_author())
        qa.check_link(session, link)
        return _row_before_commit(session, link)


@bp.get("/<int:row_id>/repetitions")
@bp.response(200, RowSchema(many=True))
def repetitions(row_id: int):
    """The other rows of the document with the same MT text."""
    session = get_session()
    return row_dicts(session, editing.repetitions(session, editing.get_link(session, row_id)))


@bp.post("/<int:row_id>/repetitions")
@bp.arguments(RepetitionsApplySchema())
@bp.response(200, OperationResultSchema)
@bp.alt_response(409, description="a chosen row changed since the client listed it; nothing was changed")
def apply_repetitions(body: dict, row_id: int):
    """Copy this row's correction to the chosen repetitions and confirm them, as one undoable operation."""
    session = get_session()
    link = editing.get_link(session, row_id)
    expected = {r["id"]: r["version"] for r in body["rows"]}
    with committing(session):
        operation, changed = editing.apply_repetitions(session, link, expected, author=current_author(),
                                                       max_chars=max_chars())
    return operation_result(session, operation, changed)


@bp.post("/<int:row_id>/fixes")
@bp.arguments(RowFixesSchema())
@bp.response(200, RowFixResultSchema)
@bp.alt_response(409, description="the row changed since the client read it; `current` holds it now")
def apply_fixes(body: dict, row_id: int):
    """Apply the chosen fixes of the row's findings as a save of the version the client saw, in one
    operation (undo it as one step). The row is re-checked."""
    session = get_session()
    link = editing.get_link(session, row_id)
    chosen = [fixes.Choice(item["finding_id"], item["index"]) for item in body["fixes"]]
    with committing(session, current=_state_now(session, row_id)):
        operation = fixes.apply_in_row(session, link, chosen, version=body["version"],
                                       author=current_author(), max_chars=max_chars())
        return {**_row_before_commit(session, link), "operation_id": operation.id if operation else None}

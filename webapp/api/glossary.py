"""Glossaries in the API: entries (list, add, edit, delete, undo), import, export, suggestions; and, per
document, term marks and fixing forbidden variants."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, request
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from glossary import POLICIES, POS_VALUES, STATUSES
from webapp import jobs
from webapp.api import current_author
from webapp.api.jobs import JobSchema, accepted
from webapp.auth.guard import readable_projects
from webapp.db import get_session
from webapp.downloads import attachment
from webapp.models import GlossaryEntry, Link
from webapp.services import glossary as gs
from webapp.services import glossary_exchange as gx
from webapp.services import glossary_review as gr
from webapp.services.documents import find_document
from webapp.services.editing import link_state
from webapp.services.errors import Conflict, InvalidInput, ServiceError

bp = Blueprint("api_glossaries", __name__, url_prefix="/api/v1/glossaries", description="Glossaries")
documents_bp = Blueprint("api_document_terms", __name__, url_prefix="/api/v1/documents",
                         description="Glossary terms in documents")


class ImportRefused(ServiceError):
    """Rows were rejected and the client did not ask to skip them: nothing was stored."""

    code = 422


class TermList(fields.Field):
    """A list of terms, given as a JSON list or as text separated by "|"."""

    def _deserialize(self, value, attr, data, **kwargs) -> list[str]:
        if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return gs.split_list(value)
        raise ValidationError("give a list of terms or text separated by '|'")


class GlossaryEntrySchema(Schema):
    id = fields.Int()
    glossary_id = fields.Int()
    source = fields.Str()
    targets = fields.List(fields.Str(), metadata={"description": "the first one is preferred"})
    preferred = fields.Str()
    forbidden = fields.List(fields.Str())
    src_lang = fields.Str()
    tgt_lang = fields.Str()
    pos = fields.Str()
    definition = fields.Str()
    note = fields.Str()
    domain = fields.Str()
    case_sensitive = fields.Bool()
    status = fields.Str()
    created_by = fields.Str()
    created_at = fields.Str()
    changed_by = fields.Str()
    changed_at = fields.Str()
    version = fields.Int()
    deleted = fields.Bool()


class GlossaryEntryFields(Schema):
    source = fields.Str(validate=validate.Length(max=gs.MAX_TERM_CHARS))
    targets = TermList()
    forbidden = TermList()
    src_lang = fields.Str()
    tgt_lang = fields.Str()
    pos = fields.Str(validate=validate.OneOf(("", *POS_VALUES)))
    definition = fields.Str()
    note = fields.Str()
    domain = fields.Str(validate=validate.Length(max=200))
    case_sensitive = fields.Bool()
    status = fields.Str(validate=validate.OneOf(STATUSES))


class GlossaryEntryCreateSchema(GlossaryEntryFields):
    source = fields.Str(required=True, validate=validate.Length(min=1, max=gs.MAX_TERM_CHARS))
    targets = TermList(required=True)


class GlossaryEntryPatchSchema(GlossaryEntryFields):
    version = fields.Int(required=True, metadata={"description": "the version the client edited"})


class GlossaryEntryQuery(Schema):
    q = fields.Str(load_default="")
    status = fields.Str(load_default="", validate=validate.OneOf(("", *STATUSES)))
    domain = fields.Str(load_default=None)
    sort = fields.Str(load_default="source", validate=validate.OneOf(tuple(gs.SORTS)))
    order = fields.Str(load_default="asc", validate=validate.OneOf(("asc", "desc")))
    offset = fields.Int(load_default=0, validate=validate.Range(min=0))
    limit = fields.Int(load_default=50, validate=validate.Range(min=1, max=500))


class GlossaryEntryPageSchema(Schema):
    total = fields.Int()
    offset = fields.Int()
    limit = fields.Int()
    entries = fields.List(fields.Nested(GlossaryEntrySchema))


class GlossaryIdsSchema(Schema):
    ids = fields.List(fields.Int(), required=True, validate=validate.Length(min=1, max=10_000))


class GlossaryEntriesSchema(Schema):
    entries = fields.List(fields.Nested(GlossaryEntrySchema))


class GlossaryImportFormSchema(Schema):
    format = fields.Str(load_default=None, validate=validate.OneOf(gx.IMPORT_FORMATS))
    on_duplicate = fields.Str(load_default="skip", validate=validate.OneOf(POLICIES))
    skip_invalid = fields.Bool(load_default=False)


class GlossaryExportQuery(Schema):
    format = fields.Str(load_default="tbx", validate=validate.OneOf(tuple(gx.EXPORT_FORMATS)))


class GlossarySuggestionSchema(Schema):
    old = fields.Str()
    new = fields.Str()
    count = fields.Int()
    source = fields.Str(metadata={"description": "a guess at the source term (may be empty)"})
    examples = fields.List(fields.List(fields.Str()))


class GlossarySuggestionAcceptSchema(Schema):
    source = fields.Str(required=True)
    old = fields.Str(required=True)
    new = fields.Str(required=True)


class GlossarySuggestionDismissSchema(Schema):
    old = fields.Str(required=True)
    new = fields.Str(required=True)


class TermsPageQuery(Schema):
    offset = fields.Int(load_default=0, validate=validate.Range(min=0))
    limit = fields.Int(load_default=200, validate=validate.Range(min=1, max=1000))


class FixRowVersionSchema(Schema):
    id = fields.Int(required=True)
    version = fields.Int(required=True)


class FixForbiddenApplySchema(Schema):
    rows = fields.List(fields.Nested(FixRowVersionSchema), required=True,
                       metadata={"description": "the rows of the preview to fix, with the version seen"})


def register(app: Flask) -> None:
    """Add these blueprints to the app's API (after `webapp.api.register_api`), so they are documented."""
    api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    for blueprint in (bp, documents_bp):
        api.register_blueprint(blueprint)


def _author() -> str:
    return current_author()


@contextmanager
def _committing(session: Session, entry_id: int | None = None) -> Iterator[None]:
    """Run a change and commit it; a concurrent edit or a duplicate source becomes a 409."""
    try:
        yield
        session.commit()
    except StaleDataError:
        session.rollback()
        current = gs.entry_state(session.get(GlossaryEntry, entry_id)) if entry_id else None
        raise Conflict("this entry was changed by someone else since you loaded it",
                       current=current) from None
    except IntegrityError:
        session.rollback()
        raise Conflict("the glossary already has a live entry with that source term") from None
    except BaseException:
        session.rollback()
        raise


# --- glossaries and entries -------------------------------------------------------------------------------

@bp.get("")
def glossaries():
    """Every glossary (global first) with its number of entries."""
    session = get_session()
    listed = gs.list_glossaries(session, readable_projects())
    session.commit()
    return [{"id": g.id, "project_id": g.project_id, "name": g.name, "entries": count, "revision": g.revision,
             "src_lang": g.src_lang, "tgt_lang": g.tgt_lang} for g, count in listed]


@bp.get("/<int:glossary_id>/entries")
@bp.arguments(GlossaryEntryQuery(), location="query")
@bp.response(200, GlossaryEntryPageSchema)
def entries(query: dict, glossary_id: int):
    """A page of live entries: search (source, targets, variants, note, domain), filters, sort."""
    session = get_session()
    page = gs.list_entries(session, gs.get_glossary(session, glossary_id), q=query["q"],
                           status=query["status"], domain=query["domain"], sort=query["sort"],
                           descending=query["order"] == "desc", offset=query["offset"], limit=query["limit"])
    return {"total": page.total, "offset": page.offset, "limit": page.limit,
            "entries": [gs.entry_state(e) for e in page.entries]}


@bp.post("/<int:glossary_id>/entries")
@bp.arguments(GlossaryEntryCreateSchema())
@bp.response(201, GlossaryEntrySchema)
@bp.alt_response(409, description="a live entry has the same source term; `current` holds it")
def create(data: dict, glossary_id: int):
    """Add an entry."""
    session = get_session()
    with _committing(session):
        entry = gs.create_entry(session, gs.get_glossary(session, glossary_id), data, _author())
    return gs.entry_state(entry)


@bp.get("/<int:glossary_id>/entries/<int:entry_id>")
@bp.response(200, GlossaryEntrySchema)
def entry(glossary_id: int, entry_id: int):
    """One entry (deleted ones too, flagged)."""
    session = get_session()
    return gs.entry_state(gs.get_entry(session, gs.get_glossary(session, glossary_id), entry_id))


@bp.patch("/<int:glossary_id>/entries/<int:entry_id>")
@bp.arguments(GlossaryEntryPatchSchema())
@bp.response(200, GlossaryEntrySchema)
@bp.alt_response(409, description="the entry changed since the client read it; `current` holds it now")
def update(change: dict, glossary_id: int, entry_id: int):
    """Change fields of an entry, if it still has the version the client edited."""
    session = get_session()
    found = gs.get_entry(session, gs.get_glossary(session, glossary_id), entry_id)
    version = change.pop("version")
    with _committing(session, entry_id):
        gs.update_entry(session, found, version=version, changes=change, author=_author())
    return gs.entry_state(found)


@bp.delete("/<int:glossary_id>/entries/<int:entry_id>")
@bp.response(200, GlossaryEntrySchema)
def delete(glossary_id: int, entry_id: int):
    """Delete an entry; `POST …/entries/restore` undoes it."""
    session = get_session()
    with _committing(session, entry_id):
        deleted = gs.delete_entries(session, gs.get_glossary(session, glossary_id), [entry_id], _author())
    return gs.entry_state(deleted[0])


@bp.post("/<int:glossary_id>/entries/delete")
@bp.arguments(GlossaryIdsSchema())
@bp.response(200, GlossaryEntriesSchema)
def bulk_delete(data: dict, glossary_id: int):
    """Delete several entries at once."""
    session = get_session()
    with _committing(session):
        deleted = gs.delete_entries(session, gs.get_glossary(session, glossary_id), data["ids"], _author())
    return {"entries": [gs.entry_state(e) for e in deleted]}


@bp.post("/<int:glossary_id>/entries/restore")
@bp.arguments(GlossaryIdsSchema())
@bp.response(200, GlossaryEntriesSchema)
@bp.alt_response(409, description="a live entry with the same source was added since the delete")
def restore(data: dict, glossary_id: int):
    """Undo a delete."""
    session = get_session()
    with _committing(session):
        restored = gs.restore_entries(session, gs.get_glossary(session, glossary_id), data["ids"], _author())
    return {"entries": [gs.entry_state(e) for e in restored]}


# --- exchange ---------------------------------------------------------------------------------------------

def report_dict(result: gx.ImportResult) -> dict:
    """An import result as JSON: counts, duplicates and every rejected row."""
    report = result.report
    return {"stored": result.stored, "created": result.created, "updated": result.updated,
            "summary": result.summary, "accepted": len(report.accepted),
            "duplicates": [{"line": d.line, "source": d.source, "action": d.action,
                            "within_file": d.within_file} for d in report.duplicates],
            "rejected": [{"line": r.line, "reason": r.reason, "source": r.source} for r in report.rejected],
            "ignored_columns": list(report.ignored_columns), "details": report.details}


@bp.post("/<int:glossary_id>/import")
@bp.arguments(GlossaryImportFormSchema(), location="form")
@bp.alt_response(422, description="rows were rejected and skip_invalid was not set: nothing was stored")
def import_file(form: dict, glossary_id: int):
    """Import a CSV / TSV / TBX file (multipart field `file`); all or nothing unless skip_invalid."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput("send the glossary file in the multipart field 'file'")
    session = get_session()
    with _committing(session):
        result = gx.import_glossary(session, gs.get_glossary(session, glossary_id), upload.read(),
                                    fmt=form["format"], filename=upload.filename, policy=form["on_duplicate"],
                                    skip_invalid=form["skip_invalid"], author=_author())
    if not result.stored:
        raise ImportRefused(result.summary, report=report_dict(result))
    return report_dict(result)


@bp.get("/<int:glossary_id>/export")
@bp.arguments(GlossaryExportQuery(), location="query")
@bp.alt_response(409, description="the glossary is empty and TBX has no valid empty file: nothing to export")
def export(query: dict, glossary_id: int):
    """Download the glossary as CSV, TBX-Basic (`tbx`, the default) or TBX v3 (`tbx3`)."""
    session = get_session()
    return attachment(*gx.export_glossary(session, gs.get_glossary(session, glossary_id), query["format"]))


# --- suggestions ------------------------------------------------------------------------------------------

@bp.get("/<int:glossary_id>/suggestions")
@bp.response(200, GlossarySuggestionSchema(many=True))
def suggestions(glossary_id: int):
    """Replacements reviewers made in three or more rows, proposed as entries."""
    session = get_session()
    return [vars(s) for s in gr.suggestions(session, gs.get_glossary(session, glossary_id))]


@bp.post("/<int:glossary_id>/suggestions/accept")
@bp.arguments(GlossarySuggestionAcceptSchema())
@bp.response(201, GlossaryEntrySchema)
def accept_suggestion(data: dict, glossary_id: int):
    """Add a suggestion as a proposed entry, its old wording as a forbidden variant."""
    session = get_session()
    with _committing(session):
        entry = gr.accept_suggestion(session, gs.get_glossary(session, glossary_id), author=_author(), **data)
    return gs.entry_state(entry)


@bp.post("/<int:glossary_id>/suggestions/dismiss")
@bp.arguments(GlossarySuggestionDismissSchema())
@bp.response(204)
def dismiss_suggestion(data: dict, glossary_id: int):
    """Stop suggesting this replacement."""
    session = get_session()
    with _committing(session):
        gr.dismiss_suggestion(session, gs.get_glossary(session, glossary_id), author=_author(), **data)


# --- terms in documents -----------------------------------------------------------------------------------

@documents_bp.get("/<int:document_id>/terms")
@documents_bp.arguments(TermsPageQuery(), location="query")
def terms(query: dict, document_id: int):
    """Glossary terms and forbidden variants in a page of rows (same paging as the rows endpoint)."""
    session = get_session()
    document = find_document(session, document_id)
    total = session.scalar(select(func.count(Link.id)).where(Link.document_id == document.id))
    links = session.scalars(select(Link).where(Link.document_id == document.id).order_by(Link.position)
                            .offset(query["offset"]).limit(query["limit"])
                            .options(selectinload(Link.sentences))).all()
    marks = gr.term_marks(session, document, links)
    return {"total": total, "offset": query["offset"],
            "rows": [{"id": link.id, "marks": marks[link.id]} for link in links]}


@documents_bp.post("/<int:document_id>/fix-forbidden/preview")
def fix_preview(document_id: int):
    """Every row with a forbidden variant: its text now, after the fix, and each change."""
    session = get_session()
    fixes = gr.forbidden_fixes(session, find_document(session, document_id))
    return {"rows": [fix.as_dict() for fix in fixes]}


@documents_bp.post("/<int:document_id>/fix-forbidden/apply")
@documents_bp.arguments(FixForbiddenApplySchema())
@documents_bp.alt_response(202, schema=JobSchema, description=f"more than {jobs.BULK_INLINE_MAX_ROWS:,} "
                           "rows: the fix runs as a background job; its result names the operation")
@documents_bp.alt_response(409, description="a row changed since the preview; nothing was changed")
def fix_apply(data: dict, document_id: int):
    """Fix the chosen rows as one operation (one undo step); each change is a revision."""
    session = get_session()
    document = find_document(session, document_id)
    expected = {row["id"]: row["version"] for row in data["rows"]}
    max_chars = current_app.config["MAX_SEGMENT_CHARS"]
    if len(expected) > jobs.BULK_INLINE_MAX_ROWS:
        return accepted(jobs.start(session, kind="fix_terms", author=_author(), document_id=document.id,
                                   params={"rows": list(expected.items()), "max_chars": max_chars}))
    with _committing(session):
        operation, links = gr.apply_fixes(session, document, expected, author=_author(), max_chars=max_chars)
    return {"operation_id": operation.id if operation else None, "rows": [link_state(link) for link in links]}

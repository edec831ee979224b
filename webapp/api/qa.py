"""QA in the API: the checks and their documentation, run QA on a document (a job), list, ignore findings."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from segments.qa import ALL_CHECKS, CHECKS_BY_ID
from webapp import jobs
from webapp.api import committing, current_author
from webapp.api.jobs import JobSchema, accepted
from webapp.api.schemas import FixSchema
from webapp.db import get_session
from webapp.services import fixes, qa
from webapp.services.documents import find_document

bp = Blueprint("api_qa", __name__, url_prefix="/api/v1", description="QA checks and findings")


class CheckSchema(Schema):
    id = fields.Str(metadata={"description": "stable snake_case id: the database key and the ignore flag"})
    severity = fields.Str(metadata={"description": "error, warning or info"})
    title = fields.Str()
    description = fields.Str(metadata={"description": "what it catches"})
    example = fields.Str()
    scope = fields.Str(metadata={"description": "row (run on every save) or document (run on demand)"})
    needs_source = fields.Bool(metadata={"description": "only runs on rows that have a source"})


class FindingSchema(Schema):
    id = fields.Int()
    row_id = fields.Int(attribute="link_id")
    position = fields.Int(metadata={"description": "the row's position in the document, from 0"})
    check_id = fields.Str()
    title = fields.Str(metadata={"description": "the check's title"})
    severity = fields.Str()
    message = fields.Str()
    side = fields.Str(metadata={"description": "source or target: the text the spans point into"})
    spans = fields.List(fields.List(fields.Int()), metadata={"description": "[start, end] code points"})
    flagged = fields.Str(metadata={"description": "the text under the spans, joined by |"})
    source = fields.Str()
    target = fields.Str(metadata={"description": "the row's current target text"})
    ignored = fields.Bool()
    fixes = fields.List(fields.Nested(FixSchema))


class FindingQuery(Schema):
    check = fields.Str(load_default=None, validate=validate.OneOf(list(CHECKS_BY_ID)))
    severity = fields.Str(load_default=None, validate=validate.OneOf(qa.SEVERITIES))
    ignored = fields.Bool(load_default=None, allow_none=True,
                          metadata={"description": "only ignored (true) or only open (false) findings"})
    offset = fields.Int(load_default=0, validate=validate.Range(min=0))
    limit = fields.Int(load_default=500, validate=validate.Range(min=1, max=5000))


class FindingPageSchema(Schema):
    total = fields.Int(metadata={"description": "findings passing the filters"})
    offset = fields.Int()
    counts = fields.Dict(keys=fields.Str(), values=fields.Int(),
                         metadata={"description": "open (not ignored) findings per check, unfiltered"})
    findings = fields.List(fields.Nested(FindingSchema))


class IgnoreResultSchema(Schema):
    id = fields.Int()
    check_id = fields.Str()
    ignored = fields.Bool()


@bp.get("/qa/checks")
@bp.response(200, CheckSchema(many=True))
def checks():
    """Every QA check with its documentation, in registry order."""
    return [qa.check_doc(check.id) for check in ALL_CHECKS]


@bp.post("/documents/<int:document_id>/qa-jobs")
@bp.response(202, JobSchema)
def run(document_id: int):
    """Run every enabled check on the whole document in the background; follow the returned job."""
    session = get_session()
    document = find_document(session, document_id)
    return jobs.start(session, kind="qa", params={}, author=current_author(), document_id=document.id)


@bp.get("/documents/<int:document_id>/qa")
@bp.arguments(FindingQuery(), location="query")
@bp.response(200, FindingPageSchema)
def findings(query: dict, document_id: int):
    """The document's current findings in row order, filtered by check, severity and ignored flag."""
    session = get_session()
    document = find_document(session, document_id)
    chosen = {"check_id": query["check"], "severity": query["severity"], "ignored": query["ignored"]}
    page = qa.document_findings(session, document, offset=query["offset"], limit=query["limit"], **chosen)
    return {"total": qa.count_findings(session, document, **chosen), "offset": query["offset"],
            "counts": qa.finding_counts(session, document).open, "findings": page}


@bp.post("/qa/findings/<int:finding_id>/ignore")
@bp.response(200, IgnoreResultSchema)
def ignore(finding_id: int):
    """Ignore this warning on its row; it stays ignored across re-runs while the flagged text is the same."""
    session = get_session()
    finding = qa.get_finding(session, finding_id)
    with committing(session):
        qa.ignore(session, finding, current_author())
    return {"id": finding.id, "check_id": finding.check_id, "ignored": True}


@bp.delete("/qa/findings/<int:finding_id>/ignore")
@bp.response(200, IgnoreResultSchema)
def unignore(finding_id: int):
    """Show this warning again."""
    session = get_session()
    finding = qa.get_finding(session, finding_id)
    with committing(session):
        qa.unignore(session, finding)
    return {"id": finding.id, "check_id": finding.check_id, "ignored": False}


# --- fixes ------------------------------------------------------------------------------------------------

class ProposalSchema(Schema):
    finding_id = fields.Int()
    row_id = fields.Int()
    row = fields.Int(metadata={"description": "the row's number, from 1"})
    version = fields.Int(metadata={"description": "the row's version: send it back to apply"})
    status = fields.Str()
    check_id = fields.Str()
    title = fields.Str()
    kind = fields.Str(metadata={"description": "the default fix's kind: safe or suggested"})
    before = fields.Str(metadata={"description": "the row's target now"})
    after = fields.Str(metadata={"description": "the target with this finding's default fix"})
    options = fields.List(fields.Dict(), metadata={"description": "every fix of the finding: index, kind, "
                                                                  "text"})


class ProposalQuery(Schema):
    check = fields.List(fields.Str(validate=validate.OneOf(list(CHECKS_BY_ID))), load_default=None)
    kind = fields.List(fields.Str(validate=validate.OneOf(fixes.KINDS)), load_default=None)
    offset = fields.Int(load_default=0, validate=validate.Range(min=0))
    limit = fields.Int(load_default=500, validate=validate.Range(min=1, max=5000))


class ProposalPageSchema(Schema):
    total = fields.Int(metadata={"description": "open fixes passing the filters"})
    offset = fields.Int()
    fixes = fields.List(fields.Nested(ProposalSchema))


class ChoiceSchema(Schema):
    finding_id = fields.Int(required=True)
    index = fields.Int(load_default=0, validate=validate.Range(min=0),
                       metadata={"description": "which fix of the finding (0: the default)"})
    version = fields.Int(load_default=None, allow_none=True, metadata={
        "description": "the row's version when listed: a row changed since is skipped, not overwritten"})
    row_id = fields.Int(load_default=None, allow_none=True, metadata={
        "description": "the finding's row, to name it if the finding is gone (a re-check replaced it)"})


class ApplyFixesSchema(Schema):
    fixes = fields.List(fields.Nested(ChoiceSchema), required=True, validate=validate.Length(min=1))


class ApplyOutcomeSchema(Schema):
    operation_id = fields.Int(allow_none=True, metadata={"description": "undo it as one step; null: nothing "
                                                                        "changed"})
    rows = fields.Int(metadata={"description": "rows changed"})
    changed = fields.List(fields.Int(), metadata={"description": "ids of the rows changed"})
    skipped = fields.List(fields.Dict(), metadata={
        "description": "fixes left alone: finding_id, row, reason (changed since listed, confirmed, gone)"})


@bp.get("/documents/<int:document_id>/fixes")
@bp.arguments(ProposalQuery(), location="query")
@bp.response(200, ProposalPageSchema)
def proposed_fixes(query: dict, document_id: int):
    """The fixes QA proposes for the document's open findings, in row order (paged), default fix first."""
    session = get_session()
    document = find_document(session, document_id)
    total, found = fixes.proposals(session, document, check_ids=query["check"], kinds=query["kind"],
                                   offset=query["offset"], limit=query["limit"])
    return {"total": total, "offset": query["offset"], "fixes": [p.as_dict() for p in found]}


@bp.post("/documents/<int:document_id>/fixes/apply")
@bp.arguments(ApplyFixesSchema())
@bp.response(200, ApplyOutcomeSchema)
@bp.alt_response(202, schema=JobSchema, description=f"more than {jobs.BULK_INLINE_MAX_ROWS:,} fixes: a "
                 "background job applies them; its result is this outcome")
def apply_fixes(body: dict, document_id: int):
    """Apply the chosen fixes, composed per row, as one operation (one undo step). A row changed since the
    list was drawn, and a confirmed row, is skipped and named in `skipped`."""
    session = get_session()
    document = find_document(session, document_id)
    chosen = body["fixes"]
    if len(chosen) > jobs.BULK_INLINE_MAX_ROWS:
        return accepted(jobs.start(session, kind="fix", author=current_author(), document_id=document.id,
                                   params={"fixes": chosen,
                                           "max_chars": current_app.config["MAX_SEGMENT_CHARS"]}))
    with committing(session):
        outcome = fixes.apply(session, document, fixes.choices_from(chosen), author=current_author(),
                              max_chars=current_app.config["MAX_SEGMENT_CHARS"])
        return outcome.as_dict()

"""QA in the API: the checks and their documentation, run QA on a document (a job), list, ignore findings."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from segments.qa import ALL_CHECKS, CHECKS_BY_ID
from webapp import jobs
from webapp.api import committing, current_author
from webapp.api.jobs import JobSchema
from webapp.db import get_session
from webapp.services import qa
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

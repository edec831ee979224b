"""Background jobs in the API: start an export job, follow any job's progress, fetch its result file."""

from __future__ import annotations

from flask import jsonify
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from webapp import jobs
from webapp.api import current_author
from webapp.db import get_session
from webapp.downloads import attachment
from webapp.models import Job, JobStatus
from webapp.services.documents import find_document
from webapp.services.errors import InvalidInput, NotFound
from webapp.services.exports import EXPORT_FORMATS

bp = Blueprint("api_jobs", __name__, url_prefix="/api/v1", description="Background jobs")


class JobSchema(Schema):
    id = fields.Int()
    kind = fields.Str()
    status = fields.Str(metadata={"description": "queued, running, done or failed"})
    progress = fields.Float(metadata={"description": "0 to 1"})
    message = fields.Str()
    error = fields.Str(allow_none=True, metadata={"description": "why the job failed, for the user"})
    result = fields.Dict(allow_none=True)
    document_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)


class ExportJobSchema(Schema):
    format = fields.Str(required=True, validate=validate.OneOf(EXPORT_FORMATS))
    confirmed_only = fields.Bool(load_default=False)
    quotes = fields.Str(load_default="keep", validate=validate.OneOf(("keep", "straight", "curly")))
    single_space = fields.Bool(load_default=False)
    no_space_before_punctuation = fields.Bool(load_default=False)


def accepted(job: Job):
    """The answer to a change that runs as a background job: 202 and the job to follow."""
    return jsonify(JobSchema().dump(job)), 202


def _job(job_id: int) -> Job:
    job = get_session().get(Job, job_id)
    if job is None:
        raise NotFound(f"no job {job_id}")
    return job


@bp.get("/jobs/<int:job_id>")
@bp.response(200, JobSchema)
def job(job_id: int):
    """A job's status and progress; poll it until it is done or failed."""
    return _job(job_id)


@bp.get("/jobs/<int:job_id>/file")
@bp.response(200, description="the file the job produced")
def job_file(job_id: int):
    """Download what a finished export job wrote."""
    found = _job(job_id)
    result = next((f for f in found.files if f.role == "result"), None)
    if found.status != JobStatus.DONE or result is None:
        raise InvalidInput("this job has no file (yet)")
    return attachment(result.data, result.media_type, result.name)


@bp.post("/documents/<int:document_id>/export-jobs")
@bp.arguments(ExportJobSchema())
@bp.response(202, JobSchema)
def start_export(body: dict, document_id: int):
    """Export a document in the background; follow the returned job, then fetch its file."""
    session = get_session()
    document = find_document(session, document_id)
    format_id = body.pop("format")
    return jobs.start(session, kind="export", params={"format": format_id, "options": body},
                      author=current_author(), document_id=document.id)

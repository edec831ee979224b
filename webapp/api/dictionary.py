"""A project's spelling dictionary in the API: list, add, remove, import and export its words."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from webapp.api import committing, current_author
from webapp.db import get_session
from webapp.downloads import attachment
from webapp.models.qa import WORD_CHARS
from webapp.services import dictionary
from webapp.services.errors import InvalidInput
from webapp.services.projects import get_project

bp = Blueprint("api_dictionary", __name__, url_prefix="/api/v1/projects",
               description="Project spelling dictionaries: words the spelling check accepts")


class WordSchema(Schema):
    word = fields.Str(metadata={"description": "as first added; the dictionary ignores case"})
    added_by = fields.Str()
    added_at = fields.DateTime()


class WordQuery(Schema):
    q = fields.Str(load_default="", validate=validate.Length(max=WORD_CHARS),
                   metadata={"description": "only words containing this text (any case)"})
    offset = fields.Int(load_default=0, validate=validate.Range(min=0))
    limit = fields.Int(load_default=500, validate=validate.Range(min=1, max=5000))


class WordPageSchema(Schema):
    total = fields.Int(metadata={"description": "words matching `q`"})
    offset = fields.Int()
    words = fields.List(fields.Nested(WordSchema), metadata={"description": "in alphabetical order"})


class WordAddSchema(Schema):
    word = fields.Str(required=True, metadata={
        "description": "one word of letters, ' or - allowed between them, at most "
                       f"{WORD_CHARS} characters; surrounding spaces are trimmed"})


class WordAddedSchema(Schema):
    word = fields.Nested(WordSchema)
    added = fields.Bool(metadata={"description": "false: the word was already there (in some case)"})
    cleared = fields.Int(metadata={"description": "stored spelling findings of the word deleted"})
    message = fields.Str()


class WordRemovedSchema(Schema):
    word = fields.Nested(WordSchema)
    message = fields.Str(metadata={"description": "the word is flagged again from the next QA run"})


class ImportedSchema(Schema):
    added = fields.Int(metadata={"description": "new words"})
    already = fields.Int(metadata={"description": "words of the list already in the dictionary"})
    cleared = fields.Int(metadata={"description": "stored spelling findings of the new words deleted"})
    total = fields.Int(metadata={"description": "words in the dictionary now"})
    message = fields.Str()


@bp.get("/<int:project_id>/dictionary")
@bp.arguments(WordQuery(), location="query")
@bp.response(200, WordPageSchema)
def words(query: dict, project_id: int):
    """The project's dictionary, a page of words in alphabetical order."""
    session = get_session()
    total, page = dictionary.list_words(session, get_project(session, project_id), q=query["q"],
                                        offset=query["offset"], limit=query["limit"])
    return {"total": total, "offset": query["offset"], "words": page}


@bp.post("/<int:project_id>/dictionary")
@bp.arguments(WordAddSchema())
@bp.response(201, WordAddedSchema)
def add(body: dict, project_id: int):
    """Add a word; its stored spelling findings in the project's documents are cleared at once."""
    session = get_session()
    project = get_project(session, project_id)
    with committing(session):
        done = dictionary.add_word(session, project, body["word"], current_author())
    return {"word": done.entry, "added": done.new, "cleared": done.cleared, "message": done.summary}


@bp.delete("/<int:project_id>/dictionary/<string:word>")
@bp.response(200, WordRemovedSchema)
def remove(project_id: int, word: str):
    """Remove a word (in any case); 404 when the dictionary has no such word."""
    session = get_session()
    project = get_project(session, project_id)
    with committing(session):
        entry = dictionary.remove_word(session, project, word, current_author())
    return {"word": entry, "message": dictionary.removed_summary(entry)}


_WORD_LIST_BODY = {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary", "description": "the word list"}}}},
    "text/plain": {"schema": {"type": "string", "description": "the word list"}}}}


@bp.post("/<int:project_id>/dictionary/import")
@bp.doc(requestBody=_WORD_LIST_BODY)
@bp.response(200, ImportedSchema)
def import_list(project_id: int):
    """Merge a word list: multipart field `file`, or the request body as text/plain. UTF-8, one word a
    line, blank lines and # comments skipped; all or nothing: a bad line is refused with its number."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data = upload.read()
    elif request.mimetype == "text/plain":
        data = request.get_data()
    else:
        raise InvalidInput("send the word list in the multipart field 'file' or as a text/plain body")
    session = get_session()
    project = get_project(session, project_id)
    with committing(session):
        done = dictionary.import_words(session, project, data, current_author())
    return {"added": done.added, "already": done.already, "cleared": done.cleared,
            "total": dictionary.count_words(session, project), "message": done.summary}


@bp.get("/<int:project_id>/dictionary/export")
@bp.response(200, description="the word list: text/plain, one word a line, in alphabetical order")
def export(project_id: int):
    """Download the dictionary as a word list (what import reads back)."""
    session = get_session()
    project = get_project(session, project_id)
    return attachment(dictionary.export_words(session, project), "text/plain; charset=utf-8",
                      dictionary.export_name(project))

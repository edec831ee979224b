"""Marshmallow schemas of the API: they validate input and describe output in the OpenAPI document."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from webapp.services.editing import STATUSES


class DocumentSchema(Schema):
    id = fields.Int()
    title = fields.Str()
    src_lang = fields.Str()
    tgt_lang = fields.Str()
    total = fields.Int(metadata={"description": "number of rows (alignment links)"})
    confirmed = fields.Int()
    percent = fields.Int(metadata={"description": "confirmed rows, per cent"})
    updated_at = fields.DateTime()
    updated_by = fields.Str()


class RowSchema(Schema):
    id = fields.Int()
    position = fields.Int()
    paragraph = fields.Int()
    source = fields.Str(attribute="source_text")
    mt = fields.Str(attribute="mt_text")
    target = fields.Str(attribute="final_text")
    status = fields.Str()
    version = fields.Int()
    score = fields.Float()
    updated_at = fields.DateTime()
    updated_by = fields.Str()


class RowPageQuery(Schema):
    offset = fields.Int(load_default=0, validate=validate.Range(min=0))
    limit = fields.Int(load_default=200, validate=validate.Range(min=1, max=1000))


class RowPageSchema(Schema):
    total = fields.Int()
    offset = fields.Int()
    rows = fields.List(fields.Nested(RowSchema))


class RowPatchSchema(Schema):
    version = fields.Int(required=True, metadata={"description": "the version the client edited"})
    target = fields.Str(metadata={"description": "the corrected text"})
    status = fields.Str(validate=validate.OneOf(STATUSES))


class RevisionSchema(Schema):
    id = fields.Int()
    field = fields.Str()
    old = fields.Str(allow_none=True)
    new = fields.Str(allow_none=True)
    author = fields.Str()
    created_at = fields.DateTime()

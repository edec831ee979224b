"""Marshmallow schemas of the API: they validate input and describe output in the OpenAPI document."""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from webargs.fields import DelimitedList

from webapp.services.editing import STATUSES
from webapp.services.search import FIELDS


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


class DocumentListQuery(Schema):
    offset = fields.Int(load_default=0, validate=validate.Range(min=0))
    limit = fields.Int(load_default=100, validate=validate.Range(min=1, max=1000))
    q = fields.Str(load_default="", validate=validate.Length(max=200),
                   metadata={"description": "only documents whose title holds this text (any case)"})


class MarkSchema(Schema):
    side = fields.Str(validate=validate.OneOf(("source", "mt", "target")))
    start = fields.Int(metadata={"description": "offset of the first character in the side's text"})
    end = fields.Int(metadata={"description": "offset just past the last character"})
    kind = fields.Str(metadata={"description": "qa, term (glossary term) or forbidden (forbidden variant)"})
    title = fields.Str(metadata={"description": "tooltip text, e.g. the approved translation"})
    preferred = fields.Str(metadata={"description": "terms: the approved translation, for inserting it"})
    term_id = fields.Int(metadata={"description": "terms: the glossary entry"})


class QaIssueSchema(Schema):
    id = fields.Int(metadata={"description": "finding id, for ignore / unignore"})
    check = fields.Str(attribute="check_id", metadata={"description": "check id (see /api/v1/qa/checks)"})
    severity = fields.Str(metadata={"description": "error, warning or info"})
    message = fields.Str()
    side = fields.Str(metadata={"description": "source or target: the text the spans point into"})
    spans = fields.List(fields.List(fields.Int()), metadata={"description": "[start, end] code points"})
    ignored = fields.Bool(metadata={"description": "someone chose to ignore this warning on this row"})
    fixes = fields.List(fields.Nested(lambda: FixSchema()), metadata={
        "description": "repairs the check proposes for the target, the default first"})


class FixSchema(Schema):
    index = fields.Int(metadata={"description": "which fix of the finding (0: the default)"})
    kind = fields.Str(metadata={"description": "safe (mechanical, meaning kept) or suggested (judgement)"})
    edits = fields.List(fields.List(fields.Raw()), metadata={
        "description": "[start, end, replacement] on the target, code points; none: keep the text"})
    text = fields.Str(metadata={"description": "the row's target with this fix applied"})


class RowSchema(Schema):
    id = fields.Int()
    position = fields.Int()
    paragraph = fields.Int()
    source = fields.Str(attribute="source_text")
    mt = fields.Str(attribute="mt_text")
    target = fields.Str(attribute="final_text")
    edited = fields.Bool(metadata={"description": "false while the MT stands untouched"})
    status = fields.Str()
    version = fields.Int()
    score = fields.Float(metadata={"description": "alignment confidence, 0..1; below 0.5 is low"})
    updated_at = fields.DateTime()
    updated_by = fields.Str()
    comments = fields.Int(metadata={"description": "number of comments"})
    open_comments = fields.Int(metadata={"description": "comments not resolved"})
    qa = fields.List(fields.Nested(QaIssueSchema), metadata={"description": "QA warnings (filled by QA)"})
    marks = fields.List(fields.Nested(MarkSchema), metadata={"description": "spans to highlight"})
    tags = fields.Dict(keys=fields.Str(), values=fields.Str(), metadata={
        "description": "rows of an original file with inline tags: tag id -> what it stands for"})


class _FilterFields(Schema):
    has_qa = fields.Bool(load_default=None, allow_none=True)
    has_comment = fields.Bool(load_default=None, allow_none=True)
    text = fields.Str(load_default="", metadata={"description": "text (or regular expression) to find"})
    where = fields.Str(load_default="any", validate=validate.OneOf(FIELDS))
    regex = fields.Bool(load_default=False)
    case = fields.Bool(load_default=False, metadata={"description": "match case"})


class FilterQuery(_FilterFields):
    status = DelimitedList(fields.Str(validate=validate.OneOf(STATUSES)), load_default=list,
                           metadata={"description": "comma-separated statuses"})


class RowPageQuery(FilterQuery):
    offset = fields.Int(load_default=0, validate=validate.Range(min=0))
    limit = fields.Int(load_default=200, validate=validate.Range(min=1, max=1000))
    ids = DelimitedList(fields.Int(), load_default=list, validate=validate.Length(max=1000),
                        metadata={"description": "these rows instead of a page (filters and paging ignored)"})


class RowPageSchema(Schema):
    total = fields.Int()
    offset = fields.Int()
    rows = fields.List(fields.Nested(RowSchema))


class SearchResultSchema(Schema):
    total = fields.Int()
    ids = fields.List(fields.Int(), metadata={"description": "ids of the matching rows, in document order"})


class StatusCountsSchema(Schema):
    total = fields.Int()
    new = fields.Int()
    edited = fields.Int()
    confirmed = fields.Int()
    flagged = fields.Int()


class RowFixResultSchema(RowSchema):
    operation_id = fields.Int(allow_none=True, metadata={"description": "undo it as one step; null: nothing "
                                                                        "changed"})


class RowPatchSchema(Schema):
    version = fields.Int(required=True, metadata={"description": "the version the client edited"})
    target = fields.Str(metadata={"description": "the corrected text"})
    status = fields.Str(validate=validate.OneOf(STATUSES))


class RowFixChoiceSchema(Schema):
    finding_id = fields.Int(required=True)
    index = fields.Int(load_default=0, validate=validate.Range(min=0),
                       metadata={"description": "which fix of the finding (0: the default)"})


class RowFixesSchema(Schema):
    version = fields.Int(required=True, metadata={"description": "the version the client saw"})
    fixes = fields.List(fields.Nested(RowFixChoiceSchema), required=True, validate=validate.Length(min=1))


class VersionSchema(Schema):
    version = fields.Int(required=True, metadata={"description": "the version the client saw"})


class RevisionSchema(Schema):
    id = fields.Int()
    field = fields.Str()
    old = fields.Str(allow_none=True)
    new = fields.Str(allow_none=True)
    author = fields.Str()
    created_at = fields.DateTime()
    operation_id = fields.Int(allow_none=True)


class CommentSchema(Schema):
    id = fields.Int(dump_only=True)
    row_id = fields.Int(attribute="link_id", dump_only=True)
    body = fields.Str(required=True, validate=validate.Length(min=1, max=5000))
    author = fields.Str(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    resolved = fields.Bool(dump_only=True)
    resolved_by = fields.Str(allow_none=True, dump_only=True)
    resolved_at = fields.DateTime(allow_none=True, dump_only=True)


class CommentPatchSchema(Schema):
    resolved = fields.Bool(required=True)


class RowVersionSchema(Schema):
    id = fields.Int(required=True)
    version = fields.Int(required=True)


class ReplaceSchema(_FilterFields):
    status = fields.List(fields.Str(validate=validate.OneOf(STATUSES)), load_default=list)
    find = fields.Str(required=True, validate=validate.Length(min=1, max=1000))
    replace = fields.Str(load_default="", validate=validate.Length(max=20_000))
    find_regex = fields.Bool(load_default=False, metadata={"description": "`find` is a regular expression"})
    find_case = fields.Bool(load_default=False)


class ReplaceApplySchema(ReplaceSchema):
    rows = fields.List(fields.Nested(RowVersionSchema), required=True,
                       metadata={"description": "the previewed rows with the versions previewed"})


class ChangeSchema(Schema):
    id = fields.Int()
    position = fields.Int()
    version = fields.Int()
    before = fields.Str()
    after = fields.Str()


class PreviewSchema(Schema):
    total = fields.Int()
    changes = fields.List(fields.Nested(ChangeSchema))


class OperationSchema(Schema):
    id = fields.Int()
    document_id = fields.Int()
    kind = fields.Str()
    author = fields.Str()
    created_at = fields.DateTime()
    undone_at = fields.DateTime(allow_none=True)
    undone_by = fields.Str(allow_none=True)
    rows = fields.Int(metadata={"description": "rows changed"})


class OperationResultSchema(Schema):
    operation = fields.Nested(OperationSchema)
    rows = fields.List(fields.Nested(RowSchema), metadata={"description": "the rows as they are now"})


class RepetitionsApplySchema(Schema):
    rows = fields.List(fields.Nested(RowVersionSchema), required=True)

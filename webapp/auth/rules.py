"""Who may call what: one rule per endpoint, checked before every request.

A rule names the permission needed ("read", "edit", "terms", "own", or "admin"), or says the endpoint is
"public" (no login) or needs only a "login". The project a request concerns is found from its URL: a row,
comment, operation, finding, job, glossary, document or project id. An endpoint with no rule is refused,
and a test fails until it gets one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Request, current_app
from sqlalchemy.orm import Session

from webapp.models import Comment, Document, Glossary, Job, Link, Operation, Project, QaFinding
from webapp.services.editing import ROW_LOADING
from webapp.services.errors import NotFound
from webapp.services.projects import find_project

PUBLIC, LOGIN = "public", "login"
_KEPT = "bitext.resolved"

_READ = """
    documents.job_page review.document exchange.page exchange.download exchange.export_job qa.report qa.export
    qa.cleanup
    projects.settings projects.export_words api_dictionary.words api_dictionary.export
    api_documents.document api_documents.rows api_documents.statuses api_documents.operations
    api_rows.row api_rows.revisions api_rows.repetitions api_comments.row_comments api_search.find
    api_document_terms.terms api_jobs.job api_jobs.job_file api_jobs.start_export api_qa.findings
    api_qa.proposed_fixes
    api_operations.operation api_memory.row_matches api_memory.row_effort api_memory.document_effort
    glossary.project glossary.export memory.project memory.export_tmx api_memory.stats api_memory.export_tmx
    api_glossaries.entries api_glossaries.entry api_glossaries.export api_glossaries.suggestions
""".split()
_EDIT = """
    api_rows.patch_row api_rows.revert api_rows.apply_repetitions
    api_comments.add api_comments.patch api_comments.delete api_search.preview api_search.replace
    api_structure.split api_structure.merge_next api_structure.move api_structure.detach
    api_structure.split_link api_documents.resegment
    api_operations.undo api_document_terms.fix_preview api_document_terms.fix_apply
    api_qa.run api_qa.ignore api_qa.unignore api_qa.apply_fixes api_rows.apply_fixes api_memory.record_effort
    exchange.apply
    api_glossaries.create api_glossaries.accept_suggestion glossary.suggestion
    projects.add_word projects.remove_word projects.import_words
    api_dictionary.add api_dictionary.remove api_dictionary.import_list
""".split()
_TERMS = """
    api_glossaries.update api_glossaries.delete api_glossaries.bulk_delete api_glossaries.restore
    api_glossaries.import_file api_glossaries.dismiss_suggestion glossary.import_file
""".split()
_OWN = """
    api_documents.delete projects.save_settings memory.settings memory.import_tmx auth.members auth.set_member
    api_memory.import_tmx api_memory.settings
""".split()
_LOGIN = """
    documents.index projects.index api_documents.documents api_glossaries.glossaries
    glossary.index api_qa.checks memory.concordance api_memory.concordance api-docs.openapi_json
    auth.account auth.logout auth.create_token auth.revoke_token auth.change_password
""".split()
_ADMIN = "api_memory.user_effort auth.end_sessions".split()
# These name their project in a `project` parameter (id or name; none means the default project).
PROJECT_PARAM = frozenset(
    "api_memory.stats api_memory.export_tmx api_memory.import_tmx api_memory.settings".split())
_PUBLIC = "static auth.login auth.do_login".split()

RULES: dict[str, str] = {
    **dict.fromkeys(_READ, "read"), **dict.fromkeys(_EDIT, "edit"), **dict.fromkeys(_TERMS, "terms"),
    **dict.fromkeys(_OWN, "own"), **dict.fromkeys(_LOGIN, LOGIN), **dict.fromkeys(_ADMIN, "admin"),
    **dict.fromkeys(_PUBLIC, PUBLIC),
}
# Uploading a document creates it in the default project: it needs the right to edit there.
DEFAULT_PROJECT_EDIT = ("documents.upload",)
RULES.update(dict.fromkeys(DEFAULT_PROJECT_EDIT, "edit"))


class Unknown(Exception):
    """The URL names something that does not exist (answered 404 by the view, or by the guard)."""


class AdminOnly(Exception):
    """The URL names something of no project that only an administrator may see (404 to everyone else)."""


def _found(session: Session, model, key: int, options: Sequence = ()):
    """The object with this key, kept by the session until the request ends: the view asks for it again,
    and the identity map answers without a query only while something holds the object."""
    found = session.get(model, key, options=options)
    if found is None:
        raise Unknown
    session.info.setdefault(_KEPT, []).append(found)
    return found


def _document(session: Session, document_id: int) -> int:
    return _found(session, Document, document_id).project_id


def _via(model, to_document: Callable) -> Callable[[Session, int], int | None]:
    def resolve(session: Session, key: int) -> int | None:
        return to_document(session, _found(session, model, key))
    return resolve


def _row(session: Session, row_id: int) -> int:
    return _found(session, Link, row_id, ROW_LOADING).document.project_id


def _glossary(session: Session, glossary_id: int) -> int | None:
    return _found(session, Glossary, glossary_id).project_id


def _project(session: Session, project_id: int) -> int:
    return _found(session, Project, project_id).id


def _job(session: Session, job: Job) -> int:
    if job.project_id is None:  # recorded before jobs had projects, with no document: administrators only
        raise AdminOnly
    return job.project_id


# The first URL argument present decides the project; `None` means a global resource (global glossary).
RESOLVERS: tuple[tuple[str, Callable[[Session, int], int | None]], ...] = (
    ("row_id", _row),
    ("comment_id", _via(Comment, lambda s, c: _document(s, c.document_id))),
    ("operation_id", _via(Operation, lambda s, o: _document(s, o.document_id))),
    ("finding_id", _via(QaFinding, lambda s, f: _document(s, f.document_id))),
    ("job_id", _via(Job, _job)),
    ("document_id", _document),
    ("glossary_id", _glossary),
    ("project_id", _project),
)


def _named_project(session: Session, ref: str | None) -> int:
    try:
        return find_project(session, str(ref or current_app.config["DEFAULT_PROJECT"])).id
    except NotFound:
        raise Unknown from None


def project_of(session: Session, request: Request) -> tuple[bool, int | None]:
    """(whether the URL names a resource, the project it belongs to); raises Unknown for a missing one."""
    if request.endpoint in PROJECT_PARAM:
        body = request.get_json(silent=True) if request.is_json else None
        return True, _named_project(session, request.values.get("project") or (body or {}).get("project"))
    args = request.view_args or {}
    for name, resolve in RESOLVERS:
        if name in args:
            return True, resolve(session, args[name])
    return False, None

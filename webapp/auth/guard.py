"""The checks every request passes: who is asking, CSRF, the endpoint's rule; and the headers every answer
carries. One place, so that a new view cannot forget them."""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import quote

from flask import Flask, current_app, g, redirect, request, session
from sqlalchemy import select

from webapp.auth.rules import (
    DEFAULT_PROJECT_EDIT,
    LOGIN,
    PROJECT_PARAM,
    PUBLIC,
    RULES,
    AdminOnly,
    Unknown,
    project_of,
)
from webapp.config import LOOPBACK_HOSTS
from webapp.db import SAFE_METHODS, get_session, session_scope
from webapp.errors import render_error, wants_json
from webapp.models import Project
from webapp.services import auth

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
# Successful requests to these endpoints are written to the audit log.
AUDITED = {
    "exchange.download": "export", "api_jobs.job_file": "export", "glossary.export": "export",
    "api_glossaries.export": "export", "memory.export_tmx": "export", "api_memory.export_tmx": "export",
    "qa.export": "export", "api_documents.delete": "delete_document", "api_glossaries.delete": "delete_terms",
    "api_glossaries.bulk_delete": "delete_terms", "api_search.replace": "bulk_replace",
    "api_document_terms.fix_apply": "bulk_replace", "api_rows.apply_repetitions": "bulk_replace",
    "api_qa.apply_fixes": "bulk_replace", "projects.export_words": "export",
    "api_dictionary.export": "export",
}


def csrf_token() -> str:
    """The session's CSRF token, made on first use; pages put it in a meta tag and in their forms."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def readable_projects() -> list[int] | None:
    """The projects the current request may list or search (None: all of them)."""
    principal = g.get("principal")
    return principal.readable_projects() if principal is not None else None


def open_mode() -> bool:
    """No login while the app listens on loopback and no account exists: local use stays effortless."""
    return current_app.config["HOST"] in LOOPBACK_HOSTS and not auth.has_users(get_session())


def _principal() -> auth.Principal | None:
    header = request.headers.get("Authorization", "")
    db = get_session()
    if header.startswith("Bearer "):
        principal = auth.principal_for_token(db, header.removeprefix("Bearer ").strip())
        g.bearer = principal is not None
        return principal
    user_id = session.get("user_id")
    if user_id is not None:
        principal = auth.principal_for_user(db, user_id, session.get("generation", -1))
        if principal is not None:
            return principal
        session.clear()  # the account is gone or its sessions were ended: this cookie is worth nothing now
    return auth.Principal(current_app.config["DEFAULT_AUTHOR"], is_admin=True) if open_mode() else None


def _csrf_ok() -> bool:
    if request.method in SAFE_METHODS or g.get("bearer"):
        return True
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    return bool(expected) and hmac.compare_digest(sent, expected)


def _default_project_id() -> int | None:
    name = current_app.config["DEFAULT_PROJECT"]
    return get_session().scalar(select(Project.id).where(Project.name == name))


def check_request():
    """Authenticate, check CSRF and the endpoint's rule; answer the refusal, or None to go on."""
    rule = RULES.get(request.endpoint or "")
    if request.endpoint is None:
        return None
    if rule is None:
        return render_error(403, "this address has no access rule")
    g.principal = principal = _principal()
    if g.get("bearer") is False:
        return render_error(401, "the API token is invalid or revoked: create one on the account page")
    if not _csrf_ok():
        return render_error(400, "the form or request has no valid CSRF token: reload the page and retry")
    if rule == PUBLIC:
        return None
    if principal is None:
        if wants_json():
            return render_error(401, "log in, or send an API token as 'Authorization: Bearer …'")
        return redirect(f"/login?next={quote(request.full_path.rstrip('?'))}")
    if rule == LOGIN:
        return None
    if rule == "admin":
        return None if principal.is_admin else render_error(403, "only an administrator may do this")
    try:
        named, project_id = project_of(get_session(), request)
    except AdminOnly:
        return None if principal.is_admin else render_error(404, "not found")
    except Unknown:
        if request.endpoint in PROJECT_PARAM and not principal.is_admin:
            return render_error(404, "no such project")  # only an administrator's import makes a new one
        return None  # nothing to protect: the view answers 404 in its own words
    if request.endpoint in DEFAULT_PROJECT_EDIT:
        named, project_id = True, _default_project_id()
    g.project_id = project_id
    if named and project_id is not None and not principal.sees(project_id):
        return render_error(404, "not found")
    if not principal.can(rule, project_id):
        return render_error(403, f"your role does not allow this (it needs the {rule!r} permission)")
    return None


def finish_response(response):
    """Security headers on every answer; the audit log for the actions that need one."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    action = AUDITED.get(request.endpoint or "")
    if action and response.status_code < 400 and g.get("principal") is not None:
        request_session = g.pop("db_session", None)
        if request_session is not None:  # done with it; on SQLite it may hold the lock the log needs
            request_session.close()
        with session_scope(current_app._get_current_object()) as db:
            auth.audit(db, g.principal.name, action, g.get("project_id"), path=request.path,
                       **({"format": request.args["format"]} if "format" in request.args else {}))
    return response


def init_app(app: Flask) -> None:
    app.before_request(check_request)
    app.after_request(finish_response)
    app.jinja_env.globals["csrf_token"] = csrf_token

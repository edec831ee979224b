"""Login, logout, the account page (API tokens), project members and the audit log."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from webapp.auth.guard import csrf_token
from webapp.db import get_session
from webapp.models import Project, User
from webapp.models.auth import ROLES
from webapp.services import auth
from webapp.services.errors import InvalidInput, NotFound

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute or protocol-relative address. Browsers drop tabs and
    line breaks from a Location and read a backslash as a slash, so "/<TAB>/evil.example" would leave."""
    if not target or any(c.isspace() or not c.isprintable() or c == "\\" for c in target):
        return url_for("documents.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("documents.index")
    return target


@bp.get("/login")
def login():
    csrf_token()
    return render_template("auth/login.html", next=request.args.get("next", ""))


@bp.post("/login")
def do_login():
    db = get_session()
    name, password = request.form.get("name", ""), request.form.get("password", "")
    try:
        user = auth.authenticate(db, name, password, request.remote_addr or "")
    except (InvalidInput, auth.TooManyAttempts) as error:
        db.commit()  # the failed attempt counts towards throttling
        flash(error.message, "error")
        code = 429 if isinstance(error, auth.TooManyAttempts) else 401
        return render_template("auth/login.html", next=request.form.get("next", ""), name=name), code
    db.commit()
    session.clear()  # a new session on login: no fixation
    session["user_id"], session["generation"] = user.id, user.session_generation
    csrf_token()
    return redirect(_safe_next(request.form.get("next")), 303)


@bp.post("/logout")
def logout():
    """End this session and every other session of the user: a copied cookie stops working too."""
    if g.principal.user_id is not None:
        db = get_session()
        auth.end_sessions(db, db.get(User, g.principal.user_id), by=g.principal.name)
        db.commit()
    session.clear()
    return redirect(url_for("auth.login"), 303)


@bp.post("/account/password")
def change_password():
    db = get_session()
    user = _user()
    new = request.form.get("new_password", "")
    try:
        if new != request.form.get("confirm_password", ""):
            raise InvalidInput("the new password and its confirmation differ")
        auth.change_password(db, user, new, current=request.form.get("current_password", ""),
                             by=g.principal.name)
    except InvalidInput as error:
        db.rollback()
        flash(error.message, "error")
        return redirect(url_for("auth.account"), 303)
    db.commit()
    session.clear()
    flash("Password changed: every session of yours has ended, log in again.", "info")
    return redirect(url_for("auth.login"), 303)


@bp.post("/users/<name>/end-sessions")
def end_sessions(name: str):
    """An administrator logs a user out everywhere (a lost laptop, a leaked cookie)."""
    db = get_session()
    auth.end_sessions(db, auth.get_user(db, name), by=g.principal.name)
    db.commit()
    flash(f"Every session of {name} has ended.", "info")
    return redirect(_safe_next(request.form.get("next")), 303)


def _user():
    principal = g.principal
    if principal.user_id is None:
        raise NotFound("the local user has no account: create one with `bitext user add`")
    return get_session().get(User, principal.user_id)


@bp.get("/account")
def account():
    principal = g.principal
    tokens = auth.tokens_of(get_session(), _user()) if principal.user_id else []
    return render_template("auth/account.html", principal=principal, tokens=tokens,
                           new_token=session.pop("new_token", None))


@bp.post("/account/tokens")
def create_token():
    db = get_session()
    _token, secret = auth.create_token(db, _user(), request.form.get("name", ""))
    db.commit()
    session["new_token"] = secret  # shown once, on the next page
    return redirect(url_for("auth.account"), 303)


@bp.post("/account/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    db = get_session()
    auth.revoke_token(db, _user(), token_id)
    db.commit()
    flash("Token revoked.", "info")
    return redirect(url_for("auth.account"), 303)


@bp.get("/projects/<int:project_id>/members")
def members(project_id: int):
    db = get_session()
    project = db.get(Project, project_id)
    return render_template("auth/members.html", project=project, roles=ROLES,
                           members=auth.members_of(db, project),
                           events=auth.audit_events(db, [project.id]))


@bp.post("/projects/<int:project_id>/members")
def set_member(project_id: int):
    db = get_session()
    project = db.get(Project, project_id)
    role = request.form.get("role") or None
    try:
        auth.set_role(db, auth.get_user(db, request.form.get("name", "").strip()), project,
                      None if role == "none" else role, by=g.principal.name)
    except (InvalidInput, NotFound) as error:
        db.rollback()
        flash(error.message, "error")
        return redirect(url_for("auth.members", project_id=project_id), 303)
    db.commit()
    flash("Role saved.", "info")
    return redirect(url_for("auth.members", project_id=project_id), 303)

"""Accounts: passwords, roles per project, API tokens, login throttling and the audit log."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.models import ApiToken, AuditEvent, LoginAttempt, Membership, Project, User, utcnow
from webapp.models.auth import ROLES
from webapp.services.errors import InvalidInput, NotFound, ServiceError

THROTTLE_WINDOW = timedelta(minutes=15)
THROTTLE_FAILURES = 5
TOKEN_PREFIX = "bt_"

# What each role may do; an owner may do everything in the project, an admin everything anywhere.
PERMISSIONS = {
    "viewer": frozenset({"read"}),
    "reviewer": frozenset({"read", "edit"}),
    "terminologist": frozenset({"read", "edit", "terms"}),
    "owner": frozenset({"read", "edit", "terms", "own"}),
}


class TooManyAttempts(ServiceError):
    code = 429


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user (or the implicit local user) with their roles per project."""

    name: str
    user_id: int | None = None
    is_admin: bool = False
    roles: dict[int, str] = field(default_factory=dict)

    def can(self, permission: str, project_id: int | None) -> bool:
        if self.is_admin:
            return True
        if project_id is None:
            return permission == "read" or any(permission in PERMISSIONS[r] for r in self.roles.values())
        return permission in PERMISSIONS.get(self.roles.get(project_id, ""), frozenset())

    def sees(self, project_id: int | None) -> bool:
        return self.is_admin or project_id is None or project_id in self.roles

    def readable_projects(self) -> list[int] | None:
        """The projects whose documents this principal may list; None means all."""
        return None if self.is_admin else list(self.roles)


def has_users(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


# Who asks, with their roles, in one query: it runs on every request, so it is built once.
_PRINCIPAL = (select(User.id, User.name, User.is_admin, Membership.project_id, Membership.role)
              .outerjoin(Membership, Membership.user_id == User.id).where(User.disabled.is_(False)))
_BY_ID = _PRINCIPAL.where(User.id == bindparam("user_id"), User.session_generation == bindparam("generation"))
_BY_TOKEN = _PRINCIPAL.where(User.id == select(ApiToken.user_id).where(
    ApiToken.token_hash == bindparam("digest"), ApiToken.revoked_at.is_(None)).scalar_subquery())


def _principal(session: Session, query, params: dict) -> Principal | None:
    rows = session.execute(query, params).all()
    if not rows:
        return None
    user_id, name, is_admin = rows[0][:3]
    return Principal(name, user_id, is_admin, {project: role for *_, project, role in rows if project})


def principal_for_user(session: Session, user_id: int, generation: int) -> Principal | None:
    """Who a logged-in session is; None once the account is gone or disabled, or its sessions were ended
    since this one began (`generation` is the user's session generation at login)."""
    return _principal(session, _BY_ID, {"user_id": user_id, "generation": generation})


def end_sessions(session: Session, user: User, by: str) -> None:
    """End every login session of `user` (API tokens are revoked one by one, on the account page)."""
    session.execute(update(User).where(User.id == user.id)
                    .values(session_generation=User.session_generation + 1))
    audit(session, by, "end_sessions", None, user=user.name)


def _checked_password(password: str) -> str:
    if len(password) < 8:
        raise InvalidInput("the password must have at least 8 characters")
    return generate_password_hash(password, method="scrypt")


def change_password(session: Session, user: User, new: str, *, by: str, current: str | None = None) -> None:
    """Set a new password (checking the current one when given) and end the user's sessions."""
    if current is not None and not check_password_hash(user.password_hash, current):
        raise InvalidInput("the current password is wrong")
    user.password_hash = _checked_password(new)
    session.flush()
    end_sessions(session, user, by)


def add_user(session: Session, name: str, password: str, *, admin: bool = False) -> User:
    """Create an account; the password is stored as a scrypt hash only."""
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise InvalidInput("a user name is 1 to 100 characters without spaces")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise InvalidInput(f"user {name!r} exists")
    user = User(name=name, password_hash=_checked_password(password), is_admin=admin)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"no user {name!r}")
    return user


def set_role(session: Session, user: User, project: Project, role: str | None, by: str) -> None:
    """Give `user` a role in `project` (None removes it), and record the change in the audit log."""
    if role is not None and role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    membership = session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.project_id == project.id))
    old = membership.role if membership else None
    if role is None and membership is not None:
        session.delete(membership)
        end_sessions(session, user, by)  # a page open with the old role must not go on
    elif membership is None and role is not None:
        session.add(Membership(user_id=user.id, project_id=project.id, role=role))
    elif membership is not None:
        membership.role = role
    audit(session, by, "role_change", project.id, user=user.name, old=old, new=role)


def members_of(session: Session, project: Project) -> list[tuple[str, str]]:
    """(user name, role) of everyone with a role in `project`."""
    query = (select(User.name, Membership.role).join(Membership, Membership.user_id == User.id)
             .where(Membership.project_id == project.id).order_by(User.name))
    return [(name, role) for name, role in session.execute(query)]


def _recent_failures(session: Session, column, value: str) -> int:
    since = utcnow() - THROTTLE_WINDOW
    return session.scalar(select(func.count(LoginAttempt.id)).where(
        column == value, LoginAttempt.at > since, LoginAttempt.success.is_(False))) or 0


def authenticate(session: Session, name: str, password: str, ip: str) -> User:
    """Check a login; refuse after repeated failures for the name or the address, whatever the password."""
    if max(_recent_failures(session, LoginAttempt.name, name),
           _recent_failures(session, LoginAttempt.ip, ip)) >= THROTTLE_FAILURES:
        raise TooManyAttempts(f"too many failed logins; try again in {THROTTLE_WINDOW.seconds // 60} minutes")
    user = session.scalar(select(User).where(User.name == name))
    ok = user is not None and not user.disabled and check_password_hash(user.password_hash, password)
    session.add(LoginAttempt(name=name[:100], ip=ip[:64], success=ok))
    audit(session, name[:100], "login" if ok else "login_failed", None, ip=ip)
    if not ok:
        raise InvalidInput("wrong user name or password")
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token; the clear text is returned once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip()[:100] or "token", token_hash=_digest(secret))
    session.add(token)
    session.flush()
    return token, secret


def principal_for_token(session: Session, secret: str) -> Principal | None:
    """Who sends this API token; None for an unknown or revoked token, or a disabled account."""
    return _principal(session, _BY_TOKEN, {"digest": _digest(secret)})


def revoke_token(session: Session, user: User, token_id: int) -> None:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(f"no token {token_id}")
    token.revoked_at = utcnow()


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def audit(session: Session, actor: str, action: str, project_id: int | None, **detail) -> None:
    session.add(AuditEvent(user=actor, action=action, project_id=project_id, detail=detail))


def audit_events(session: Session, project_ids: list[int] | None, limit: int = 200) -> list[AuditEvent]:
    """The latest events of the given projects (None: all, for admins)."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if project_ids is not None:
        query = query.where(AuditEvent.project_id.in_(project_ids))
    return list(session.scalars(query))

"""`bitext user …`: accounts and roles from the command line."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from webapp.cli.context import cli_session
from webapp.models.auth import ROLES, User
from webapp.services import auth
from webapp.services.documents import project_named


@click.group("user")
def user_group() -> None:
    """Accounts: once one exists, every page and API call needs a login."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", *ROLES]), default="reviewer", show_default=True,
              help="admin: everything everywhere; otherwise the role in --project.")
@click.option("--project", default=None, help="Project for the role (default: the default project).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def add_command(name: str, role: str, project: str | None, password_stdin: bool) -> None:
    """Create account NAME; the password is prompted for (never echoed, never logged)."""
    password = _read_password(password_stdin)
    with cli_session() as (app, session):
        user = auth.add_user(session, name, password, admin=role == "admin")
        if role != "admin":
            target = project_named(session, project or app.config["DEFAULT_PROJECT"])
            auth.set_role(session, user, target, role, by="cli")
        click.echo(f"user {user.name} created ({role})")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_group.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def password_command(name: str, password_stdin: bool) -> None:
    """Set a new password for NAME; every session of NAME ends."""
    password = _read_password(password_stdin)
    with cli_session() as (_app, session):
        auth.change_password(session, auth.get_user(session, name), password, by="cli")
        click.echo(f"password of {name} changed; their sessions have ended")


@user_group.command("end-sessions")
@click.argument("name")
def end_sessions_command(name: str) -> None:
    """Log NAME out everywhere: every session cookie of NAME stops working (API tokens are kept)."""
    with cli_session() as (_app, session):
        auth.end_sessions(session, auth.get_user(session, name), by="cli")
        click.echo(f"every session of {name} has ended")


@user_group.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice([*ROLES, "none"]))
@click.option("--project", default=None, help="Project (default: the default project).")
def role_command(name: str, role: str, project: str | None) -> None:
    """Give user NAME a ROLE in a project ("none" removes it)."""
    with cli_session() as (app, session):
        target = project_named(session, project or app.config["DEFAULT_PROJECT"])
        user = auth.get_user(session, name)
        auth.set_role(session, user, target, None if role == "none" else role, by="cli")
        click.echo(f"{name}: {role} in {target.name}")


@user_group.command("list")
def list_command() -> None:
    """List accounts and their roles."""
    with cli_session() as (_app, session):
        for user in session.scalars(select(User).order_by(User.name)):
            roles = ", ".join(f"{m.project_id}:{m.role}" for m in user.memberships)
            click.echo(f"{user.name:<20} {'admin' if user.is_admin else '':<6} {roles}")

"""`bitext serve`, `bitext db upgrade`, `bitext demo`: running the app and preparing its database."""

from __future__ import annotations

from importlib import resources

import click
from sqlalchemy import select

from webapp import jobs, migrate
from webapp.cli.context import cli_app, cli_session
from webapp.config import LOOPBACK_HOSTS, MIN_SECRET_KEY_CHARS
from webapp.models import Document
from webapp.services import documents as docs
from webapp.services.glossary_exchange import ensure_starter_glossary

DEMO_TITLE = "Xi on science and tech workers (demo)"
DEMO_FILE = "xinhua-2023-05-29-science-workers.en.txt"


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on (default: BITEXT_HOST or 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default: BITEXT_PORT or 5000).")
@click.option("--workers", default=0, type=int,
              help="Run N gunicorn worker processes (production); 0 runs the threaded development server.")
def serve_command(host: str | None, port: int | None, workers: int) -> None:
    """Serve the workbench; interrupted background jobs are picked up again."""
    with cli_app() as app:
        host = host or app.config["HOST"]
        port = port or int(app.config["PORT"])
        if (workers or host not in LOOPBACK_HOSTS) and len(app.config["SECRET_KEY"]) < MIN_SECRET_KEY_CHARS:
            raise click.UsageError(
                f"BITEXT_SECRET_KEY is shorter than {MIN_SECRET_KEY_CHARS} characters: anyone could guess it "
                "and sign a session cookie. Unset it (a random key is kept in the instance folder) or set a "
                "long random one, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'.")
        migrate.upgrade(app)
        click.echo(f"Bitext Workbench: open http://{host}:{port}/  (Ctrl+C stops)")
        if workers:
            from webapp.gunicorn import serve

            serve(f"{host}:{port}", workers)
            return
        if not app.config.get("REDIS_URL"):
            jobs.recover(app)
        app.run(host=host, port=port, threaded=True, use_reloader=False)


@click.group("db")
def db_group() -> None:
    """Database maintenance."""


@db_group.command("upgrade")
def upgrade_command() -> None:
    """Create or migrate the database to the latest schema."""
    with cli_app() as app:
        migrate.upgrade(app)
        click.echo(f"database ready: {app.config['DATABASE_URL']}")


@click.command("demo")
def demo_command() -> None:
    """Migrate the database and import the demo article unless it is already there."""
    with cli_app() as app:
        migrate.upgrade(app)
    with cli_session() as (app, session):
        ensure_starter_glossary(session, docs.project_named(session, app.config["DEFAULT_PROJECT"]))
        existing = session.scalar(select(Document).where(Document.title == DEMO_TITLE))
        if existing is not None:
            click.echo(f"demo document already there: {existing.id}")
            return
        text = resources.files("webapp.demo").joinpath(DEMO_FILE).read_text("utf-8")
        project = docs.project_named(session, app.config["DEFAULT_PROJECT"])
        document = docs.import_document(session, mt_text=text, title=DEMO_TITLE, project=project,
                                        src_lang="zh", tgt_lang="en", author="demo")
        session.flush()
        click.echo(f"demo document imported: {document.id}")

"""`bitext backup PATH`: a consistent copy of the SQLite database, taken while the app keeps running."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import click

from webapp.cli.context import cli_app


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup_command(path: str) -> None:
    """Copy the SQLite database to PATH with SQLite's online backup API (writers may go on meanwhile)."""
    with cli_app() as app:
        engine = app.extensions["bitext.engine"]
        if engine.dialect.name != "sqlite":
            raise click.ClickException("backup copies SQLite databases; for PostgreSQL use pg_dump "
                                       "(see the README)")
        source_path = engine.url.database
        target = Path(path)
        if target.exists():
            raise click.ClickException(f"{path} exists; choose a new file")
        partial = target.with_name(f".{target.name}.partial")
        try:
            with closing(sqlite3.connect(source_path)) as source, closing(sqlite3.connect(partial)) as copy:
                source.backup(copy, pages=1024)
                check = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise click.ClickException(f"the copy failed its integrity check: {check}")
            partial.replace(target)
        except sqlite3.Error as error:
            raise click.ClickException(f"backup failed: {error}") from error
        finally:
            partial.unlink(missing_ok=True)
        click.echo(f"backed up {source_path} to {target} ({target.stat().st_size} bytes)")

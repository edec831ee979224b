"""Schema migrations through Alembic, driven from code so no alembic.ini is needed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@contextmanager
def migrating(app: Flask) -> Iterator[Connection]:
    """A connection in a transaction for migrations. On SQLite, foreign keys are off meanwhile: a batch
    migration rebuilds a table, and dropping the old one would delete every row that refers to it (changing a
    column of `links` would delete every sentence). They are checked before the commit."""
    with app.extensions["bitext.engine"].connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, or SQLite ignores it
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all() if sqlite else []
                if broken:
                    raise RuntimeError(f"the migration left {len(broken)} rows pointing at missing rows")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def upgrade(app: Flask, revision: str = "heads") -> None:
    """Bring the app's database up to `revision`."""
    with migrating(app) as connection:
        command.upgrade(_config(connection), revision)


def revision(app: Flask, message: str) -> None:
    """Autogenerate a new migration from the difference between the models and the database."""
    with migrating(app) as connection:
        command.revision(_config(connection), message=message, autogenerate=True)

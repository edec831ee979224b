"""Schema migrations through Alembic, driven from code so no alembic.ini is needed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(app: Flask, revision: str = "heads") -> None:
    """Bring the app's database up to `revision`."""
    with app.extensions["bitext.engine"].begin() as connection:
        command.upgrade(_config(connection), revision)


def revision(app: Flask, message: str) -> None:
    """Autogenerate a new migration from the difference between the models and the database."""
    with app.extensions["bitext.engine"].begin() as connection:
        command.revision(_config(connection), message=message, autogenerate=True)

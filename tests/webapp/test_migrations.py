"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic import command
from alembic.script import ScriptDirectory

from webapp.migrate import MIGRATIONS, _config


def test_migrations_match_the_models(app):
    with app.extensions["bitext.engine"].begin() as connection:
        config = _config(connection)
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1, "one linear history"
        command.check(config)  # raises if autogenerate would emit any operation
    assert MIGRATIONS.is_dir()

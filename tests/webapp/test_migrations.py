"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL, and fill in what
they add to stored rows."""

import importlib.util

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, update

from tests.builders import make_document
from webapp import migrate
from webapp.db import session_scope
from webapp.migrate import MIGRATIONS, _config
from webapp.models import Link, Sentence, text_hash


def test_migrations_match_the_models(app):
    with app.extensions["bitext.engine"].begin() as connection:
        config = _config(connection)
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1, "one linear history"
        command.check(config)  # raises if autogenerate would emit any operation
    assert MIGRATIONS.is_dir()


def test_rows_stored_before_the_text_hashes_get_them(app):
    with app.app_context(), session_scope(app) as session:
        document = make_document(session, "One here. Two here.", source_text="一。二。", title="Old rows")
        session.flush()
        document.links[0].target = "One, corrected."
        session.flush()
        expected = [(text_hash(link.source_text), text_hash(link.final_text)) for link in document.links]
        # As migration 0010 finds rows stored before it: the new columns hold their server default.
        session.execute(update(Link).values(source_hash="", target_hash="")
                        .execution_options(synchronize_session=False))
    with app.extensions["bitext.engine"].begin() as connection:
        _migration("0010_link_text_hashes")._hash_existing_rows(connection)
    with app.app_context(), session_scope(app) as session:
        stored = session.execute(select(Link.source_hash, Link.target_hash).order_by(Link.position)).all()
    assert [tuple(row) for row in stored] == expected
    assert expected[0][1] == text_hash("One, corrected.")


def _migration(name: str):
    spec = importlib.util.spec_from_file_location(name, MIGRATIONS / "versions" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_migration_that_rebuilds_a_table_keeps_the_rows_that_refer_to_it(app):
    with app.app_context(), session_scope(app) as session:
        make_document(session, "One here. Two here.", title="Kept")
    # Down to 0009 drops the hash columns: on SQLite the links table is rebuilt, and with foreign keys on
    # dropping the old one deleted every sentence.
    with migrate.migrating(app) as connection:
        command.downgrade(_config(connection), "0009")
    migrate.upgrade(app)
    with app.app_context(), session_scope(app) as session:
        assert session.scalar(select(func.count(Sentence.id))) == 2
        assert [link.mt_text for link in session.scalars(select(Link).order_by(Link.position))] == [
            "One here.", "Two here."]


def test_the_dictionary_migration_goes_down_and_up_keeping_the_findings(app):
    from webapp.models import ProjectWord, QaFinding
    from webapp.services import dictionary, qa

    with app.app_context(), session_scope(app) as session:
        document = make_document(session, "We saw the the results.", title="Checked")
        qa.check_document_findings(session, document)
        dictionary.add_word(session, document.project, "Xinhua", "ana")
    with migrate.migrating(app) as connection:
        command.downgrade(_config(connection), "0014")
        assert "project_words" not in inspect(connection).get_table_names()
        assert "flagged_key" not in {c["name"] for c in inspect(connection).get_columns("qa_findings")}
    migrate.upgrade(app)
    with app.app_context(), session_scope(app) as session:
        assert session.scalar(select(func.count(QaFinding.id))) == 1  # rebuilding the table kept it
        assert session.scalar(select(QaFinding.flagged_key)) is None  # filled by the next check
        assert session.scalar(select(func.count(ProjectWord.id))) == 0

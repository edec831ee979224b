"""Configuration layering and database set-up."""

import threading
import time

import pytest
from sqlalchemy import text

from webapp import create_app
from webapp.db import session_scope


def test_environment_then_mapping(monkeypatch, tmp_path):
    monkeypatch.setenv("BITEXT_INSTANCE", str(tmp_path / "inst"))
    monkeypatch.setenv("BITEXT_SECRET_KEY", "from-env")
    monkeypatch.setenv("BITEXT_PORT", "5123")
    app = create_app({"PORT": 6000})
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["PORT"] == 6000
    assert app.instance_path == str(tmp_path / "inst")
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'inst' / 'bitext.sqlite3'}"


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    with app.extensions["bitext.engine"].connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    app.extensions["bitext.engine"].dispose()


def test_sqlite_writers_of_one_process_take_turns(tmp_path):
    """A second writer waits for the first to commit (it neither fails nor loses its change), and a writer
    that fails hands the turn on."""
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    with app.extensions["bitext.engine"].begin() as connection:
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
    first_writes, order = threading.Event(), []

    def first() -> None:
        with session_scope(app) as session:
            session.execute(text("INSERT INTO notes VALUES ('first')"))
            first_writes.set()
            time.sleep(0.3)  # the second writer is waiting meanwhile
            order.append("first commits")

    def second() -> None:
        first_writes.wait(5)
        with session_scope(app) as session:
            session.execute(text("INSERT INTO notes VALUES ('second')"))
            order.append("second writes")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert order == ["first commits", "second writes"]

    with pytest.raises(ZeroDivisionError), session_scope(app) as session:
        session.execute(text("INSERT INTO notes VALUES ('lost')"))
        raise ZeroDivisionError
    after_failure = threading.Thread(target=second)
    after_failure.start()
    after_failure.join(3)  # a turn kept by the failed writer would block it for the busy timeout (10 s)
    assert not after_failure.is_alive()
    with session_scope(app, immediate=False) as session:
        assert session.scalars(text("SELECT body FROM notes")).all() == ["first", "second", "second"]
    app.extensions["bitext.engine"].dispose()

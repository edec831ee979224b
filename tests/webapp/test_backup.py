"""`bitext backup` copies a live SQLite database consistently."""

import sqlite3
import threading

from click.testing import CliRunner

from webapp import create_app
from webapp.cli import main
from webapp.db import session_scope
from webapp.services import documents as docs


def test_backup_while_another_thread_writes(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("BITEXT_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["demo"]).exit_code == 0
    app = create_app()
    stop = threading.Event()

    def write() -> None:
        n = 0
        while not stop.is_set() and n < 200:
            with session_scope(app) as session:
                docs.import_document(session, mt_text=f"Sentence {n}. Another.", title=f"t{n}",
                                     project=docs.project_named(session, "Default"))
            n += 1

    writer = threading.Thread(target=write)
    writer.start()
    target = tmp_path / "copy.sqlite3"
    result = runner.invoke(main, ["backup", str(target)])
    stop.set()
    writer.join()
    app.extensions["bitext.engine"].dispose()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM documents WHERE title LIKE 'Xi on%'").fetchone()[0] == 1
    again = runner.invoke(main, ["backup", str(target)])
    assert again.exit_code != 0 and "exists" in again.output


def test_backup_refuses_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("BITEXT_INSTANCE", str(tmp_path))
    monkeypatch.setenv("BITEXT_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = CliRunner().invoke(main, ["backup", str(tmp_path / "x")])
    assert result.exit_code != 0 and "pg_dump" in result.output

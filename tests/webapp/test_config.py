"""Configuration layering and database set-up."""

from sqlalchemy import text

from webapp import create_app


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

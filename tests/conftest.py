"""Shared fixtures: an app on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set),
its client and session, the `bitext` command on such a database, a live server in a thread, and
Playwright pointed at Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from webapp import create_app, migrate
from webapp.cli import main
from webapp.db import session_scope

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--require-browser", action="store_true",
                     help="fail, instead of skipping, when Chromium is missing")
    parser.addoption("--require-postgres", action="store_true",
                     help="fail, instead of skipping, when TEST_DATABASE_URL is not set")
    parser.addoption("--require-redis", action="store_true",
                     help="fail, instead of skipping, when redis-server is not installed")


def _skip_or_fail(config: pytest.Config, option: str, reason: str) -> None:
    if config.getoption(option):
        pytest.fail(f"{reason} (and {option} was given)", pytrace=False)
    pytest.skip(reason)


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        _skip_or_fail(request.config, "--require-postgres", "no PostgreSQL: TEST_DATABASE_URL is not set")
    _reset_postgres(url)
    return url


def build_app(database_url: str, instance: Path, **config):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(instance), "DATABASE_URL": database_url,
                      "SECRET_KEY": "test", **config})
    migrate.upgrade(app)
    return app


def close_app(app) -> None:
    """Let background jobs finish, then close every connection of the app."""
    executor = app.extensions.get("bitext.jobs")
    if executor is not None:
        executor.shutdown(wait=True)
    app.extensions["bitext.engine"].dispose()


@pytest.fixture
def app(database_url: str, tmp_path: Path):
    app = build_app(database_url, tmp_path / "instance")
    yield app
    close_app(app)


CSRF_TOKEN = "test-csrf-token"


def csrf_client(app):
    """A test client whose session holds a CSRF token and whose requests send it, as the pages do."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["csrf"] = CSRF_TOKEN
    client.environ_base["HTTP_X_CSRF_TOKEN"] = CSRF_TOKEN
    return client


@pytest.fixture
def client(app):
    return csrf_client(app)


@pytest.fixture
def run(database_url, tmp_path, monkeypatch):
    """The `bitext` command on a migrated database chosen through BITEXT_* variables: run("export", "1")."""
    monkeypatch.setenv("BITEXT_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("BITEXT_DATABASE_URL", database_url)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    assert invoke("db", "upgrade").exit_code == 0
    return invoke


@pytest.fixture
def session(app):
    # A deferred session: reading in a test must not hold SQLite's write lock against the app's requests.
    with app.app_context(), session_scope(app, immediate=False) as session:
        yield session


@pytest.fixture
def seed_text() -> str:
    return (Path(__file__).resolve().parents[1] / "webapp" / "demo"
            / "xinhua-2023-05-29-science-workers.en.txt").read_text("utf-8")


class LiveServer:
    def __init__(self, app) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join()


@pytest.fixture
def live_server(request: pytest.FixtureRequest, tmp_path: Path):
    """The app on a file-backed SQLite database, served from a thread for the browser."""
    if not Path(CHROMIUM).exists():
        _skip_or_fail(request.config, "--require-browser", f"no browser: {CHROMIUM} is missing")
    app = build_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path / "instance")
    server = LiveServer(app)
    yield server
    server.stop()
    close_app(app)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url() -> None:
    """Replaces pytest-base-url's fixture (deprecated pattern under pytest 9); tests use live_server.url."""
    return None

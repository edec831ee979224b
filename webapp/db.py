"""Database wiring: the declarative base, one engine per app, one session per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import DateTime, MetaData, TypeDecorator, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator):
    """Timestamps in UTC; SQLite hands them back naive, so they are marked as UTC on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # pysqlite's own implicit BEGIN is switched off: _sqlite_begin decides how each transaction starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_begin(connection) -> None:
    """Writers take SQLite's write lock when they begin, and wait for it (busy_timeout) if another has it.

    A deferred transaction that reads and then writes can instead fail at once with "database is locked"
    when another writer committed in between; with BEGIN IMMEDIATE a write request waits its turn."""
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def init_app(app: Flask) -> None:
    """Bind an engine and session factories to `app`; the request's session closes at teardown."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["bitext.engine"] = engine
    app.extensions["bitext.readmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["bitext.sessionmaker"] = sessionmaker(
        engine.execution_options(sqlite_immediate=True), expire_on_commit=False)
    # Per request too: a test may keep one app context open across many requests.
    app.teardown_request(_close_session)
    app.teardown_appcontext(_close_session)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session() -> Session:
    """The session of the current request: a reading one for GET, a writing one for changes."""
    if "db_session" not in g:
        reading = has_request_context() and request.method in SAFE_METHODS
        g.db_session = current_app.extensions["bitext.readmaker" if reading else "bitext.sessionmaker"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def session_scope(app: Flask, immediate: bool = True) -> Iterator[Session]:
    """A session outside a request (CLI, jobs): commits on success, rolls back on error.

    `immediate=False` lets a long job read and compute before it takes SQLite's write lock."""
    session = app.extensions["bitext.sessionmaker" if immediate else "bitext.readmaker"]()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

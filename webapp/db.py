"""Database wiring: the declarative base, one engine per app, one session per request."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import DateTime, MetaData, TypeDecorator, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
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


BUSY_TIMEOUT = 10  # seconds a SQLite writer waits for the write lock before "database is locked"
_HOLDS_WRITE_LOCK = "bitext.holds_write_lock"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # pysqlite's own implicit BEGIN is switched off: _SqliteWriters.begin decides how each transaction starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT * 1000}")
    cursor.close()


class _SqliteWriters:
    """How the transactions of one SQLite engine begin, and the queue its writers wait in.

    Writers take SQLite's write lock when they begin (BEGIN IMMEDIATE): a deferred transaction that reads and
    then writes can instead fail at once with "database is locked" when another writer committed in between.
    The writers of this process first queue on a Python lock: waiting on SQLite's busy handler instead means
    retrying after sleeps of up to 100 ms, and under ten concurrent saves some waited a second. Other
    processes are still kept in order by SQLite's busy timeout."""

    def __init__(self) -> None:
        self.lock = threading.Lock()

    def begin(self, connection) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        if immediate:
            if not self.lock.acquire(timeout=BUSY_TIMEOUT):
                locked = sqlite3.OperationalError("database is locked")  # what SQLite says after its timeout
                raise OperationalError("BEGIN IMMEDIATE", None, locked)
            connection.info[_HOLDS_WRITE_LOCK] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        except BaseException:
            self.end(connection)
            raise

    def end(self, connection) -> None:
        """After commit or rollback (or when the connection goes back to the pool unfinished)."""
        if connection.info.pop(_HOLDS_WRITE_LOCK, False):
            self.lock.release()

    def checkin(self, _dbapi_connection, record) -> None:
        if record.info.pop(_HOLDS_WRITE_LOCK, False):
            self.lock.release()

    def listen(self, engine: Engine) -> None:
        event.listen(engine, "begin", self.begin)
        event.listen(engine, "commit", self.end)
        event.listen(engine, "rollback", self.end)
        event.listen(engine, "checkin", self.checkin)


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys, a busy timeout and queued writers."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT})
        event.listen(engine, "connect", _sqlite_pragmas)
        _SqliteWriters().listen(engine)
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

"""Background jobs: long work never blocks a request.

A job is a row in the database (webapp.models.jobs). By default jobs run in threads of the web process;
with BITEXT_REDIS_URL set they go to an RQ queue served by `bitext worker`, so web processes scale out.
A job whose heartbeat stops (its worker died) is picked up again by `recover`, which `bitext worker` and
`bitext serve` call on start; a job that raises is marked failed with its message for the user.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from webapp.db import session_scope
from webapp.models import Document, Job, JobFile, JobStatus, utcnow
from webapp.services.errors import ServiceError

HEARTBEAT = timedelta(seconds=10)
STALE_AFTER = timedelta(seconds=60)
MAX_ATTEMPTS = 3
QUEUE_NAME = "bitext"
# A replace, a term fix or an undo of more rows than this runs as a job: at 20,000 rows it takes seconds.
BULK_INLINE_MAX_ROWS = 5_000


def submit(session: Session, *, kind: str, params: dict, author: str, document_id: int | None = None,
           project_id: int | None = None, files: Iterable[tuple[str, str, bytes]] = ()) -> Job:
    """Record a job (with its input files as (role, name, data)); dispatch it after the commit. A job
    belongs to a project, its document's unless named: only that project's members may read it."""
    from webapp.jobs.kinds import KINDS

    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    if project_id is None and document_id is not None:
        project_id = session.get(Document, document_id).project_id
    if project_id is None:
        raise ValueError("a job needs a project or a document")
    job = Job(kind=kind, params=params, author=author, document_id=document_id, project_id=project_id,
              files=[JobFile(role=role, name=name, data=data) for role, name, data in files])
    session.add(job)
    session.flush()
    return job


def start(session: Session, **job) -> Job:
    """Hand work to the background from a request: record the job (see `submit`), commit, dispatch it."""
    started = submit(session, **job)
    session.commit()
    dispatch(current_app._get_current_object(), started.id)
    return started


def dispatch(app: Flask, job_id: int) -> None:
    """Start a committed job: on the RQ queue when Redis is configured, else in a thread of this process."""
    if app.config.get("REDIS_URL"):
        _queue(app).enqueue("webapp.jobs.run_queued", job_id, job_timeout=3600, failure_ttl=86400)
        return
    executor = app.extensions.get("bitext.jobs")
    if executor is None:
        executor = app.extensions.setdefault("bitext.jobs", ThreadPoolExecutor(2, thread_name_prefix="job"))
    executor.submit(run_job, app, job_id)


def _queue(app: Flask):
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))


def _claim(session: Session, job_id: int) -> bool:
    """Mark the job running if it is queued, or running with a dead heartbeat; False if someone has it."""
    stale = utcnow() - STALE_AFTER
    claimed = session.execute(
        update(Job).where(Job.id == job_id, Job.attempts < MAX_ATTEMPTS, or_(
            Job.status == JobStatus.QUEUED,
            (Job.status == JobStatus.RUNNING) & (Job.heartbeat_at < stale)))
        .values(status=JobStatus.RUNNING, attempts=Job.attempts + 1, started_at=utcnow(),
                heartbeat_at=utcnow(), error=None)
        .execution_options(synchronize_session=False))
    return claimed.rowcount == 1


class Progress:
    """Reports a job's progress from inside its work; writes at most twice a second, in its own session."""

    def __init__(self, app: Flask, job_id: int) -> None:
        self.app, self.job_id, self._last = app, job_id, datetime.min

    def __call__(self, fraction: float, message: str = "") -> None:
        now = datetime.now()
        if (now - self._last).total_seconds() < 0.5 and fraction < 1:
            return
        self._last = now
        _note(self.app, self.job_id, progress=max(0.0, min(fraction, 1.0)), message=message[:200],
              heartbeat_at=utcnow())


def _note(app: Flask, job_id: int, **values) -> None:
    """Best-effort progress write: it gives up at once if the job's own transaction holds the lock it needs
    (SQLite's single writer, or PostgreSQL's row lock), since the next report will get through."""
    engine = app.extensions["bitext.engine"]
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA busy_timeout=100")
            else:
                connection.exec_driver_sql("SET lock_timeout = '100ms'")
            try:
                connection.execute(update(Job).where(Job.id == job_id).values(**values))
                connection.commit()
            finally:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA busy_timeout=10000" if engine.dialect.name == "sqlite"
                                           else "SET lock_timeout = 0")
    except OperationalError:
        return


def _beat(app: Flask, job_id: int, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT.total_seconds()):
        _note(app, job_id, heartbeat_at=utcnow())


@dataclass(frozen=True)
class JobInput:
    """What a job's work needs, read in a short transaction so the work itself holds no lock."""

    id: int
    kind: str
    params: dict
    author: str
    document_id: int | None
    project_id: int | None
    files: dict[str, tuple[str, bytes]]
    attempt: int  # which run of the job this is: a run that another one took over stores nothing


class Superseded(Exception):
    """Another run took the job over (this one's heartbeat had stopped): this run's work is not stored."""


def finish(session: Session, job: JobInput, result: dict) -> dict:
    """Mark the job done in the transaction that stores its work, as every kind does: a job whose worker died
    after storing its work is not run again, and a run that lost the job to another stores nothing."""
    done = session.execute(
        update(Job).where(Job.id == job.id, Job.status == JobStatus.RUNNING, Job.attempts == job.attempt)
        .values(status=JobStatus.DONE, result=result, progress=1.0, finished_at=utcnow(), message="done")
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise Superseded(f"job {job.id}: another run took it over")
    return result


def run_job(app: Flask, job_id: int) -> None:
    """Claim and run one job, recording its result or its error."""
    from webapp.jobs.kinds import KINDS

    with session_scope(app) as session:
        if not _claim(session, job_id):
            return
        job = session.get(Job, job_id)
        given = JobInput(job.id, job.kind, dict(job.params), job.author, job.document_id,
                         job.project_id, {f.role: (f.name, f.data) for f in job.files}, job.attempts)
    stop = threading.Event()
    threading.Thread(target=_beat, args=(app, job_id, stop), daemon=True).start()
    try:
        with app.app_context():
            KINDS[given.kind](app, given, Progress(app, job_id))  # it calls finish() as it stores its work
    except Superseded as superseded:
        app.logger.warning("%s; this run stored nothing", superseded)
    except Exception as error:  # noqa: BLE001 - any failure is the job's, and is shown to its user
        _fail(app, given, error)
    finally:
        stop.set()


def _fail(app: Flask, job: JobInput, error: Exception) -> None:
    message = error.message if isinstance(error, ServiceError) else f"{type(error).__name__}: {error}"
    if not isinstance(error, ServiceError):
        app.logger.error("job %s failed\n%s", job.id, traceback.format_exc())
    with session_scope(app) as session:  # unless another run has taken the job over
        session.execute(update(Job).where(Job.id == job.id, Job.attempts == job.attempt).values(
            status=JobStatus.FAILED, error=message, finished_at=utcnow(), message="failed"))


def recover(app: Flask, start: Callable[[Flask, int], None] = dispatch) -> list[int]:
    """Dispatch again the jobs that were queued or whose worker died; return their ids."""
    stale = utcnow() - STALE_AFTER
    with session_scope(app) as session:
        ids = list(session.scalars(select(Job.id).where(Job.attempts < MAX_ATTEMPTS, or_(
            Job.status == JobStatus.QUEUED,
            (Job.status == JobStatus.RUNNING) & (Job.heartbeat_at < stale)))))
    for job_id in ids:
        start(app, job_id)
    return ids


_worker_app: Flask | None = None


def run_queued(job_id: int) -> None:
    """The entry point RQ calls in `bitext worker`: one app per worker process, built on first use."""
    global _worker_app
    if _worker_app is None:
        from webapp import create_app

        _worker_app = create_app()
    run_job(_worker_app, job_id)

"""`bitext worker` serves the job queue; `bitext jobs` lists recent jobs."""

from __future__ import annotations

import click
from sqlalchemy import select

from webapp import jobs
from webapp.cli.context import cli_app, cli_session
from webapp.models import Job


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for scripts and tests).")
def worker_command(burst: bool) -> None:
    """Run queued jobs from Redis (BITEXT_REDIS_URL); start as many workers as you like."""
    from redis import Redis
    from rq import Queue, Worker

    with cli_app() as app:
        url = app.config.get("REDIS_URL")
        if not url:
            raise click.ClickException("set BITEXT_REDIS_URL: without Redis, jobs run inside `bitext serve`")
        recovered = jobs.recover(app)
        if recovered:
            click.echo(f"re-queued {len(recovered)} interrupted job(s): {', '.join(map(str, recovered))}")
        connection = Redis.from_url(url)
        Worker([Queue(jobs.QUEUE_NAME, connection=connection)], connection=connection).work(burst=burst)


@click.command("jobs")
@click.option("--limit", default=20, show_default=True)
def jobs_command(limit: int) -> None:
    """List recent jobs: id, kind, status, progress, message or error."""
    with cli_session() as (_app, session):
        for job in session.scalars(select(Job).order_by(Job.id.desc()).limit(limit)):
            detail = job.error or job.message
            click.echo(f"{job.id:>5}  {job.kind:<8} {job.status:<8} {job.progress:>4.0%}  {detail}")

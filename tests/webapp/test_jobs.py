"""Background jobs: run in threads or from Redis, report progress and errors, survive a dead worker."""

import os
import shutil
import socket
import subprocess
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from tests.builders import eventually, make_document, wait_for_job
from webapp import jobs
from webapp.cli import main
from webapp.db import session_scope
from webapp.jobs.kinds import KINDS
from webapp.models import Document, Job, JobStatus, utcnow
from webapp.services.documents import project_named


def submit_import(app, data: bytes, name="mt.txt", **params) -> int:
    with app.app_context(), session_scope(app) as session:
        job = jobs.submit(session, kind="import", params={"title": "Job doc", **params}, author="ed",
                          project_id=project_named(session, "Default").id, files=[("mt", name, data)])
        return job.id


def test_import_job_runs_in_a_thread_and_reports_the_document(app):
    job_id = submit_import(app, b"One here. Two here.")
    jobs.dispatch(app, job_id)
    job = wait_for_job(app, job_id)
    assert job.status == JobStatus.DONE and job.progress == 1.0
    with session_scope(app) as session:
        document = session.get(Document, job.result["document_id"])
        assert [link.mt_text for link in document.links] == ["One here.", "Two here."]


def test_a_failing_job_tells_the_user_why(app):
    job_id = submit_import(app, b"\x00\x01binary")
    jobs.dispatch(app, job_id)
    job = wait_for_job(app, job_id)
    assert job.status == JobStatus.FAILED and "binary" in job.error


def test_an_interrupted_job_is_picked_up_again(app):
    job_id = submit_import(app, b"Recovered text.")
    with session_scope(app) as session:  # a worker claimed it, then died: its heartbeat stopped
        session.execute(update(Job).where(Job.id == job_id).values(
            status=JobStatus.RUNNING, attempts=1, heartbeat_at=utcnow() - timedelta(minutes=5)))
    assert jobs.recover(app, start=jobs.run_job) == [job_id]
    job = wait_for_job(app, job_id)
    assert job.status == JobStatus.DONE and job.attempts == 2


def test_a_run_that_another_run_took_over_stores_nothing(app):
    job_id = submit_import(app, b"Taken over.")
    with session_scope(app) as session:  # run 1 was thought dead, and run 2 claimed the job
        session.execute(update(Job).where(Job.id == job_id).values(
            status=JobStatus.RUNNING, attempts=2, heartbeat_at=utcnow()))
        job = session.get(Job, job_id)
        run_one = jobs.JobInput(job.id, job.kind, dict(job.params), job.author, None,
                                job.project_id, {f.role: (f.name, f.data) for f in job.files}, attempt=1)
    with app.app_context(), pytest.raises(jobs.Superseded):
        KINDS["import"](app, run_one, lambda fraction, message: None)
    with session_scope(app) as session:
        assert session.query(Document).count() == 0, "run 1 stored the document run 2 will store"
        job = session.get(Job, job_id)
        assert (job.status, job.result, len(job.files)) == (JobStatus.RUNNING, None, 1)


def test_a_running_job_with_a_live_heartbeat_is_left_alone(app):
    job_id = submit_import(app, b"Busy.")
    with session_scope(app) as session:
        session.execute(update(Job).where(Job.id == job_id).values(
            status=JobStatus.RUNNING, attempts=1, heartbeat_at=utcnow()))
    assert jobs.recover(app, start=jobs.run_job) == []


def test_export_job_through_the_api(app, client, session):
    document = make_document(session, "One. Two.", title="Exported")
    session.commit()
    started = client.post(f"/api/v1/documents/{document.id}/export-jobs", json={"format": "tmx"})
    assert started.status_code == 202
    job = wait_for_job(app, started.get_json()["id"])
    assert job.status == JobStatus.DONE
    status = client.get(f"/api/v1/jobs/{job.id}").get_json()
    assert status["status"] == "done" and status["result"]["file"].endswith(".tmx")
    download = client.get(f"/api/v1/jobs/{job.id}/file")
    assert download.status_code == 200 and b"<tmx" in download.data
    refused = client.post(f"/api/v1/documents/{document.id}/export-jobs", json={"format": "pdf"})
    assert refused.status_code == 422
    assert client.get("/api/v1/jobs/9999").status_code == 404


@pytest.fixture
def redis_url(request, tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        if request.config.getoption("--require-redis"):
            pytest.fail("no redis-server (and --require-redis was given)", pytrace=False)
        pytest.skip("no Redis: redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    def listening() -> bool | None:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0 or None

    eventually(listening, 5, "redis-server listening")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(5)


def test_jobs_go_to_redis_and_a_worker_runs_them(database_url, redis_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("BITEXT_DATABASE_URL", database_url)
    monkeypatch.setenv("BITEXT_REDIS_URL", redis_url)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    from webapp import create_app

    app = create_app()
    job_id = submit_import(app, b"Queued text.")
    jobs.dispatch(app, job_id)
    with session_scope(app) as session:
        assert session.get(Job, job_id).status == JobStatus.QUEUED
    result = runner.invoke(main, ["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert wait_for_job(app, job_id).status == JobStatus.DONE
    assert "import" in runner.invoke(main, ["jobs"]).output
    app.extensions["bitext.engine"].dispose()
    assert os.environ["BITEXT_REDIS_URL"] == redis_url

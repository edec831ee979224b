"""The holes an attacker's probe found (issue 20), each pinned: sessions, redirects, projects, jobs, leaks."""

import http.client
import io
import os
import re
import stat
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select

from tests.conftest import LiveServer, build_app, close_app, csrf_client
from tests.webapp.test_security import login
from webapp import create_app, migrate
from webapp.cli import main
from webapp.config import SECRET_KEY_FILE
from webapp.db import session_scope
from webapp.models import Document, Job, Project
from webapp.services import auth
from webapp.services import documents as docs

OLD_DEFAULT_KEY = "dev-only-change-me"


def forged_cookie(key: str, payload: dict) -> str:
    """A session cookie signed the way Flask signs one, with `key`."""
    signer = Flask("forger")
    signer.secret_key = key
    return signer.session_interface.get_signing_serializer(signer).dumps(payload)


@pytest.fixture
def served(tmp_path):
    """The app as `bitext serve` builds it (no key given), on a real socket, with one admin account."""
    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance)})
    migrate.upgrade(app)
    with app.app_context(), session_scope(app) as session:
        auth.add_user(session, "chief", "password-chief", admin=True)
    server = LiveServer(app)
    yield server
    server.stop()
    close_app(app)


def request(server: LiveServer, method: str, path: str, body: str | None = None, **headers: str):
    host, port = server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def real_login(server: LiveServer, name: str, password: str, next_path: str = "") -> tuple[int, str, str]:
    """Log in through the login form as a browser does: (status, Location, session cookie)."""
    status, headers, page = request(server, "GET", "/login")
    cookie = headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urlencode({"name": name, "password": password, "next": next_path, "csrf_token": token})
    status, headers, _ = request(server, "POST", "/login", form, Cookie=cookie,
                                 **{"Content-Type": "application/x-www-form-urlencoded"})
    return status, headers.get("Location", ""), headers.get("Set-Cookie", "").split(";")[0]


# 1. Forgeable sessions --------------------------------------------------------------------------------------

def test_a_cookie_signed_with_the_old_default_key_reads_nothing(served):
    cookie = forged_cookie(OLD_DEFAULT_KEY, {"user_id": 1, "generation": 0, "csrf": "x"})
    status, _, body = request(served, "GET", "/api/v1/documents", Cookie=f"session={cookie}")
    assert status == 401, body
    assert served.app.config["SECRET_KEY"] != OLD_DEFAULT_KEY


def test_the_instance_key_is_made_once_kept_private_and_shared_by_every_process(tmp_path):
    first = create_app({"INSTANCE_PATH": str(tmp_path)})
    second = create_app({"INSTANCE_PATH": str(tmp_path)})
    key_file = Path(tmp_path) / SECRET_KEY_FILE
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text().strip()
    assert len(first.config["SECRET_KEY"]) >= 32
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    other = create_app({"INSTANCE_PATH": str(tmp_path / "other")})
    assert other.config["SECRET_KEY"] != first.config["SECRET_KEY"]
    for app in (first, second, other):
        app.extensions["bitext.engine"].dispose()


def test_serving_beyond_loopback_refuses_a_short_key(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_INSTANCE", str(tmp_path))
    monkeypatch.setenv("BITEXT_SECRET_KEY", OLD_DEFAULT_KEY)
    refused = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert refused.exit_code != 0 and "BITEXT_SECRET_KEY is shorter than 32" in refused.output
    with_workers = CliRunner().invoke(main, ["serve", "--workers", "2"])
    assert with_workers.exit_code != 0 and "BITEXT_SECRET_KEY" in with_workers.output


# 2. Open redirect -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/\t/evil.example/", "/\n/evil.example/", "//evil.example/",
                                    "/\\evil.example", "https://evil.example/", "/ /evil.example",
                                    "\x00//evil.example"])
def test_login_never_redirects_off_the_site(served, target):
    status, location, _ = real_login(served, "chief", "password-chief", target)
    assert (status, location) == (303, "/")


def test_login_keeps_a_path_on_the_site(served):
    assert real_login(served, "chief", "password-chief", "/projects?x=1")[:2] == (303, "/projects?x=1")


# 3. Projects created by anyone ------------------------------------------------------------------------------

def _tmx(project: str) -> dict:
    body = ('<?xml version="1.0"?><tmx version="1.4"><header srclang="zh" datatype="plaintext" '
            'segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body><tu>'
            '<tuv xml:lang="zh"><seg>你好</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu>'
            '</body></tmx>')
    body = body.encode()
    return {"file": (io.BytesIO(body), "m.tmx"), "project": project}


def test_only_an_administrator_makes_a_project_by_importing_a_memory(app, people, session):
    for name in ("view", "rev", "out"):
        answer = login(app, name).post("/api/v1/memory/import", content_type="multipart/form-data",
                                       data=_tmx("Brand new"))
        assert answer.status_code == 404, (name, answer.get_json())
    assert session.scalar(select(Project).where(Project.name == "Brand new")) is None
    made = login(app, "chief").post("/api/v1/memory/import", content_type="multipart/form-data",
                                    data=_tmx("Brand new"))
    assert made.status_code == 200, made.get_json()
    session.rollback()
    assert session.scalar(select(Project).where(Project.name == "Brand new")) is not None


# 4. Jobs readable across projects ---------------------------------------------------------------------------

def test_an_import_job_belongs_to_its_project(app, people, session):
    reviewer, outsider, viewer = login(app, "rev"), login(app, "out"), login(app, "view")
    reviewer.environ_base["HTTP_ACCEPT"] = "application/json"
    started = reviewer.post("/documents", data={"mt_text": "A private draft. Second line.",
                                                "title": "Private"})
    assert started.status_code == 202, started.get_data(as_text=True)
    job_id = started.get_json()["job"]
    close_jobs = app.extensions.get("bitext.jobs")
    if close_jobs is not None:
        close_jobs.shutdown(wait=True)
    session.rollback()
    job = session.get(Job, job_id)
    assert job.project_id == docs.project_named(session, "Default").id
    assert outsider.get(f"/api/v1/jobs/{job_id}").status_code == 404
    assert outsider.get(f"/jobs/{job_id}").status_code == 404
    assert viewer.get(f"/api/v1/jobs/{job_id}").status_code == 200


def test_a_job_recorded_without_a_project_is_for_administrators_only(app, people, session):
    job = Job(kind="import", status="done", project_id=None, result={"document_id": 1})
    session.add(job)
    session.commit()
    assert login(app, "rev").get(f"/api/v1/jobs/{job.id}").status_code == 404
    assert login(app, "chief").get(f"/api/v1/jobs/{job.id}").status_code == 200


# 5. Logout and ended sessions -------------------------------------------------------------------------------

def test_a_cookie_copied_before_logout_is_worthless_after_it(served):
    status, _, cookie = real_login(served, "chief", "password-chief")
    assert status == 303 and cookie.startswith("session=")
    assert request(served, "GET", "/api/v1/documents", Cookie=cookie)[0] == 200
    _, _, page = request(served, "GET", "/account", Cookie=cookie)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    assert request(served, "POST", "/logout", "", Cookie=cookie, **{"X-CSRF-Token": token})[0] == 303
    assert request(served, "GET", "/api/v1/documents", Cookie=cookie)[0] == 401


def test_an_administrator_ends_a_users_sessions(app, people, session):
    reviewer = login(app, "rev")
    assert login(app, "rev").post("/users/out/end-sessions").status_code == 403
    ended = login(app, "chief").post("/users/rev/end-sessions", data={"next": "//evil.example"})
    assert ended.location == "/"
    assert reviewer.get(f"/api/v1/rows/{people['row']}").status_code == 401
    assert login(app, "rev").get(f"/api/v1/rows/{people['row']}").status_code == 200


def test_a_password_change_ends_every_session_and_needs_the_current_password(app, people):
    elsewhere, here = login(app, "rev"), login(app, "rev")
    wrong = here.post("/account/password", data={"current_password": "nope", "new_password": "new password 1",
                                                 "confirm_password": "new password 1"})
    assert wrong.status_code == 303 and here.get("/api/v1/documents").status_code == 200
    changed = here.post("/account/password", data={"current_password": "password-rev",
                                                   "new_password": "new password 1",
                                                   "confirm_password": "new password 1"})
    assert changed.status_code == 303 and changed.location.startswith("/login")
    assert elsewhere.get("/api/v1/documents").status_code == 401
    client = csrf_client(app)
    assert client.post("/login", data={"name": "rev", "password": "new password 1"}).status_code == 303


def test_losing_a_role_ends_the_users_sessions(app, people, session):
    viewer, owner = login(app, "view"), login(app, "owner")
    project_id = docs.project_named(session, "Default").id
    session.rollback()
    removed = owner.post(f"/projects/{project_id}/members", data={"name": "view", "role": "none"})
    assert removed.status_code == 303
    assert viewer.get("/api/v1/documents").status_code == 401


def test_user_password_and_end_sessions_commands(run, database_url, tmp_path):
    cli = CliRunner()
    added = cli.invoke(main, ["user", "add", "bea", "--password-stdin"], input="first password\n")
    assert added.exit_code == 0, added.output
    app = build_app(database_url, tmp_path / "instance")
    try:
        with app.app_context(), session_scope(app) as session:
            before = auth.get_user(session, "bea").session_generation
        changed = cli.invoke(main, ["user", "password", "bea", "--password-stdin"],
                             input="a new long password\n")
        assert changed.exit_code == 0 and "sessions have ended" in changed.output
        ended = cli.invoke(main, ["user", "end-sessions", "bea"])
        assert ended.exit_code == 0, ended.output
        with app.app_context(), session_scope(app) as session:
            assert auth.get_user(session, "bea").session_generation == before + 2
            assert auth.authenticate(session, "bea", "a new long password", "127.0.0.1").name == "bea"
        short = cli.invoke(main, ["user", "password", "bea", "--password-stdin"], input="short\n")
        assert short.exit_code != 0 and "at least 8" in short.output
    finally:
        close_app(app)


# 6. Glossary names across projects --------------------------------------------------------------------------

def test_the_glossary_list_names_only_readable_projects(app, people, session):
    outsider = login(app, "out")
    listed = outsider.get("/api/v1/glossaries").get_json()
    default_id = docs.project_named(session, "Default").id
    assert default_id not in {g["project_id"] for g in listed}
    assert None in {g["project_id"] for g in listed}  # the global glossary is everyone's
    page = outsider.get("/glossary")
    assert page.status_code == 200 and "Default" not in page.get_data(as_text=True).split("<main", 1)[-1]


# 7. Hostile HTML --------------------------------------------------------------------------------------------

HOSTILE_HTML = (b'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
                b"<html><body><p>&e; Hello world.</p></body></html>")


def test_an_html_file_declaring_entities_is_refused_and_nothing_is_stored(app, client, session):
    answer = client.post("/documents", data={"mt_file": (io.BytesIO(HOSTILE_HTML), "page.html")},
                         headers={"Accept": "application/json"})
    if answer.status_code == 202:  # the import runs as a job: it must fail with the XML formats' message
        app.extensions["bitext.jobs"].shutdown(wait=True)
        session.rollback()
        job = session.get(Job, answer.get_json()["job"])
        assert job.status == "failed" and "entity declarations are not accepted" in job.error
    else:
        assert answer.status_code == 400
        assert "entity declarations are not accepted" in answer.get_json()["message"]
    session.rollback()
    assert session.scalars(select(Document)).all() == []


# 8. API hygiene ---------------------------------------------------------------------------------------------

def test_an_invalid_bearer_token_is_a_401_that_says_so(app, people):
    answer = app.test_client().patch(f"/api/v1/rows/{people['row']}", json={"version": 1, "target": "x"},
                                     headers={"Authorization": "Bearer not-a-token"})
    assert answer.status_code == 401 and "token is invalid" in answer.get_json()["message"]


def test_an_oversized_upload_answers_json_to_the_upload_script(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    answer = client.post("/documents", data={"mt_file": (io.BytesIO(b"x" * 5000), "big.txt")},
                         headers={"Accept": "application/json"})
    assert answer.status_code == 413 and answer.is_json and answer.get_json()["code"] == 413
    page = client.post("/documents", data={"mt_file": (io.BytesIO(b"x" * 5000), "big.txt")})
    assert page.status_code == 413 and page.mimetype == "text/html"


@pytest.mark.parametrize("path", ["download?format=html", "download?format=report", "download?format=txt",
                                  "qa/export?format=html", "qa/export?format=csv"])
def test_exports_name_their_charset_once(client, session, path):
    document = docs.import_document(session, mt_text="One sentence.", title="One",
                                    project=docs.project_named(session, "Default"))
    session.commit()
    answer = client.get(f"/documents/{document.id}/{path}")
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    assert answer.headers["Content-Type"].count("charset=utf-8") == 1, answer.headers["Content-Type"]


# The rule table, applied: who reads a job, who makes a project -----------------------------------------

def test_job_reads_and_project_creation_by_role(app, people, session):
    """Every role, on a job of its project, a job of another project, and a memory import naming a new
    project: what the rule table says each may do."""
    mine = Job(kind="export", status="done", document_id=people["mine"],
               project_id=docs.project_named(session, "Default").id)
    theirs = Job(kind="import", status="done", project_id=docs.project_named(session, "Other").id,
                 result={"document_id": people["theirs"]})
    session.add_all([mine, theirs])
    auth.add_user(session, "nobody", "password-nobody")
    session.commit()
    expected = {  # name: (own job, their job, import into a new project)
        "view": (200, 404, 404), "rev": (200, 404, 404), "term": (200, 404, 404), "owner": (200, 404, 404),
        "out": (404, 200, 404), "nobody": (404, 404, 404), "chief": (200, 200, 200),
    }
    seen = {}
    for name in expected:
        client = login(app, name)
        made = client.post("/api/v1/memory/import", content_type="multipart/form-data",
                           data=_tmx(f"New for {name}"))
        seen[name] = (client.get(f"/api/v1/jobs/{mine.id}").status_code,
                      client.get(f"/api/v1/jobs/{theirs.id}").status_code, made.status_code)
    assert seen == expected
    session.rollback()
    made = session.scalars(select(Project.name).where(Project.name.like("New for %")))
    assert list(made) == ["New for chief"]

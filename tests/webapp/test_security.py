"""Accounts, roles, CSRF, tokens, throttling, headers and the audit log, on a real database."""

import io

from sqlalchemy import select

from tests.builders import make_document
from tests.conftest import CSRF_TOKEN, csrf_client
from webapp.auth.rules import LOGIN, PROJECT_PARAM, PUBLIC, RULES
from webapp.models import AuditEvent
from webapp.services import auth
from webapp.services import documents as docs


def test_every_route_has_an_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - set(RULES)) == [], "give these endpoints a rule in webapp/auth/rules.py"
    assert sorted(set(RULES) - endpoints) == [], "these rules name endpoints that no longer exist"
    # A job is as private as its project: every address naming one needs a permission in that project.
    job_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "job_id" in rule.arguments}
    assert job_endpoints and all(RULES[e] not in (PUBLIC, LOGIN, "admin") for e in job_endpoints)
    # An endpoint that finds its project by name must not let a name that does not exist through.
    assert all(RULES[e] not in (PUBLIC, LOGIN) for e in PROJECT_PARAM)


def test_local_use_needs_no_login_until_an_account_exists(app, client, session):
    assert client.get("/").status_code == 200
    auth.add_user(session, "ana", "correct horse", admin=True)
    session.commit()
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/documents").status_code == 401


def test_another_address_needs_a_login_even_without_accounts(database_url, tmp_path):
    from tests.conftest import build_app

    app = build_app(database_url, tmp_path / "inst", HOST="0.0.0.0")
    try:
        assert app.config["SESSION_COOKIE_SECURE"] is True
        assert csrf_client(app).get("/api/v1/documents").status_code == 401
    finally:
        app.extensions["bitext.engine"].dispose()


def login(app, name):
    client = csrf_client(app)
    response = client.post("/login", data={"name": name, "password": "password-" + name,
                                           "csrf_token": CSRF_TOKEN})
    assert response.status_code == 303, response.get_data(as_text=True)
    with client.session_transaction() as session:  # login starts a new session with a new token
        client.environ_base["HTTP_X_CSRF_TOKEN"] = session["csrf"]
    return client


def test_roles_are_enforced_and_other_projects_are_invisible(app, people):
    viewer, reviewer, outsider = login(app, "view"), login(app, "rev"), login(app, "out")
    row = people["row"]
    assert viewer.get(f"/api/v1/rows/{row}").status_code == 200
    assert viewer.patch(f"/api/v1/rows/{row}", json={"version": 1, "target": "x"}).status_code == 403
    assert viewer.get(f"/documents/{people['mine']}/download?format=txt").status_code == 200
    assert reviewer.patch(f"/api/v1/rows/{row}", json={"version": 1, "target": "x"}).status_code == 200
    assert reviewer.delete(f"/api/v1/documents/{people['mine']}").status_code == 403
    assert outsider.get(f"/api/v1/rows/{row}").status_code == 404
    assert outsider.get(f"/documents/{people['mine']}").status_code == 404
    assert reviewer.get(f"/api/v1/rows/{people['their_row']}").status_code == 404
    titles = [d["title"] for d in reviewer.get("/api/v1/documents").get_json()]
    assert titles == ["Mine"]
    # A job about a document (bringing an edited file back) is as private as the document.
    applied = reviewer.post(f"/documents/{people['mine']}/apply",
                            data={"file": (io.BytesIO(b"One, edited."), "edited.txt")})
    assert applied.status_code == 303
    assert outsider.get(applied.location).status_code == 404
    assert viewer.get(applied.location).status_code in (200, 302)


def test_owner_deletes_and_the_audit_log_records_it(app, people, session):
    owner = login(app, "owner")
    owner.get(f"/documents/{people['mine']}/download?format=tmx")
    assert owner.delete(f"/api/v1/documents/{people['mine']}").status_code == 204
    session.rollback()  # a fresh snapshot: see what the requests committed
    actions = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-3:] == ["login", "export", "delete_document"]
    page = owner.get(f"/projects/{docs.project_named(session, 'Default').id}/members").get_data(as_text=True)
    assert "delete_document" in page and "rev" in page


def test_missing_or_wrong_csrf_token_is_refused(app, people):
    reviewer = login(app, "rev")
    del reviewer.environ_base["HTTP_X_CSRF_TOKEN"]
    row = people["row"]
    assert reviewer.patch(f"/api/v1/rows/{row}", json={"version": 1, "target": "x"}).status_code == 400
    reviewer.environ_base["HTTP_X_CSRF_TOKEN"] = "forged"
    assert reviewer.patch(f"/api/v1/rows/{row}", json={"version": 1, "target": "x"}).status_code == 400
    assert reviewer.get(f"/api/v1/rows/{row}").get_json()["version"] == 1


def test_login_is_throttled_after_repeated_failures(app, people):
    client = csrf_client(app)
    for _ in range(auth.THROTTLE_FAILURES):
        assert client.post("/login", data={"name": "rev", "password": "wrong"}).status_code == 401
    blocked = client.post("/login", data={"name": "rev", "password": "password-rev"})
    assert blocked.status_code == 429 and "too many failed logins" in blocked.get_data(as_text=True)


def test_api_tokens_act_for_their_user_until_revoked(app, people, session):
    reviewer = login(app, "rev")
    reviewer.post("/account/tokens", data={"name": "script"})
    page = reviewer.get("/account").get_data(as_text=True)
    secret = page.split('class="new-token">')[1].split("<")[0]
    bearer = app.test_client()  # no session, no CSRF token: the token is enough
    headers = {"Authorization": f"Bearer {secret}"}
    row = people["row"]
    assert bearer.patch(f"/api/v1/rows/{row}", json={"version": 1, "target": "via token"},
                        headers=headers).status_code == 200
    session.rollback()  # a fresh snapshot: see the token the requests committed
    token_id = auth.tokens_of(session, auth.get_user(session, "rev"))[0].id
    reviewer.post(f"/account/tokens/{token_id}/revoke")
    assert bearer.get(f"/api/v1/rows/{row}", headers=headers).status_code == 401
    assert "password-rev" not in page


def test_passwords_are_hashed_with_scrypt(session):
    user = auth.add_user(session, "hash", "a long password")
    assert user.password_hash.startswith("scrypt:") and "a long password" not in user.password_hash


def test_security_headers_on_every_answer(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/api/v1/documents").headers["X-Frame-Options"] == "DENY"


def test_login_only_redirects_within_the_site(app, people):
    client = csrf_client(app)
    response = client.post("/login", data={"name": "rev", "password": "password-rev",
                                           "next": "//evil.example/x"})
    assert response.headers["Location"] == "/"


def test_oversized_upload_is_refused(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/documents", data={"mt_file": (io.BytesIO(b"x" * 5000), "big.txt")},
                           headers={"Accept": "application/json"})
    assert response.status_code == 413


def test_export_names_cannot_traverse_paths(client, session):
    document = make_document(session, "One.", title="../../../etc/passwd")
    session.commit()
    disposition = client.get(f"/documents/{document.id}/download?format=txt").headers["Content-Disposition"]
    assert "/" not in disposition.split("filename=")[1] and ".." not in disposition


def test_user_commands(database_url, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from webapp.cli import main

    monkeypatch.setenv("BITEXT_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("BITEXT_DATABASE_URL", database_url)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    added = runner.invoke(main, ["user", "add", "chief", "--role", "admin", "--password-stdin"],
                          input="a strong password\n")
    assert added.exit_code == 0 and "a strong password" not in added.output
    ana = runner.invoke(main, ["user", "add", "ana", "--password-stdin"], input="another password\n")
    assert ana.exit_code == 0
    assert runner.invoke(main, ["user", "role", "ana", "viewer"]).exit_code == 0
    listing = runner.invoke(main, ["user", "list"]).output
    assert "chief" in listing and "admin" in listing and "viewer" in listing
    short = runner.invoke(main, ["user", "add", "bob", "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "at least 8" in short.output
    assert runner.invoke(main, ["user", "role", "nobody", "viewer"]).exit_code != 0


def test_changes_are_recorded_under_the_logged_in_user(app, people):
    reviewer = login(app, "rev")
    row = people["row"]
    assert reviewer.patch(f"/api/v1/rows/{row}", json={"version": 1, "target": "By rev."}).status_code == 200
    history = reviewer.get(f"/api/v1/rows/{row}/revisions").get_json()
    assert {entry["author"] for entry in history} == {"rev"}

"""QA over HTTP: the checks, QA runs as jobs, findings with filters, ignore, row JSON, pages, settings."""


import pytest

from tests.builders import make_document, wait_for_job
from webapp.models import JobStatus
from webapp.services import documents as docs
from webapp.services import qa

MT = "We saw the the results. my country has grown fast. The ship left port."


@pytest.fixture
def doc_id(session) -> int:
    document = make_document(session, MT, title="QA api")
    session.commit()
    return document.id


def run_qa(app, client, doc_id: int) -> dict:
    started = client.post(f"/api/v1/documents/{doc_id}/qa-jobs")
    assert started.status_code == 202 and started.get_json()["kind"] == "qa"
    job = wait_for_job(app, started.get_json()["id"])
    assert job.status == JobStatus.DONE, job.error
    return job.result


def test_checks_are_listed_with_their_documentation(client):
    checks = client.get("/api/v1/qa/checks").get_json()
    assert len(checks) == len(qa.check_docs()) and checks[0]["id"] == "empty_target"
    assert all(c["title"] and c["description"] and c["example"] and c["severity"] in qa.SEVERITIES
               for c in checks)


def test_run_list_filter_and_ignore(app, client, doc_id):
    result = run_qa(app, client, doc_id)
    assert result["by_check"]["repeated_word"] == 1
    page = client.get(f"/api/v1/documents/{doc_id}/qa").get_json()
    assert page["total"] == result["findings"] and page["counts"]["calque"] == 1
    only = client.get(f"/api/v1/documents/{doc_id}/qa?check=repeated_word").get_json()
    (finding,) = only["findings"]
    assert (finding["position"], finding["flagged"]) == (0, "the the")
    assert finding["target"] == "We saw the the results."
    info = client.get(f"/api/v1/documents/{doc_id}/qa?severity=info").get_json()["findings"]
    assert {f["severity"] for f in info} == {"info"}
    ignored = client.post(f"/api/v1/qa/findings/{finding['id']}/ignore")
    assert ignored.status_code == 200 and ignored.get_json()["ignored"] is True
    after = client.get(f"/api/v1/documents/{doc_id}/qa?ignored=true").get_json()
    assert [f["id"] for f in after["findings"]] == [finding["id"]] and "repeated_word" not in after["counts"]
    assert client.delete(f"/api/v1/qa/findings/{finding['id']}/ignore").get_json()["ignored"] is False
    assert client.get(f"/api/v1/documents/{doc_id}/qa?ignored=true").get_json()["total"] == 0


@pytest.mark.parametrize("path, code", [
    ("/api/v1/documents/999/qa", 404),
    ("/api/v1/documents/{doc}/qa?check=no_such_check", 422),
    ("/api/v1/documents/{doc}/qa?severity=fatal", 422),
    ("/api/v1/documents/{doc}/qa?limit=0", 422),
])
def test_bad_requests_answer_json_errors(client, doc_id, path, code):
    response = client.get(path.format(doc=doc_id))
    assert response.status_code == code and response.get_json()["code"] == code


@pytest.mark.parametrize("method", ["post", "delete"])
def test_unknown_findings_and_documents_are_404(client, method):
    response = getattr(client, method)("/api/v1/qa/findings/12345/ignore")
    assert response.status_code == 404 and "no QA finding" in response.get_json()["message"]
    assert client.post("/api/v1/documents/999/qa-jobs").status_code == 404


def test_saving_a_row_rechecks_it_and_the_row_json_shows_findings_and_marks(client, doc_id):
    row = client.get(f"/api/v1/documents/{doc_id}/rows").get_json()["rows"][2]
    assert row["qa"] == [] and row["marks"] == []
    saved = client.patch(f"/api/v1/rows/{row['id']}", json={"version": row["version"],
                                                            "target": "The ship left the the port."})
    body = saved.get_json()
    assert saved.status_code == 200 and [q["check"] for q in body["qa"]] == ["repeated_word"]
    assert body["qa"][0]["spans"] == [[14, 21]] and body["qa"][0]["ignored"] is False
    assert [(m["side"], m["start"], m["end"], m["kind"]) for m in body["marks"]] == [("target", 14, 21, "qa")]
    listed = client.get(f"/api/v1/documents/{doc_id}/rows?has_qa=true").get_json()
    assert row["id"] in [r["id"] for r in listed["rows"]]


def test_a_stale_save_is_refused_and_stores_no_findings(client, doc_id):
    row = client.get(f"/api/v1/documents/{doc_id}/rows").get_json()["rows"][2]
    first = client.patch(f"/api/v1/rows/{row['id']}", json={"version": row["version"], "target": "A."})
    assert first.status_code == 200
    stale = client.patch(f"/api/v1/rows/{row['id']}", json={"version": row["version"], "target": "the the"})
    assert stale.status_code == 409
    assert client.get(f"/api/v1/rows/{row['id']}").get_json()["qa"] == []


def test_revert_rechecks_the_row(client, doc_id):
    row = client.get(f"/api/v1/documents/{doc_id}/rows").get_json()["rows"][2]
    first = client.patch(f"/api/v1/rows/{row['id']}", json={"version": row["version"], "target": "a a b."})
    assert {q["check"] for q in first.get_json()["qa"]} >= {"repeated_word"}
    fixed = client.patch(f"/api/v1/rows/{row['id']}", json={"version": first.get_json()["version"],
                                                             "target": "A b."}).get_json()
    revision = client.get(f"/api/v1/rows/{row['id']}/revisions").get_json()[0]
    back = client.post(f"/api/v1/rows/{row['id']}/revisions/{revision['id']}/revert",
                       json={"version": fixed["version"]}).get_json()
    assert back["target"] == "a a b." and "repeated_word" in {q["check"] for q in back["qa"]}


def test_report_page_groups_filters_and_exports(app, client, doc_id):
    run_qa(app, client, doc_id)
    page = client.get(f"/documents/{doc_id}/qa").get_data(as_text=True)
    assert 'id="check-repeated_word"' in page and '<mark class="qa-mark">the the</mark>' in page
    assert f"/documents/{doc_id}#row-1" in page
    filtered = client.get(f"/documents/{doc_id}/qa?check=calque").get_data(as_text=True)
    assert 'id="check-calque"' in filtered and 'id="check-repeated_word"' not in filtered
    assert client.get(f"/documents/{doc_id}/qa?check=bogus").status_code == 400
    assert client.get(f"/documents/{doc_id}/qa?show=bogus").status_code == 400
    csv_export = client.get(f"/documents/{doc_id}/qa/export?format=csv&check=repeated_word")
    lines = csv_export.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("row,check_id")
    assert lines[1].startswith("1,repeated_word,warning,target,the the")
    assert "attachment" in csv_export.headers["Content-Disposition"]
    html = client.get(f"/documents/{doc_id}/qa/export?format=html").get_data(as_text=True)
    assert "<style>" in html and "QA report" in html and "the the" in html and "ignore-toggle" not in html
    assert client.get(f"/documents/{doc_id}/qa/export?format=pdf").status_code == 400
    assert client.get("/documents/999/qa").status_code == 404


def test_project_settings_switch_checks_off_and_on(client, session, doc_id):
    project = docs.project_named(session, "Default")
    session.commit()
    url = f"/projects/{project.id}/settings"

    def enabled() -> frozenset[str]:
        session.expire_all()
        checks = qa.enabled_checks(project)
        session.rollback()  # end the read, so that the app's next write does not wait for this session
        return checks

    assert client.get(url).get_data(as_text=True).count('name="enabled_checks"') == len(qa.check_docs())
    chosen = [c["id"] for c in qa.check_docs() if c["id"] != "calque"]
    saved = client.post(url, data={"abbreviations": "", "qa_checks": "1", "enabled_checks": chosen},
                        follow_redirects=True)
    assert saved.status_code == 200 and "Settings saved" in saved.get_data(as_text=True)
    assert "calque" not in enabled() and "repeated_word" in enabled()
    assert client.post(url, data={"abbreviations": "Govt."}).status_code == 303  # no QA section: unchanged
    assert "calque" not in enabled()
    refused = client.post(url, data={"qa_checks": "1", "enabled_checks": ["nope"]}, follow_redirects=True)
    assert "unknown QA check" in refused.get_data(as_text=True)

"""Fixes in the app: stored with findings at import, listed, applied in a row or all at once, undone."""

import json

import pytest
from sqlalchemy import select

from tests.builders import make_document, wait_for_job
from tests.webapp.test_security import login
from webapp import jobs
from webapp.models import Document, JobStatus, Link, Status
from webapp.services import fixes, qa

MT = "We saw the the results. my country has grown fast .\n\nThe ship left port."


@pytest.fixture
def doc_id(session) -> int:
    document = make_document(session, MT, title="Fixes")
    session.commit()
    return document.id


def targets(session, doc_id: int) -> list[str]:
    session.rollback()  # a fresh read: the requests wrote in their own transactions
    return [link.final_text for link in session.scalars(
        select(Link).where(Link.document_id == doc_id).order_by(Link.position))]


def proposals(client, doc_id: int, query: str = "") -> dict:
    answer = client.get(f"/api/v1/documents/{doc_id}/fixes{query}")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_an_import_runs_qa_and_stores_the_fixes(session, doc_id):
    document = session.get(Document, doc_id)
    assert qa.finding_counts(session, document).open["repeated_word"] == 1
    _total, found = fixes.proposals(session, document)
    assert {(p.check_id, p.after) for p in found} >= {
        ("repeated_word", "We saw the results."), ("space_before_punctuation", "my country has grown fast."),
        ("calque", "China has grown fast ."), ("lowercase_start", "My country has grown fast .")}


def test_list_filters_and_pages(client, doc_id):
    everything = proposals(client, doc_id)
    safe = proposals(client, doc_id, "?kind=safe")
    calques = proposals(client, doc_id, "?check=calque")
    assert everything["total"] == len(everything["fixes"]) == 4
    assert {f["kind"] for f in safe["fixes"]} == {"safe"} and safe["total"] == 3
    assert [f["check_id"] for f in calques["fixes"]] == ["calque"]
    option = {"index": 0, "kind": "suggested", "text": "China has grown fast ."}
    assert calques["fixes"][0]["options"][0] == option
    page = proposals(client, doc_id, "?offset=1&limit=2")
    assert page["total"] == 4 and [f["finding_id"] for f in page["fixes"]] == [
        f["finding_id"] for f in everything["fixes"][1:3]]
    assert client.get(f"/api/v1/documents/{doc_id}/fixes?check=nope").status_code == 422
    assert client.get(f"/api/v1/documents/{doc_id}/fixes?kind=risky").status_code == 422


def test_apply_a_selection_as_one_operation_and_undo_it(client, session, doc_id):
    listed = proposals(client, doc_id)["fixes"]
    chosen = [f for f in listed if f["check_id"] in ("repeated_word", "space_before_punctuation", "calque")]
    answer = client.post(f"/api/v1/documents/{doc_id}/fixes/apply", json={"fixes": [
        {"finding_id": f["finding_id"], "version": f["version"]} for f in chosen]})
    assert answer.status_code == 200, answer.get_json()
    outcome = answer.get_json()
    assert outcome["rows"] == 2 and outcome["skipped"] == []
    assert targets(session, doc_id) == ["We saw the results.", "China has grown fast.", "The ship left port."]
    # Re-checked: the fixed rows have no fix left but the capital that the calque made needless.
    assert proposals(client, doc_id)["total"] == 0
    undone = client.post(f"/api/v1/operations/{outcome['operation_id']}/undo")
    assert undone.status_code == 200, undone.get_json()
    assert targets(session, doc_id)[0] == "We saw the the results."


def test_a_row_changed_since_the_list_and_a_confirmed_row_are_skipped_and_named(client, session, doc_id):
    listed = proposals(client, doc_id, "?kind=safe")["fixes"]
    first, second = (next(f for f in listed if f["row"] == n) for n in (1, 2))
    edited = client.patch(f"/api/v1/rows/{first['row_id']}", json={"version": first["version"],
                                                                    "status": "confirmed"})
    assert edited.status_code == 200
    answer = client.post(f"/api/v1/documents/{doc_id}/fixes/apply", json={"fixes": [
        {"finding_id": f["finding_id"], "version": f["version"], "row_id": f["row_id"]}
        for f in (first, second)]}).get_json()
    assert [(s["row"], "changed" in s["reason"]) for s in answer["skipped"]] == [(1, True)]
    assert answer["rows"] == 1
    assert targets(session, doc_id)[0] == "We saw the the results."
    assert session.get(Link, first["row_id"]).status == Status.CONFIRMED
    again = proposals(client, doc_id, "?kind=safe")["fixes"]
    confirmed = next(f for f in again if f["row"] == 1)
    answer = client.post(f"/api/v1/documents/{doc_id}/fixes/apply", json={"fixes": [
        {"finding_id": confirmed["finding_id"], "version": confirmed["version"]}]}).get_json()
    assert answer["operation_id"] is None and "confirmed" in answer["skipped"][0]["reason"]


def test_bad_selections_are_refused_and_change_nothing(client, doc_id):
    listed = proposals(client, doc_id)["fixes"]
    url = f"/api/v1/documents/{doc_id}/fixes/apply"
    assert client.post(url, json={"fixes": []}).status_code == 422
    twice = client.post(url, json={"fixes": [{"finding_id": listed[0]["finding_id"]}] * 2})
    assert twice.status_code == 400 and "twice" in twice.get_json()["message"]
    wrong = client.post(url, json={"fixes": [{"finding_id": listed[0]["finding_id"], "index": 7}]})
    assert wrong.status_code == 400 and "no fix number 7" in wrong.get_json()["message"]
    gone = client.post(url, json={"fixes": [{"finding_id": 999_999}]}).get_json()
    assert gone["operation_id"] is None and "gone" in gone["skipped"][0]["reason"]
    assert proposals(client, doc_id)["total"] == len(listed)


def test_apply_in_a_row_is_a_versioned_save_with_its_own_undo(client, session, doc_id):
    row = client.get(f"/api/v1/documents/{doc_id}/rows").get_json()["rows"][1]
    by_check = {f["check"]: f for f in row["qa"]}
    assert by_check["calque"]["fixes"][0]["text"] == "China has grown fast ."
    chosen = [{"finding_id": by_check[c]["id"]} for c in ("calque", "space_before_punctuation")]
    url = f"/api/v1/rows/{row['id']}/fixes"
    assert client.post(url, json={"version": row["version"] + 1, "fixes": chosen}).status_code == 409
    saved = client.post(url, json={"version": row["version"], "fixes": chosen})
    assert saved.status_code == 200, saved.get_json()
    body = saved.get_json()
    assert body["target"] == "China has grown fast." and body["version"] == row["version"] + 1
    assert body["operation_id"] and not any(f["fixes"] for f in body["qa"] if f["check"] == "calque")
    history = client.get(f"/api/v1/rows/{row['id']}/revisions").get_json()
    change = next(r for r in history if r["field"] == "target")
    assert change["new"] == "China has grown fast." and change["operation_id"] == body["operation_id"]
    assert client.post(f"/api/v1/operations/{body['operation_id']}/undo").status_code == 200
    assert client.get(f"/api/v1/rows/{row['id']}").get_json()["target"] == MT.split(". ", 1)[1].split("\n")[0]


def test_viewers_list_but_cannot_apply(app, people, session):
    make = make_document(session, "We saw the the results.", title="Viewer fixes")
    session.commit()
    viewer, reviewer = login(app, "view"), login(app, "rev")
    listed = viewer.get(f"/api/v1/documents/{make.id}/fixes").get_json()["fixes"]
    assert listed
    body = {"fixes": [{"finding_id": listed[0]["finding_id"]}]}
    assert viewer.post(f"/api/v1/documents/{make.id}/fixes/apply", json=body).status_code == 403
    assert viewer.post(f"/api/v1/rows/{listed[0]['row_id']}/fixes",
                       json={"version": 1, **body}).status_code == 403
    assert reviewer.post(f"/api/v1/documents/{make.id}/fixes/apply", json=body).status_code == 200


def test_more_than_the_inline_limit_runs_as_a_job(app, client, session, monkeypatch, doc_id):
    monkeypatch.setattr(jobs, "BULK_INLINE_MAX_ROWS", 1)
    listed = proposals(client, doc_id, "?kind=safe")["fixes"]
    started = client.post(f"/api/v1/documents/{doc_id}/fixes/apply", json={"fixes": [
        {"finding_id": f["finding_id"], "version": f["version"]} for f in listed]})
    assert started.status_code == 202 and started.get_json()["kind"] == "fix"
    job = wait_for_job(app, started.get_json()["id"])
    assert job.status == JobStatus.DONE, job.error
    assert job.result["rows"] == 2 and job.result["operation_id"]


def test_fixes_are_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/documents/{document_id}/fixes", "/api/v1/documents/{document_id}/fixes/apply",
            "/api/v1/rows/{row_id}/fixes"} <= set(spec["paths"])


def test_cli_dry_run_json_then_apply(run, tmp_path):
    source = tmp_path / "mt.txt"
    source.write_text(MT, "utf-8")
    assert run("import", str(source), "--title", "CLI fixes").exit_code == 0
    dry = run("fix", "CLI fixes", "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.output
    items = json.loads(dry.output)
    assert {"row", "check_id", "kind", "before", "after"} == set(items[0])
    assert {(i["row"], i["check_id"], i["after"]) for i in items} >= {
        (1, "repeated_word", "We saw the results."), (2, "calque", "China has grown fast .")}
    safe = run("fix", "CLI fixes", "--safe-only")
    assert safe.exit_code == 0 and "operation" in safe.output and "2 row(s) fixed" in safe.output
    left = json.loads(run("fix", "CLI fixes", "--dry-run", "--format", "json").output)
    assert [i["kind"] for i in left] == ["suggested"]
    assert run("fix", "CLI fixes", "--check", "nope").exit_code != 0

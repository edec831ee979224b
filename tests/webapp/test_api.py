"""The JSON API: every endpoint, and bad input answered with a 4xx JSON error that changes nothing."""

import pytest

from tests.builders import make_document
from webapp.models import Status


@pytest.fixture
def document_id(app, session):
    document = make_document(session, "my country grows. It is big.\n\nA new paragraph.", title="API doc")
    session.commit()
    return document.id


def rows(client, document_id, **query):
    response = client.get(f"/api/v1/documents/{document_id}/rows", query_string=query)
    assert response.status_code == 200
    return response.get_json()


def test_documents_list_and_one(client, document_id):
    listed = client.get("/api/v1/documents").get_json()
    summary = [(d["id"], d["title"], d["total"], d["confirmed"]) for d in listed]
    assert summary == [(document_id, "API doc", 3, 0)]
    one = client.get(f"/api/v1/documents/{document_id}").get_json()
    assert one["percent"] == 0 and one["src_lang"] == "zh" and one["tgt_lang"] == "en"


def test_documents_come_a_page_at_a_time_and_by_title(client, session, document_id):
    for n in range(4):
        make_document(session, f"Sentence {n}.", title=f"Brief_{n}%")
    session.commit()
    page = client.get("/api/v1/documents", query_string={"offset": 1, "limit": 2})
    assert page.headers["X-Total-Count"] == "5"
    assert [d["title"] for d in page.get_json()] == ["Brief_2%", "Brief_1%"]
    found = client.get("/api/v1/documents", query_string={"q": "brief_3%"})
    assert [d["title"] for d in found.get_json()] == ["Brief_3%"] and found.headers["X-Total-Count"] == "1"
    assert client.get("/api/v1/documents", query_string={"q": "ief%"}).headers["X-Total-Count"] == "0"
    assert client.get("/api/v1/documents", query_string={"limit": 0}).status_code == 422


def test_rows_are_paged_in_order(client, document_id):
    page = rows(client, document_id, offset=1, limit=1)
    assert page["total"] == 3 and page["offset"] == 1
    assert [(r["position"], r["mt"], r["paragraph"]) for r in page["rows"]] == [(1, "It is big.", 0)]


def test_patch_saves_and_history_lists_it(client, document_id):
    row = rows(client, document_id)["rows"][0]
    change = {"version": row["version"], "target": "China grows."}
    response = client.patch(f"/api/v1/rows/{row['id']}", json=change)
    assert response.status_code == 200
    saved = response.get_json()
    assert (saved["target"], saved["status"], saved["version"]) == ("China grows.", Status.EDITED, 2)
    history = client.get(f"/api/v1/rows/{row['id']}/revisions").get_json()
    assert {(h["field"], h["old"], h["new"]) for h in history} == {
        ("target", "my country grows.", "China grows."), ("status", "new", "edited")}
    confirmed = client.patch(f"/api/v1/rows/{row['id']}", json={"version": 2, "status": "confirmed"})
    confirmed = confirmed.get_json()
    assert confirmed["status"] == "confirmed"
    assert client.get(f"/api/v1/documents/{document_id}").get_json()["confirmed"] == 1


def test_stale_version_gets_409_with_current_text(client, document_id):
    row = rows(client, document_id)["rows"][0]
    client.patch(f"/api/v1/rows/{row['id']}", json={"version": 1, "target": "First."})
    response = client.patch(f"/api/v1/rows/{row['id']}", json={"version": 1, "target": "Second."})
    assert response.status_code == 409
    body = response.get_json()
    assert body["code"] == 409 and body["current"]["target"] == "First." and body["current"]["version"] == 2
    assert client.get(f"/api/v1/rows/{row['id']}").get_json()["target"] == "First."


@pytest.mark.parametrize("send, status", [
    ({"data": "{not json", "content_type": "application/json"}, 400),
    ({"json": {"target": "no version"}}, 422),
    ({"json": {"version": 1, "status": "done"}}, 422),
    ({"json": {"version": "one"}}, 422),
    ({"json": {"version": 1, "target": "x" * 20_001}}, 400),
])
def test_bad_patch_is_a_json_error_and_changes_nothing(client, document_id, send, status):
    row = rows(client, document_id)["rows"][0]
    response = client.patch(f"/api/v1/rows/{row['id']}", **send)
    assert response.status_code == status
    assert response.is_json and response.get_json()["message"]
    after = client.get(f"/api/v1/rows/{row['id']}").get_json()
    assert (after["target"], after["version"], after["status"]) == (row["target"], 1, "new")


@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/documents/999"), ("get", "/api/v1/documents/999/rows"), ("get", "/api/v1/rows/999"),
    ("patch", "/api/v1/rows/999"), ("get", "/api/v1/rows/999/revisions"), ("get", "/api/v1/nothing"),
])
def test_unknown_ids_are_json_404(client, document_id, method, path):
    response = getattr(client, method)(path, json={"version": 1} if method == "patch" else None)
    assert response.status_code == 404
    assert response.get_json()["code"] == 404


def test_bad_paging_is_rejected(client, document_id):
    response = client.get(f"/api/v1/documents/{document_id}/rows", query_string={"limit": 0})
    assert response.status_code == 422


def test_openapi_document_describes_the_api(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    expected = {"/api/v1/documents", "/api/v1/documents/{document_id}/rows", "/api/v1/rows/{row_id}"}
    assert expected <= set(spec["paths"])
    assert "patch" in spec["paths"]["/api/v1/rows/{row_id}"]

"""The glossary API: entries with 409 on stale edits, delete and undo, import, export, suggestions, and the
per-document term marks and forbidden-variant fixes."""

from __future__ import annotations

import io

import pytest

from tests.builders import make_document, wait_for_job
from webapp import jobs
from webapp.services import glossary as gs


@pytest.fixture
def gid(app, session):
    glossary = gs.glossary_for(session, None)
    session.commit()
    return glossary.id


def add(client, gid, **data):
    response = client.post(f"/api/v1/glossaries/{gid}/entries", json=data)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def upload(client, gid, data: bytes, name: str = "g.csv", **form):
    return client.post(f"/api/v1/glossaries/{gid}/import", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), name), **form})


def test_add_list_and_edit_with_versions(client, gid):
    entry = add(client, gid, source="我国", targets="China | the country", forbidden=["my country"])
    assert entry["preferred"] == "China" and entry["version"] == 1 and entry["forbidden"] == ["my country"]
    add(client, gid, source="人才", targets=["talent"], status="proposed", domain="science")
    query = {"sort": "target", "limit": 1}
    page = client.get(f"/api/v1/glossaries/{gid}/entries", query_string=query).get_json()
    assert page["total"] == 2 and [e["source"] for e in page["entries"]] == ["我国"]
    proposed = client.get(f"/api/v1/glossaries/{gid}/entries", query_string={"status": "proposed"}).get_json()
    assert [e["source"] for e in proposed["entries"]] == ["人才"]
    path = f"/api/v1/glossaries/{gid}/entries/{entry['id']}"
    saved = client.patch(path, json={"version": 1, "note": "Say China."}).get_json()
    assert saved["version"] == 2 and saved["note"] == "Say China."
    stale = client.patch(path, json={"version": 1, "note": "Mine."})
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["code"] == 409 and body["current"]["note"] == "Say China." and body["current"]["version"] == 2


@pytest.mark.parametrize("data, status, message", [
    ({"source": "x"}, 422, "invalid"),
    ({"source": "x", "targets": 5}, 422, "invalid"),
    ({"source": "x", "targets": "y", "status": "great"}, 422, "invalid"),
    ({"source": "x", "targets": "x | x"}, 400, "listed twice"),
])
def test_invalid_entries_get_a_clear_error(client, gid, data, status, message):
    response = client.post(f"/api/v1/glossaries/{gid}/entries", json=data)
    assert response.status_code == status and message in response.get_json()["message"]
    assert client.get(f"/api/v1/glossaries/{gid}/entries").get_json()["total"] == 0


def test_duplicate_source_is_a_conflict(client, gid):
    first = add(client, gid, source="我国", targets="China")
    response = client.post(f"/api/v1/glossaries/{gid}/entries", json={"source": "我国", "targets": "PRC"})
    assert response.status_code == 409 and response.get_json()["current"]["id"] == first["id"]


def test_bulk_delete_and_undo(client, gid):
    ids = [add(client, gid, source=s, targets=t)["id"] for s, t in (("甲", "a"), ("乙", "b"), ("丙", "c"))]
    deleted = client.post(f"/api/v1/glossaries/{gid}/entries/delete", json={"ids": ids[:2]}).get_json()
    assert all(e["deleted"] for e in deleted["entries"])
    assert client.get(f"/api/v1/glossaries/{gid}/entries").get_json()["total"] == 1
    restored = client.post(f"/api/v1/glossaries/{gid}/entries/restore", json={"ids": ids[:2]}).get_json()
    assert not any(e["deleted"] for e in restored["entries"])
    assert client.get(f"/api/v1/glossaries/{gid}/entries").get_json()["total"] == 3
    one = client.delete(f"/api/v1/glossaries/{gid}/entries/{ids[2]}")
    assert one.status_code == 200 and one.get_json()["deleted"]
    missing = client.post(f"/api/v1/glossaries/{gid}/entries/delete", json={"ids": [999]})
    assert missing.status_code == 404 and "999" in missing.get_json()["message"]


def test_import_is_all_or_nothing_and_reports_every_rejection(client, gid):
    data = "source,target,status\n我国,China,approved\n空,,approved\n好,good,excellent\n".encode()
    refused = upload(client, gid, data)
    body = refused.get_json()
    assert refused.status_code == 422 and "Nothing imported" in body["message"]
    assert [(r["line"], r["source"]) for r in body["report"]["rejected"]] == [(3, "空"), (4, "好")]
    assert client.get(f"/api/v1/glossaries/{gid}/entries").get_json()["total"] == 0
    stored = upload(client, gid, data, skip_invalid="true").get_json()
    assert stored["stored"] and stored["created"] == 1 and len(stored["rejected"]) == 2
    again = upload(client, gid, data, skip_invalid="true", on_duplicate="overwrite").get_json()
    assert (again["created"], again["updated"], again["duplicates"][0]["action"]) == (0, 1, "overwritten")


@pytest.mark.parametrize("data, name, message", [
    (b"\xff\xfe\x00", "g.csv", "UTF-16"),
    ("source,target\n中,x\n".encode("big5"), "g.csv", "not UTF-8"),
    (b"<martif><text>", "g.tbx", "malformed XML"),
    (b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><martif>&xxe;</martif>',
     "g.tbx", "entit"),
])
def test_unreadable_imports_get_400_with_the_reason(client, gid, data, name, message):
    response = upload(client, gid, data, name)
    assert response.status_code == 400 and message in response.get_json()["message"]


def test_import_without_a_file_and_uploads_over_the_limit(app, client, gid):
    assert "multipart field 'file'" in client.post(f"/api/v1/glossaries/{gid}/import").get_json()["message"]
    app.config["MAX_CONTENT_LENGTH"] = 100
    too_big = upload(client, gid, b"source,target\n" + b"a,b\n" * 100)
    assert too_big.status_code == 413 and too_big.get_json()["code"] == 413


@pytest.mark.parametrize("fmt, marker", [("csv", b"source,target"), ("tbx", b"<martif"), ("tbx3", b"<tbx ")])
def test_export_downloads(client, gid, fmt, marker):
    add(client, gid, source="我国", targets="China")
    response = client.get(f"/api/v1/glossaries/{gid}/export", query_string={"format": fmt})
    assert response.status_code == 200 and marker in response.data
    assert "attachment" in response.headers["Content-Disposition"]
    assert client.get(f"/api/v1/glossaries/{gid}/export?format=pdf").status_code == 422


@pytest.mark.parametrize("fmt", ["tbx", "tbx3"])
def test_an_empty_glossary_has_nothing_to_export_as_tbx(client, gid, fmt):
    response = client.get(f"/api/v1/glossaries/{gid}/export", query_string={"format": fmt})
    assert response.status_code == 409 and "nothing to export" in response.get_json()["message"]
    csv = client.get(f"/api/v1/glossaries/{gid}/export", query_string={"format": "csv"})
    assert csv.status_code == 200 and csv.data.decode("utf-8-sig").startswith("source,")


def test_listing_glossaries_and_unknown_ones(client, gid):
    listed = client.get("/api/v1/glossaries").get_json()
    assert listed[0]["id"] == gid and listed[0]["project_id"] is None
    assert client.get("/api/v1/glossaries/999/entries").status_code == 404


@pytest.fixture
def document_id(app, session):
    document = make_document(session, "my country grows. Talent matters.", title="Terms")
    glossary = gs.glossary_for(session, document.project)
    gs.create_entry(session, glossary, {"source": "我国", "targets": "China", "forbidden": "my country"}, "x")
    gs.create_entry(session, glossary, {"source": "人才", "targets": "talent"}, "x")
    session.commit()
    return document.id


def test_terms_of_a_page_of_rows(client, document_id):
    query = {"offset": 1, "limit": 1}
    page = client.get(f"/api/v1/documents/{document_id}/terms", query_string=query).get_json()
    assert page["total"] == 2 and len(page["rows"]) == 1
    assert {(m["side"], m["kind"], m["preferred"]) for m in page["rows"][0]["marks"]} == {
        ("mt", "term", "talent"), ("target", "term", "talent")}
    assert client.get("/api/v1/documents/999/terms").status_code == 404


def test_fix_forbidden_preview_apply_and_stale_rows(client, document_id):
    preview = client.post(f"/api/v1/documents/{document_id}/fix-forbidden/preview").get_json()
    assert [(r["old"], r["new"]) for r in preview["rows"]] == [("my country grows.", "China grows.")]
    rows = [{"id": r["link_id"], "version": r["version"]} for r in preview["rows"]]
    stale = [{"id": rows[0]["id"], "version": 7}]
    conflict = client.post(f"/api/v1/documents/{document_id}/fix-forbidden/apply", json={"rows": stale})
    assert conflict.status_code == 409
    applied = client.post(f"/api/v1/documents/{document_id}/fix-forbidden/apply", json={"rows": rows})
    applied = applied.get_json()
    assert applied["operation_id"] and [r["target"] for r in applied["rows"]] == ["China grows."]
    history = client.get(f"/api/v1/rows/{rows[0]['id']}/revisions").get_json()
    changes = {(h["field"], h["old"], h["new"]) for h in history}
    assert ("target", "my country grows.", "China grows.") in changes
    assert client.post(f"/api/v1/documents/{document_id}/fix-forbidden/preview").get_json()["rows"] == []


def test_fixing_many_rows_runs_as_a_job_that_undoes_as_one(app, client, document_id, monkeypatch):
    monkeypatch.setattr(jobs, "BULK_INLINE_MAX_ROWS", 0)
    preview = client.post(f"/api/v1/documents/{document_id}/fix-forbidden/preview").get_json()
    rows = [{"id": r["link_id"], "version": r["version"]} for r in preview["rows"]]
    started = client.post(f"/api/v1/documents/{document_id}/fix-forbidden/apply", json={"rows": rows})
    assert started.status_code == 202 and started.get_json()["kind"] == "fix_terms", started.get_json()
    done = wait_for_job(app, started.get_json()["id"])
    assert (done.status, done.result["rows"]) == ("done", 1), done.error
    assert client.get(f"/api/v1/rows/{rows[0]['id']}").get_json()["target"] == "China grows."
    undoing = client.post(f"/api/v1/operations/{done.result['operation_id']}/undo")
    assert undoing.status_code == 202 and wait_for_job(app, undoing.get_json()["id"]).status == "done"
    assert client.get(f"/api/v1/rows/{rows[0]['id']}").get_json()["target"] == "my country grows."


def test_suggestions_accept_and_dismiss(client, session, gid):
    document = make_document(session, "A my country. B my country. C my country. D my country.", title="S")
    session.commit()
    rows = client.get(f"/api/v1/documents/{document.id}/rows").get_json()["rows"]
    for row in rows[:3]:
        fixed = row["target"].replace("my country", "China")
        client.patch(f"/api/v1/rows/{row['id']}", json={"version": row["version"], "target": fixed})
    found = client.get(f"/api/v1/glossaries/{gid}/suggestions").get_json()
    assert [(s["old"], s["new"], s["count"]) for s in found] == [("my country", "China", 3)]
    refused = client.post(f"/api/v1/glossaries/{gid}/suggestions/accept",
                          json={"source": "", "old": "my country", "new": "China"})
    assert refused.status_code == 400
    accepted = client.post(f"/api/v1/glossaries/{gid}/suggestions/accept",
                           json={"source": "我国", "old": "my country", "new": "China"})
    assert accepted.status_code == 201 and accepted.get_json()["status"] == "proposed"
    assert client.get(f"/api/v1/glossaries/{gid}/suggestions").get_json() == []
    dismissed = client.post(f"/api/v1/glossaries/{gid}/suggestions/dismiss", json={"old": "a", "new": "b"})
    assert dismissed.status_code == 204


def test_the_openapi_document_lists_the_glossary_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/glossaries/{glossary_id}/entries/{entry_id}" in paths
    assert "/api/v1/documents/{document_id}/fix-forbidden/apply" in paths

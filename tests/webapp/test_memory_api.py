"""The memory API and pages: matches, concordance, TMX import/export, settings; effort, also in the report."""

import io

import pytest

from tests.builders import eventually, make_pairs
from webapp.db import session_scope
from webapp.models import Document
from webapp.services import editing, memory, report

MT = "The two hospitals held their general assemblies in Beijing."
FIXED = "The two academies held their general assemblies in Beijing."


@pytest.fixture
def rows(app):
    """Row ids: one confirmed with a correction in "Monday", then the same MT untouched in "Tuesday"."""
    with app.app_context(), session_scope(app) as session:  # its own context: requests get their own session
        monday = make_pairs(session, [("两院院士大会在北京召开。", MT)], title="Monday")
        link = monday.links[0]
        editing.save_link(session, link, version=link.version, author="ana", target=FIXED, status="confirmed")
        tuesday = make_pairs(session, [("", MT)], title="Tuesday")
        return {"monday": link.id, "tuesday": tuesday.links[0].id, "tuesday_doc": tuesday.id,
                "project": monday.project_id}


def test_matches_for_a_row(client, rows):
    body = client.get(f"/api/v1/rows/{rows['tuesday']}/matches").get_json()
    assert body["row_id"] == rows["tuesday"] and body["prefilled"] is None
    [match] = body["matches"]
    assert (match["by"], match["score"], match["target"], match["document_title"]) == ("mt", 100.0, FIXED,
                                                                                       "Monday")
    assert match["diff"] == [["equal", MT]]
    assert client.get("/api/v1/rows/999/matches").status_code == 404
    assert client.get(f"/api/v1/rows/{rows['tuesday']}/matches?limit=0").status_code == 422


def test_a_large_memory_answers_503_while_it_is_first_indexed(client, rows, monkeypatch):
    monkeypatch.setattr(memory, "BUILD_INLINE_MAX", 0)
    first = client.get(f"/api/v1/rows/{rows['tuesday']}/matches")
    assert first.status_code == 503 and "being indexed" in first.get_json()["message"]
    path = f"/api/v1/rows/{rows['tuesday']}/matches"
    answer = eventually(lambda: a if (a := client.get(path)).status_code != 503 else None, what="indexing")
    assert [m["target"] for m in answer.get_json()["matches"]] == [FIXED]


def test_a_confirmation_through_the_api_is_proposed_at_once(client, rows):
    row = client.get(f"/api/v1/rows/{rows['tuesday']}").get_json()
    client.patch(f"/api/v1/rows/{rows['tuesday']}", json={"version": row["version"], "target": "Mine.",
                                                          "status": "confirmed"})
    matches = client.get(f"/api/v1/rows/{rows['monday']}/matches").get_json()["matches"]
    assert [m["target"] for m in matches] == ["Mine."]


def test_concordance(client, rows):
    body = client.get("/api/v1/memory/concordance", query_string={"q": "academies"}).get_json()
    assert (body["side"], body["total"]) == ("target", 1)
    assert (body["hits"][0]["before"], body["hits"][0]["match"]) == ("The two ", "academies")
    chinese = client.get("/api/v1/memory/concordance", query_string={"q": "北京", "project": "Default"})
    assert chinese.get_json()["side"] == "source" and chinese.get_json()["total"] == 1
    wrong_side = client.get("/api/v1/memory/concordance", query_string={"q": "x", "side": "left"})
    assert wrong_side.status_code == 422
    missing = client.get("/api/v1/memory/concordance", query_string={"q": "x", "project": "Nope"})
    assert missing.status_code == 404


def test_export_import_and_settings(client, rows):
    exported = client.get("/api/v1/memory/export")
    assert exported.status_code == 200 and exported.mimetype == "application/x-tmx+xml"
    assert FIXED.encode() in exported.data
    upload = client.post("/api/v1/memory/import", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(exported.data), "m.tmx"), "project": "Archive"})
    assert upload.status_code == 200, upload.get_json()
    assert (upload.get_json()["added"], upload.get_json()["entries"]) == (1, 1)
    bad = client.post("/api/v1/memory/import", content_type="multipart/form-data",
                      data={"file": (io.BytesIO(b"not xml"), "m.tmx")})
    assert bad.status_code == 400
    stats = client.patch("/api/v1/memory", json={"project": "Archive", "shared": True, "max_entries": 10})
    assert stats.get_json()["shared"] is True and stats.get_json()["max_entries"] == 10
    assert client.get("/api/v1/memory?project=Archive").get_json()["entries"] == 1


def test_effort_is_summed_per_row_document_and_user(app, client, rows):
    path = f"/api/v1/rows/{rows['tuesday']}/effort"
    client.post(path, json={"active_ms": 4000, "keystrokes": 12})
    body = client.post(path, json={"active_ms": 1500, "keystrokes": 3}).get_json()
    assert (body["active_ms"], body["keystrokes"], body["seconds"]) == (5500, 15, 5.5)
    assert body["users"] == [{"user": "local", "active_ms": 5500, "seconds": 5.5, "keystrokes": 15}]
    assert client.post(path, json={"active_ms": -1}).status_code == 422
    document = client.get(f"/api/v1/documents/{rows['tuesday_doc']}/effort").get_json()
    assert document["seconds"] == 5.5 and document["rows"][0]["position"] == 0
    assert client.get("/api/v1/effort/users").get_json()["users"][0]["documents"] == 1
    with app.app_context(), session_scope(app) as session:
        assert "0.1 min" in report.render_report(session, session.get(Document, rows["tuesday_doc"]))


def test_pages(client, rows):
    page = client.get("/memory?q=academies")
    assert page.status_code == 200 and "<mark>academies</mark>" in page.get_data(as_text=True)
    assert "Monday, row 1" in page.get_data(as_text=True)
    project = client.get(f"/projects/{rows['project']}/memory")
    assert project.status_code == 200 and "Export TMX" in project.get_data(as_text=True)
    saved = client.post(f"/projects/{rows['project']}/memory/settings", data={"max_entries": "5"})
    assert saved.status_code == 303
    tmx = client.get(f"/projects/{rows['project']}/memory/export").data
    imported = client.post(f"/projects/{rows['project']}/memory/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(tmx), "m.tmx")}, follow_redirects=True)
    assert "0 entries added, 1 skipped" in imported.get_data(as_text=True)

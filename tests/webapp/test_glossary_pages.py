"""The glossary page: listing with search and paging, import with its report page, export, suggestions."""

import io

import pytest

from tests.builders import make_document
from webapp.services import glossary as gs
from webapp.services import glossary_exchange as gx


@pytest.fixture
def project_glossary(app, session):
    document = make_document(session, "my country grows.", title="Doc")
    glossary = gs.glossary_for(session, document.project)
    gx.ensure_starter_glossary(session, document.project)
    session.commit()
    return glossary


def test_global_page_and_project_page(client, project_glossary):
    page = client.get("/glossary")
    assert page.status_code == 200 and "Glossary · All projects (global)" in page.text
    assert "No entries" in page.text and 'href="/projects/1/glossary"' in page.text
    project = client.get(f"/projects/{project_glossary.project_id}/glossary")
    assert project.status_code == 200 and "Entries 1–39 of 39" in project.text
    assert 'value="my country | our country"' in project.text
    assert "glossary.js" in project.text and "<script>" not in project.text
    assert client.get("/projects/999/glossary").status_code == 404


def test_search_filter_and_paging_links(client, session, project_glossary):
    url = f"/projects/{project_glossary.project_id}/glossary"
    found = client.get(url, query_string={"q": "academy of engineering"}).text
    assert "Entries 1–3 of 3" in found
    for n in range(60):
        gs.create_entry(session, project_glossary, {"source": f"词{n:02}", "targets": f"zzword {n}"}, "x")
    session.commit()
    first = client.get(url, query_string={"q": "zzword"}).text
    assert "Entries 1–50 of 60" in first and "offset=50" in first and 'rel="prev"' not in first
    second = client.get(url, query_string={"q": "zzword", "offset": 50}).text
    assert "Entries 51–60 of 60" in second and 'rel="prev"' in second
    assert client.get(url, query_string={"status": "bogus"}).status_code == 400


def post_import(client, gid, data: bytes, name: str = "g.csv", **form):
    return client.post(f"/glossary/{gid}/import", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), name), **form})


def test_import_report_page(client, project_glossary):
    gid = project_glossary.id
    data = "Begriff,Übersetzung\n我国,China\n新词,new word\n坏,\n".encode("utf-16")
    refused = post_import(client, gid, data, map_source="Begriff", map_target="Übersetzung")
    assert refused.status_code == 422 and "Nothing imported" in refused.text
    assert "<td class=\"num\">4</td><td>坏</td><td>no target</td>" in refused.text
    stored = post_import(client, gid, data, map_source="Begriff", map_target="Übersetzung", skip_invalid="1",
                         on_duplicate="merge")
    assert stored.status_code == 200 and "Imported: 1 new, 1 updated" in stored.text
    assert "merged (already in the glossary)" in stored.text
    unsafe = post_import(client, gid, b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><martif>&e;</martif>',
                         "g.tbx")
    assert unsafe.status_code == 400 and "entit" in unsafe.text
    assert "choose a glossary file" in client.post(f"/glossary/{gid}/import").text


def test_export_downloads(client, project_glossary):
    response = client.get(f"/glossary/{project_glossary.id}/export?format=tbx")
    assert response.status_code == 200 and b"<martif" in response.data
    assert 'filename="glossary-project-1.tbx"' in response.headers["Content-Disposition"]
    assert client.get(f"/glossary/{project_glossary.id}/export?format=doc").status_code == 400


def test_an_empty_glossary_answers_nothing_to_export_as_tbx(client, session):
    glossary = gs.glossary_for(session, None)
    session.commit()
    page = client.get("/glossary")
    # A plain link, so the refusal below is shown as a page instead of a failed download.
    assert f'href="/glossary/{glossary.id}/export?format=tbx">' in page.text
    refused = client.get(f"/glossary/{glossary.id}/export?format=tbx")
    assert refused.status_code == 409 and "nothing to export" in refused.text
    assert "attachment" not in refused.headers.get("Content-Disposition", "")
    assert client.get(f"/glossary/{glossary.id}/export?format=csv").status_code == 200


def test_suggestion_forms(client, session):
    document = make_document(session, "A my country. B my country. C my country.", title="S")
    session.commit()
    for row in client.get(f"/api/v1/documents/{document.id}/rows").get_json()["rows"]:
        fixed = row["target"].replace("my country", "China")
        client.patch(f"/api/v1/rows/{row['id']}", json={"version": row["version"], "target": fixed})
    gid = client.get("/api/v1/glossaries").get_json()[0]["id"]
    page = client.get("/glossary").text
    assert "Suggested entries" in page and '<span class="old">my country</span>' in page
    form = {"old": "my country", "new": "China", "source": "", "action": "accept"}
    missing = client.post(f"/glossary/{gid}/suggestions", data=form, follow_redirects=True)
    assert "type the source term" in missing.text
    added = client.post(f"/glossary/{gid}/suggestions", data={**form, "source": "我国"},
                        follow_redirects=True)
    assert "as a proposed entry" in added.text and "Suggested entries" not in added.text

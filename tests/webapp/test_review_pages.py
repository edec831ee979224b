"""The review and document pages on the server side: the review page costs O(page), not O(document);
the upload answers JSON to the page's script; the author comes from one helper."""

import json
import re
from html import unescape

from tests.builders import long_text, make_document


def first_rows(page: str) -> list[dict]:
    return json.loads(unescape(re.search(r'data-first-rows="([^"]*)"', page).group(1)))


def test_review_page_carries_only_the_first_rows(client, session):
    small = make_document(session, long_text(60), title="Small")
    big = make_document(session, long_text(3000), title="Big")
    session.commit()
    small_page = client.get(f"/documents/{small.id}").get_data(as_text=True)
    big_page = client.get(f"/documents/{big.id}").get_data(as_text=True)
    rows = first_rows(big_page)
    assert [r["position"] for r in rows] == list(range(50))
    assert 'data-total="3000"' in big_page and "Sentence 50 of" not in big_page
    assert abs(len(big_page) - len(small_page)) < 200
    assert "<script>" not in big_page and "onclick" not in big_page


def test_review_page_escapes_user_text(client, session):
    document = make_document(session, 'A "quote" and <script>alert(1)</script>.', title="<b>Title</b>")
    session.commit()
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "<b>Title</b>" not in page
    assert first_rows(page)[0]["mt"] == 'A "quote" and <script>alert(1)</script>.'


def test_upload_from_the_page_script_answers_json(client):
    ok = client.post("/documents", data={"title": "Via XHR", "mt_text": "Hello there."},
                     headers={"Accept": "application/json"})
    assert ok.status_code == 202 and ok.get_json()["status"].startswith("/api/v1/jobs/")
    refused = client.post("/documents", data={"title": "Nothing"}, headers={"Accept": "application/json"})
    assert refused.status_code == 400 and "choose a machine-translation file" in refused.get_json()["message"]


def test_document_list_shows_percent_last_change_and_delete(client, session):
    make_document(session, "One. Two.", title="Listed")
    session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "0 / 2 confirmed · 0%" in page and "· test" in page and 'data-action="delete"' in page


def test_the_author_is_the_configured_one(app, client, session):
    app.config["DEFAULT_AUTHOR"] = "alice"
    document = make_document(session, "One.", title="Authored")
    session.commit()
    row = client.get(f"/api/v1/documents/{document.id}/rows").get_json()["rows"][0]
    saved = client.patch(f"/api/v1/rows/{row['id']}", json={"version": 1, "target": "Uno."}).get_json()
    assert saved["updated_by"] == "alice"
    comment = client.post(f"/api/v1/rows/{row['id']}/comments", json={"body": "hm"}).get_json()
    assert comment["author"] == "alice"

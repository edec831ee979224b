"""The HTML side: document list, upload, review page, export download, error pages."""

import io

from tests.builders import make_document


def test_document_list_shows_progress(client, session):
    make_document(session, "One. Two.", title="Listed")
    session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Listed" in page and "0 / 2 confirmed" in page


def test_upload_imports_and_opens_review(client):
    response = client.post("/documents", data={
        "title": "Uploaded", "src_lang": "zh", "tgt_lang": "en",
        "mt_file": (io.BytesIO("\ufeffHello there.\r\nSecond line.".encode()), "mt.txt"),
    }, content_type="multipart/form-data")
    assert response.status_code == 303
    review = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Hello there." in review and "Second line." in review


def test_upload_of_binary_file_is_refused_and_nothing_stored(client):
    response = client.post("/documents", data={
        "title": "Broken", "mt_file": (io.BytesIO(b"\x89PNG\r\n\x00\x00"), "image.png"),
    }, content_type="multipart/form-data", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "looks binary" in page and "Broken" not in page.split("<h1>Documents</h1>")[1].split("<section")[0]


def test_upload_of_non_utf8_file_is_refused(client):
    response = client.post("/documents", data={
        "mt_file": (io.BytesIO("中文".encode("gb18030")), "gbk.txt"),
    }, content_type="multipart/form-data", follow_redirects=True)
    assert "not valid UTF-8" in response.get_data(as_text=True)


def test_pasted_text_is_imported(client):
    response = client.post("/documents", data={"title": "Pasted", "mt_text": "Pasted text."})
    assert response.status_code == 303


def test_export_download_is_the_clean_text(client, session, seed_text):
    document = make_document(session, seed_text)
    session.commit()
    response = client.get(f"/documents/{document.id}/export?format=txt")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True) == seed_text


def test_unknown_document_page_is_a_404_page(client):
    response = client.get("/documents/4242")
    assert response.status_code == 404 and "<h1>404</h1>" in response.get_data(as_text=True)

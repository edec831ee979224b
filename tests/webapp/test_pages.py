"""The HTML side: document list, upload, review page, export download, error pages."""

import io
import time

from tests.builders import make_document


def test_document_list_shows_progress(client, session):
    make_document(session, "One. Two.", title="Listed")
    session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Listed" in page and "0 / 2 confirmed" in page


def finish(client, location: str, timeout: float = 20.0):
    """Wait for an upload's job to end, then open its job page (a redirect once the import is done)."""
    job_id = location.rstrip("/").rsplit("/", 1)[1]
    deadline = time.monotonic() + timeout
    while client.get(f"/api/v1/jobs/{job_id}").get_json()["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, "the import job did not finish"
        time.sleep(0.05)
    return client.get(location)


def test_upload_runs_as_a_job_and_opens_review(client):
    response = client.post("/documents", data={
        "title": "Uploaded", "src_lang": "zh", "tgt_lang": "en",
        "mt_file": (io.BytesIO("\ufeffHello there.\r\nSecond line.".encode()), "mt.txt"),
    }, content_type="multipart/form-data")
    assert response.status_code == 303 and response.headers["Location"].startswith("/jobs/")
    done = finish(client, response.headers["Location"])
    assert done.status_code == 302
    review = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Hello there." in review and "Second line." in review


def test_upload_of_binary_file_fails_with_the_reason_and_stores_nothing(client):
    response = client.post("/documents", data={
        "title": "Broken", "mt_file": (io.BytesIO(b"\x89PNG\r\n\x00\x00"), "image.png"),
    }, content_type="multipart/form-data")
    page = finish(client, response.headers["Location"]).get_data(as_text=True)
    assert "not a text document" in page and 'class="flash flash-error"' in page
    assert "Broken" not in client.get("/").get_data(as_text=True)


def test_chinese_file_in_gb18030_is_detected(client):
    response = client.post("/documents", data={
        "mt_file": (io.BytesIO("中文的机器翻译。第二句。".encode("gb18030")), "gbk.txt"), "tgt_lang": "zh",
    }, content_type="multipart/form-data")
    done = finish(client, response.headers["Location"])
    assert "中文的机器翻译。" in client.get(done.headers["Location"]).get_data(as_text=True)


def test_pasted_text_is_imported(client):
    response = client.post("/documents", data={"title": "Pasted", "mt_text": "Pasted text."})
    assert finish(client, response.headers["Location"]).status_code == 302


def test_missing_text_is_refused(client):
    response = client.post("/documents", data={"title": "Nothing"}, follow_redirects=True)
    assert "choose a machine-translation file" in response.get_data(as_text=True)


def test_export_download_is_the_clean_text(client, session, seed_text):
    document = make_document(session, seed_text)
    session.commit()
    response = client.get(f"/documents/{document.id}/download?format=txt")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True) == seed_text


def test_unknown_document_page_is_a_404_page(client):
    response = client.get("/documents/4242")
    assert response.status_code == 404 and "<h1>404</h1>" in response.get_data(as_text=True)

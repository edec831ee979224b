"""The exchange page: every export format downloads, edited files come back in, bad files are refused."""

import io
import re

import pytest

from segments.formats import FORMATS, read_bitext
from tests.builders import eventually, make_document
from webapp import exchange
from webapp.services.exports import EXPORT_FORMATS


@pytest.fixture
def document_id(session):
    document = make_document(session, "One here. Two & <three>.", source_text="一。二和三。",
                             title="报告 ../x")
    session.commit()
    return document.id


def test_page_lists_every_format(client, document_id):
    page = client.get(f"/documents/{document_id}/exchange").get_data(as_text=True)
    for format_id in EXPORT_FORMATS:
        # No original file for a document made from text: that choice is not offered.
        assert (f'value="{format_id}"' in page) is (format_id != "original")


@pytest.mark.parametrize("format_id", EXPORT_FORMATS)
def test_every_format_downloads(client, document_id, format_id):
    response = client.get(f"/documents/{document_id}/download", query_string={"format": format_id})
    if format_id == "original":  # a document imported from plain text has no original file to write back
        assert response.status_code == 400 and "no original file" in response.text
        return
    assert response.status_code == 200 and response.data
    disposition = response.headers["Content-Disposition"]
    assert "attachment" in disposition and "../" not in disposition


def test_download_options_and_bad_format(client, document_id):
    tidy = client.get(f"/documents/{document_id}/download", query_string={
        "format": "txt", "no_space_before_punctuation": "1"}).get_data(as_text=True)
    assert tidy.startswith("One here.")
    assert client.get(f"/documents/{document_id}/download?format=pdf").status_code == 400
    assert client.get("/documents/999/download?format=txt").status_code == 404


def apply(client, document_id: int, data: bytes, name: str) -> str:
    """Post the file, then follow its job page until it comes back to the exchange page: that page's text."""
    response = client.post(f"/documents/{document_id}/apply", data={"file": (io.BytesIO(data), name)})
    assert response.status_code == 303 and "/jobs/" in response.location
    # The job page answers 200 while it refreshes itself, then sends the browser back.
    answer = eventually(lambda: a if (a := client.get(response.location)).status_code != 200 else None,
                        what="the apply job")
    assert answer.location.endswith(f"/documents/{document_id}/exchange")
    return client.get(answer.location).get_data(as_text=True)


def test_a_long_document_exports_through_a_job_with_its_file_on_the_job_page(client, document_id,
                                                                             monkeypatch):
    monkeypatch.setattr(exchange, "EXPORT_INLINE_MAX_ROWS", 1)
    page = client.get(f"/documents/{document_id}/exchange").get_data(as_text=True)
    assert f'action="/documents/{document_id}/export-job"' in page
    started = client.post(f"/documents/{document_id}/export-job",
                          data={"format": "txt", "quotes": "straight"})
    assert started.status_code == 303 and "/jobs/" in started.location
    job_page = eventually(lambda: p if '/file"' in (p := client.get(started.location).get_data(as_text=True))
                          else None, what="the export job")
    link = re.search(r'href="(/api/v1/jobs/\d+/file)"', job_page).group(1)
    direct = client.get(f"/documents/{document_id}/download?format=txt&quotes=straight").data
    assert client.get(link).data == direct
    refused = client.post(f"/documents/{document_id}/export-job", data={"format": "pdf"})
    assert refused.status_code == 400


def test_edited_export_applies_back(client, document_id):
    data = client.get(f"/documents/{document_id}/download?format=json").get_data(as_text=True)
    edited = data.replace('"target": "One here."', '"target": "One, fixed."')
    page = apply(client, document_id, edited.encode(), "edited.json")
    assert "Applied edited.json: 1 rows updated" in page
    bitext = read_bitext(client.get(f"/documents/{document_id}/download?format=tmx").data, format_id="tmx")
    assert [u.target for u in bitext.units][0] == "One, fixed."


def test_a_corrected_text_is_aligned_and_applied_in_the_background(client, document_id):
    page = apply(client, document_id, b"One, corrected. Two & <three>.", "corrected.txt")
    assert "Applied corrected.txt: 1 rows updated, 1 unchanged" in page
    assert client.get(f"/documents/{document_id}/download?format=txt").get_data(as_text=True).startswith(
        "One, corrected.")


def test_file_of_another_document_is_refused(client, session, document_id):
    other = make_document(session, "Else.", title="other")
    session.commit()
    data = client.get(f"/documents/{other.id}/download?format=xliff12").data
    page = apply(client, document_id, data, "other.xlf")
    assert "belongs to document" in page and "rows updated" not in page


def test_malformed_upload_is_refused_with_a_message(client, document_id):
    assert "broken.xlf" in apply(client, document_id, b"<xliff version='1.2'><file", "broken.xlf")


def test_text_formats_are_registered():
    assert {"txt", "md", "docx", "html", "tmx", "xliff12", "xliff21", "csv", "tsv", "json"} <= set(FORMATS)

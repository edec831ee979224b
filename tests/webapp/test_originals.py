"""Original files in the app: imported with their skeleton, corrected in review, exported in place."""

from __future__ import annotations

import io

import docx
import lxml.html

from segments.tags import close_tag, open_tag, solo_tag
from tests.segments.docx_article import LINKS, article, body_text

O1, C1, O2, C2 = open_tag(1), close_tag(1), open_tag(2), close_tag(2)


def _rows(client, document_id: int) -> list[dict]:
    return client.get(f"/api/v1/documents/{document_id}/rows", query_string={"limit": 500}).get_json()["rows"]


def _import(run, tmp_path, name: str, data: bytes) -> int:
    path = tmp_path / name
    path.write_bytes(data)
    result = run("import", str(path), "--title", name)
    assert result.exit_code == 0, result.output
    return int(result.output.strip())


def test_docx_round_trip_through_review(run, client, tmp_path):
    document_id = _import(run, tmp_path, "article.docx", article())
    rows = _rows(client, document_id)
    by_mt = {row["mt"]: row for row in rows}
    lead = by_mt[f"{O1}A violent storm reached the coast on Monday.{C1}"]
    assert lead["tags"] == {"1": "b"}
    italic = by_mt[f"The weather office said the winds were {O1}unusually strong{C1} for the season, as its "
                   f"{O2}bulletin{C2} shows.{solo_tag(3)}"]
    assert italic["tags"] == {"1": "i", "2": f"link {LINKS[0]}", "3": "footnote 1"}
    assert "tags" not in by_mt["Thousands of homes lost power."]
    # The reviewer rewords the sentence and moves the italic.
    corrected = (f"The weather office said the winds were unusually strong for the {O1}time of year{C1}, "
                 f"as its {O2}bulletin{C2} shows.{solo_tag(3)}")
    change = {"version": italic["version"], "target": corrected}
    saved = client.patch(f"/api/v1/rows/{italic['id']}", json=change)
    assert saved.status_code == 200, saved.get_json()
    out = tmp_path / "out.docx"
    result = run("export", str(document_id), "--format", "original", "-o", str(out))
    assert result.exit_code == 0, result.output
    written = docx.Document(io.BytesIO(out.read_bytes()))
    paragraph = written.paragraphs[2]
    assert [r.text for r in paragraph.runs if r.italic] == ["time of year"]
    assert [link.address for link in paragraph.hyperlinks] == [LINKS[0]]
    expected = body_text(article())
    expected[2] = ("The weather office said the winds were unusually strong for the time of year, as its "
                   "bulletin shows.")
    assert body_text(out.read_bytes()) == expected
    assert written.paragraphs[1].runs[0].bold
    # Plain text drops the tags.
    text = run("export", str(document_id), "--format", "txt").output
    assert "\ue000" not in text and "for the time of year, as its bulletin shows." in text


def test_html_page_exports_from_the_page_and_documents_without_original_refuse(run, client, tmp_path):
    page = (b"<!DOCTYPE html><html><head><title>T</title></head><body><p>One <b>bold</b> word. "
            b"Two.</p></body></html>")
    document_id = _import(run, tmp_path, "page.html", page)
    choices = client.get(f"/documents/{document_id}/exchange").text
    assert 'value="original"\n             checked> Original file (.html as imported' in choices
    response = client.get(f"/documents/{document_id}/download", query_string={"format": "original"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    assert ".html" in response.headers["Content-Disposition"]
    assert lxml.html.document_fromstring(response.data).xpath("//b/text()") == ["bold"]
    plain = tmp_path / "plain.txt"
    plain.write_text("One. Two.\n", "utf-8")
    result = run("import", str(plain))
    refused = client.get(f"/documents/{int(result.output.strip())}/download",
                         query_string={"format": "original"})
    assert refused.status_code == 400 and "no original file" in refused.text


def test_tracked_changes_are_refused_at_import(run, tmp_path):
    from tests.segments.test_formats_originals import _rewritten

    tracked = _rewritten(article(), b'<w:t xml:space="preserve">Read the </w:t>',
                         b'<w:t>Read the </w:t></w:r><w:del w:id="9" w:author="A"><w:r><w:delText>x'
                         b"</w:delText></w:r></w:del><w:r><w:t></w:t>")
    path = tmp_path / "tracked.docx"
    path.write_bytes(tracked)
    result = run("import", str(path))
    assert result.exit_code != 0 and "tracked changes" in result.output
    assert "tracked" not in run("documents").output


def test_upload_job_keeps_the_original_and_the_api_export_job_writes_it(app, client):
    from tests.builders import wait_for_job
    from tests.webapp.test_jobs import submit_import
    from webapp import jobs

    page = (b"<!DOCTYPE html><html><body><p>The <a href='https://x.example'>storm</a> came.</p>"
            b"<p>It left.</p></body></html>")
    job_id = submit_import(app, page, name="page.html")
    jobs.dispatch(app, job_id)
    job = wait_for_job(app, job_id)
    assert job.status == "done", job.error
    document_id = job.result["document_id"]
    first = _rows(client, document_id)[0]
    assert first["tags"] == {"1": "link https://x.example"}
    change = {"version": first["version"], "target": f"The storm {O1}arrived{C1}."}
    assert client.patch(f"/api/v1/rows/{first['id']}", json=change).status_code == 200
    started = client.post(f"/api/v1/documents/{document_id}/export-jobs", json={"format": "original"})
    assert started.status_code == 202
    export = wait_for_job(app, started.get_json()["id"])
    assert export.status == "done", export.error
    assert export.result["file"].endswith(".html")
    download = client.get(f"/api/v1/jobs/{export.id}/file")
    assert download.headers["Content-Type"].startswith("text/html")
    root = lxml.html.document_fromstring(download.data)
    assert [lxml.html.tostring(p, encoding="unicode") for p in root.iter("p")] == [
        '<p>The storm <a href="https://x.example">arrived</a>.</p>', "<p>It left.</p>"]


def test_an_edited_xliff_brings_its_tags_back(run, client, tmp_path):
    document_id = _import(run, tmp_path, "article.docx", article())
    xliff = tmp_path / "out.xlf"
    assert run("export", str(document_id), "--format", "xliff12", "-o", str(xliff)).exit_code == 0
    data = xliff.read_text("utf-8")
    assert '<g id="1">unusually strong</g>' in data and '<x id="3"/>' in data
    # Another tool rewords the target and moves the italic, keeping the codes.
    edited = data.replace('were <g id="1">unusually strong</g> for the season',
                          'were unusually strong for the <g id="1">season</g>', 1)
    assert edited.count('<g id="1">season</g>') == 1  # the target; the MT in <alt-trans> stays
    (tmp_path / "edited.xlf").write_text(edited, "utf-8")
    applied = run("import", str(tmp_path / "edited.xlf"), "--into", str(document_id))
    assert applied.exit_code == 0 and "1 rows updated" in applied.output, applied.output
    row = next(r for r in _rows(client, document_id) if "bulletin" in r["mt"])
    assert row["target"] == (f"The weather office said the winds were unusually strong for the "
                             f"{O1}season{C1}, as its {O2}bulletin{C2} shows.{solo_tag(3)}")


def test_markdown_table_cells_are_rows_and_come_back_in_place(run, client, tmp_path):
    document_id = _import(run, tmp_path, "table.md", b"| a | b |\n|---|---|\n| one | two |\n")
    rows = {row["mt"]: row for row in _rows(client, document_id)}
    assert sorted(rows) == ["a", "b", "one", "two"]
    saved = client.patch(f"/api/v1/rows/{rows['two']['id']}", json={"version": rows["two"]["version"],
                                                                    "target": "three"})
    assert saved.status_code == 200
    written = client.get(f"/documents/{document_id}/download", query_string={"format": "original"})
    assert written.status_code == 200 and written.data == b"| a | b |\n|---|---|\n| one | three |\n"


def test_markdown_of_a_code_block_only_imports_as_text_without_original(run, client, tmp_path):
    document_id = _import(run, tmp_path, "code.md", b"```\nprint('the storm came')\n```\n")
    assert _rows(client, document_id)
    refused = client.get(f"/documents/{document_id}/download", query_string={"format": "original"})
    assert refused.status_code == 400


def test_rows_merged_and_split_in_review_go_back_into_their_paragraph(run, client, tmp_path):
    page = (b"<html><body><p>The <b>storm came.</b> It left. Then rain fell.</p><p>Second part.</p>"
            b"</body></html>")
    document_id = _import(run, tmp_path, "merge.html", page)
    first, second, third, fourth = _rows(client, document_id)
    assert first["mt"] == f"The {O1}storm came.{C1}" and first["tags"] == {"1": "b"}
    merged = client.post(f"/api/v1/rows/{first['id']}/merge-next",
                         json={"version": first["version"], "next_version": second["version"]})
    assert merged.status_code == 200, merged.get_json()
    split = client.post(f"/api/v1/rows/{third['id']}/split",
                        json={"version": third["version"], "offset": third["mt"].index("rain")})
    assert split.status_code == 200, split.get_json()
    row = _rows(client, document_id)[0]
    assert row["mt"] == f"The {O1}storm came.{C1} It left."
    change = {"version": row["version"], "target": f"The storm came. {O1}It left.{C1}"}
    assert client.patch(f"/api/v1/rows/{row['id']}", json=change).status_code == 200
    response = client.get(f"/documents/{document_id}/download", query_string={"format": "original"})
    root = lxml.html.document_fromstring(response.data)
    first_p, second_p = root.iter("p")
    assert " ".join(first_p.text_content().split()) == "The storm came. It left. Then rain fell."
    assert first_p.xpath("b/text()") == ["It left."]
    assert second_p.text_content() == "Second part." and len(_rows(client, document_id)) == 4


def test_a_corrected_word_file_brought_back_keeps_the_formatting(run, client, tmp_path):
    document_id = _import(run, tmp_path, "article.docx", article())
    # The editor corrects the article in Word itself and sends the file back.
    edited = docx.Document(io.BytesIO(article()))
    body = edited.paragraphs[2]
    assert body.runs[2].text == " for the season, as its "
    body.runs[2].text = " for the time of year, as its "
    corrected = tmp_path / "corrected.docx"
    edited.save(corrected)
    result = run("import", str(corrected), "--into", str(document_id))
    assert result.exit_code == 0, result.output
    rows = {row["mt"]: row for row in _rows(client, document_id)}
    italic = rows[f"The weather office said the winds were {O1}unusually strong{C1} for the season, as its "
                  f"{O2}bulletin{C2} shows.{solo_tag(3)}"]
    assert italic["target"] == (f"The weather office said the winds were {O1}unusually strong{C1} for the "
                                f"time of year, as its {O2}bulletin{C2} shows.{solo_tag(3)}")
    assert italic["edited"]
    assert not rows[f"{O1}A violent storm reached the coast on Monday.{C1}"]["edited"]  # unchanged
    out = tmp_path / "out.docx"
    assert run("export", str(document_id), "--format", "original", "-o", str(out)).exit_code == 0
    written = docx.Document(io.BytesIO(out.read_bytes()))
    assert [r.text for r in written.paragraphs[2].runs if r.italic] == ["unusually strong"]
    assert [link.address for link in written.paragraphs[2].hyperlinks] == [LINKS[0]]
    assert written.paragraphs[1].runs[0].bold
    assert body_text(out.read_bytes()) == body_text(corrected.read_bytes())

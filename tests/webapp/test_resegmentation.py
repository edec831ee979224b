"""Re-segmentation: a document imported before the project's settings changed, split again with them."""

from __future__ import annotations

import io
import json

import docx
import pytest
from sqlalchemy import select

from segments.tags import close_tag, open_tag
from tests.builders import clean_text, make_document, recorded_statements, wait_for_job
from webapp import jobs
from webapp.db import session_scope
from webapp.models import Comment, Document, Link, QaFinding, Sentence
from webapp.services import comments, editing, exports, imports, operations, originals, projects, structure
from webapp.services import documents as docs
from webapp.services.errors import Conflict, InvalidInput
from webapp.services.resegmentation import resegment

ZH_MT = "会议指出，要坚持稳中求进；要扩大内需。\n\n第二段只有一句。\n\n第三段：要深化改革；要扩大开放。"
SOURCE = "会议指出，要扩大内需；要深化改革。\n\n第二段只有一句。"
MT = "The meeting said demand must grow. Reform must deepen.\n\nThe second paragraph has one sentence."
EN_DEPT = "Talks with the Dept. Head went went well. Next one.\n\nA second paragraph here."
EN_WRAPPED = (
    "Talks between the delegates and the Dept. Head of the ministry went on\n"
    "for three days, and the delegates agreed that the new rules should take\n"
    "effect next year and that the ministry would publish a guide for them.\n"
    "The guide will be short.\n"
    "\n"
    "A second paragraph, written on one line. It has two sentences.\n"
)


def _default(session):
    return docs.project_named(session, "Default")


def _rows(session, document: Document) -> list[str]:
    session.expire_all()
    return [link.mt_text for link in session.get(Document, document.id).links]


def _state(session, document: Document) -> tuple[list, list]:
    """Every stored field of the rows and sentences, but the versions (which only ever go up)."""
    session.flush()
    session.expire_all()
    links = session.execute(select(Link.id, Link.position, Link.paragraph, Link.score, Link.target,
                                   Link.status, Link.source_hash, Link.target_hash)
                            .where(Link.document_id == document.id).order_by(Link.position)).all()
    sentences = session.execute(select(Sentence.id, Sentence.side, Sentence.position, Sentence.paragraph,
                                       Sentence.text, Sentence.lead, Sentence.tail, Sentence.original,
                                       Sentence.link_id)
                                .where(Sentence.document_id == document.id)
                                .order_by(Sentence.side, Sentence.position)).all()
    return links, sentences


def _undo(session, operation_id: int) -> None:
    operations.undo(session, operations.get_operation(session, operation_id), author="ed")
    session.flush()


def test_switching_semicolons_on_re_splits_the_paragraphs_that_hold_one(session):
    document = make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
    assert _rows(session, document) == ["会议指出，要坚持稳中求进；要扩大内需。", "第二段只有一句。",
                                         "第三段：要深化改革；要扩大开放。"]
    middle = document.links[1]
    kept = (middle.id, middle.version)
    projects.update_settings(_default(session), semicolon_ends=True)
    preview = resegment(session, document, author="ed", dry_run=True)
    assert (preview.paragraphs, preview.changed_rows, preview.new_rows) == (2, [1, 3], 4)
    assert (preview.rows_before, preview.rows_after, preview.operation_id) == (3, 5, None)
    # A dry run changes nothing.
    assert _rows(session, document)[0] == "会议指出，要坚持稳中求进；要扩大内需。"
    done = resegment(session, document, author="ed")
    assert done.operation_id is not None and done.rows_after == 5
    assert "2 paragraphs were re-split: 2 rows become 4 (the document: 3 → 5 rows)" in done.summary()
    assert _rows(session, document) == ["会议指出，要坚持稳中求进；", "要扩大内需。", "第二段只有一句。",
                                         "第三段：要深化改革；", "要扩大开放。"]
    untouched = session.get(Link, kept[0])
    assert (untouched.position, untouched.version) == (2, kept[1])
    assert clean_text(session, document) == ZH_MT
    again = resegment(session, document, author="ed", dry_run=True)
    assert again.paragraphs == 0 and again.summary().startswith("no paragraph splits differently")


def test_a_source_and_mt_document_is_re_aligned_as_an_import_aligns_it(session):
    document = make_document(session, MT, source_text=SOURCE)
    assert [(link.source_text, link.mt_text) for link in document.links][0] == (
        "会议指出，要扩大内需；要深化改革。", "The meeting said demand must grow. Reform must deepen.")
    before = _state(session, document)
    projects.update_settings(_default(session), semicolon_ends=True)
    outcome = resegment(session, document, author="ed")
    session.expire_all()
    pairs = [(link.source_text, link.mt_text) for link in session.get(Document, document.id).links]
    assert pairs == [("会议指出，要扩大内需；", "The meeting said demand must grow."),
                     ("要深化改革。", "Reform must deepen."),
                     ("第二段只有一句。", "The second paragraph has one sentence.")]
    assert clean_text(session, document) == MT
    _undo(session, outcome.operation_id)
    assert _state(session, document) == before


def test_a_paragraph_holding_a_reviewers_work_is_skipped_and_named(session):
    document = make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
    first, third = document.links[0], document.links[2]
    editing.save_link(session, third, version=third.version, author="ed", target="第三段：要深化改革。")
    projects.update_settings(_default(session), semicolon_ends=True)
    outcome = resegment(session, document, author="ed")
    assert outcome.changed_rows == [1] and outcome.rows_after == 4
    assert [(s.rows, s.reason) for s in outcome.skipped] == [((4,), "row 4 corrected")]
    assert "skipped rows 4: row 4 corrected" in outcome.summary()
    preview = resegment(session, document, author="ed", dry_run=True)  # nothing left to do but the skipped
    assert preview.paragraphs == 0 and preview.skipped[0].rows == (4,)
    assert _rows(session, document)[3] == "第三段：要深化改革；要扩大开放。"
    assert session.get(Link, third.id).target == "第三段：要深化改革。"
    assert session.get(Link, first.id).mt_text == "会议指出，要坚持稳中求进；"


@pytest.mark.parametrize("work", ["confirmed", "commented", "split by hand"])
def test_confirmed_commented_or_hand_split_rows_are_skipped_too(session, work):
    document = make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
    first = document.links[0]
    if work == "confirmed":
        editing.save_link(session, first, version=first.version, author="ed", status="confirmed")
    elif work == "commented":
        comments.add_comment(session, first, "check the clause", author="ed")
    else:
        structure.split_at(session, first, version=first.version, offset=first.mt_text.index("要坚持"),
                           author="ed")
    session.flush()
    projects.update_settings(_default(session), semicolon_ends=True)
    outcome = resegment(session, document, author="ed", dry_run=True)
    reason = {"confirmed": "row 1 confirmed", "commented": "row 1 commented",
              "split by hand": "row 1 split or merged by hand"}[work]
    assert reason in outcome.skipped[0].reason
    assert outcome.changed_rows == ([4] if work == "split by hand" else [3])


EN_MIXED = ("Talks with the Dept. Head went well. Next one.\n\nMiddle paragraph.\n\n"
            "The Govt. Office agreed. Last one.\n\nEnd here.")


@pytest.mark.parametrize(("text", "initial", "change"), [
    (ZH_MT, {}, {"semicolon_ends": True}),  # more sentences
    (EN_DEPT, {}, {"abbreviations": ("Dept.",)}),  # fewer: sentences are deleted, and undo brings them back
    (EN_WRAPPED, {}, {"abbreviations": ("Dept.",)}),  # hard-wrapped lines joined on import
    (EN_MIXED, {"abbreviations": ("Dept.",)}, {"abbreviations": ("Govt.",)}),  # one paragraph more, one less
], ids=["more", "fewer", "wrapped", "mixed"])
def test_undo_restores_the_rows_exactly_and_the_export_never_changes(session, text, initial, change):
    lang = "zh" if text == ZH_MT else "en"
    projects.update_settings(_default(session), **initial)
    document = make_document(session, text, tgt_lang=lang, src_lang="en" if lang == "zh" else "zh")
    before = _state(session, document)
    exported = clean_text(session, document)
    assert exported == text
    projects.update_settings(_default(session), **change)
    outcome = resegment(session, document, author="ed")
    assert outcome.paragraphs == (2 if text in (ZH_MT, EN_MIXED) else 1)
    assert _state(session, document) != before
    links, sentences = _state(session, document)
    assert [link.position for link in links] == list(range(len(links)))
    assert [s.position for s in sentences if s.side == "mt"] == list(range(len(links) if lang == "zh" else
                                                                           len(sentences)))
    assert clean_text(session, document) == exported
    history = operations.recent_operations(session, document.id)
    assert [(op.kind, operations.row_count(session, op)) for op in history][0] == ("resegment",
                                                                                     outcome.new_rows)
    _undo(session, outcome.operation_id)
    assert _state(session, document) == before
    assert clean_text(session, document) == exported


def test_an_edit_after_the_re_segmentation_makes_undo_refuse(session):
    document = make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
    projects.update_settings(_default(session), semicolon_ends=True)
    outcome = resegment(session, document, author="ed")
    session.expire_all()
    row = session.get(Document, document.id).links[0]
    editing.save_link(session, row, version=row.version, author="ed", target="改了。")
    with pytest.raises(Conflict, match="a row changed after this operation"):
        _undo(session, outcome.operation_id)


def test_comments_made_since_on_a_rebuilt_row_survive_the_undo(session):
    document = make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
    projects.update_settings(_default(session), semicolon_ends=True)
    outcome = resegment(session, document, author="ed")
    session.expire_all()
    rebuilt = session.get(Document, document.id).links[1]  # a row the re-segmentation made
    comments.add_comment(session, rebuilt, "Keep this wording.", author="rev")
    session.flush()
    _undo(session, outcome.operation_id)
    session.expire_all()
    links = session.get(Document, document.id).links
    assert len(links) == 3
    kept = session.scalars(select(Comment).where(Comment.document_id == document.id)).all()
    assert [(c.body, c.link_id) for c in kept] == [("Keep this wording.", links[0].id)]


def _current_findings(session, document: Document) -> set[tuple[int, str]]:
    """(position, check) of the findings that hold for the rows' text as it is now."""
    session.flush()
    session.expire_all()
    return {(link.position, f.check_id) for link in session.get(Document, document.id).links
            for f in session.scalars(select(QaFinding).where(QaFinding.link_id == link.id,
                                                             QaFinding.text_hash == link.target_hash))}


def test_fewer_sentences_rebuild_the_rows_and_re_check_them(session):
    document = make_document(session, EN_DEPT)
    assert _rows(session, document) == ["Talks with the Dept.", "Head went went well.", "Next one.",
                                         "A second paragraph here."]
    second = document.links[1]
    projects.update_settings(_default(session), abbreviations=("Dept.",))
    outcome = resegment(session, document, author="ed")
    assert (outcome.changed_rows, outcome.new_rows) == ([1, 2, 3], 2)
    assert _rows(session, document) == ["Talks with the Dept. Head went went well.", "Next one.",
                                         "A second paragraph here."]
    current = _current_findings(session, document)
    assert (0, "repeated_word") in current  # found again in the row that now holds the words
    assert session.get(Link, second.id).mt_text == "Next one."
    assert not any(check == "repeated_word" for position, check in current if position != 0)
    _undo(session, outcome.operation_id)
    assert (1, "repeated_word") in _current_findings(session, document)


def test_rows_changed_since_the_preview_make_it_refuse(session):
    document = make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
    projects.update_settings(_default(session), semicolon_ends=True)
    preview = resegment(session, document, author="ed", dry_run=True)
    first = document.links[0]
    editing.save_link(session, first, version=first.version, author="bo", status="flagged")
    session.flush()
    with pytest.raises(Conflict, match=r"changed since the preview \(rows 1\)"):
        resegment(session, document, author="ed", versions=preview.versions)
    assert _rows(session, document)[0] == "会议指出，要坚持稳中求进；要扩大内需。"


def test_a_bilingual_import_is_refused(session):
    from segments.formats import Bitext, Unit

    bitext = Bitext(title="b", src_lang="zh", tgt_lang="en", doc_key="", units=[
        Unit(key="1", source="甲；乙。", target="A. B.", mt="A. B.", state="new")])
    document = imports.import_bitext(session, bitext, project=_default(session), author="ed")
    with pytest.raises(InvalidInput, match="imported from a bilingual file"):
        resegment(session, document, author="ed")


def _import_original(session, name: str, data: bytes) -> Document:
    text, skeleton = originals.read_mt_upload(data, name)
    document = docs.import_document(session, mt_text=text, title=name, project=_default(session))
    originals.store_skeleton(session, document, skeleton, name)
    session.flush()
    return document


def _original(session, document: Document) -> bytes:
    session.expire_all()
    out = io.BytesIO()
    exports.export(session, session.get(Document, document.id), exports.ORIGINAL, out)
    return out.getvalue()


HTML = (b"<html><body><h1>Talks</h1><p>Talks with the <b>Dept.</b> Head went well. Next one.</p>"
        b"<p>A <i>second</i> paragraph.</p></body></html>")


def test_an_html_original_still_exports_with_its_tags(session):
    document = _import_original(session, "talks.html", HTML)
    exported = _original(session, document)
    projects.update_settings(_default(session), abbreviations=("Dept.",))
    outcome = resegment(session, document, author="ed")
    assert outcome.changed_rows == [2, 3, 4]
    bold, italic = f"{open_tag(1)}Dept.{close_tag(1)}", f"{open_tag(1)}second{close_tag(1)}"
    assert _rows(session, document) == ["Talks", f"Talks with the {bold} Head went well.", "Next one.",
                                         f"A {italic} paragraph."]
    assert _original(session, document) == exported
    session.expire_all()
    last = session.get(Document, document.id).links[2]
    editing.save_link(session, last, version=last.version, author="ed", target="The next one.")
    assert b"Head went well. The next one.</p>" in _original(session, document)


def test_a_markdown_original_still_exports_byte_for_byte(session):
    data = (b"# Talks\n\nTalks with the **Dept.** Head went well. Next one.\n\n"
            b"| Who | Said |\n|---|---|\n| The Dept. Head | Yes. |\n\nA *second* paragraph.\n")
    document = _import_original(session, "talks.md", data)
    exported = _original(session, document)
    projects.update_settings(_default(session), abbreviations=("Dept.",))
    assert resegment(session, document, author="ed").paragraphs == 2  # the paragraph and the table cell
    assert _original(session, document) == exported == data


def test_a_docx_original_still_exports(session):
    made = docx.Document()
    made.add_paragraph("Talks with the Dept. Head went well. Next one.")
    made.add_paragraph("A second paragraph.")
    buffer = io.BytesIO()
    made.save(buffer)
    document = _import_original(session, "talks.docx", buffer.getvalue())
    projects.update_settings(_default(session), abbreviations=("Dept.",))
    assert resegment(session, document, author="ed").new_rows == 2
    written = docx.Document(io.BytesIO(_original(session, document)))
    assert [p.text for p in written.paragraphs] == ["Talks with the Dept. Head went well. Next one.",
                                                    "A second paragraph."]


def test_comments_of_untouched_rows_stay(session):
    document = make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
    middle = document.links[1]
    comments.add_comment(session, middle, "fine", author="ed")
    projects.update_settings(_default(session), semicolon_ends=True)
    resegment(session, document, author="ed")
    session.flush()
    assert session.scalar(select(Comment.link_id)) == middle.id


def _statements_of_resegmenting(app, paragraphs: int) -> tuple[list[str], list[str]]:
    """The statements of re-segmenting a document whose every paragraph splits anew, and of the undo."""
    text = "\n\n".join(f"Talks with the Dept. Head went well {p}. Next one." for p in range(paragraphs))
    with app.app_context(), session_scope(app) as session:
        projects.update_settings(_default(session), abbreviations=())
        document_id = make_document(session, text, title=f"{paragraphs} paragraphs").id
    with app.app_context(), session_scope(app) as session:
        projects.update_settings(_default(session), abbreviations=("Dept.",))
    with app.app_context(), session_scope(app) as session, recorded_statements(app) as applying:
        outcome = resegment(session, session.get(Document, document_id), author="ed")
        assert outcome.paragraphs == paragraphs
    with app.app_context(), session_scope(app) as session, recorded_statements(app) as undoing:
        _undo(session, outcome.operation_id)
    return applying, undoing


def test_applying_and_undoing_cost_the_same_statements_for_any_number_of_paragraphs(app):
    _statements_of_resegmenting(app, 2)  # the glossary matcher and settings are read once, then cached
    small, large = _statements_of_resegmenting(app, 3), _statements_of_resegmenting(app, 60)
    assert [len(statements) for statements in small] == [len(statements) for statements in large]


# --- API and CLI ---------------------------------------------------------------------------------------


def test_the_api_previews_then_applies_and_refuses_a_stale_preview(client, session):
    document = make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
    projects.update_settings(_default(session), semicolon_ends=True)
    session.commit()
    url = f"/api/v1/documents/{document.id}/resegment"
    preview = client.post(url, json={"dry_run": True})
    assert preview.status_code == 200, preview.get_json()
    body = preview.get_json()
    assert (body["dry_run"], body["paragraphs"], body["rows_after"]) == (True, 2, 5)
    assert body["operation_id"] is None
    assert body["summary"].startswith("2 paragraphs would be re-split")
    rows = client.get(f"/api/v1/documents/{document.id}/rows").get_json()["rows"]
    first = rows[0]
    saved = client.patch(f"/api/v1/rows/{first['id']}",
                         json={"version": first["version"], "status": "flagged"})
    assert saved.status_code == 200
    stale = client.post(url, json={"versions": body["versions"]})
    assert stale.status_code == 409
    assert "changed since the preview (rows 1)" in stale.get_json()["message"]
    assert len(client.get(f"/api/v1/documents/{document.id}/rows").get_json()["rows"]) == 3
    fresh = client.post(url, json={"dry_run": True}).get_json()
    assert fresh["paragraphs"] == 1 and fresh["skipped"] == [{"rows": [1], "reason": "row 1 flagged"}]
    done = client.post(url, json={"versions": fresh["versions"]})
    assert done.status_code == 200 and done.get_json()["rows_after"] == 4
    undone = client.post(f"/api/v1/operations/{done.get_json()['operation_id']}/undo")
    assert undone.status_code == 200, undone.get_json()
    assert len(client.get(f"/api/v1/documents/{document.id}/rows").get_json()["rows"]) == 3
    assert client.post(url, json={"versions": {"x": 1}}).status_code in (400, 422)
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/documents/{document_id}/resegment" in spec["paths"]


def test_a_long_document_is_re_segmented_and_undone_by_background_jobs(app, client, session, monkeypatch):
    monkeypatch.setattr(jobs, "BULK_INLINE_MAX_ROWS", 2)  # this document's three rows count as many
    document = make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
    projects.update_settings(_default(session), semicolon_ends=True)
    session.commit()
    url = f"/api/v1/documents/{document.id}/resegment"
    preview = client.post(url, json={"dry_run": True})
    assert preview.status_code == 200 and preview.get_json()["paragraphs"] == 2  # a preview stays inline
    started = client.post(url, json={"versions": preview.get_json()["versions"]})
    assert started.status_code == 202 and started.get_json()["kind"] == "resegment", started.get_json()
    done = wait_for_job(app, started.get_json()["id"])
    assert (done.status, done.result["rows_after"]) == ("done", 5), done.error
    assert done.result["summary"].startswith("2 paragraphs were re-split")
    assert len(client.get(f"/api/v1/documents/{document.id}/rows").get_json()["rows"]) == 5
    undoing = client.post(f"/api/v1/operations/{done.result['operation_id']}/undo")
    assert undoing.status_code == 202 and undoing.get_json()["kind"] == "undo", undoing.get_json()
    undone = wait_for_job(app, undoing.get_json()["id"])
    assert (undone.status, undone.result["undone"], undone.result["rows"]) == (
        "done", done.result["operation_id"], 2), undone.error  # the two paragraphs re-split
    assert len(client.get(f"/api/v1/documents/{document.id}/rows").get_json()["rows"]) == 3


def test_a_re_segmentation_job_on_rows_changed_since_the_preview_fails_whole(app, client, session,
                                                                              monkeypatch):
    monkeypatch.setattr(jobs, "BULK_INLINE_MAX_ROWS", 2)
    document = make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
    projects.update_settings(_default(session), semicolon_ends=True)
    session.commit()
    url = f"/api/v1/documents/{document.id}/resegment"
    versions = client.post(url, json={"dry_run": True}).get_json()["versions"]
    first = client.get(f"/api/v1/documents/{document.id}/rows").get_json()["rows"][0]
    client.patch(f"/api/v1/rows/{first['id']}", json={"version": first["version"], "status": "flagged"})
    failed = wait_for_job(app, client.post(url, json={"versions": versions}).get_json()["id"])
    assert failed.status == "failed" and "changed since the preview" in failed.error
    assert len(client.get(f"/api/v1/documents/{document.id}/rows").get_json()["rows"]) == 3


def test_viewers_may_not_re_segment(app, people):
    from tests.webapp.test_security import login

    url = f"/api/v1/documents/{people['mine']}/resegment"
    assert login(app, "view").post(url, json={"dry_run": True}).status_code == 403
    assert login(app, "out").post(url, json={"dry_run": True}).status_code == 404
    assert login(app, "rev").post(url, json={"dry_run": True}).status_code == 200


def test_the_cli_previews_and_applies(run, app):
    from webapp.db import session_scope

    with app.app_context(), session_scope(app) as session:
        document = make_document(session, EN_DEPT, title="Dept talks")
        projects.update_settings(_default(session), abbreviations=("Dept.",))
        document_id = document.id
    preview = run("resegment", "Dept talks", "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert preview.output.startswith(
        "1 paragraph would be re-split: 3 rows become 2 (the document: 4 → 3 rows)")
    as_json = run("resegment", str(document_id), "--dry-run", "--format", "json")
    assert json.loads(as_json.output)["changed_rows"] == [1, 2, 3]
    done = run("resegment", str(document_id))
    assert done.exit_code == 0 and "operation " in done.output
    assert "no paragraph splits differently" in run("resegment", str(document_id)).output
    missing = run("resegment", "999")
    assert missing.exit_code == 1 and "no document" in missing.output


def test_the_settings_page_says_imported_documents_can_be_re_segmented(client, session):
    make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
    project = _default(session)
    session.commit()
    url = f"/projects/{project.id}/settings"
    assert "Re-segment…" in client.get(url).get_data(as_text=True)
    hint = "Documents already imported keep their rows (this project has 1)"
    unchanged = client.post(url, data={"abbreviations": "", "segmentation": "1"}, follow_redirects=True)
    page = unchanged.get_data(as_text=True)
    assert "Settings saved" in page and hint not in page
    saved = client.post(url, data={"abbreviations": "", "segmentation": "1", "semicolon_ends": "1"},
                        follow_redirects=True)
    assert hint in saved.get_data(as_text=True) and "bitext resegment DOC" in saved.get_data(as_text=True)


def test_the_cli_lists_skipped_paragraphs(run, app):
    from webapp.db import session_scope

    with app.app_context(), session_scope(app) as session:
        document = make_document(session, ZH_MT, tgt_lang="zh", src_lang="en")
        first = document.links[0]
        editing.save_link(session, first, version=first.version, author="ed", status="confirmed")
        projects.update_settings(_default(session), semicolon_ends=True)
        document_id = document.id
    done = run("resegment", str(document_id))
    assert done.output.splitlines()[:2] == [
        "1 paragraph was re-split: 1 row becomes 2 (the document: 3 → 4 rows)",
        "skipped rows 1: row 1 confirmed"]

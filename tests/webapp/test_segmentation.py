"""Segmentation in the app: the project's ；/： setting on every import path and on re-splitting, and
hard-wrapped paste joined into sentences while the export gives back the upload byte for byte."""

import io
import json

import pytest
from sqlalchemy import select

from tests.builders import clean_text, make_document, wait_for_job
from webapp import jobs
from webapp.db import session_scope
from webapp.models import Document, Sentence, Side
from webapp.services import documents as docs
from webapp.services import editing, imports, projects, structure

ZH_CLAUSES = "会议指出，要坚持稳中求进；要扩大内需；要深化改革：这是三项任务。\n\n第二段只有一句。"

EN_WRAPPED = (
    "The reform of state-owned enterprises was discussed at length by the\n"
    "delegates, who agreed that the new rules should take effect next year and\n"
    "that the ministry would publish a guide for the companies concerned.\n"
    "The guide will be short.\n"
    "\n"
    "A second paragraph, written on one line. It has two sentences.\n"
)
EN_JOINED = [
    "The reform of state-owned enterprises was discussed at length by the delegates, who agreed that the new "
    "rules should take effect next year and that the ministry would publish a guide for the companies "
    "concerned.",
    "The guide will be short.",
    "A second paragraph, written on one line.",
    "It has two sentences.",
]
ZH_WRAPPED = (
    "习近平总书记在回信中说，得知大家走进田间地头，\n"
    "把论文写在祖国大地上，我感到很高兴。农业科技工\n"
    "作者要坚持以人民为中心的发展思想，为建设农业强\n"
    "国贡献力量。\n"
)
ZH_JOINED = ["习近平总书记在回信中说，得知大家走进田间地头，把论文写在祖国大地上，我感到很高兴。",
             "农业科技工作者要坚持以人民为中心的发展思想，为建设农业强国贡献力量。"]


def _rows(document: Document) -> list[str]:
    return [link.mt_text for link in document.links]


def _default(session):
    return docs.project_named(session, "Default")


# --- the ；/： setting -----------------------------------------------------------------------------------


def test_by_default_neither_semicolon_nor_colon_ends_a_chinese_sentence(session):
    settings = projects.ProjectSettings.of(_default(session))
    assert (settings.semicolon_ends, settings.colon_ends) == (False, False)
    document = make_document(session, ZH_CLAUSES, tgt_lang="zh")
    assert _rows(document) == ["会议指出，要坚持稳中求进；要扩大内需；要深化改革：这是三项任务。",
                               "第二段只有一句。"]


def test_a_project_where_semicolons_end_sentences_gets_more_rows_from_the_same_text(session):
    projects.update_settings(_default(session), semicolon_ends=True)
    document = make_document(session, ZH_CLAUSES, tgt_lang="zh")
    assert _rows(document) == ["会议指出，要坚持稳中求进；", "要扩大内需；", "要深化改革：这是三项任务。",
                               "第二段只有一句。"]
    projects.update_settings(_default(session), colon_ends=True)
    both = make_document(session, ZH_CLAUSES, tgt_lang="zh", title="both")
    assert _rows(both)[2:4] == ["要深化改革：", "这是三项任务。"]
    assert clean_text(session, both) == ZH_CLAUSES


def test_the_source_side_is_split_with_the_setting_too(session):
    projects.update_settings(_default(session), semicolon_ends=True)
    document = make_document(session, "We grow. We reform. One line.",
                             source_text="我们发展；我们改革。一行。")
    sources = session.scalars(select(Sentence.text).where(
        Sentence.document_id == document.id, Sentence.side == Side.SOURCE).order_by(Sentence.position)).all()
    assert sources == ["我们发展；", "我们改革。", "一行。"]


def test_an_import_job_uses_the_project_setting(app):
    with app.app_context(), session_scope(app) as session:
        project = _default(session)
        projects.update_settings(project, semicolon_ends=True)
        job = jobs.submit(session, kind="import", params={"title": "Job", "tgt_lang": "zh"}, author="ed",
                          project_id=project.id, files=[("mt", "mt.txt", ZH_CLAUSES.encode())])
    jobs.dispatch(app, job.id)
    done = wait_for_job(app, job.id)
    with session_scope(app) as session:
        assert len(_rows(session.get(Document, done.result["document_id"]))) == 4


def test_re_splitting_a_corrected_text_honours_the_setting(session):
    projects.update_settings(_default(session), semicolon_ends=True)
    document = make_document(session, "甲方同意这个方案；乙方反对这个方案。", tgt_lang="zh", src_lang="en")
    assert len(document.links) == 2
    report = imports.apply_corrected_text(session, document, "甲方完全同意这个方案；乙方坚决反对这个方案。",
                                          author="editor")
    assert sorted(report.changed) == sorted(link.id for link in document.links)
    assert [link.target for link in document.links] == ["甲方完全同意这个方案；", "乙方坚决反对这个方案。"]


def test_settings_page_saves_the_switches(client, session):
    project = docs.project_named(session, "Newsroom")
    session.commit()
    url = f"/projects/{project.id}/settings"
    page = client.get(url).get_data(as_text=True)
    assert 'name="semicolon_ends"' in page and "checked>" not in page.split('name="semicolon_ends"')[1][:60]
    saved = client.post(url, data={"abbreviations": "", "segmentation": "1", "semicolon_ends": "1"},
                        follow_redirects=True)
    assert "Settings saved" in saved.get_data(as_text=True)
    session.expire_all()
    settings = projects.ProjectSettings.of(session.get(type(project), project.id))
    assert (settings.semicolon_ends, settings.colon_ends) == (True, False)
    shown = client.get(url).get_data(as_text=True)
    assert 'value="1" aria-describedby="seg-help"\n      checked>' in shown
    # A form without the section (an older page, a script posting abbreviations only) changes nothing.
    client.post(url, data={"abbreviations": "Govt."})
    session.expire_all()
    assert projects.ProjectSettings.of(session.get(type(project), project.id)).semicolon_ends is True


def test_a_bad_switch_value_is_refused_and_nothing_changes(client, session):
    project = docs.project_named(session, "Newsroom")
    session.commit()
    url = f"/projects/{project.id}/settings"
    form = {"abbreviations": "Govt.", "segmentation": "1", "semicolon_ends": "maybe"}
    refused = client.post(url, data=form, follow_redirects=True)
    assert "semicolon_ends must be 1 or 0" in refused.get_data(as_text=True)
    session.expire_all()
    kept = projects.ProjectSettings.of(session.get(type(project), project.id))
    assert kept.abbreviations == () and kept.semicolon_ends is False


def test_unknown_settings_are_refused(session):
    with pytest.raises(projects.InvalidInput, match="no such project setting"):
        projects.update_settings(_default(session), semicolons=True)


# --- hard-wrapped paste ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "lang", "joined"),
                         [(EN_WRAPPED, "en", EN_JOINED), (ZH_WRAPPED, "zh", ZH_JOINED)],
                         ids=["en", "zh"])
def test_hard_wrapped_paste_is_joined_and_exports_byte_identical(session, text, lang, joined):
    document = make_document(session, text, tgt_lang=lang, src_lang="en" if lang == "zh" else "zh")
    assert _rows(document) == joined
    assert docs.joined_paragraphs(session, document) == 1
    assert clean_text(session, document) == text
    kept = docs.import_document(session, mt_text=text, title="kept", project=_default(session), tgt_lang=lang,
                                join_wrapped=False)
    session.flush()
    assert len(kept.links) > len(joined) and docs.joined_paragraphs(session, kept) == 0
    assert clean_text(session, kept) == text


def test_a_hard_wrapped_source_is_joined_and_aligned_with_its_mt(session):
    mt = ("General Secretary Xi Jinping said in his reply that he was glad to learn they had written their "
          "papers on the land of the motherland.\nAgricultural scientists should put the people at the "
          "centre and contribute to building a strong agricultural country.\n")
    document = make_document(session, mt, source_text=ZH_WRAPPED)
    assert [link.source_text for link in document.links] == ZH_JOINED
    assert document.source_original == ZH_WRAPPED and clean_text(session, document) == mt


def test_an_edited_wrapped_document_keeps_the_line_breaks_of_the_rows_left_alone(session):
    document = make_document(session, EN_WRAPPED)
    second = document.links[1]
    editing.save_link(session, second, version=second.version, author="ed", target="The guide is short.")
    expected = EN_WRAPPED.replace("The guide will be short.", "The guide is short.")
    assert clean_text(session, document) == expected


def test_splitting_a_joined_row_exports_its_halves_and_undo_brings_the_lines_back(session):
    document = make_document(session, EN_WRAPPED)
    first = document.links[0]
    offset = first.mt_text.index("who agreed")
    operation = structure.split_at(session, first, version=first.version, offset=offset, author="ed")
    session.flush()
    session.expire_all()
    exported = clean_text(session, session.get(Document, document.id))
    assert exported.startswith("The reform of state-owned enterprises was discussed at length by the "
                               "delegates, who agreed that the new rules")
    structure.undo_structure(session, operation, "ed")
    session.flush()
    session.expire_all()
    assert clean_text(session, session.get(Document, document.id)) == EN_WRAPPED


def test_a_corrected_text_pasted_hard_wrapped_lines_up_with_the_rows(session):
    document = make_document(session, EN_JOINED[0] + " " + EN_JOINED[1])
    corrected = EN_WRAPPED.split("\n\n")[0].replace("The guide will be short.", "The guide is short.")
    imports.apply_corrected_text(session, document, corrected, author="editor")
    assert [link.final_text for link in document.links] == [EN_JOINED[0], "The guide is short."]


def test_cli_joins_wrapped_lines_says_so_and_keeps_them_on_request(run, tmp_path):
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text(EN_WRAPPED, "utf-8")
    joined = run("import", str(wrapped), "--title", "Joined")
    assert joined.exit_code == 0 and joined.stdout.strip() == "1"
    assert "joined the lines of 1 hard-wrapped paragraph (--keep-line-breaks keeps them)" in joined.stderr
    kept = run("import", str(wrapped), "--title", "Kept", "--keep-line-breaks")
    assert kept.exit_code == 0 and kept.stderr == ""
    assert run("export", "Joined").stdout == EN_WRAPPED == run("export", "Kept").stdout
    assert run("export", "Joined", "--format", "json").stdout.count('"mt"') < \
        run("export", "Kept", "--format", "json").stdout.count('"mt"')


def _upload(client, text: str, **fields):
    response = client.post("/documents", data={"title": "Pasted", "mt_text": text, **fields},
                           headers={"Accept": "application/json"})
    assert response.status_code == 202, response.get_data(as_text=True)
    return response.get_json()


@pytest.mark.parametrize(("lang", "text", "joined"),
                         [("en", EN_WRAPPED, EN_JOINED), ("zh", ZH_WRAPPED, ZH_JOINED)],
                         ids=["en", "zh"])
def test_api_import_joins_by_default_and_keep_line_breaks_keeps_them(app, client, lang, text, joined):
    started = _upload(client, text, tgt_lang=lang)
    done = wait_for_job(app, started["job"])
    assert done.status == "done" and done.result["joined_paragraphs"] == 1
    kept = wait_for_job(app, _upload(client, text, tgt_lang=lang, keep_line_breaks="true")["job"])
    assert kept.result["joined_paragraphs"] == 0
    with session_scope(app) as session:
        assert _rows(session.get(Document, done.result["document_id"])) == joined
        kept_document = session.get(Document, kept.result["document_id"])
        assert len(kept_document.links) > len(joined)
    for job in (done, kept):
        exported = client.get(f"/documents/{job.result['document_id']}/download?format=txt")
        assert exported.get_data(as_text=True) == text


def test_api_refuses_a_bad_keep_line_breaks_and_starts_nothing(client):
    response = client.post("/documents", data={"mt_text": EN_WRAPPED, "keep_line_breaks": "sometimes"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400 and "keep_line_breaks must be 1 or 0" in response.get_json()["message"]
    assert json.loads(client.get("/api/v1/documents").get_data(as_text=True)) == []


def test_the_page_switch_and_the_message_after_the_import(app, client):
    page = client.get("/").get_data(as_text=True)
    assert 'name="join_lines" value="1" checked' in page and "Join hard-wrapped lines" in page
    response = client.post("/documents", data={
        "title": "Wrapped", "join_lines_shown": "1", "join_lines": "1",
        "mt_file": (io.BytesIO(EN_WRAPPED.encode()), "wrapped.txt")}, content_type="multipart/form-data")
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    wait_for_job(app, job_id)
    review = client.get(f"/jobs/{job_id}", follow_redirects=True).get_data(as_text=True)
    assert "Joined the lines of 1 hard-wrapped paragraph into sentences" in review
    unticked = client.post("/documents", data={"title": "Unticked", "join_lines_shown": "1",
                                               "mt_text": EN_WRAPPED})
    job_id = int(unticked.headers["Location"].rsplit("/", 1)[1])
    assert wait_for_job(app, job_id).result["joined_paragraphs"] == 0
    review = client.get(f"/jobs/{job_id}", follow_redirects=True).get_data(as_text=True)
    assert "Joined the lines" not in review

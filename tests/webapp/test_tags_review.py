"""Inline tags through the app: rows carry them, QA stores the tags check's findings and its fix, find &
replace matches across a tag and keeps it, the memory matches on words, glossary marks see through tags."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from segments.tags import tags, untagged
from tests.builders import make_document
from tests.segments.test_qa_tags import shown, t
from webapp.models import QaFinding
from webapp.services import editing, fixes, memory
from webapp.services import glossary as gs
from webapp.services import glossary_review as gr

MT = t("The <1>lead</1> story ran.\n\nMy country<3/> is big.\n\nThe lead sentence was fine.")
SOURCE = "头条新闻播出了。\n\n我国很大。\n\n导语很好。"


@pytest.fixture
def doc(app, session):
    document = make_document(session, MT, title="Tagged", source_text=SOURCE)
    session.commit()
    return document


def rows(client, doc):
    return client.get(f"/api/v1/documents/{doc.id}/rows").get_json()["rows"]


def test_rows_carry_the_tag_tokens(client, doc):
    first = rows(client, doc)[0]
    assert first["mt"] == first["target"] == t("The <1>lead</1> story ran.")


def test_a_lost_tag_is_found_and_its_fix_puts_it_back(client, session, doc):
    row = rows(client, doc)[0]
    saved = client.patch(f"/api/v1/rows/{row['id']}", json={"version": row["version"],
                                                            "target": "The lead story was broadcast."})
    assert saved.status_code == 200
    finding = session.scalars(select(QaFinding).where(QaFinding.check_id == "tags")).one()
    assert finding.message == "Tags 1 and /1 of the MT are missing."
    link = doc.links[0]
    session.refresh(link)
    fixes.apply_in_row(session, link, [fixes.Choice(finding.id)], version=link.version, author="ana")
    session.commit()
    assert shown(rows(client, doc)[0]["target"]) == "The <1>lead</1> story was broadcast."
    assert not session.scalars(select(QaFinding).where(QaFinding.check_id == "tags")).all()


def test_find_matches_across_a_tag_and_replace_keeps_it(client, doc):
    query = {"text": "My country is"}
    found = client.get(f"/api/v1/documents/{doc.id}/search", query_string=query).get_json()
    assert found["total"] == 1
    body = {"find": "my country", "replace": "China"}
    changes = client.post(f"/api/v1/documents/{doc.id}/replace/preview", json=body).get_json()["changes"]
    assert [shown(c["after"]) for c in changes] == ["China<3/> is big."]
    body["rows"] = [{"id": c["id"], "version": c["version"]} for c in changes]
    assert client.post(f"/api/v1/documents/{doc.id}/replace", json=body).status_code == 200
    assert shown(rows(client, doc)[1]["target"]) == "China<3/> is big."


def test_a_regex_replacement_keeps_tags_too(client, doc):
    body = {"find": r"(\w+) story", "replace": r"\1 article", "find_regex": True}
    changes = client.post(f"/api/v1/documents/{doc.id}/replace/preview", json=body).get_json()["changes"]
    assert [shown(c["after"]) for c in changes] == ["The <1>lead article</1> ran."]


def test_memory_matches_a_tagged_row_by_its_words(session, doc):
    plain, tagged = doc.links[2], doc.links[0]
    editing.save_link(session, plain, version=plain.version, author="ana", target="The lead story ran today.",
                      status="confirmed")
    session.flush()
    found = memory.matches(session, tagged)
    assert [m["target"] for m in found] == ["The lead story ran today."]
    assert found[0]["by"] == "mt" and all(not tags(text) for _, text in found[0]["diff"])


def test_glossary_marks_see_through_tags(session, doc):
    gs.create_entry(session, gs.glossary_for(session, doc.project), {
        "source": "我国", "targets": "China", "forbidden": "my country"}, "ana")
    link = doc.links[1]
    marks = gr.term_marks(session, doc, [link])[link.id]
    mt = [m for m in marks if m["side"] == "mt"]
    found = [(m["kind"], untagged(link.mt_text[m["start"]:m["end"]])) for m in mt]
    assert found == [("forbidden", "My country")]


def test_the_qa_csv_spells_tags_out(client, doc):
    row = rows(client, doc)[0]
    client.patch(f"/api/v1/rows/{row['id']}", json={"version": row["version"],
                                                    "target": t("The <1>lead story  ran.")})
    csv = client.get(f"/documents/{doc.id}/qa/export?format=csv").get_data(as_text=True)
    assert "The {1}lead story  ran." in csv
    assert not any(ch in csv for ch in "\ue000\ue001\ue002\ue003")


def test_the_qa_page_draws_tags_as_pills_and_no_private_use_character(client, doc):
    row = rows(client, doc)[0]
    client.patch(f"/api/v1/rows/{row['id']}", json={"version": row["version"],
                                                    "target": t("The <1>lead story  ran.")})
    page = client.get(f"/documents/{doc.id}/qa").get_data(as_text=True)
    assert '<span class="tag tag-open" title="Tag 1">1</span>' in page
    assert "Tag /1 of the MT is missing." in page
    assert not any(ch in page for ch in "\ue000\ue001\ue002\ue003")


def test_the_review_report_draws_tags_as_pills(app, session, doc):
    from webapp.services.report import render_report

    link = doc.links[0]
    target = t("The <1>main</1> story ran.")
    editing.save_link(session, link, version=link.version, author="ed", target=target)
    session.flush()
    with app.test_request_context():
        html = render_report(session, doc)
    assert '<del>lead</del><ins>main</ins>' in html
    assert '<span class="tag tag-open" title="Tag 1">1</span>' in html
    assert not any(ch in html for ch in "\ue000\ue001\ue002\ue003")


def test_the_concordance_page_finds_words_across_tags_and_draws_them(client, session, doc):
    link = doc.links[0]
    editing.save_link(session, link, version=link.version, author="ana", status="confirmed")
    session.commit()
    page = client.get("/memory", query_string={"q": "lead story", "side": "mt"}).get_data(as_text=True)
    assert '<mark>lead story</mark>' in page
    assert '<span class="tag tag-close" title="Tag /1">/1</span>' in page  # the other side, as pills
    assert not any(ch in page for ch in "\ue000\ue001\ue002\ue003")


def test_the_review_report_counts_a_moved_tag_as_two_edits(app, session, doc):
    from webapp.services.report import build_report

    link = doc.links[0]
    mt = link.mt_text
    moved = t("The <1>lead story</1> ran.")
    assert untagged(moved) == untagged(mt) and moved != mt
    editing.save_link(session, link, version=link.version, author="ed", target=moved)
    session.flush()
    row = build_report(session, doc).rows[0]
    assert row.distance == 2  # the closing tag deleted after "lead", inserted after "story"
    assert build_report(session, doc).totals.ter > 0

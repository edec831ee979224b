"""The glossary in review: term marks, fixing forbidden variants as one operation, suggestions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.builders import make_document, make_term_document
from webapp.models import Operation, Revision
from webapp.services import glossary as gs
from webapp.services import glossary_review as gr
from webapp.services.editing import save_link
from webapp.services.errors import Conflict, InvalidInput


@pytest.fixture
def document(session):
    document = make_term_document(session)
    session.commit()
    return document


def test_term_marks_cover_source_mt_and_target(session, document):
    links = document.links
    marks = gr.term_marks(session, document, links)
    first = marks[links[0].id]
    assert {(m["side"], m["kind"], m["start"], m["end"]) for m in first} == {
        ("source", "term", 0, 2), ("mt", "forbidden", 0, 10), ("target", "forbidden", 0, 10)}
    forbidden = next(m for m in first if m["kind"] == "forbidden")
    assert forbidden["preferred"] == "China"
    assert forbidden["title"].startswith("China (instead of “My country”)")
    assert forbidden["title"].endswith("not 'my country'")
    talent = [m for m in marks[links[2].id] if m["side"] == "mt"]
    assert [(m["kind"], m["start"], m["end"], m["preferred"]) for m in talent] == [("term", 0, 7, "talent")]
    assert marks[links[3].id] == []


def test_the_matcher_is_never_stale_after_an_edit(session, document):
    first = gr.document_matcher(session, document)
    assert gr.document_matcher(session, document) is first
    glossary = gs.glossary_for(session, document.project)
    gs.create_entry(session, glossary, {"source": "很大", "targets": "big"}, "bo")
    # Read once per transaction, the stamps are read again after a change in it, and in the next one.
    second = gr.document_matcher(session, document)
    assert second is not first and any(m.preferred == "big" for m in second.find("It is big.", "target"))
    session.commit()
    assert gr.document_matcher(session, document) is second


def test_project_entries_hide_a_global_entry_with_the_same_source(session, document):
    gs.create_entry(session, gs.glossary_for(session, None), {"source": "我国", "targets": "the PRC"}, "x")
    session.commit()
    matches = gr.document_matcher(session, document).find("我国", "source")
    assert [m.preferred for m in matches] == ["China"]


def test_fix_forbidden_preview_and_apply_as_one_operation(session, document):
    fixes = gr.forbidden_fixes(session, document)
    assert [(f.old, f.new) for f in fixes] == [("My country is big.", "China is big."),
                                              ("my country grows.", "China grows.")]
    assert [(c.old, c.new, c.applied) for c in fixes[0].changes] == [("My country", "China", True)]
    expected = {f.link.id: f.link.version for f in fixes}
    operation, links = gr.apply_fixes(session, document, expected, author="ana")
    session.commit()
    assert operation.kind == "fix_terms" and [link.final_text for link in links] == ["China is big.",
                                                                                      "China grows."]
    revisions = session.scalars(select(Revision).where(Revision.operation_id == operation.id,
                                                       Revision.field == "target")).all()
    assert sorted((r.old, r.new) for r in revisions) == [("My country is big.", "China is big."),
                                                          ("my country grows.", "China grows.")]
    assert gr.forbidden_fixes(session, document) == []


def test_fix_apply_refuses_rows_changed_since_the_preview(session, document):
    fixes = gr.forbidden_fixes(session, document)
    expected = {f.link.id: f.link.version for f in fixes}
    link = fixes[0].link
    save_link(session, link, version=link.version, author="bo", target="My country is very big.")
    session.commit()
    with pytest.raises(Conflict, match="changed since you looked"):
        gr.apply_fixes(session, document, expected, author="ana")
    session.rollback()
    assert session.scalars(select(Operation).where(Operation.kind == "fix_terms")).all() == []


def correct(session, document, pairs):
    for link, (old, new) in zip(document.links, pairs, strict=False):
        assert link.final_text == old
        save_link(session, link, version=link.version, author="rev", target=new)
    session.commit()


def test_suggestions_come_from_the_same_correction_in_three_rows(session):
    mt = "My country is big. And my country grows. Yes, my country leads. My country? No."
    source = "我国很大。我国在发展。是的，我国领先。我国？不。"
    document = make_document(session, mt, source_text=source, title="Suggest")
    texts = [link.final_text for link in document.links]
    correct(session, document, [(t, t.replace("my country", "China").replace("My country", "China"))
                                for t in texts[:3]])
    glossary = gs.glossary_for(session, document.project)
    found = gr.suggestions(session, glossary)
    assert [(s.old.casefold(), s.new, s.count, s.source) for s in found] == [
        ("my country", "China", 3, "我国")]
    entry = gr.accept_suggestion(session, glossary, source="我国", old=found[0].old, new="China",
                                 author="ana")
    assert (entry.status, entry.targets, entry.forbidden) == ("proposed", ["China"], [found[0].old])
    assert gr.suggestions(session, glossary) == []


def test_two_corrections_are_not_enough_and_dismissed_ones_stay_away(session):
    document = make_document(session, "A my country. B my country. C my country.", title="Few")
    texts = [link.final_text for link in document.links]
    glossary = gs.glossary_for(session, document.project)
    correct(session, document, [(t, t.replace("my country", "China")) for t in texts[:2]])
    assert gr.suggestions(session, glossary) == []
    link = document.links[2]
    save_link(session, link, version=link.version, author="rev", target="C China.")
    session.commit()
    assert len(gr.suggestions(session, glossary)) == 1
    gr.dismiss_suggestion(session, glossary, old="My Country", new="china", author="ana")
    gr.dismiss_suggestion(session, glossary, old="my country", new="China", author="ana")
    assert gr.suggestions(session, glossary) == []
    with pytest.raises(InvalidInput, match="type the source term"):
        gr.accept_suggestion(session, glossary, source=" ", old="my country", new="China", author="ana")


def test_common_source_finds_the_shared_han_run():
    assert gr.common_source(["我国很大。", "是的，我国领先。", "因为我国"]) == "我国"
    assert gr.common_source(["我国", "中国"]) == ""
    assert gr.common_source(["only one"]) == ""

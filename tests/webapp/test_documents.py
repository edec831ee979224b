"""Import, listing and clean-text export through the services, on a real database."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from tests.builders import clean_text, make_document
from webapp.db import session_scope
from webapp.models import Document, Link, Revision, Sentence, Side, Status, text_hash
from webapp.services import documents as docs
from webapp.services import editing
from webapp.services.errors import Conflict, InvalidInput, NotFound


def export(session, document) -> str:
    return clean_text(session, document)


def test_seed_round_trips_unchanged(session, seed_text):
    document = make_document(session, seed_text)
    assert export(session, document) == seed_text


def test_mt_only_document_has_one_0_1_link_per_sentence(session):
    document = make_document(session, "First one. Second one.\n\nThird paragraph here.")
    links = session.scalars(select(Link).where(Link.document_id == document.id).order_by(Link.position)).all()
    assert [(link.source_text, link.mt_text, link.paragraph) for link in links] == [
        ("", "First one.", 0), ("", "Second one.", 0), ("", "Third paragraph here.", 1)]
    assert all(len(link.side(Side.SOURCE)) == 0 and len(link.side(Side.MT)) == 1 for link in links)


@pytest.mark.parametrize("raw, expected", [
    ("\ufeffOne.\r\nTwo.\r\n\r\nThree.\r\n", "One.\nTwo.\n\nThree.\n"),
    ("One.\rTwo.", "One.\nTwo."),
    ("  Leading space. And more.\n\n\n\nAfter blank lines.  ",
     "  Leading space. And more.\n\n\n\nAfter blank lines.  "),
])
def test_export_normalises_only_newlines_and_bom(session, raw, expected):
    document = make_document(session, raw)
    assert export(session, document) == expected
    assert document.mt_original == raw


def test_export_uses_corrections_and_keeps_spacing(session):
    document = make_document(session, "Para one. my country is big.\n\nPara two.")
    link = document.links[1]
    editing.save_link(session, link, version=link.version, author="ed", target="China is big.")
    assert export(session, document) == "Para one. China is big.\n\nPara two."


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_is_refused_and_nothing_stored(session, text):
    with pytest.raises(InvalidInput, match="empty"):
        make_document(session, text)
    assert session.scalar(select(func.count(Document.id))) == 0


def test_source_and_mt_are_aligned_on_import(session):
    source = "我国科技发展很快。\n2023年5月12日，习近平访问了河北。\n林占熺把菌草技术带到了南太平洋。"
    mt = ("Our country's science and technology is developing fast.\n"
          "On May 12, 2023, Xi Jinping visited Hebei.\n"
          "Lin Zhanxi took Juncao technology to the South Pacific.")
    document = make_document(session, mt, source_text=source)
    pairs = [(link.source_text[:4], link.mt_text[:6]) for link in document.links]
    assert pairs == [("我国科技", "Our co"), ("2023", "On May"), ("林占熺把", "Lin Zh")]
    assert all(link.score > 0.5 for link in document.links)
    assert session.scalar(select(func.count(Sentence.id)).where(Sentence.side == Side.SOURCE)) == 3
    assert clean_text(session, document) == mt


def test_list_documents_counts_confirmed(session):
    document = make_document(session, "One. Two. Three. Four.")
    for link in document.links[:2]:
        editing.save_link(session, link, version=link.version, author="ed", status=Status.CONFIRMED)
    (summary,) = docs.list_documents(session)
    assert (summary.total, summary.confirmed, summary.percent) == (4, 2, 50)


def test_find_document_by_id_or_title(session):
    document = make_document(session, "A.", title="Daily news")
    assert docs.find_document(session, str(document.id)) is document
    assert docs.find_document(session, "Daily news") is document
    with pytest.raises(NotFound):
        docs.find_document(session, "nope")


def test_save_writes_revisions_and_bumps_version(session):
    document = make_document(session, "my country grows.")
    link = document.links[0]
    editing.save_link(session, link, version=1, author="ed", target="China grows.")
    session.flush()
    editing.save_link(session, link, version=2, author="ed", status=Status.CONFIRMED)
    session.flush()
    history = [(r.field, r.old, r.new, r.author) for r in editing.revisions(session, link)]
    assert history == [("status", "edited", "confirmed", "ed"),
                       ("status", "new", "edited", "ed"),
                       ("target", "my country grows.", "China grows.", "ed")]
    assert link.version == 3


def test_rows_store_the_hashes_of_their_texts_from_the_start(session):
    document = make_document(session, "One here. Two here.", source_text="一。二。")
    session.expire_all()
    assert [(link.source_hash, link.target_hash) for link in document.links] == [
        (text_hash(link.source_text), text_hash(link.mt_text)) for link in document.links]
    assert document.links[0].target_hash == text_hash("One here.")


def test_a_row_saved_meanwhile_refuses_the_whole_batch(app, session):
    document = make_document(session, "One here. Two here. Three here.")
    links = list(document.links)
    session.commit()  # loaded by one request; another request saves row two before this one writes
    with session_scope(app) as other:
        editing.save_link(other, other.get(Link, links[1].id), version=links[1].version, author="b",
                          target="Two, saved meanwhile.")
    with pytest.raises(StaleDataError):
        editing.save_links(session, [editing.Edit(link, f"Row {n}.") for n, link in enumerate(links)],
                           author="a")
    session.rollback()
    saved = select(Link.target).where(Link.document_id == document.id).order_by(Link.position)
    assert list(session.scalars(saved)) == [None, "Two, saved meanwhile.", None]
    assert session.scalar(select(func.count(Revision.id)).where(Revision.author == "a")) == 0


def test_a_batch_records_each_change_and_moves_each_version_once(session):
    document = make_document(session, "One here. Two here.")
    first, second = document.links
    operation = editing.start_operation(session, document.id, "replace", "a")
    with pytest.raises(InvalidInput, match="row 2 is changed twice"):
        editing.save_links(session, [editing.Edit(second, "Two."), editing.Edit(second, "Two again.")],
                           author="a")
    changed = editing.save_links(session, [editing.Edit(first, "One, edited."),
                                           editing.Edit(second, status=Status.CONFIRMED)],
                                 author="a", operation=operation)
    assert changed == [first, second]
    assert (first.target, first.status, first.version) == ("One, edited.", Status.EDITED, 2)
    assert (second.target, second.status, second.version) == (None, Status.CONFIRMED, 2)
    session.expire_all()  # what the database holds, not what the session remembers
    assert [(link.target, link.status, link.version) for link in document.links] == [
        ("One, edited.", Status.EDITED, 2), (None, Status.CONFIRMED, 2)]
    texts = ("One, edited.", "Two here.")
    assert [link.target_hash for link in document.links] == [text_hash(text) for text in texts]
    revisions = session.scalars(select(Revision).order_by(Revision.id)).all()
    assert [(r.link_id, r.field, r.old, r.new, r.operation_id) for r in revisions] == [
        (first.id, "target", "One here.", "One, edited.", operation.id),
        (first.id, "status", "new", "edited", operation.id),
        (second.id, "status", "new", "confirmed", operation.id)]


def test_stale_version_is_a_conflict_and_changes_nothing(session):
    document = make_document(session, "Text.")
    link = document.links[0]
    editing.save_link(session, link, version=1, author="a", target="Text, edited.")
    session.flush()
    with pytest.raises(Conflict) as caught:
        editing.save_link(session, link, version=1, author="b", target="Other text.")
    assert caught.value.details["current"]["target"] == "Text, edited."
    assert link.final_text == "Text, edited."
    assert session.scalar(select(func.count(Revision.id))) == 2

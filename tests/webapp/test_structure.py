"""Structural edits keep export, positions and history consistent, and undo restores the run exactly."""

import pytest
from sqlalchemy import select

from tests.builders import clean_text, make_document, make_pairs
from webapp.models import Comment, Link, QaIgnore, Revision, Sentence, Side, text_hash
from webapp.services import comments, editing, structure
from webapp.services.errors import Conflict, InvalidInput

SEED_CASES = (
    "Title line\n\nIt is to stimulate scientific and technological workers. enthusiasm and creativity. "
    "The decade also witnessed It has marked a leap.\n\nLast paragraph."
)


def rows(session, document):
    session.expire_all()
    links = session.scalars(select(Link).where(Link.document_id == document.id).order_by(Link.position)).all()
    return links


def shape(session, document):
    return [(link.position, link.source_text, link.mt_text, link.target, link.status, hashed(link))
            for link in rows(session, document)]


def hashed(link) -> bool:
    """The row's stored text hashes are those of its texts now (QA tells current findings by them)."""
    return (link.source_hash, link.target_hash) == (text_hash(link.source_text), text_hash(link.final_text))


def state(session, document):
    sentences = session.scalars(select(Sentence).where(Sentence.document_id == document.id)
                                .order_by(Sentence.side, Sentence.position)).all()
    rows_of_sentences = [(s.id, s.side, s.position, s.text, s.tail, s.link_id) for s in sentences]
    return shape(session, document), rows_of_sentences


def export(session, document):
    return clean_text(session, document)


def find(session, document, text):
    return next(link for link in rows(session, document) if link.mt_text.startswith(text))


def assert_contiguous(session, document):
    assert [link.position for link in rows(session, document)] == list(range(len(rows(session, document))))
    assert all(hashed(link) for link in rows(session, document))
    for side in (Side.SOURCE, Side.MT):
        positions = session.scalars(select(Sentence.position).where(
            Sentence.document_id == document.id, Sentence.side == side).order_by(Sentence.position)).all()
        assert positions == list(range(len(positions)))


def test_merge_with_next_joins_rows_and_undo_restores(session):
    document = make_document(session, SEED_CASES)
    before = state(session, document)
    link = find(session, document, "It is to stimulate")
    following = find(session, document, "enthusiasm")
    operation = structure.merge_with_next(session, link, version=link.version,
                                          next_version=following.version, author="ed")
    session.flush()
    merged = find(session, document, "It is to stimulate")
    assert merged.mt_text == ("It is to stimulate scientific and technological workers. "
                              "enthusiasm and creativity.")
    assert merged.target is None and export(session, document) == SEED_CASES
    assert_contiguous(session, document)
    structure.undo_structure(session, operation, "ed")
    session.flush()
    assert state(session, document) == before


def test_split_untouched_row_at_cursor_cuts_the_mt_sentence(session):
    document = make_document(session, SEED_CASES)
    before = state(session, document)
    link = find(session, document, "The decade")
    offset = link.mt_text.index("It has")
    operation = structure.split_at(session, link, version=link.version, offset=offset, author="ed")
    session.flush()
    texts = [r.mt_text for r in rows(session, document)]
    assert "The decade also witnessed" in texts and "It has marked a leap." in texts
    assert export(session, document) == SEED_CASES
    assert_contiguous(session, document)
    structure.undo_structure(session, operation, "ed")
    session.flush()
    assert state(session, document) == before
    assert_contiguous(session, document)


def test_split_corrected_row_splits_correction_and_maps_mt(session):
    document = make_document(session, "The decade also witnessed It has marked a leap.")
    link = rows(session, document)[0]
    editing.save_link(session, link, version=1, author="ed",
                      target="The decade also witnessed change. It marked a leap.")
    session.flush()
    text = link.final_text
    structure.split_at(session, link, version=link.version, offset=text.index("It marked"), author="ed")
    session.flush()
    assert [(r.mt_text, r.final_text, r.status) for r in rows(session, document)] == [
        ("The decade also witnessed", "The decade also witnessed change.", "edited"),
        ("It has marked a leap.", "It marked a leap.", "edited")]
    assert export(session, document) == "The decade also witnessed change. It marked a leap."


@pytest.mark.parametrize("offset", [0, 3, 200])
def test_split_needs_a_cursor_inside_the_text(session, offset):
    document = make_document(session, "Short one.")
    link = rows(session, document)[0]
    with pytest.raises(InvalidInput):
        structure.split_at(session, link, version=1, offset=offset if offset != 3 else 0, author="ed")


def test_stale_versions_are_refused(session):
    document = make_document(session, "One here. Two here.")
    first, second = rows(session, document)
    with pytest.raises(Conflict):
        structure.merge_with_next(session, first, version=7, next_version=second.version, author="ed")


def test_merge_across_paragraphs_is_refused(session):
    document = make_document(session, "One here.\n\nTwo here.")
    first, second = rows(session, document)
    with pytest.raises(InvalidInput, match="paragraph"):
        structure.merge_with_next(session, first, version=1, next_version=1, author="ed")


def test_move_detach_and_split_link_on_a_bilingual_document(session):
    document = make_pairs(session, [("一。", "One."), ("二。", "Two."), ("三。", "Three."), ("四。", "")])
    before = state(session, document)
    first, second = rows(session, document)[:2]
    move = structure.move_sentence(session, second, version=second.version, neighbour_version=first.version,
                                   side=Side.SOURCE, direction="previous", author="ed")
    session.flush()
    assert [(r.source_text, r.mt_text) for r in rows(session, document)] == [
        ("一。 二。", "One."), ("", "Two."), ("三。", "Three."), ("四。", "")]
    merged = rows(session, document)[0]
    detach = structure.detach(session, merged, version=merged.version, side=Side.SOURCE, which="last",
                              author="ed")
    session.flush()
    assert [(r.source_text, r.mt_text) for r in rows(session, document)][:3] == [
        ("一。", "One."), ("二。", ""), ("", "Two.")]
    assert_contiguous(session, document)
    structure.undo_structure(session, detach, "ed")
    structure.undo_structure(session, move, "ed")
    session.flush()
    assert state(session, document) == before


def test_split_link_at_a_sentence_boundary(session):
    document = make_pairs(session, [("一。", "One."), ("二。", "Two.")])
    first, second = rows(session, document)
    structure.merge_with_next(session, first, version=1, next_version=1, author="ed")
    session.flush()
    merged = rows(session, document)[0]
    structure.split_link(session, merged, version=merged.version, source_count=1, mt_count=1, author="ed")
    session.flush()
    pairs = [(r.source_text, r.mt_text) for r in rows(session, document)]
    assert pairs == [("一。", "One."), ("二。", "Two.")]


def test_moving_mt_out_of_a_corrected_row_is_refused(session):
    document = make_document(session, "One here. Two here.")
    first, second = rows(session, document)
    editing.save_link(session, first, version=1, author="ed", target="One, corrected.")
    session.flush()
    with pytest.raises(InvalidInput, match="correction"):
        structure.move_sentence(session, first, version=first.version, neighbour_version=second.version,
                                side=Side.MT, direction="next", author="ed")


def test_undo_is_refused_when_the_result_was_edited(session):
    document = make_document(session, "One here. two here.")
    first, second = rows(session, document)
    operation = structure.merge_with_next(session, first, version=1, next_version=1, author="ed")
    session.flush()
    merged = rows(session, document)[0]
    editing.save_link(session, merged, version=merged.version, author="other", target="One and two here.")
    session.flush()
    with pytest.raises(Conflict):
        structure.undo_structure(session, operation, "ed")


def test_history_follows_the_merged_row_and_returns_on_undo(session):
    document = make_document(session, "One here. Two here.")
    first, second = rows(session, document)
    editing.save_link(session, second, version=1, author="ed", target="Two, edited.")
    session.flush()
    second_id = second.id
    operation = structure.merge_with_next(session, first, version=1, next_version=second.version, author="ed")
    session.flush()
    merged = rows(session, document)[0]
    fields = {r.field for r in session.scalars(select(Revision).where(Revision.link_id == merged.id))}
    assert {"target", "merge"} <= fields
    structure.undo_structure(session, operation, "ed")
    session.flush()
    restored = session.scalars(select(Revision.field).where(Revision.link_id == second_id)).all()
    assert "target" in restored


def _review_work(session, document) -> list[tuple[int, str]]:
    """(row position, what) of every comment and ignored warning of the document."""
    session.expire_all()
    position = {link.id: link.position for link in rows(session, document)}
    notes = [(position[c.link_id], c.body) for c in session.scalars(
        select(Comment).where(Comment.document_id == document.id))]
    ignores = [(position[i.link_id], i.check_id) for i in session.scalars(
        select(QaIgnore).where(QaIgnore.document_id == document.id))]
    return sorted(notes + ignores)


def test_comments_and_ignores_of_a_removed_row_go_to_the_row_in_its_place(session):
    document = make_document(session, "One here. Two here. Three here.")
    first, second, third = rows(session, document)
    comments.add_comment(session, second, "Check the number.", author="rev")
    session.add(QaIgnore(document_id=document.id, link_id=second.id, check_id="repeated_word",
                         fingerprint="f1", ignored_by="rev"))
    session.flush()
    # a merge removes the second row: its comment and ignored warning are the merged row's now
    structure.merge_with_next(session, first, version=1, next_version=1, author="ed")
    session.flush()
    assert _review_work(session, document) == [(0, "Check the number."), (0, "repeated_word")]
    # a split adds a row; a comment made on it since survives the split's undo, on the row restored
    merged = rows(session, document)[0]
    split = structure.split_link(session, merged, version=merged.version, source_count=0, mt_count=1,
                                 author="ed")
    session.flush()
    added = rows(session, document)[1]
    assert added.mt_text == "Two here."
    comments.add_comment(session, added, "Second sentence reads badly.", author="rev")
    # the same ignore as the restored row's is kept once
    session.add(QaIgnore(document_id=document.id, link_id=added.id, check_id="repeated_word",
                         fingerprint="f1", ignored_by="rev"))
    session.add(QaIgnore(document_id=document.id, link_id=added.id, check_id="spelling",
                         fingerprint="f2", ignored_by="rev"))
    session.flush()
    structure.undo_structure(session, split, "ed")
    session.flush()
    assert [link.mt_text for link in rows(session, document)] == ["One here. Two here.", "Three here."]
    assert _review_work(session, document) == [(0, "Check the number."), (0, "Second sentence reads badly."),
                                               (0, "repeated_word"), (0, "spelling")]

"""The translation memory service: learning from confirmations, matches by source and by MT, the size limit,
a cached index that follows changes made elsewhere, pre-filling, TMX exchange and concordance."""

import io

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from segments.formats import read_bitext
from tests.builders import eventually, make_document, make_pairs
from webapp.db import make_engine
from webapp.models import Link, MemoryEntry, Operation
from webapp.services import documents as docs
from webapp.services import editing, memory, memory_exchange, operations

MT = "The two hospitals held their general assemblies in Beijing."
FIXED = "The two academies held their general assemblies in Beijing."
SOURCE = "两院院士大会在北京召开。"


def confirm(session, link, target=None, author="ana"):
    editing.save_link(session, link, version=link.version, author=author, target=target, status="confirmed")
    session.flush()


def first_link(document):
    return document.links[0]


def test_confirming_a_row_feeds_the_memory(session):
    document = make_pairs(session, [(SOURCE, MT)])
    confirm(session, first_link(document), FIXED)
    entry = session.scalars(select(MemoryEntry)).one()
    assert (entry.source, entry.mt, entry.target, entry.author) == (SOURCE, MT, FIXED, "ana")
    assert entry.document_id == document.id and entry.link_id == first_link(document).id
    assert entry.source_key == SOURCE and entry.target_key == FIXED.casefold()


def test_an_edit_without_confirming_does_not(session):
    document = make_pairs(session, [(SOURCE, MT)])
    link = first_link(document)
    editing.save_link(session, link, version=link.version, author="ana", target=FIXED)
    assert session.scalar(select(func.count(MemoryEntry.id))) == 0


def test_confirming_again_with_other_text_supersedes_the_old_entry(session):
    document = make_pairs(session, [(SOURCE, MT)])
    link = first_link(document)
    confirm(session, link, FIXED)
    confirm(session, link, FIXED.replace("Beijing", "Peking"))
    confirm(session, link, FIXED.replace("Beijing", "Peking"))  # unchanged: nothing new
    entries = session.scalars(select(MemoryEntry).order_by(MemoryEntry.id)).all()
    assert [(e.target.endswith("Peking."), e.superseded) for e in entries] == [(False, True), (True, False)]


def confirm_as_operation(session, link, target):
    operation = editing.start_operation(session, link.document_id, "edit", "ana")
    editing.save_link(session, link, version=link.version, author="ana", target=target, status="confirmed",
                      operation=operation)
    session.flush()
    return operation


def test_undoing_a_confirmation_takes_back_what_it_taught(session):
    document = make_pairs(session, [(SOURCE, MT)])
    link = first_link(document)
    operation = confirm_as_operation(session, link, FIXED)
    later = make_pairs(session, [("", MT)], title="Later")
    assert [m["target"] for m in memory.matches(session, later.links[0])] == [FIXED]
    operations.undo(session, operation, author="ana")
    session.flush()
    assert link.status != "confirmed" and memory.matches(session, later.links[0]) == []


def test_undoing_a_reconfirmation_brings_the_earlier_confirmed_text_back(session):
    document = make_pairs(session, [(SOURCE, MT)])
    link = first_link(document)
    confirm_as_operation(session, link, FIXED)
    second = confirm_as_operation(session, link, FIXED.replace("Beijing", "Peking"))
    operations.undo(session, second, author="ana")
    session.flush()
    later = make_pairs(session, [("", MT)], title="Later")
    assert link.status == "confirmed"
    assert [m["target"] for m in memory.matches(session, later.links[0])] == [FIXED]


def test_repetitions_confirmed_alike_make_one_entry(session):
    document = make_pairs(session, [(SOURCE, MT), (SOURCE, MT)])
    for link in document.links:
        confirm(session, link, FIXED)
    assert session.scalar(select(func.count(MemoryEntry.id))) == 1


def test_same_mt_in_another_document_proposes_the_earlier_correction(session):
    earlier = make_pairs(session, [("", MT)], title="Monday")
    confirm(session, first_link(earlier), FIXED)
    today = make_pairs(session, [("", MT), ("", "Something unrelated about the weather.")], title="Tuesday")
    found = memory.matches(session, today.links[0])
    assert [(m["by"], m["score"], m["target"], m["document_title"]) for m in found] == [
        ("mt", 100.0, FIXED, "Monday")]
    assert memory.matches(session, today.links[1]) == []


def test_close_mt_and_close_source_match_with_a_diff(session):
    earlier = make_pairs(session, [(SOURCE, MT)])
    confirm(session, first_link(earlier), FIXED)
    close_mt = "The two hospitals held their annual assemblies in Beijing."
    today = make_pairs(session, [("", close_mt), ("两院院士大会在北京隆重召开。", "Other words entirely.")])
    by_mt = memory.matches(session, today.links[0])[0]
    assert by_mt["by"] == "mt" and 85 < by_mt["score"] < 100 and by_mt["target"] == FIXED
    assert ["delete", "general"] in by_mt["diff"] and ["insert", "annual"] in by_mt["diff"]
    by_source = memory.matches(session, today.links[1])[0]
    assert by_source["by"] == "source" and by_source["score"] > 85
    assert ["insert", "隆"] in by_source["diff"] or ["insert", "隆重"] in by_source["diff"]


def test_a_large_memory_is_indexed_in_the_background_on_first_use(session, monkeypatch):
    monkeypatch.setattr(memory, "BUILD_INLINE_MAX", 1)
    earlier = make_pairs(session, [("", MT), ("", "Another sentence entirely.")])
    for link in earlier.links:
        confirm(session, link, FIXED if link.position == 0 else None)
    today = make_pairs(session, [("", MT)], title="Today")
    session.commit()  # the background build reads with its own session
    with pytest.raises(memory.MemoryLoading):
        memory.matches(session, first_link(today), wait=False)
    def indexed() -> list[dict] | None:
        try:
            return memory.matches(session, first_link(today), wait=False)
        except memory.MemoryLoading:
            return None

    found = eventually(indexed, what="the background build")
    assert [m["target"] for m in found] == [FIXED]


def test_a_row_never_matches_its_own_entry(session):
    document = make_pairs(session, [(SOURCE, MT)])
    confirm(session, first_link(document), FIXED)
    assert memory.matches(session, first_link(document)) == []


def test_other_projects_see_a_memory_only_when_it_is_shared(session):
    earlier = make_pairs(session, [("", MT)])
    confirm(session, first_link(earlier), FIXED)
    elsewhere = docs.project_named(session, "B")
    other = docs.import_document(session, mt_text=MT, title="Elsewhere", project=elsewhere)
    session.flush()
    assert memory.matches(session, first_link(other)) == []
    memory.configure(earlier.project, shared=True)
    session.flush()
    assert [m["target"] for m in memory.matches(session, first_link(other))] == [FIXED]


def test_size_limit_drops_the_oldest_entries(session):
    document = make_pairs(session, [("", f"Sentence number {n} is here.") for n in range(6)])
    memory.configure(document.project, limit=4)
    for n, link in enumerate(document.links):
        confirm(session, link, f"Sentence {n} is here.")
    kept = session.scalars(select(MemoryEntry.target).order_by(MemoryEntry.id)).all()
    assert kept == [f"Sentence {n} is here." for n in range(2, 6)]
    assert memory.stats(session, document.project)["entries"] == 4
    memory.configure(document.project, limit=2)
    assert memory.trim(session, document.project) == 2


def test_the_cached_index_follows_changes_made_by_another_process(app, session):
    document = make_pairs(session, [("", MT), ("", "A second sentence to look up later on.")])
    confirm(session, first_link(document), FIXED)
    session.commit()
    lookup = make_document(session, MT + " A second sentence to look up later on!", title="Lookup")
    session.commit()
    assert [m["target"] for m in memory.matches(session, lookup.links[0])] == [FIXED]
    session.commit()  # our session's transaction holds SQLite's write lock
    other_engine = make_engine(app.config["DATABASE_URL"])  # another process: its own engine and cache
    with sessionmaker(other_engine)() as other:
        link = other.get(Link, document.links[1].id)
        confirm(other, link, "A second sentence, looked up later.")
        other.commit()
        memory.configure(link.document.project, limit=1)
        memory.trim(other, link.document.project)
        other.commit()
    other_engine.dispose()
    session.commit()
    assert memory.matches(session, lookup.links[0]) == []
    found = memory.matches(session, lookup.links[1])
    assert [m["target"] for m in found] == ["A second sentence, looked up later."]


def test_prefill_fills_exact_matches_marked_and_unconfirmed(session):
    earlier = make_pairs(session, [(SOURCE, MT)])
    confirm(session, first_link(earlier), FIXED)
    project = earlier.project
    document = docs.import_document(session, mt_text=MT + "\n\nNothing like it.", title="New",
                                    project=project, author="bo", prefill=True)
    session.flush()
    filled, untouched = document.links
    assert (filled.target, filled.status) == (FIXED, "edited") and untouched.target is None
    mark = memory_exchange.prefilled(session, filled)
    assert mark["entry_id"] == session.scalar(select(MemoryEntry.id))
    assert session.get(Operation, mark["operation_id"]).kind == memory_exchange.PREFILL
    assert memory_exchange.prefilled(session, untouched) is None
    plain = docs.import_document(session, mt_text=MT, title="Plain", project=project)
    session.flush()
    assert first_link(plain).target is None


def test_tmx_round_trip(session):
    earlier = make_pairs(session, [(SOURCE, MT)])
    confirm(session, first_link(earlier), FIXED)
    out = io.BytesIO()
    memory_exchange.export_tmx(session, [earlier.project], out)
    bitext = read_bitext(out.getvalue(), "m.tmx")
    units = list(bitext.units)
    assert (bitext.src_lang, bitext.tgt_lang) == ("zh", "en")
    assert [(u.source, u.mt, u.target) for u in units] == [(SOURCE, MT, FIXED)]
    other = docs.project_named(session, "Imported")
    result = memory_exchange.import_tmx(session, other, out.getvalue(), filename="m.tmx", author="cli")
    assert (result.added, result.skipped) == (1, 0)
    again = memory_exchange.import_tmx(session, other, out.getvalue(), filename="m.tmx")
    assert (again.added, again.skipped) == (0, 1)
    entry = session.scalars(select(MemoryEntry).where(MemoryEntry.project_id == other.id)).one()
    assert (entry.origin, entry.target, entry.author) == ("tmx", FIXED, "ana")


def test_concordance_on_each_side_with_context(session):
    document = make_pairs(session, [(SOURCE, MT), ("科学家是创新的主力军。", "Scientists are the force.")])
    confirm(session, document.links[0], FIXED)
    confirm(session, document.links[1], "Scientists are the main force of innovation.")
    english = memory.concordance_search(session, "two ACADEMIES")
    assert [(h["side"], h["before"], h["match"]) for h in english] == [("target", "The ", "two academies")]
    assert english[0]["position"] == 0 and english[0]["document_id"] == document.id
    chinese = memory.concordance_search(session, "北京")
    assert [(h["side"], h["match"], h["target"]) for h in chinese] == [("source", "北京", FIXED)]
    assert [h["match"] for h in memory.concordance_search(session, "hospitals", side="mt")] == ["hospitals"]
    assert memory.concordance_search(session, "100%_", side="target") == []

"""Glossary services: entries with versions and undoable deletes, paging, all-or-nothing import, export."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from glossary import read_tbx, starter_glossary
from webapp.models import GlossaryEntry
from webapp.services import glossary as gs
from webapp.services import glossary_exchange as gx
from webapp.services.documents import project_named
from webapp.services.errors import Conflict, InvalidInput

VALIDATOR = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "validate_formats.py"
CSV = ("source,target,forbidden,status,domain,note\r\n"
       "我国,China | the country,my country,approved,politics,\"Say \"\"China\"\", not 'my country'\"\r\n"
       "人才,talent,,proposed,science,\r\n")


@pytest.fixture
def glossary(session):
    return gs.glossary_for(session, project_named(session, "Default"))


def count(session, glossary) -> int:
    return session.scalar(select(func.count(GlossaryEntry.id)).where(
        GlossaryEntry.glossary_id == glossary.id, GlossaryEntry.deleted_at.is_(None)))


def test_glossary_per_project_and_one_global(session, glossary):
    assert gs.glossary_for(session, project_named(session, "Default")).id == glossary.id
    global_one = gs.glossary_for(session, None)
    assert global_one.project_id is None and gs.glossary_for(session, None).id == global_one.id
    assert [g.id for g in gs.glossaries_in_use(session, glossary.project_id)] == [glossary.id, global_one.id]


def test_create_validates_refuses_duplicates_and_bumps_the_revision(session, glossary):
    entry = gs.create_entry(session, glossary, {"source": "我国", "targets": "China | the country",
                                                "forbidden": ["my country"]}, "ana")
    assert (entry.targets, entry.preferred) == (["China", "the country"], "China")
    assert entry.forbidden == ["my country"]
    assert entry.created_by == "ana" and entry.version == 1 and entry.status == "approved"
    session.refresh(glossary)
    assert glossary.revision == 1
    with pytest.raises(Conflict, match="already has an entry"):
        gs.create_entry(session, glossary, {"source": " 我国 ", "targets": "PRC"}, "bo")
    with pytest.raises(InvalidInput, match="no target"):
        gs.create_entry(session, glossary, {"source": "人才", "targets": ""}, "bo")
    with pytest.raises(InvalidInput, match="both as a target and as forbidden"):
        gs.create_entry(session, glossary, {"source": "人才", "targets": "talent", "forbidden": "Talent"},
                        "bo")
    with pytest.raises(InvalidInput, match="unknown field"):
        gs.create_entry(session, glossary, {"source": "x", "targets": "y", "colour": "red"}, "bo")


def test_update_needs_the_current_version(session, glossary):
    entry = gs.create_entry(session, glossary, {"source": "人才", "targets": "talent"}, "ana")
    session.commit()
    changes = {"targets": "talent | talents", "note": "n"}
    gs.update_entry(session, entry, version=1, changes=changes, author="bo")
    session.commit()
    assert (entry.version, entry.targets, entry.changed_by) == (2, ["talent", "talents"], "bo")
    with pytest.raises(Conflict) as stale:
        gs.update_entry(session, entry, version=1, changes={"note": "late"}, author="cy")
    assert stale.value.details["current"]["note"] == "n" and stale.value.details["current"]["version"] == 2


def test_delete_and_restore_keep_the_entry(session, glossary):
    ids = [gs.create_entry(session, glossary, {"source": s, "targets": t}, "ana").id
           for s, t in (("甲", "a"), ("乙", "b"))]
    gs.delete_entries(session, glossary, ids, "bo")
    assert count(session, glossary) == 0
    gs.create_entry(session, glossary, {"source": "甲", "targets": "A"}, "cy")
    with pytest.raises(Conflict, match="already has an entry for '甲'"):
        gs.restore_entries(session, glossary, ids, "bo")
    session.rollback()


def test_list_searches_filters_sorts_and_pages(session, glossary):
    rows = [("甲", "alpha", "approved", "politics"), ("乙", "Beta", "proposed", "science"),
            ("丙", "gamma", "approved", "science"), ("100%", "percent_sign", "approved", "")]
    for source, target, status, domain in rows:
        gs.create_entry(session, glossary, {"source": source, "targets": target, "status": status,
                                            "domain": domain, "note": f"note {target}"}, "ana")
    page = gs.list_entries(session, glossary, sort="target", limit=2)
    assert page.total == 4 and [e.preferred for e in page.entries] == ["alpha", "Beta"]
    page = gs.list_entries(session, glossary, sort="target", limit=2, offset=2, descending=True)
    assert [e.preferred for e in page.entries] == ["Beta", "alpha"]
    assert [e.source for e in gs.list_entries(session, glossary, q="BETA").entries] == ["乙"]
    assert [e.source for e in gs.list_entries(session, glossary, q="%").entries] == ["100%"]
    assert [e.source for e in gs.list_entries(session, glossary, q="_").entries] == ["100%"]
    science = gs.list_entries(session, glossary, domain="science", status="approved")
    assert [e.source for e in science.entries] == ["丙"]
    assert gs.domains(session, glossary) == ["politics", "science"]
    with pytest.raises(InvalidInput, match="unknown sort"):
        gs.list_entries(session, glossary, sort="colour")


def test_import_csv_stores_everything_and_reports(session, glossary):
    result = gx.import_glossary(session, glossary, CSV.encode("utf-16"), filename="g.csv", author="ana")
    assert result.stored and (result.created, result.updated) == (2, 0)
    assert result.report.details["encoding"] == "utf-16"
    entry = session.scalars(select(GlossaryEntry).where(GlossaryEntry.source == "我国")).one()
    assert entry.note == "Say \"China\", not 'my country'" and entry.forbidden == ["my country"]
    again = gx.import_glossary(session, glossary, ("\ufeff" + CSV).encode(), policy="merge", author="bo")
    assert (again.created, again.updated, len(again.report.duplicates)) == (0, 2, 2)


def test_import_with_a_rejected_row_stores_nothing_unless_skipping(session, glossary):
    bad = CSV + "空,,,approved,,\r\n好,good,,excellent,,\r\n"
    result = gx.import_glossary(session, glossary, bad.encode(), author="ana")
    assert not result.stored and count(session, glossary) == 0
    assert [(r.line, r.reason) for r in result.report.rejected] == [
        (4, "no target"), (5, "unknown status 'excellent' (expected one of: approved, proposed, deprecated)")]
    assert "Nothing imported" in result.summary
    skipped = gx.import_glossary(session, glossary, bad.encode(), skip_invalid=True, author="ana")
    assert skipped.stored and skipped.created == 2 and count(session, glossary) == 2


@pytest.mark.parametrize("data, fmt, message", [
    (b"", None, "the file is empty"),
    ("source,target\n我国,China\n".encode("gb18030"), "csv", "not UTF-8"),
    (b"term;meaning\nx;y\n", "csv", "missing column"),
    (b"<martif><text><body>", None, "malformed XML"),
    (b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
     b"<martif><text><body><termEntry><langSet xml:lang='zh'><tig><term>&xxe;</term></tig></langSet>"
     b"</termEntry></body></text></martif>", "tbx", "entit"),
    (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
     b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><martif>&lol3;</martif>', "tbx", "entit"),
])
def test_unreadable_files_are_refused_with_the_reason(session, glossary, data, fmt, message):
    with pytest.raises(InvalidInput, match=message):
        gx.import_glossary(session, glossary, data, fmt=fmt, author="ana")
    assert count(session, glossary) == 0


def test_column_mapping_names_the_columns(session, glossary):
    data = "Begriff\tÜbersetzung\n我国\tChina\n".encode()
    mapping = {"Begriff": "source", "Übersetzung": "target"}
    result = gx.import_glossary(session, glossary, data, mapping=mapping)
    assert result.stored and result.created == 1


@pytest.mark.parametrize("fmt", ["csv", "tbx", "tbx3"])
def test_export_then_import_gives_the_same_entries(session, glossary, fmt):
    gx.ensure_starter_glossary(session, glossary.project)
    body, media_type, name = gx.export_glossary(session, glossary, fmt)
    assert name.endswith(".csv" if fmt == "csv" else ".tbx") and media_type
    target = gs.glossary_for(session, None)
    result = gx.import_glossary(session, target, body, fmt="csv" if fmt == "csv" else "tbx", author="x")
    assert result.stored and not result.report.rejected and result.created == len(starter_glossary())

    def terms(g):
        return sorted((e.source, tuple(e.targets), tuple(e.forbidden), e.status, e.domain, e.note)
                      for e in gs.live_entries(session, [g.id]))
    assert terms(target) == terms(glossary)


@pytest.mark.skipif(not VALIDATOR.is_file(), reason="../shared is not available")
@pytest.mark.parametrize("fmt", ["tbx", "tbx3"])
def test_tbx_export_validates_against_the_official_schema(session, glossary, fmt, tmp_path):
    pytest.importorskip("lxml.isoschematron")
    gx.ensure_starter_glossary(session, glossary.project)
    path = tmp_path / "export.tbx"
    path.write_bytes(gx.export_glossary(session, glossary, fmt)[0])
    result = subprocess.run([sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert read_tbx(path.read_bytes()).ok


def test_starter_glossary_only_fills_an_empty_glossary(session, glossary):
    assert gx.ensure_starter_glossary(session, glossary.project) == len(starter_glossary())
    assert gx.ensure_starter_glossary(session, glossary.project) == 0


def test_export_refuses_unknown_formats(session, glossary):
    with pytest.raises(InvalidInput, match="unknown export format"):
        gx.export_glossary(session, glossary, "xlsx")

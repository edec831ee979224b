"""Review rows carry glossary term marks next to QA marks, with the approved translation, at a query cost
that does not grow with the page."""

from __future__ import annotations

import html

import pytest

from tests.builders import make_document, make_term_document, recorded_statements
from webapp.services import glossary as gs


@pytest.fixture
def document_id(session):
    document_id = make_term_document(session).id
    session.commit()
    return document_id


def rows(client, document_id: int, **query) -> list[dict]:
    response = client.get(f"/api/v1/documents/{document_id}/rows", query_string=query)
    assert response.status_code == 200
    return response.get_json()["rows"]


def test_rows_carry_term_marks_with_the_preferred_translation(client, document_id):
    first = rows(client, document_id)[0]
    terms = [m for m in first["marks"] if m["kind"] in ("term", "forbidden")]
    assert {(m["side"], m["kind"], m["start"], m["end"]) for m in terms} == {
        ("source", "term", 0, 2), ("mt", "forbidden", 0, 10)}
    assert {m["preferred"] for m in terms} == {"China"}
    assert len({m["term_id"] for m in terms}) == 1
    source = next(m for m in terms if m["side"] == "source")
    assert source["title"] == "China — not 'my country'"


def test_a_forbidden_variant_in_a_correction_is_marked_on_the_target(client, document_id):
    first = rows(client, document_id)[0]
    saved = client.patch(f"/api/v1/rows/{first['id']}",
                         json={"version": first["version"], "target": "Truly, my country is big."})
    target = [m for m in saved.get_json()["marks"] if m["side"] == "target" and m["kind"] != "qa"]
    assert [(m["kind"], m["start"], m["end"], m["preferred"]) for m in target] == [
        ("forbidden", 7, 17, "China")]


def test_an_approved_term_in_the_target_is_not_marked_twice(client, document_id):
    talent = rows(client, document_id)[2]
    assert [(m["side"], m["kind"]) for m in talent["marks"] if m["kind"] == "term"] == [
        ("source", "term"), ("mt", "term")]


def test_one_row_and_the_first_page_carry_marks_too(client, document_id):
    first = rows(client, document_id)[0]
    one = client.get(f"/api/v1/rows/{first['id']}").get_json()
    assert one["marks"] == first["marks"]
    page = html.unescape(client.get(f"/documents/{document_id}").get_data(as_text=True))
    assert '"preferred": "China"' in page


def test_term_marks_cost_the_same_queries_for_any_page_size(app, client, session):
    mt = " ".join(f"My country grows {n}." for n in range(60))
    source = "".join(f"我国发展{n}。" for n in range(60))
    document = make_document(session, mt, source_text=source, title="Many")
    gs.create_entry(session, gs.glossary_for(session, document.project),
                    {"source": "我国", "targets": "China", "forbidden": "my country"}, "ana")
    session.commit()
    rows(client, document.id, limit=2)  # warm the matcher cache
    with recorded_statements(app) as statements:
        small = rows(client, document.id, limit=3)
        before = len(statements)
        large = rows(client, document.id, limit=50)
    assert len(small) == 3 and len(large) == 50
    assert len(statements) - before == before
    assert all(any(m["kind"] == "forbidden" and m["preferred"] == "China" for m in row["marks"])
               for row in large)

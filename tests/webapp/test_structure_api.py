"""Structural edits through the API, undone through the operations endpoint."""

import pytest

from tests.builders import make_document, make_pairs


def rows(client, document_id):
    return client.get(f"/api/v1/documents/{document_id}/rows").get_json()["rows"]


@pytest.fixture
def seed_case(session):
    document = make_document(session, "It stimulates workers. enthusiasm and creativity. The decade "
                                      "also witnessed It has marked a leap.")
    session.commit()
    return document.id


def test_merge_then_split_then_undo_both(client, seed_case):
    first, second, third = rows(client, seed_case)
    merged = client.post(f"/api/v1/rows/{first['id']}/merge-next",
                         json={"version": first["version"], "next_version": second["version"]})
    assert merged.status_code == 200, merged.get_json()
    body = merged.get_json()
    assert body["operation"]["kind"] == "merge"
    assert body["rows"][0]["mt"] == "It stimulates workers. enthusiasm and creativity."
    after_merge = rows(client, seed_case)
    assert len(after_merge) == 2
    row = after_merge[1]
    split = client.post(f"/api/v1/rows/{row['id']}/split",
                        json={"version": row["version"], "offset": row["mt"].index("It has")})
    assert split.status_code == 200
    texts = [r["mt"] for r in rows(client, seed_case)][1:]
    assert texts == ["The decade also witnessed", "It has marked a leap."]
    for operation in (split.get_json()["operation"], body["operation"]):
        undone = client.post(f"/api/v1/operations/{operation['id']}/undo")
        assert undone.status_code == 200, undone.get_json()
    assert [r["mt"] for r in rows(client, seed_case)] == [first["mt"], second["mt"], third["mt"]]
    again = client.post(f"/api/v1/operations/{body['operation']['id']}/undo")
    assert again.status_code == 409


def test_move_and_detach_on_aligned_rows(client, session):
    document = make_pairs(session, [("一。", "One."), ("二。", "Two."), ("三。", "")])
    session.commit()
    first, second, third = rows(client, document.id)
    moved = client.post(f"/api/v1/rows/{second['id']}/move", json={
        "version": second["version"], "neighbour_version": first["version"], "side": "source",
        "direction": "previous"})
    assert moved.status_code == 200
    assert [(r["source"], r["mt"]) for r in rows(client, document.id)] == [
        ("一。 二。", "One."), ("", "Two."), ("三。", "")]
    top = rows(client, document.id)[0]
    detached = client.post(f"/api/v1/rows/{top['id']}/detach",
                           json={"version": top["version"], "side": "source", "which": "last"})
    assert detached.status_code == 200
    assert [(r["source"], r["mt"]) for r in rows(client, document.id)][:2] == [("一。", "One."), ("二。", "")]


@pytest.mark.parametrize("path, body, status", [
    ("merge-next", {"version": 99, "next_version": 1}, 409),
    ("split", {"version": 1, "offset": 0}, 400),
    ("move", {"version": 1, "neighbour_version": 1, "side": "left", "direction": "next"}, 422),
    ("detach", {"version": 1, "side": "mt"}, 400),
    ("split-link", {"version": 1, "source_count": 5, "mt_count": 0}, 400),
])
def test_bad_structural_edits_are_refused_and_change_nothing(client, seed_case, path, body, status):
    before = rows(client, seed_case)
    response = client.post(f"/api/v1/rows/{before[0]['id']}/{path}", json=body)
    assert response.status_code == status and response.get_json()["message"]
    assert rows(client, seed_case) == before


def test_last_row_has_no_next(client, seed_case):
    last = rows(client, seed_case)[-1]
    response = client.post(f"/api/v1/rows/{last['id']}/merge-next", json={"version": 1, "next_version": 1})
    assert response.status_code == 400 and "no next row" in response.get_json()["message"]

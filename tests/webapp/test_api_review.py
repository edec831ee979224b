"""The review API: documents delete and statuses, filters and search, revert, comments, repetitions,
find & replace with undo; bad input is a 4xx JSON answer that changes nothing."""

import pytest

from tests.builders import make_document, wait_for_job
from webapp import jobs

TEXT = "The cat sat. The dog ran.\n\nThe cat sat. A bird sang. The cat sat."
SOURCE = "猫坐着。狗跑了。\n\n猫坐着。鸟唱歌。猫坐着。"


@pytest.fixture
def doc(app, session):
    document = make_document(session, TEXT, title="Review doc", source_text=SOURCE)
    session.commit()
    return document.id


def rows(client, doc, **query):
    response = client.get(f"/api/v1/documents/{doc}/rows", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["rows"]


def patch(client, row, **change):
    response = client.patch(f"/api/v1/rows/{row['id']}", json={"version": row["version"], **change})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def search(client, doc, **query):
    return client.get(f"/api/v1/documents/{doc}/search", query_string=query)


def test_rows_carry_hooks_and_counts(client, doc):
    row = rows(client, doc)[0]
    assert (row["qa"], row["marks"], row["comments"], row["edited"]) == ([], [], 0, False)
    assert row["source"] == "猫坐着。" and 0 < row["score"] <= 1


def test_statuses_count_rows(client, doc):
    patch(client, rows(client, doc)[0], status="confirmed")
    counts = client.get(f"/api/v1/documents/{doc}/statuses").get_json()
    assert counts == {"total": 5, "new": 4, "edited": 0, "confirmed": 1, "flagged": 0}


def test_delete_document_removes_it_and_everything_below(client, doc):
    row = rows(client, doc)[0]
    patch(client, row, target="Edited.")
    client.post(f"/api/v1/rows/{row['id']}/comments", json={"body": "note"})
    assert client.delete(f"/api/v1/documents/{doc}").status_code == 204
    assert client.get(f"/api/v1/documents/{doc}").status_code == 404
    assert client.get(f"/api/v1/rows/{row['id']}").status_code == 404
    assert client.delete(f"/api/v1/documents/{doc}").status_code == 404


@pytest.mark.parametrize("query, expected", [
    ({}, [0, 1, 2, 3, 4]),
    ({"text": "cat"}, [0, 2, 4]),
    ({"text": "CAT", "case": "true"}, []),
    ({"text": "猫", "where": "source"}, [0, 2, 4]),
    ({"text": "猫", "where": "mt"}, []),
    ({"text": r"^(A|The) [bd]", "regex": "true"}, [1, 3]),
    ({"status": "confirmed"}, [1]),
    ({"status": "new,flagged"}, [0, 2, 3, 4]),
    ({"has_comment": "true"}, [3]),
    ({"has_comment": "false", "text": "dog"}, [1]),
    ({"has_qa": "true"}, []),
])
def test_filters_select_rows(client, doc, query, expected):
    all_rows = rows(client, doc)
    patch(client, all_rows[1], status="confirmed")
    client.post(f"/api/v1/rows/{all_rows[3]['id']}/comments", json={"body": "check the bird"})
    found = search(client, doc, **query).get_json()
    assert found["ids"] == [all_rows[i]["id"] for i in expected] and found["total"] == len(expected)
    page = rows(client, doc, limit=2, **query)
    assert [r["position"] for r in page] == expected[:2]


def test_rows_by_ids(client, doc):
    ids = [r["id"] for r in rows(client, doc)]
    picked = rows(client, doc, ids=f"{ids[3]},{ids[1]}")
    assert [r["id"] for r in picked] == [ids[1], ids[3]]


@pytest.mark.parametrize("query", [{"text": "(", "regex": "true"}, {"status": "done"}, {"where": "nowhere"}])
def test_bad_filters_are_4xx_json(client, doc, query):
    response = search(client, doc, **query)
    assert response.status_code in (400, 422) and response.get_json()["message"]
    if "regex" in query:
        assert response.status_code == 400 and "regular expression" in response.get_json()["message"]


def test_a_pattern_that_backtracks_without_end_is_stopped(client, session):
    # (a|aa)+$ on a long run of "a" not followed by the end backtracks exponentially: without a time limit
    # one request would keep a server process busy for ever.
    text = " ".join(["a" * 40 + "!"] * 3)
    document_id = make_document(session, text, title="Backtracking").id
    session.commit()
    response = search(client, document_id, text="(a|aa)+$", regex="true")
    assert response.status_code == 400 and "simplify it" in response.get_json()["message"]
    preview = client.post(f"/api/v1/documents/{document_id}/replace/preview",
                          json={"find": "(a|aa)+$", "replace": "b", "find_regex": True})
    assert preview.status_code == 400 and "simplify it" in preview.get_json()["message"]


def test_revert_restores_old_text_as_a_new_revision(client, doc):
    row = patch(client, rows(client, doc)[0], target="The kitten sat.")
    history = client.get(f"/api/v1/rows/{row['id']}/revisions").get_json()
    target_change = next(h for h in history if h["field"] == "target")
    response = client.post(f"/api/v1/rows/{row['id']}/revisions/{target_change['id']}/revert",
                           json={"version": row["version"]})
    assert response.status_code == 200 and response.get_json()["target"] == "The cat sat."
    assert len(client.get(f"/api/v1/rows/{row['id']}/revisions").get_json()) == 3
    stale = client.post(f"/api/v1/rows/{row['id']}/revisions/{target_change['id']}/revert",
                        json={"version": row["version"]})
    assert stale.status_code == 409
    missing = client.post(f"/api/v1/rows/{row['id']}/revisions/9999/revert", json={"version": 3})
    assert missing.status_code == 404


def test_comments_add_resolve_delete(client, doc):
    row = rows(client, doc)[0]
    added = client.post(f"/api/v1/rows/{row['id']}/comments", json={"body": "  Is 'sat' right?  "})
    assert added.status_code == 201
    comment = added.get_json()
    assert (comment["body"], comment["author"], comment["resolved"]) == ("Is 'sat' right?", "local", False)
    resolved = client.patch(f"/api/v1/comments/{comment['id']}", json={"resolved": True}).get_json()
    assert resolved["resolved"] and resolved["resolved_by"] == "local"
    assert rows(client, doc)[0]["comments"] == 1 and rows(client, doc)[0]["open_comments"] == 0
    assert client.delete(f"/api/v1/comments/{comment['id']}").status_code == 204
    assert client.get(f"/api/v1/rows/{row['id']}/comments").get_json() == []


@pytest.mark.parametrize("method, path, body, status", [
    ("post", "/api/v1/rows/{row}/comments", {"body": ""}, 422),
    ("post", "/api/v1/rows/{row}/comments", {"body": "   "}, 400),
    ("post", "/api/v1/rows/{row}/comments", {"body": "x" * 5001}, 422),
    ("post", "/api/v1/rows/9999/comments", {"body": "hi"}, 404),
    ("patch", "/api/v1/comments/9999", {"resolved": True}, 404),
    ("delete", "/api/v1/comments/9999", None, 404),
    ("patch", "/api/v1/comments/9999", {"resolved": "maybe"}, 422),
])
def test_bad_comment_requests(client, doc, method, path, body, status):
    row = rows(client, doc)[0]
    response = getattr(client, method)(path.format(row=row["id"]), json=body)
    assert response.status_code == status and response.get_json()["code"] == status
    assert client.get(f"/api/v1/rows/{row['id']}/comments").get_json() == []


def test_comment_invalid_json(client, doc):
    row = rows(client, doc)[0]
    response = client.post(f"/api/v1/rows/{row['id']}/comments", data="{", content_type="application/json")
    assert response.status_code == 400 and response.is_json


def test_repetitions_apply_and_undo(client, doc):
    first = patch(client, rows(client, doc)[0], target="The cat sits.", status="confirmed")
    reps = client.get(f"/api/v1/rows/{first['id']}/repetitions").get_json()
    assert [r["position"] for r in reps] == [2, 4]
    body = {"rows": [{"id": r["id"], "version": r["version"]} for r in reps]}
    result = client.post(f"/api/v1/rows/{first['id']}/repetitions", json=body).get_json()
    assert result["operation"]["kind"] == "repetitions" and result["operation"]["rows"] == 2
    assert {(r["target"], r["status"]) for r in result["rows"]} == {("The cat sits.", "confirmed")}
    again = client.post(f"/api/v1/rows/{first['id']}/repetitions", json=body)
    assert again.status_code == 409 and len(again.get_json()["rows"]) == 2
    undone = client.post(f"/api/v1/operations/{result['operation']['id']}/undo").get_json()
    assert {(r["target"], r["status"]) for r in undone["rows"]} == {("The cat sat.", "new")}
    assert client.post(f"/api/v1/operations/{result['operation']['id']}/undo").status_code == 409


def preview(client, doc, **extra):
    response = client.post(f"/api/v1/documents/{doc}/replace/preview", json=replace_body(**extra))
    return response.get_json()["changes"]


def replace_body(**extra):
    return {"find": "cat", "replace": "kitten", **extra}


def test_replace_preview_apply_undo(client, doc):
    preview = client.post(f"/api/v1/documents/{doc}/replace/preview", json=replace_body())
    changes = preview.get_json()["changes"]
    assert [(c["position"], c["after"]) for c in changes] == [(0, "The kitten sat."), (2, "The kitten sat."),
                                                                (4, "The kitten sat.")]
    assert rows(client, doc)[0]["target"] == "The cat sat."
    applied = client.post(f"/api/v1/documents/{doc}/replace", json=replace_body(
        rows=[{"id": c["id"], "version": c["version"]} for c in changes]))
    assert applied.status_code == 200
    operation = applied.get_json()["operation"]
    assert [r["status"] for r in rows(client, doc)] == ["edited", "new", "edited", "new", "edited"]
    listed = client.get(f"/api/v1/documents/{doc}/operations").get_json()
    assert [(o["id"], o["kind"], o["rows"]) for o in listed] == [(operation["id"], "replace", 3)]
    assert client.get(f"/api/v1/operations/{operation['id']}").get_json()["operation"]["kind"] == "replace"
    client.post(f"/api/v1/operations/{operation['id']}/undo")
    assert [(r["target"], r["status"]) for r in rows(client, doc)][0] == ("The cat sat.", "new")


def test_replace_within_filter_with_regex_groups(client, doc):
    all_rows = rows(client, doc)
    patch(client, all_rows[2], status="flagged")
    body = replace_body(find=r"(\w+) sat", replace=r"\1 sits", find_regex=True, status=["flagged"])
    changes = client.post(f"/api/v1/documents/{doc}/replace/preview", json=body).get_json()["changes"]
    assert [(c["position"], c["after"]) for c in changes] == [(2, "The cat sits.")]


def test_undo_is_refused_when_a_row_changed_since(client, doc):
    changes = preview(client, doc)
    applied = client.post(f"/api/v1/documents/{doc}/replace", json=replace_body(
        rows=[{"id": c["id"], "version": c["version"]} for c in changes])).get_json()
    changed = patch(client, rows(client, doc)[2], target="Someone else's text.")
    response = client.post(f"/api/v1/operations/{applied['operation']['id']}/undo")
    assert response.status_code == 409 and [r["id"] for r in response.get_json()["rows"]] == [changed["id"]]
    assert rows(client, doc)[0]["target"] == "The kitten sat."


def test_stale_replace_is_refused_and_changes_nothing(client, doc):
    changes = preview(client, doc)
    patch(client, rows(client, doc)[4], status="flagged")
    response = client.post(f"/api/v1/documents/{doc}/replace", json=replace_body(
        rows=[{"id": c["id"], "version": c["version"]} for c in changes]))
    assert response.status_code == 409 and response.get_json()["rows"][0]["status"] == "flagged"
    assert [r["target"] for r in rows(client, doc)][0] == "The cat sat."


def test_a_replace_and_its_undo_over_many_rows_run_as_jobs(app, client, doc, monkeypatch):
    monkeypatch.setattr(jobs, "BULK_INLINE_MAX_ROWS", 2)  # this document's three cats count as many rows
    seen = [{"id": c["id"], "version": c["version"]} for c in preview(client, doc)]
    started = client.post(f"/api/v1/documents/{doc}/replace", json=replace_body(rows=seen))
    assert started.status_code == 202 and started.get_json()["kind"] == "replace", started.get_json()
    done = wait_for_job(app, started.get_json()["id"])
    assert (done.status, done.result["rows"]) == ("done", 3), done.error
    assert [r["target"] for r in rows(client, doc)][::2] == ["The kitten sat."] * 3
    operation = done.result["operation_id"]
    assert client.get(f"/api/v1/operations/{operation}").get_json()["operation"]["rows"] == 3

    undoing = client.post(f"/api/v1/operations/{operation}/undo")
    assert undoing.status_code == 202 and undoing.get_json()["kind"] == "undo", undoing.get_json()
    undone = wait_for_job(app, undoing.get_json()["id"])
    assert (undone.status, undone.result["undone"], undone.result["rows"]) == ("done", operation, 3)
    assert [r["target"] for r in rows(client, doc)][::2] == ["The cat sat."] * 3
    again = client.post(f"/api/v1/operations/{operation}/undo")
    assert again.status_code == 409 and "already undone" in again.get_json()["message"]


def test_a_replace_job_on_rows_changed_since_the_preview_fails_whole(app, client, doc, monkeypatch):
    monkeypatch.setattr(jobs, "BULK_INLINE_MAX_ROWS", 2)
    seen = [{"id": c["id"], "version": c["version"]} for c in preview(client, doc)]
    patch(client, rows(client, doc)[4], status="flagged")
    started = client.post(f"/api/v1/documents/{doc}/replace", json=replace_body(rows=seen))
    failed = wait_for_job(app, started.get_json()["id"])
    assert failed.status == "failed" and "changed since you looked" in failed.error
    assert [r["target"] for r in rows(client, doc)][::2] == ["The cat sat."] * 3


@pytest.mark.parametrize("body, status", [
    ({"replace": "x"}, 422),
    ({"find": "(", "find_regex": True}, 400),
    ({"find": "(a)", "replace": r"\2", "find_regex": True}, 400),
    ({"find": "cat", "status": ["done"]}, 422),
])
def test_bad_replace_requests(client, doc, body, status):
    response = client.post(f"/api/v1/documents/{doc}/replace/preview", json=body)
    assert response.status_code == status and response.get_json()["message"]


def test_oversized_replacement_is_refused(client, doc):
    body = replace_body(replace="x" * 20_000)
    changes = client.post(f"/api/v1/documents/{doc}/replace/preview", json=body).get_json()["changes"]
    response = client.post(f"/api/v1/documents/{doc}/replace", json={
        **body, "rows": [{"id": c["id"], "version": c["version"]} for c in changes]})
    assert response.status_code == 400
    assert rows(client, doc)[0]["target"] == "The cat sat."


@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/documents/999/search"), ("get", "/api/v1/documents/999/statuses"),
    ("post", "/api/v1/documents/999/replace/preview"), ("delete", "/api/v1/documents/999"),
    ("get", "/api/v1/operations/999"), ("post", "/api/v1/operations/999/undo"),
    ("get", "/api/v1/rows/999/repetitions"), ("get", "/api/v1/rows/999/comments"),
    ("get", "/api/v1/documents/999/operations"),
])
def test_unknown_ids_are_404_json(client, doc, method, path):
    body = {"find": "a"} if method == "post" else None
    response = getattr(client, method)(path, json=body)
    assert response.status_code == 404 and response.get_json()["code"] == 404


def test_openapi_lists_the_review_endpoints(client):
    paths = set(client.get("/api/v1/openapi.json").get_json()["paths"])
    assert {"/api/v1/documents/{document_id}/search", "/api/v1/documents/{document_id}/replace/preview",
            "/api/v1/documents/{document_id}/replace", "/api/v1/operations/{operation_id}/undo",
            "/api/v1/rows/{row_id}/comments", "/api/v1/comments/{comment_id}",
            "/api/v1/rows/{row_id}/revisions/{revision_id}/revert", "/api/v1/rows/{row_id}/repetitions",
            "/api/v1/documents/{document_id}/statuses"} <= paths

"""What a save costs the database: a fixed number of statements whatever the document's size, and never
its original texts (megabytes for a long document)."""

from tests.builders import make_document, recorded_statements
from webapp.db import session_scope
from webapp.services import qa

MOST_STATEMENTS_PER_SAVE = 12


def save(client, row: dict, text: str) -> dict:
    response = client.patch(f"/api/v1/rows/{row['id']}", json={"version": row["version"], "target": text})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def statements_of_a_save(app, client, sentences: int) -> list[str]:
    with app.app_context(), session_scope(app) as session:
        text = " ".join(f"Sentence number {n} is here." for n in range(sentences))
        document_id = make_document(session, text, title=f"{sentences} sentences").id
    row = client.get(f"/api/v1/documents/{document_id}/rows?offset=1&limit=1").get_json()["rows"][0]
    row = save(client, row, "A first correction.")  # the first save of a minute also touches the document
    with recorded_statements(app) as statements:
        save(client, row, "A second correction.")
    return statements


def test_a_save_costs_the_same_few_statements_for_any_document(app, client):
    small = statements_of_a_save(app, client, 3)
    large = statements_of_a_save(app, client, 2_000)
    assert len(small) == len(large) <= MOST_STATEMENTS_PER_SAVE, "\n".join(large)
    assert not [s for s in large if "_original" in s], "a save read the document's original texts"
    assert sum("FROM glossaries" in s for s in large) == 1, "the glossaries' change stamps are read once"
    # One transaction: the row sent back is read before the commit, not in a second transaction.
    assert sum(s.startswith("BEGIN") for s in large) <= 1


def replace_and_undo(app, client, rows: int) -> tuple[list[str], list[str]]:
    """The statements of applying a replacement in `rows` rows, and of undoing it."""
    with app.app_context(), session_scope(app) as session:
        text = " ".join(f"Sentence number {n} is here." for n in range(rows))
        document_id = make_document(session, text, title=f"{rows} rows").id
    body = {"find": "is here", "replace": "stands here"}
    url = f"/api/v1/documents/{document_id}/replace"
    changes = client.post(f"{url}/preview", json=body).get_json()["changes"]
    rows_seen = [{"id": change["id"], "version": change["version"]} for change in changes]
    with recorded_statements(app) as applying:
        done = client.post(url, json={**body, "rows": rows_seen})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["operation"]["rows"] == rows
    with recorded_statements(app) as undoing:
        undone = client.post(f"/api/v1/operations/{done.get_json()['operation']['id']}/undo")
    assert undone.status_code == 200, undone.get_json()
    return applying, undoing


def test_a_bulk_change_writes_its_rows_in_statements_that_do_not_grow_with_them(app, client):
    # Row by row, a replace in 20,000 rows held the write lock for seconds.
    small_apply, small_undo = replace_and_undo(app, client, 3)
    large_apply, large_undo = replace_and_undo(app, client, 300)
    assert len(small_apply) == len(large_apply), "\n".join(large_apply)
    assert len(small_undo) == len(large_undo), "\n".join(large_undo)


def test_a_page_of_qa_findings_reads_the_texts_of_its_rows_only(app, client):
    with app.app_context(), session_scope(app) as session:
        text = " ".join(f"Row {n} has has a repeated word." for n in range(300))
        document = make_document(session, text, title="Many findings")
        qa.check_document_findings(session, document)
        document_id = document.id
    with recorded_statements(app) as statements:
        page = client.get(f"/api/v1/documents/{document_id}/qa?limit=5").get_json()
    assert page["total"] == 300 and page["counts"] == {"repeated_word": 300} and len(page["findings"]) == 5
    texts = [s for s in statements if "FROM sentences" in s]
    assert texts and all("sentences.link_id IN" in s for s in texts), "\n".join(texts)

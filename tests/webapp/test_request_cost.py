"""What a save costs the database: a fixed number of statements whatever the document's size, and never
its original texts (megabytes for a long document)."""

from tests.builders import make_document, recorded_statements
from webapp.db import session_scope

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
    # One transaction: the row sent back is read before the commit, not in a second transaction.
    assert sum(s.startswith("BEGIN") for s in large) <= 1

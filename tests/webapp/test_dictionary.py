"""The project's spelling dictionary: words checked, added in any case once, removed, imported all or
nothing, exported; findings of an added word cleared; the settings page and the API, with roles."""

import io

import pytest
from sqlalchemy import func, select

from tests.builders import make_document, recorded_statements
from tests.webapp.test_security import login
from webapp.models import AuditEvent, ProjectWord, QaFinding
from webapp.services import dictionary, qa
from webapp.services import documents as docs
from webapp.services.errors import InvalidInput, NotFound


@pytest.fixture
def project(session):
    found = docs.project_named(session, "Default")
    session.flush()
    return found


@pytest.mark.parametrize("text, word", [("Xinhua", "Xinhua"), ("  O'Neill \n", "O'Neill"),
                                        ("Wi-Fi", "Wi-Fi"), ("don’t", "don’t"), ("Zürich", "Zürich"),
                                        ("Xinhua's", "Xinhua"), ("XINHUA’S", "XINHUA")])
def test_a_word_is_letters_with_inner_apostrophes_or_hyphens(text, word):
    assert dictionary.check_word(text) == word


@pytest.mark.parametrize("text, message", [
    ("", "give a word"), ("   ", "give a word"), ("two words", "has spaces"), ("tab\there", "has spaces"),
    ("COVID19", "not a word"), ("-ish", "not a word"), ("dash-", "not a word"), ("a--b", "not a word"),
    ("e.g.", "not a word"), ("x" * 61, "at most 60 characters"), ("under_score", "not a word"),
])
def test_bad_words_are_refused_with_the_reason(text, message):
    with pytest.raises(InvalidInput, match=message):
        dictionary.check_word(text)


def test_add_is_case_insensitive_once_and_remove_takes_any_case(session, project):
    added = dictionary.add_word(session, project, " Xinhua ", "ana")
    assert added.new and added.entry.word == "Xinhua" and added.entry.added_by == "ana"
    again = dictionary.add_word(session, project, "XINHUA", "bo")
    assert not again.new and again.entry.id == added.entry.id and "already" in again.summary
    dictionary.add_word(session, project, "apple", "ana")
    assert dictionary.words(session, project) == {"Xinhua", "apple"}
    assert [w.word for w in dictionary.list_words(session, project)[1]] == ["apple", "Xinhua"]
    assert dictionary.list_words(session, project, q="HUA")[0] == 1
    removed = dictionary.remove_word(session, project, "xinhua", "ana")
    assert removed.word == "Xinhua" and "flags it again" in dictionary.removed_summary(removed)
    with pytest.raises(NotFound, match="no word 'xinhua'"):
        dictionary.remove_word(session, project, "xinhua", "ana")
    assert dictionary.words(session, project) == {"apple"}


def test_the_qa_context_carries_the_project_words_read_once_per_change(app, session, project):
    document = make_document(session, "One here.")
    assert qa.qa_context(session, document).project_words == frozenset()
    dictionary.add_word(session, project, "Xinhua", "ana")
    other = docs.project_named(session, "Other")
    session.flush()
    dictionary.add_word(session, other, "Elsewhere", "ana")
    assert qa.qa_context(session, document).project_words == {"Xinhua"}
    with recorded_statements(app) as statements:
        assert qa.qa_context(session, document).project_words == {"Xinhua"}
    assert not any("project_words" in statement for statement in statements), statements


def test_cached_words_follow_a_change_committed_elsewhere(client, session, project):
    session.commit()
    assert dictionary.words(session, project) == frozenset()
    added = client.post(f"/api/v1/projects/{project.id}/dictionary", json={"word": "Xinhua"})
    assert added.status_code == 201
    session.rollback()  # a new transaction, which sees what the request committed
    assert dictionary.words(session, project) == {"Xinhua"}


def _spelling(session, document) -> list[str]:
    """The flagged words of the document's current spelling findings, in row order."""
    return [f["flagged"] for f in qa.document_findings(session, document, check_id=dictionary.SPELLING)]


def test_adding_a_word_clears_its_spelling_findings_in_the_project_only(session, project):
    first = make_document(session, "Xinhuanet said it. The goverment said so.", title="first")
    second = make_document(session, "Goverment's plans grew.", title="second")
    elsewhere = docs.import_document(session, mt_text="The goverment said so.", title="elsewhere",
                                     project=docs.project_named(session, "Other"))
    session.flush()
    for document in (first, second, elsewhere):
        qa.check_document_findings(session, document)
    assert _spelling(session, first) == ["Xinhuanet", "goverment"]
    assert _spelling(session, second) == ["Goverment's"]
    added = dictionary.add_word(session, project, "Goverment", "ana")
    assert added.cleared == 2 and "2 spelling findings cleared" in added.summary
    assert _spelling(session, first) == ["Xinhuanet"] and _spelling(session, second) == []
    assert _spelling(session, elsewhere) == ["goverment"]
    qa.check_link(session, first.links[1])  # the row saved again: the check takes the dictionary's word
    assert _spelling(session, first) == ["Xinhuanet"]
    dictionary.remove_word(session, project, "goverment", "ana")
    qa.check_link(session, first.links[1])
    assert _spelling(session, first) == ["Xinhuanet", "goverment"]


def test_a_hyphenated_word_answers_its_parts_and_either_apostrophe(session, project):
    document = make_document(session, "We use wi-fi at home. Oneill’s team came.")
    qa.check_document_findings(session, document)
    assert _spelling(session, document) == ["wi", "fi", "Oneill’s"]
    assert dictionary.import_words(session, project, b"Wi-Fi\nOneill's\n", "bo").cleared == 3
    assert dictionary.export_words(session, project) == "Oneill\nWi-Fi\n"
    qa.check_document_findings(session, document)
    assert _spelling(session, document) == []
    assert dictionary.words(session, project) == {"Wi-Fi", "Oneill"}  # as stored: the check reads them


def test_entries_with_an_apostrophe_or_a_hyphen_are_respected_by_the_spelling_check(session, project):
    document = make_document(session, "The Ba'athist and ba’athist papers. We use wi-fi and Wi-Fi here.")
    qa.check_document_findings(session, document)
    assert _spelling(session, document) == ["Ba'athist", "ba’athist", "wi", "fi"]
    dictionary.add_word(session, project, "Ba’athist", "ana")
    dictionary.add_word(session, project, "wi-fi", "ana")
    assert dictionary.words(session, project) == {"Ba’athist", "wi-fi"}
    assert _spelling(session, document) == []  # cleared on adding
    qa.check_document_findings(session, document)
    assert _spelling(session, document) == []  # and not found again by the check


def test_findings_keep_their_flagged_text_lower_cased(session):
    document = make_document(session, "We saw The the results.")
    qa.check_document_findings(session, document)
    found = qa.document_findings(session, document, check_id="repeated_word")
    stored = session.scalar(select(QaFinding.flagged_key).where(QaFinding.id == found[0]["id"]))
    assert found[0]["flagged"] and stored == found[0]["flagged"].lower()
    assert qa.flagged_key("x" * 101) is None


WORD_LIST = "# names of the desk\nXinhua\n\n  Wi-Fi  \nxinhua\n# done\nO'Neill\n"


def test_import_merges_a_word_list_and_export_reads_back(session, project):
    dictionary.add_word(session, project, "WI-FI", "ana")
    document = make_document(session, "Xinhuanet said it.")
    qa.check_document_findings(session, document)
    done = dictionary.import_words(session, project, (WORD_LIST + "Xinhuanet\n").encode(), "bo")
    assert (done.added, done.already, done.cleared) == (3, 1, 1)
    assert dictionary.export_words(session, project) == "O'Neill\nWI-FI\nXinhua\nXinhuanet\n"
    again = dictionary.import_words(session, project, "\ufeffXinhua\r\nO'Neill\r\n".encode(), "bo")
    assert (again.added, again.already) == (0, 2)


@pytest.mark.parametrize("data, message", [
    (b"Xinhua\nfine\ntwo words\nlast\n", "line 3: one word at a time"),
    (b"ok\n\xff\xfe\n", "line 2: the word list is not UTF-8"),
    (b"ok\n" + b"x" * 70 + b"\n", "line 2: a word has at most 60"),
    (b"a\n" * (dictionary.MAX_IMPORT_BYTES // 2 + 1), "at most 1,048,576 are read"),
])
def test_a_bad_word_list_imports_nothing(session, project, data, message):
    with pytest.raises(InvalidInput, match=message):
        dictionary.import_words(session, project, data, "bo")
    assert dictionary.count_words(session, project) == 0


def test_the_dictionary_has_a_size_limit(session, project, monkeypatch):
    monkeypatch.setattr(dictionary, "MAX_WORDS", 2)
    dictionary.import_words(session, project, b"one\ntwo\n", "bo")
    with pytest.raises(InvalidInput, match="at most 2 words"):
        dictionary.add_word(session, project, "three", "bo")
    with pytest.raises(InvalidInput, match="at most 2 words"):
        dictionary.import_words(session, project, b"three\nfour\n", "bo")


def test_words_go_with_their_project(session, project):
    dictionary.add_word(session, project, "Xinhua", "ana")
    session.flush()
    session.delete(project)
    session.flush()
    assert session.scalar(select(func.count()).select_from(ProjectWord)) == 0


# --- the settings page ------------------------------------------------------------------------------------

def test_settings_page_adds_lists_removes_imports_and_exports(client, session, project):
    session.commit()
    url = f"/projects/{project.id}/settings"
    added = client.post(f"/projects/{project.id}/dictionary", data={"word": "Xinhua"}, follow_redirects=True)
    page = added.get_data(as_text=True)
    assert "Added “Xinhua” to the dictionary; 0 spelling findings cleared." in page
    assert '<span class="count">1 word</span>' in page and ">Xinhua</span>" in page
    refused = client.post(f"/projects/{project.id}/dictionary", data={"word": "two words"},
                          follow_redirects=True)
    assert "one word at a time" in refused.get_data(as_text=True)
    imported = client.post(f"/projects/{project.id}/dictionary/import", follow_redirects=True,
                           data={"file": (io.BytesIO(WORD_LIST.encode()), "words.txt")})
    assert "Imported 2 new words (1 already in the dictionary)" in imported.get_data(as_text=True)
    bad = client.post(f"/projects/{project.id}/dictionary/import", follow_redirects=True,
                      data={"file": (io.BytesIO(b"fine\nnot fine\n"), "words.txt")})
    assert "line 2: one word at a time" in bad.get_data(as_text=True)
    exported = client.get(f"/projects/{project.id}/dictionary.txt")
    assert exported.get_data(as_text=True) == "O'Neill\nWi-Fi\nXinhua\n"
    assert "Default-dictionary.txt" in exported.headers["Content-Disposition"]
    removed = client.post(f"/projects/{project.id}/dictionary/remove", data={"word": "wi-fi"},
                          follow_redirects=True)
    assert "Removed “Wi-Fi”" in removed.get_data(as_text=True)
    found = client.get(url, query_string={"q": "neil"}).get_data(as_text=True)
    assert "1 word containing “neil”" in found and ">O&#39;Neill</span>" in found and ">Xinhua<" not in found


# --- the API ----------------------------------------------------------------------------------------------

def test_api_lists_adds_removes_imports_and_exports(client, session, project):
    session.commit()
    base = f"/api/v1/projects/{project.id}/dictionary"
    added = client.post(base, json={"word": " Xinhua "})
    assert added.status_code == 201
    assert added.get_json()["word"]["word"] == "Xinhua" and added.get_json()["added"] is True
    assert client.post(base, json={"word": "xinhua"}).get_json()["added"] is False
    assert client.post(base, json={"word": "not-"}).status_code == 400
    assert client.post(base, json={}).status_code == 422
    imported = client.post(f"{base}/import", data=WORD_LIST.encode(), content_type="text/plain")
    assert imported.get_json() | {"message": ""} == {"added": 2, "already": 1, "cleared": 0, "total": 3,
                                                    "message": ""}
    as_file = client.post(f"{base}/import", data={"file": (io.BytesIO(b"Beijing\n"), "w.txt")})
    assert as_file.get_json()["added"] == 1
    bad = client.post(f"{base}/import", data=b"ok\nnot ok\n", content_type="text/plain")
    assert bad.status_code == 400 and "line 2" in bad.get_json()["message"]
    assert client.post(f"{base}/import", json={"words": []}).status_code == 400
    page = client.get(base, query_string={"limit": 2, "offset": 1}).get_json()
    assert page["total"] == 4 and [w["word"] for w in page["words"]] == ["O'Neill", "Wi-Fi"]
    assert client.delete(f"{base}/WI-FI").get_json()["word"]["word"] == "Wi-Fi"
    assert client.delete(f"{base}/WI-FI").status_code == 404
    exported = client.get(f"{base}/export")
    assert exported.mimetype == "text/plain"
    assert exported.get_data(as_text=True) == "Beijing\nO'Neill\nXinhua\n"
    assert client.get("/api/v1/projects/999/dictionary").status_code == 404


def test_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/projects/{project_id}/dictionary"])
    assert "delete" in paths["/api/v1/projects/{project_id}/dictionary/{word}"]
    body = paths["/api/v1/projects/{project_id}/dictionary/import"]["post"]["requestBody"]["content"]
    assert set(body) == {"multipart/form-data", "text/plain"}
    assert "get" in paths["/api/v1/projects/{project_id}/dictionary/export"]


def test_viewers_read_the_dictionary_and_cannot_change_it(app, people, session):
    project = docs.project_named(session, "Default")
    base = f"/api/v1/projects/{project.id}/dictionary"
    viewer, reviewer, outsider = login(app, "view"), login(app, "rev"), login(app, "out")
    assert reviewer.post(base, json={"word": "Xinhua"}).status_code == 201
    assert viewer.get(base).get_json()["total"] == 1
    assert viewer.get(f"{base}/export").status_code == 200
    assert viewer.post(base, json={"word": "Beijing"}).status_code == 403
    assert viewer.delete(f"{base}/Xinhua").status_code == 403
    assert viewer.post(f"{base}/import", data=b"Beijing\n", content_type="text/plain").status_code == 403
    pages = f"/projects/{project.id}/dictionary"
    assert viewer.post(pages, data={"word": "Beijing"}).status_code == 403
    assert viewer.post(f"{pages}/remove", data={"word": "Xinhua"}).status_code == 403
    page = viewer.get(f"/projects/{project.id}/settings").get_data(as_text=True)
    assert ">Xinhua</span>" in page and "Add to dictionary" not in page and "Remove Xinhua" not in page
    assert "Remove Xinhua" in reviewer.get(f"/projects/{project.id}/settings").get_data(as_text=True)
    assert outsider.get(base).status_code == 404
    assert outsider.post(base, json={"word": "Beijing"}).status_code == 404
    assert reviewer.get(base).get_json()["total"] == 1



def test_a_word_added_through_the_api_leaves_the_row_and_stays_off_after_a_save(client, session, project):
    document = make_document(session, "Xinhuanet said it.")
    session.commit()
    row = f"/api/v1/rows/{document.links[0].id}"
    assert [issue["check"] for issue in client.get(row).get_json()["qa"]] == ["spelling"]
    added = client.post(f"/api/v1/projects/{project.id}/dictionary", json={"word": "XINHUANET"})
    assert added.get_json()["cleared"] == 1
    assert client.get(row).get_json()["qa"] == []
    assert client.get(f"/api/v1/documents/{document.id}/qa").get_json()["total"] == 0
    saved = client.patch(row, json={"version": 1, "target": "Xinhuanet said it again."})
    assert saved.status_code == 200 and saved.get_json()["qa"] == []
    client.delete(f"/api/v1/projects/{project.id}/dictionary/xinhuanet")
    again = client.patch(row, json={"version": 2, "target": "Xinhuanet said it once more."})
    assert [issue["check"] for issue in again.get_json()["qa"]] == ["spelling"]


def test_a_long_word_list_clears_the_findings_of_its_words(session, project):
    document = make_document(session, "Xinhuanet said it. The goverment said so.")
    qa.check_document_findings(session, document)
    filler = [a + b + c for a in "pqr" for b in "abcdefghij" for c in "klmnopqrstuvwxyz"]  # 480 words
    listed = "\n".join([*filler, "xinhuanet's", *filler[::-1]]).encode()  # over 500 keys: the long path
    done = dictionary.import_words(session, project, listed, "bo")
    assert (done.added, done.already, done.cleared) == (481, 0, 1)  # the repeats merged
    assert _spelling(session, document) == ["goverment"]


def test_adding_a_word_already_there_clears_findings_stored_late(session, project):
    document = make_document(session, "Xinhuanet said it.")
    run = qa.run_document(session, document)  # a QA job computing while the word is added
    assert dictionary.add_word(session, project, "Xinhuanet", "ana").cleared == 1
    qa.store_run(session, run)  # …and storing its result afterwards
    assert _spelling(session, document) == ["Xinhuanet"]
    again = dictionary.add_word(session, project, "xinhuanet", "bo")
    assert not again.new
    assert again.summary == "“Xinhuanet” is already in the dictionary; 1 spelling finding cleared."
    assert _spelling(session, document) == []


def test_a_word_added_meanwhile_by_someone_else_is_not_an_error(session, project, monkeypatch):
    dictionary.add_word(session, project, "Xinhua", "ana")
    looked = []

    def looked_before_it_was_added(*args):
        looked.append(args)
        return None if len(looked) == 1 else find_word(*args)

    find_word = dictionary.find_word
    monkeypatch.setattr(dictionary, "find_word", looked_before_it_was_added)
    again = dictionary.add_word(session, project, "XINHUA", "bo")
    assert not again.new and again.entry.word == "Xinhua" and again.entry.added_by == "ana"
    assert dictionary.count_words(session, project) == 1  # the session goes on after the refused insert


# --- the audit log ----------------------------------------------------------------------------------------

def _logged(session) -> list[tuple[str, str, dict]]:
    """(who, what, details) of the dictionary changes in the audit log, oldest first."""
    events = session.scalars(select(AuditEvent).where(AuditEvent.action.startswith("dictionary_"))
                             .order_by(AuditEvent.id))
    return [(event.user, event.action, event.detail) for event in events]


def test_every_change_is_logged_by_the_service_and_nothing_else(session, project):
    document = make_document(session, "Xinhuanet said it.")
    qa.check_document_findings(session, document)
    dictionary.add_word(session, project, "Xinhuanet", "ana")
    dictionary.add_word(session, project, "XINHUANET", "bo")  # already there: nothing changed
    dictionary.remove_word(session, project, "xinhuanet", "bo")
    dictionary.import_words(session, project, b"Xinhua\nBeijing\nHanfu\nWi-Fi\nZhou\nQing\nxinhua\n", "cy")
    dictionary.import_words(session, project, b"Xinhua\n", "cy")  # nothing new: nothing changed
    with pytest.raises(InvalidInput):
        dictionary.import_words(session, project, b"Bad\nnot one\n", "cy")
    assert _logged(session) == [
        ("ana", "dictionary_add", {"word": "Xinhuanet", "cleared": 1}),
        ("bo", "dictionary_remove", {"word": "Xinhuanet"}),
        ("cy", "dictionary_import", {"added": 6, "already": 0, "cleared": 0,
                                     "words": ["Xinhua", "Beijing", "Hanfu", "Wi-Fi", "Zhou"]}),
    ]


def test_the_pages_and_the_api_log_their_changes_with_who_made_them(app, people, session):
    project = docs.project_named(session, "Default")
    reviewer = login(app, "rev")
    pages, base = f"/projects/{project.id}/dictionary", f"/api/v1/projects/{project.id}/dictionary"
    assert reviewer.post(pages, data={"word": "Xinhua"}).status_code == 303
    as_file = {"file": (io.BytesIO(b"Beijing\n"), "w.txt")}
    assert reviewer.post(f"{pages}/import", data=as_file).status_code == 303
    assert reviewer.post(f"{pages}/remove", data={"word": "xinhua"}).status_code == 303
    assert reviewer.post(base, json={"word": "Hanfu"}).status_code == 201
    assert reviewer.post(f"{base}/import", data=b"Zhou\n", content_type="text/plain").status_code == 200
    assert reviewer.delete(f"{base}/hanfu").status_code == 200
    assert reviewer.post(base, json={"word": "two words"}).status_code == 400  # refused: not logged
    session.rollback()  # a fresh snapshot: see what the requests committed
    named = [(who, what, detail.get("word", detail.get("words"))) for who, what, detail in _logged(session)]
    assert named == [
        ("rev", "dictionary_add", "Xinhua"), ("rev", "dictionary_import", ["Beijing"]),
        ("rev", "dictionary_remove", "Xinhua"), ("rev", "dictionary_add", "Hanfu"),
        ("rev", "dictionary_import", ["Zhou"]), ("rev", "dictionary_remove", "Hanfu")]
    page = login(app, "owner").get(f"/projects/{project.id}/members").get_data(as_text=True)
    assert "dictionary_import" in page and "added: 1; already: 0; cleared: 0; words: Zhou" in page

"""The project's spelling dictionary in Chromium: Add to dictionary in a review row and on the QA page; the
settings page adds, imports, exports and removes words, and the audit log shows it."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.builders import make_document
from webapp.db import session_scope
from webapp.services import documents as docs

pytestmark = pytest.mark.browser


@pytest.fixture
def project_id(live_server) -> int:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        project = docs.project_named(session, "Newsroom")
        session.flush()
        return project.id


def test_settings_page_adds_imports_exports_and_removes_words(live_server, project_id, page: Page, tmp_path):
    page.goto(f"{live_server.url}/projects/{project_id}/settings")
    section = page.locator("#dictionary")
    expect(section).to_contain_text("No words yet.")
    section.get_by_label("Word", exact=True).fill("Xinhua")
    section.get_by_role("button", name="Add to dictionary").click()
    expect(page.locator(".flash")).to_have_text("Added “Xinhua” to the dictionary; 0 spelling findings "
                                                "cleared.")
    expect(section.locator(".dict-word")).to_have_text(["Xinhua"])
    section.get_by_label("Word", exact=True).fill("two words")
    section.get_by_role("button", name="Add to dictionary").click()
    expect(page.locator(".flash")).to_contain_text("one word at a time")

    words = tmp_path / "desk.txt"
    words.write_text("# names\nO'Neill\nxinhua\n\nWi-Fi\n", "utf-8")
    section.get_by_label("Import a word list").set_input_files(str(words))
    section.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Imported 2 new words (1 already in the dictionary)")
    expect(section.locator(".dict-word")).to_have_text(["O'Neill", "Wi-Fi", "Xinhua"])
    expect(section.locator("h2 .count")).to_have_text("3 words")
    bad = tmp_path / "bad.txt"
    bad.write_text("Beijing\nnot one\n", "utf-8")
    section.get_by_label("Import a word list").set_input_files(str(bad))
    section.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("line 2: one word at a time")
    expect(section.locator(".dict-word")).to_have_count(3)

    with page.expect_download() as download:
        section.get_by_role("link", name="Download the word list").click()
    saved = tmp_path / "exported.txt"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "Newsroom-dictionary.txt"
    assert saved.read_text("utf-8") == "O'Neill\nWi-Fi\nXinhua\n"

    section.get_by_role("button", name="Remove Wi-Fi").click()
    expect(page.locator(".flash")).to_contain_text("Removed “Wi-Fi”: the spelling check flags it again")
    expect(section.locator(".dict-word")).to_have_text(["O'Neill", "Xinhua"])
    section.get_by_label("Find a word").fill("hua")
    section.get_by_role("button", name="Find", exact=True).click()
    expect(section.locator(".dict-word")).to_have_text(["Xinhua"])

    page.goto(f"{live_server.url}/projects/{project_id}/members")  # each change logged, newest first
    expect(page.locator("table.audit tr", has_text="dictionary_")).to_have_text([
        re.compile(r"local\s*dictionary_remove\s+word: Wi-Fi"),
        re.compile(r"local\s*dictionary_import\s+added: 2; already: 1; cleared: 0; words: O'Neill, Wi-Fi"),
        re.compile(r"local\s*dictionary_add\s+word: Xinhua; cleared: 0")])


MT = ("Xinhuanet said it. The goverment said so.\n\nXinhuanet reported more.\n\nThe ship left port.\n\n"
      "Goverment's plans grew.")


@pytest.fixture
def doc(live_server) -> tuple[int, int]:
    """(document id, project id) of a document whose rows have spelling findings (checked on import)."""
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        document = make_document(session, MT, title="Spelling browser")
        return document.id, document.project_id


def test_add_to_dictionary_in_a_row_then_remove_the_word_on_the_settings_page(live_server, doc, page: Page):
    doc_id, project_id = doc
    page.goto(f"{live_server.url}/documents/{doc_id}")
    first, other, second = (page.locator(".row").nth(n) for n in (0, 1, 2))
    spelling = first.locator(".fix[data-check=spelling]")
    expect(spelling).to_contain_text("“Xinhuanet” is not in the English dictionary.")
    expect(spelling.get_by_role("button", name="Apply")).to_have_count(0)  # no suggestion: only the button
    expect(other.locator(".fix[data-check=spelling]").get_by_role("button")).to_have_text(
        ["Apply", "Add to dictionary"])  # "goverment": Apply "government", or keep it
    expect(second.locator(".fix[data-check=spelling]")).to_have_count(1)
    expect(first.locator(".flag-qa")).to_have_text("QA 1")
    spelling.get_by_role("button", name="Add to dictionary").click()
    expect(page.locator(".toast")).to_contain_text("Added “Xinhuanet” to the dictionary; 2 spelling findings "
                                                   "cleared.")
    expect(first.locator(".fix[data-check=spelling]")).to_have_count(0)
    expect(first.locator(".flag-qa")).to_have_count(0)
    expect(second.locator(".fix[data-check=spelling]")).to_have_count(0)  # the other row with the word
    expect(other.locator(".fix[data-check=spelling]")).to_have_count(1)  # goverment stays
    page.reload()
    expect(page.locator(".row").nth(2).locator(".fix[data-check=spelling]")).to_have_count(0)

    page.goto(f"{live_server.url}/projects/{project_id}/settings")
    section = page.locator("#dictionary")
    expect(section.locator(".dict-word")).to_have_text(["Xinhuanet"])
    section.get_by_role("button", name="Remove Xinhuanet").click()
    expect(page.locator(".flash")).to_contain_text("Removed “Xinhuanet”")
    expect(section).to_contain_text("No words yet.")


def test_add_to_dictionary_on_the_qa_page(live_server, doc, page: Page):
    doc_id, project_id = doc
    page.goto(f"{live_server.url}/documents/{doc_id}/qa?check=spelling")
    findings = page.locator("#check-spelling tr.finding")
    expect(findings).to_have_count(4)
    page.get_by_role("button", name="Add “Goverment's” to the project's dictionary (row 5)").click()
    status = page.locator(".run-status")
    expect(status).to_have_text("Added “Goverment” to the dictionary; 2 spelling findings cleared.")
    expect(findings).to_have_text([re.compile("Xinhuanet")] * 2)  # "goverment" (row 2) went too
    page.reload()
    expect(findings).to_have_count(2)
    page.goto(f"{live_server.url}/projects/{project_id}/settings")
    expect(page.locator("#dictionary .dict-word")).to_have_text(["Goverment"])


COUNTED = ("The goverment said so.\n\nGoverment's plans grew.\n\nXinhuanet reported it.\n\n"
           "We saw the the results.")


def test_add_to_dictionary_on_the_qa_page_updates_every_count_without_a_reload(live_server, page: Page):
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        doc_id = make_document(session, COUNTED, title="Counts").id
    page.goto(f"{live_server.url}/documents/{doc_id}/qa")
    page.evaluate("window.notReloaded = true")

    def counts_are(spelling: int, total: int) -> None:
        summary = f"{total} finding(s) shown · {total} open · 0 ignored."
        expect(page.locator(".qa-summary p")).to_contain_text(summary)
        expect(page.locator("select[name=check] option[value=spelling]")).to_have_text(
            f"Spelling ({spelling})")
        expect(page.locator(".qa-counts li", has_text="Spelling").locator(".count")).to_have_text(
            [str(spelling)] if spelling else [])
        expect(page.locator("#check-spelling h2 .count")).to_have_text([str(spelling)] if spelling else [])
        expect(page.locator("#check-spelling tr.finding")).to_have_count(spelling)
        expect(page.locator(".qa-counts li", has_text="Repeated word").locator(".count")).to_have_text("1")

    counts_are(3, 4)
    page.get_by_role("button", name="Add “goverment” to the project's dictionary (row 1)").click()
    expect(page.locator(".run-status")).to_have_text(
        "Added “goverment” to the dictionary; 2 spelling findings cleared.")
    counts_are(1, 2)  # both spellings of the word went, from the server's count
    assert page.evaluate("window.notReloaded") is True
    page.reload()
    counts_are(1, 2)
    page.get_by_role("button", name="Add “Xinhuanet” to the project's dictionary (row 3)").click()
    counts_are(0, 1)  # the check's line and group go with its last finding
    expect(page.locator("#check-repeated_word tr.finding")).to_have_count(1)
    page.reload()
    counts_are(0, 1)

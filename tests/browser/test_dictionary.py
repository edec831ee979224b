"""The project's spelling dictionary in Chromium: the settings page adds, imports, exports, removes words."""

import pytest
from playwright.sync_api import Page, expect

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

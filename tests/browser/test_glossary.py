"""A terminologist in a real Chromium: add, edit inline, delete and undo, import with a report."""

import pytest
from playwright.sync_api import Page, expect

from webapp.db import session_scope
from webapp.services import glossary as gs

pytestmark = pytest.mark.browser


@pytest.fixture
def entry_id(live_server) -> int:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        glossary = gs.glossary_for(session, None)
        return gs.create_entry(session, glossary, {"source": "我国", "targets": "China",
                                                   "forbidden": "my country"}, "ana").id


def row(page: Page, source: str):
    return page.locator("tr.entry").filter(has=page.locator(f'input.f-source[value="{source}"]'))


def test_add_edit_delete_and_undo(live_server, entry_id, page: Page):
    page.goto(live_server.url + "/glossary")
    form = page.locator("#add-entry")
    form.get_by_label("Source term").fill("人才")
    form.get_by_label("Translations (preferred first, separated by |)").fill("talent | talents")
    form.get_by_label("Status").select_option("proposed")
    form.get_by_role("button", name="Add").click()
    expect(page.locator(".save-state")).to_have_text("Added “人才”")
    added = page.locator("tr.entry").first
    expect(added.locator(".f-targets")).to_have_value("talent | talents")
    expect(added).to_have_class("entry status-proposed")

    note = page.locator(f'tr.entry[data-entry-id="{entry_id}"] .f-note')
    note.fill("Say China, not my country.")
    note.press("Enter")
    expect(page.locator(".save-state")).to_have_text("All changes saved")
    page.reload()
    reloaded = page.locator(f'tr.entry[data-entry-id="{entry_id}"] .f-note')
    expect(reloaded).to_have_value("Say China, not my country.")
    expect(page.locator(".entries-count")).to_have_text("Entries 1–2 of 2")

    page.locator(f'tr.entry[data-entry-id="{entry_id}"]').get_by_role("button", name="Delete").click()
    expect(page.locator(".undo-text")).to_have_text("Deleted “我国”.")
    expect(page.locator("tr.entry")).to_have_count(1)
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".save-state")).to_have_text("Entry restored")
    expect(page.locator("tr.entry")).to_have_count(2)
    page.reload()
    expect(page.locator("tr.entry")).to_have_count(2)

    page.get_by_label("Select all on this page").check()
    page.get_by_role("button", name="Delete selected").click()
    expect(page.locator(".undo-text")).to_have_text("Deleted 2 entries.")
    page.reload()
    expect(page.locator(".entries-count")).to_have_text("No entries")


def test_a_stale_edit_shows_the_other_version(live_server, entry_id, page: Page):
    page.goto(live_server.url + "/glossary")
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        entry = gs.get_entry(session, gs.glossary_for(session, None), entry_id)
        gs.update_entry(session, entry, version=1, changes={"note": "theirs"}, author="bo")
    note = page.locator(f'tr.entry[data-entry-id="{entry_id}"] .f-note')
    note.fill("mine")
    note.press("Enter")
    expect(page.locator(".save-state")).to_contain_text("Not saved: this entry was changed by someone else")
    expect(note).to_have_value("theirs")


def test_import_with_report(live_server, page: Page, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("source,target,status\n两院,the two academies,approved\n坏,,approved\n", "utf-8")
    page.goto(live_server.url + "/glossary")
    page.locator("#import-file").set_input_files(str(path))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".report-summary")).to_contain_text("Nothing imported: 1 row(s) rejected")
    expect(page.locator(".rejected-rows tbody tr")).to_have_text("3坏no target")
    page.get_by_role("link", name="Back to the glossary").click()
    page.locator("#import-file").set_input_files(str(path))
    page.get_by_label("Skip invalid rows").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".report-summary")).to_contain_text("Imported: 1 new, 0 updated")
    page.get_by_role("link", name="Back to the glossary").click()
    expect(row(page, "两院").locator(".f-targets")).to_have_value("the two academies")

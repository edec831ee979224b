"""The document list in Chromium: upload with a progress indicator, delete after a confirmation."""

import pytest
from playwright.sync_api import Page, expect

from tests.builders import make_document
from webapp.db import session_scope

pytestmark = pytest.mark.browser


def test_upload_shows_progress_and_opens_the_review(live_server, page: Page, tmp_path):
    mt = tmp_path / "mt.txt"
    mt.write_text("First sentence. Second sentence.\n\nA new paragraph.", "utf-8")
    page.goto(live_server.url + "/")
    page.get_by_label("Title").fill("Uploaded report")
    page.get_by_label("Machine translation: .txt").set_input_files(str(mt))
    page.get_by_label("…or paste the source text (optional)").fill("第一句。第二句。\n\n新段落。")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".upload-progress")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/documents/1")
    expect(page.locator(".row")).to_have_count(3)
    expect(page.locator(".row").nth(2).locator(".cell.source")).to_have_text("新段落。")


def test_refused_upload_comes_back_with_the_message(live_server, page: Page):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".upload-error")).to_have_text("choose a machine-translation file or paste its text")
    expect(page.locator(".upload-progress")).to_be_hidden()


def test_delete_asks_first(live_server, page: Page):
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        make_document(session, "Keep me.", title="Keeper")
        make_document(session, "Delete me.", title="Goner")
    page.goto(live_server.url + "/")
    goner = page.locator("tr", has_text="Goner")
    goner.get_by_role("button", name="Delete").click()
    dialog = page.locator("#delete-dialog")
    expect(dialog).to_contain_text("“Goner” will be deleted")
    dialog.get_by_role("button", name="Cancel").click()
    expect(goner).to_be_visible()
    goner.get_by_role("button", name="Delete").click()
    dialog.get_by_role("button", name="Delete").click()
    expect(goner).to_have_count(0)
    page.reload()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("Keeper")

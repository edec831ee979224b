"""Re-segment on the review page, in Chromium: the preview names what changes and what is skipped, applying
rebuilds the grid, and the toast's Undo brings the rows back."""

import pytest
from playwright.sync_api import Page, expect

from tests.builders import make_document
from webapp import jobs
from webapp.db import session_scope
from webapp.models import Document
from webapp.services import documents as docs
from webapp.services import editing, projects

pytestmark = pytest.mark.browser

TEXT = "会议指出，要坚持稳中求进；要扩大内需。\n\n第二段只有一句。\n\n第三段：要深化改革；要扩大开放。"


@pytest.fixture
def document_url(live_server) -> str:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        document = make_document(session, TEXT, title="Clauses", tgt_lang="zh", src_lang="en")
        third = document.links[2]
        editing.save_link(session, third, version=third.version, author="ed", target="第三段：要深化改革。")
        projects.update_settings(docs.project_named(session, "Default"), semicolon_ends=True)
        document_id = document.id
    return f"{live_server.url}/documents/{document_id}"


def field(page: Page, n: int):
    return page.locator(".row").nth(n).locator("textarea")


def test_re_segment_previews_applies_and_undoes(document_url, page: Page):
    page.goto(document_url)
    expect(page.locator(".row")).to_have_count(3)
    page.get_by_role("button", name="Re-segment…").click()
    dialog = page.locator("#resegment-dialog")
    expect(dialog.locator(".preview-summary")).to_have_text(
        "1 paragraph would be re-split: 1 row becomes 2 rows (the document: 3 rows → 4).")
    expect(dialog.locator(".preview li")).to_have_text("Skipped rows 3row 3 corrected")
    expect(page.locator(".row")).to_have_count(3)  # the preview changes nothing
    dialog.get_by_role("button", name="Re-segment").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".row")).to_have_count(4)
    expect(field(page, 0)).to_have_value("会议指出，要坚持稳中求进；")
    expect(field(page, 1)).to_have_value("要扩大内需。")
    expect(field(page, 3)).to_have_value("第三段：要深化改革。")
    expect(page.locator(".toast")).to_contain_text("Re-segmented: 1 row became 2. 1 left as they were.")
    page.locator(".toast").get_by_role("button", name="Undo (Alt+U)").click()
    expect(page.locator(".row")).to_have_count(3)
    expect(field(page, 0)).to_have_value("会议指出，要坚持稳中求进；要扩大内需。")
    page.reload()
    expect(page.locator(".row")).to_have_count(3)
    page.get_by_role("button", name="Re-segment…").click()
    expect(dialog.locator(".preview-summary")).to_contain_text("1 paragraph would be re-split")


def test_re_segmenting_a_long_document_follows_the_jobs_then_reloads(document_url, page: Page, monkeypatch):
    monkeypatch.setattr(jobs, "BULK_INLINE_MAX_ROWS", 1)  # three rows count as many here
    page.goto(document_url)
    page.get_by_role("button", name="Re-segment…").click()
    dialog = page.locator("#resegment-dialog")
    expect(dialog.locator(".preview-summary")).to_contain_text("1 paragraph would be re-split")
    dialog.get_by_role("button", name="Re-segment").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".toast")).to_contain_text("Re-segmented: 1 row became 2. 1 left as they were.")
    expect(page.locator(".row")).to_have_count(4)
    expect(field(page, 1)).to_have_value("要扩大内需。")
    page.locator(".toast").get_by_role("button", name="Undo (Alt+U)").click()
    expect(page.locator(".toast")).to_contain_text("Undone: 1 row restored")
    expect(page.locator(".row")).to_have_count(3)
    expect(field(page, 0)).to_have_value("会议指出，要坚持稳中求进；要扩大内需。")


def test_rows_changed_after_the_preview_refuse_it_then_it_previews_again(
        live_server, document_url, page: Page):
    page.goto(document_url)
    page.get_by_role("button", name="Re-segment…").click()
    dialog = page.locator("#resegment-dialog")
    summary = dialog.locator(".preview-summary")
    expect(summary).to_contain_text("1 paragraph would be re-split")
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        first = session.get(Document, int(document_url.rsplit("/", 1)[1])).links[0]
        editing.save_link(session, first, version=first.version, author="ed", status="confirmed")
    dialog.get_by_role("button", name="Re-segment").click()
    expect(summary).to_have_text("Not re-segmented: the document changed since the preview (rows 1); nothing "
                                 "was re-segmented: preview again")
    expect(summary).to_have_text("No paragraph splits differently with the project's current settings.")
    expect(dialog.get_by_role("button", name="Re-segment")).to_be_disabled()
    expect(dialog.locator(".preview li")).to_have_count(2)  # row 1 is confirmed now: left as it is too
    expect(page.locator(".row")).to_have_count(3)

"""QA in Chromium: run QA from the report page, ignore a warning, see a highlight after an edit."""

import pytest
from playwright.sync_api import Page, expect

from tests.builders import make_document
from webapp.db import session_scope

pytestmark = pytest.mark.browser

MT = "We saw the the results. The ship left port.\n\nmy country has grown fast. The report was adopted."


@pytest.fixture
def doc_id(live_server) -> int:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        return make_document(session, MT, title="QA browser").id


def test_run_qa_from_the_report_page_and_see_findings(live_server, doc_id, page: Page):
    page.goto(f"{live_server.url}/documents/{doc_id}/qa")
    expect(page.locator(".run-status")).to_contain_text("Checked when the document was imported")
    expect(page.locator("#check-repeated_word")).to_be_visible()  # QA ran as the import's last step
    page.get_by_role("button", name="Run QA").click()
    group = page.locator("#check-repeated_word")
    expect(group).to_be_visible()
    expect(group.locator("mark.qa-mark")).to_have_text("the the")
    expect(page.locator(".run-status")).to_contain_text("Last run")
    expect(page.locator("#check-calque")).to_be_visible()
    page.locator("select[name=check]").select_option("lowercase_start")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".qa-group")).to_have_count(1)
    link = page.locator("#check-lowercase_start td.num a")
    expect(link).to_have_attribute("href", f"/documents/{doc_id}#row-3")


def test_ignore_a_warning_and_it_stays_ignored(live_server, doc_id, page: Page):
    page.goto(f"{live_server.url}/documents/{doc_id}/qa")
    page.get_by_role("button", name="Run QA").click()
    row = page.locator("#check-repeated_word tr.finding")
    row.get_by_role("button", name="Ignore").click()
    expect(row).to_have_class("finding ignored")
    expect(row.get_by_role("button", name="Show again")).to_be_visible()
    page.reload()
    expect(page.locator("#check-repeated_word")).to_have_count(0)
    page.get_by_role("button", name="Run QA").click()  # a re-run keeps it ignored
    expect(page.locator(".run-status")).to_contain_text("Last run")
    expect(page.locator("#check-repeated_word")).to_have_count(0)
    page.goto(f"{live_server.url}/documents/{doc_id}/qa?show=ignored")
    expect(page.locator("#check-repeated_word .ignored-label")).to_have_text("(ignored)")


def test_an_edit_introducing_the_the_is_highlighted_in_the_review_page(live_server, doc_id, page: Page):
    page.goto(f"{live_server.url}/documents/{doc_id}")
    row = page.locator(".row").nth(1)
    expect(row.locator(".flag-qa")).to_have_count(0)
    row.locator("textarea").fill("The ship left the the port.")
    row.locator("textarea").blur()
    expect(page.locator(".save-state")).to_have_text("All changes saved")
    expect(row.locator(".flag-qa")).to_have_text("QA 1")
    page.reload()
    mark = page.locator(".row").nth(1).locator("mark.mark-qa")
    expect(mark).to_have_text("the the")
    expect(mark).to_have_attribute("title", "Repeated word: Repeated word.")

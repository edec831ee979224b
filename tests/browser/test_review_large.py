"""A 20,000-sentence document: the first screen is usable fast, the DOM holds a window of rows, and the
keyboard reaches rows far below."""


import pytest
from playwright.sync_api import Page, expect

from tests.builders import long_text, make_document
from webapp.db import session_scope

pytestmark = pytest.mark.browser


@pytest.fixture
def big_url(live_server) -> str:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        document_id = make_document(session, long_text(20_000), title="Long report").id
    return f"{live_server.url}/documents/{document_id}"


def test_twenty_thousand_sentences_open_and_scroll(big_url, page: Page):
    page.goto(big_url)
    first = page.locator(".row").first.locator("textarea")
    expect(first).to_have_value("Sentence 0 of the long report is here.")
    first.click()  # how fast it opens is bench/review.py's figure, not a test's
    expect(page.locator(".view-count")).to_have_text("All 20,000 rows")
    assert page.locator(".row").count() <= 500
    page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    expect(page.locator(".row[data-index='10000']")).to_be_attached(timeout=10_000)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    last = page.locator(".row[data-index='19999'] textarea")
    expect(last).to_have_value("Sentence 19999 of the long report is here.", timeout=10_000)
    assert page.locator(".row").count() <= 800
    last.fill("The last sentence, corrected.")
    expect(page.locator(".save-state")).to_have_text("All changes saved")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator(".row[data-index='19998'] textarea")).to_be_focused()


def test_ctrl_enter_jumps_over_confirmed_rows_not_yet_loaded(big_url, live_server, page: Page):
    page.goto(big_url)
    page.locator(".row").first.locator("textarea").click()
    page.keyboard.press("Control+Enter")
    expect(page.locator(".row[data-index='1'] textarea")).to_be_focused()
    page.locator("#filter-text").fill("Sentence 1500 ")
    page.locator("#filter-text").press("Enter")
    expect(page.locator(".row")).to_have_count(1)
    page.locator(".row textarea").click()
    page.keyboard.press("Control+Enter")
    expect(page.locator(".save-state")).to_have_text("All rows are confirmed")

"""The document list in Chromium: a long list comes a page at a time, and a title search narrows it."""

import pytest
from playwright.sync_api import Page, expect

from tests.builders import make_document
from webapp.db import session_scope

pytestmark = pytest.mark.browser


def test_a_long_list_pages_and_searches(live_server, page: Page):
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        for n in range(1, 56):
            title = f"Daily {n:02d}" if n % 5 else f"Weekly {n}"
            make_document(session, f"Sentence of document {n}.", title=title)
    page.goto(live_server.url)
    rows = page.locator("table.documents tbody tr")
    expect(rows).to_have_count(50)
    expect(rows.first).to_contain_text("Weekly 55")
    expect(page.locator(".pager")).to_contain_text("Documents 1–50 of 55")
    page.get_by_role("link", name="Older →").click()
    expect(rows).to_have_count(5)
    expect(rows.last).to_contain_text("Daily 01")
    expect(page.locator(".pager")).to_contain_text("Documents 51–55 of 55")

    page.get_by_label("Title holds").fill("weekly")
    page.get_by_role("button", name="Find").click()
    expect(rows).to_have_count(11)
    expect(page.locator(".pager")).to_have_count(0)
    page.get_by_label("Title holds").fill("nothing like it")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".empty").first).to_contain_text("No document title holds")

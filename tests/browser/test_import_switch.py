"""The import page's "Join hard-wrapped lines" switch in Chromium: on by default, the review says what it
joined; unticked, every line stays a row of its own. Either way the export is the pasted text."""

import pytest
from playwright.sync_api import Page, expect

from tests.builders import clean_text
from webapp.db import session_scope
from webapp.models import Document

pytestmark = pytest.mark.browser

WRAPPED = (
    "The reform of state-owned enterprises was discussed at length by the\n"
    "delegates, who agreed that the new rules should take effect next year and\n"
    "that the ministry would publish a guide for the companies concerned.\n"
    "The guide will be short."
)


def _import(page: Page, title: str) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("…or paste the machine translation").fill(WRAPPED)
    page.get_by_role("button", name="Import").click()


def _exported(live_server, document_id: int) -> str:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        return clean_text(session, session.get(Document, document_id))


def test_the_switch_joins_by_default_and_unticked_keeps_the_lines(live_server, page: Page):
    page.goto(live_server.url + "/")
    switch = page.get_by_label("Join hard-wrapped lines")
    expect(switch).to_be_checked()
    _import(page, "Joined")
    expect(page).to_have_url(f"{live_server.url}/documents/1")
    expect(page.locator(".flash")).to_contain_text("Joined the lines of 1 hard-wrapped paragraph")
    expect(page.locator(".row")).to_have_count(2)
    expect(page.locator(".row").nth(0).locator("textarea")).to_have_value(
        "The reform of state-owned enterprises was discussed at length by the delegates, who agreed that "
        "the new rules should take effect next year and that the ministry would publish a guide for the "
        "companies concerned.")

    page.goto(live_server.url + "/")
    page.get_by_label("Join hard-wrapped lines").uncheck()
    _import(page, "Lines kept")
    expect(page).to_have_url(f"{live_server.url}/documents/2")
    expect(page.locator(".row")).to_have_count(4)
    expect(page.locator(".flash")).to_have_count(0)
    assert _exported(live_server, 1) == WRAPPED == _exported(live_server, 2)

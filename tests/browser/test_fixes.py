"""Fixes in Chromium: Apply in a row and Alt+X, Clean up with a selection, and Undo."""

import pytest
from playwright.sync_api import Page, expect

from tests.builders import make_document
from webapp.db import session_scope

pytestmark = pytest.mark.browser

MT = ("We saw the the results. my country has grown fast .\n\nThe ship left port.\n\n"
      "They overcome difficulties and overcome difficulties, together.")


@pytest.fixture
def doc_id(live_server) -> int:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        return make_document(session, MT, title="Fixes browser").id


def test_apply_a_fix_in_the_row_then_the_rest_with_alt_x_and_undo(live_server, doc_id, page: Page):
    page.goto(f"{live_server.url}/documents/{doc_id}")
    row = page.locator(".row").nth(1)
    calque = row.locator(".fix[data-check=calque]")
    expect(calque.locator(".fix-diff ins")).to_have_text("China")
    calque.get_by_role("button", name="Apply").click()
    expect(row.locator("textarea")).to_have_value("China has grown fast .")
    expect(row.locator(".status")).to_have_text("edited")
    expect(row.locator(".fix[data-check=calque]")).to_have_count(0)
    row.locator("textarea").focus()
    page.keyboard.press("Alt+X")  # the space before the full stop, the one fix left
    expect(row.locator("textarea")).to_have_value("China has grown fast.")
    expect(row.locator(".row-fixes .fix")).to_have_count(0)
    page.keyboard.press("Alt+U")
    expect(row.locator("textarea")).to_have_value("China has grown fast .")
    page.keyboard.press("?")
    expect(page.locator("#help-dialog")).to_contain_text("Alt+X")


def test_clean_up_a_selection_and_undo_it(live_server, doc_id, page: Page):
    page.goto(f"{live_server.url}/documents/{doc_id}")
    page.get_by_role("link", name="Clean up…").click()
    expect(page.locator(".cleanup-status")).to_contain_text("selected")
    repeated = page.locator(".cleanup-group[data-check=repeated_word]")
    expect(repeated.locator("input[type=checkbox]")).to_be_checked()  # safe: chosen for you
    calque = page.locator(".cleanup-group[data-check=calque]")
    expect(calque.locator("input[type=checkbox]")).not_to_be_checked()  # suggested: yours to choose
    calque.get_by_role("button", name="Select all").click()
    duplicated = page.locator(".cleanup-group[data-check=duplicated_phrase]")
    duplicated.get_by_role("button", name="Select none").click()
    page.get_by_role("button", name="Apply selected").click()
    expect(page.locator(".cleanup-status")).to_contain_text("Applied: 2 rows changed.")
    expect(page.locator(".cleanup-group[data-check=repeated_word]")).to_have_count(0)
    expect(page.locator(".cleanup-group[data-check=duplicated_phrase]")).to_have_count(1)
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".cleanup-status")).to_have_text("Undone: the rows are as they were.")
    expect(page.locator(".cleanup-group[data-check=repeated_word]")).to_have_count(1)
    page.locator("select[name=kind]").select_option("suggested")
    expect(page.locator(".cleanup-group[data-check=repeated_word]")).to_have_count(0)
    expect(page.locator(".cleanup-group[data-check=calque]")).to_have_count(1)
    page.goto(f"{live_server.url}/documents/{doc_id}")
    expect(page.locator(".row").first.locator("textarea")).to_have_value("We saw the the results.")

"""Structural edits in the review grid, in Chromium: split at the cursor, join with the next row, move and
detach sentences, each undone with Alt+U; refusals show their message."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.builders import make_document, make_pairs
from webapp.db import session_scope

pytestmark = pytest.mark.browser

# The seed article's cases: a missing full stop ("… also witnessed It has marked …": split) and a stray one
# ("… technological workers. enthusiasm and creativity.": join).
RAILWAY = ("The Beijing-Zhangjiakou Railway has witnessed the development of China's railways and also "
           "witnessed It has marked a leap in China's comprehensive national strength.")
SEED = ("Science and technology\n\n"
        "Many reform issues stimulate scientific and technological workers. enthusiasm and creativity.\n\n"
        + RAILWAY)


@pytest.fixture
def seed_url(live_server) -> str:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        document_id = make_document(session, SEED, title="Seed cases").id
    return f"{live_server.url}/documents/{document_id}"


def field(page: Page, n: int):
    return page.locator(".row").nth(n).locator("textarea")


def put_cursor(page: Page, n: int, before: str) -> None:
    field(page, n).focus()
    field(page, n).evaluate("(el, text) => { const i = el.value.indexOf(text); el.setSelectionRange(i, i); }",
                            before)


def test_split_at_the_cursor_saves_the_pending_edit_first_and_undoes(seed_url, page: Page):
    page.goto(seed_url)
    expect(page.locator(".row")).to_have_count(4)
    field(page, 3).fill(RAILWAY.replace("witnessed It", "witnessed. It"))
    put_cursor(page, 3, "It has marked")
    page.keyboard.press("Alt+KeyK")
    expect(page.locator(".row")).to_have_count(5)
    expect(field(page, 3)).to_have_value(RAILWAY.split(" It has")[0] + ".")
    expect(field(page, 4)).to_have_value("It has marked a leap in China's comprehensive national strength.")
    expect(field(page, 3)).to_be_focused()
    expect(page.locator(".toast")).to_contain_text("Split row 4")
    page.keyboard.press("Alt+KeyU")
    expect(page.locator(".row")).to_have_count(4)
    expect(field(page, 3)).to_have_value(RAILWAY.replace("witnessed It", "witnessed. It"))
    page.reload()
    expect(page.locator(".row")).to_have_count(4)


def test_join_with_the_next_row_and_undo(seed_url, page: Page):
    page.goto(seed_url)
    field(page, 1).click()
    page.keyboard.press("Alt+KeyJ")
    expect(page.locator(".row")).to_have_count(3)
    expect(field(page, 1)).to_have_value(
        "Many reform issues stimulate scientific and technological workers. enthusiasm and creativity.")
    expect(field(page, 1)).to_be_focused()
    expect(page.locator(".toast")).to_contain_text("Joined rows 2 and 3")
    page.locator(".toast").get_by_role("button", name="Undo (Alt+U)").click()
    expect(page.locator(".row")).to_have_count(4)
    expect(field(page, 2)).to_have_value("enthusiasm and creativity.")


def test_join_keeps_the_filter_and_refusals_show_their_message(seed_url, page: Page):
    page.goto(seed_url)
    page.get_by_label("Text to find").fill("technological workers")
    page.get_by_label("Text to find").press("Enter")
    expect(page.locator(".row")).to_have_count(1)
    field(page, 0).click()
    page.keyboard.press("Alt+KeyJ")
    expect(page.locator(".view-count")).to_have_text("Showing 1 of 3 rows")
    expect(field(page, 0)).to_have_value(
        "Many reform issues stimulate scientific and technological workers. enthusiasm and creativity.")
    page.keyboard.press("Alt+KeyJ")
    expect(page.locator(".toast")).to_contain_text("rows of different paragraphs are not merged")
    expect(page.locator(".view-count")).to_have_text("Showing 1 of 3 rows")


def test_a_stale_edit_is_refused_with_its_message_and_the_rows_reload(seed_url, browser: Browser):
    mine, theirs = browser.new_page(), browser.new_page()
    mine.goto(seed_url)
    theirs.goto(seed_url)
    field(theirs, 1).click()
    theirs.keyboard.press("Alt+KeyJ")
    expect(theirs.locator(".row")).to_have_count(3)
    field(mine, 1).click()
    mine.keyboard.press("Alt+KeyJ")
    expect(mine.locator(".toast")).to_contain_text("changed since you loaded it")
    expect(mine.locator(".row")).to_have_count(3)
    expect(field(mine, 1)).to_have_value(
        "Many reform issues stimulate scientific and technological workers. enthusiasm and creativity.")


def test_move_a_source_sentence_up_detach_it_and_join_it_back(live_server, page: Page):
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        document_id = make_pairs(session, [("甲句。", "Sentence A."), ("乙句。", "Sentence B.")]).id
    page.goto(f"{live_server.url}/documents/{document_id}")
    rows = page.locator(".row")
    field(page, 1).click()
    page.keyboard.press("Alt+Shift+ArrowUp")
    expect(rows.nth(0).locator(".cell.source")).to_have_text("甲句。 乙句。")
    expect(rows.nth(1).locator(".cell.source")).to_have_text("")
    expect(rows.nth(1).locator(".cell.mt")).to_have_text("Sentence B.")
    expect(page.locator(".toast")).to_contain_text("Moved the first source sentence to the previous row")
    field(page, 0).click()
    page.keyboard.press("Alt+KeyL")
    panel = page.locator(".row-panel")
    expect(panel.get_by_role("button", name="First source sentence → previous row")).to_be_focused()
    panel.get_by_role("button", name="Missing in MT: last source sentence").click()
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_have_attribute("data-orphan", "true")
    expect(rows.nth(1).locator(".cell.mt")).to_have_text("No machine translation for this source sentence")
    field(page, 1).click()
    page.keyboard.press("Alt+KeyJ")
    expect(rows).to_have_count(2)
    expect(rows.nth(1).locator(".cell.source")).to_have_text("乙句。")
    expect(rows.nth(1).locator(".cell.mt")).to_have_text("Sentence B.")
    page.keyboard.press("Alt+KeyU")
    expect(rows).to_have_count(3)


def test_the_help_lists_the_structural_keys(seed_url, page: Page):
    page.goto(seed_url)
    page.locator("h1").click()
    page.keyboard.press("?")
    shortcuts = page.get_by_role("dialog", name="Keyboard shortcuts")
    for text in ("split the row at the cursor", "join the row with the next one", "Alt+Shift+↑", "Alt+T"):
        expect(shortcuts).to_contain_text(text)


def test_move_down_and_split_the_link_from_the_panel(live_server, page: Page):
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        document_id = make_pairs(session, [("甲句。", "Sentence A."), ("乙句。", "Sentence B.")]).id
    page.goto(f"{live_server.url}/documents/{document_id}")
    rows = page.locator(".row")
    field(page, 0).click()
    page.keyboard.press("Alt+Shift+ArrowDown")
    expect(rows.nth(0).locator(".cell.source")).to_have_text("")
    expect(rows.nth(1).locator(".cell.source")).to_have_text("甲句。 乙句。")
    page.keyboard.press("Alt+KeyU")
    expect(rows.nth(0).locator(".cell.source")).to_have_text("甲句。")
    field(page, 1).click()
    page.keyboard.press("Alt+Shift+ArrowUp")
    expect(rows.nth(1).locator(".cell.source")).to_have_text("")
    expect(field(page, 1)).to_be_focused()
    page.keyboard.press("Alt+KeyL")
    panel = page.locator(".row-panel")
    expect(panel.locator("#panel-title")).to_have_text("Row 2")
    panel.get_by_role("button", name="First MT sentence → previous row").click()
    expect(rows).to_have_count(1)
    expect(rows.nth(0).locator(".cell.mt")).to_have_text("Sentence A. Sentence B.")
    panel.get_by_role("button", name="Split link").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(1).locator(".cell.source")).to_have_text("乙句。")
    expect(rows.nth(1).locator(".cell.mt")).to_have_text("Sentence B.")
    expect(page.locator(".toast")).to_contain_text("Split the link of row 1")

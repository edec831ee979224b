"""The review page in Chromium: autosave, Ctrl+Enter, diff, filters, find & replace with undo, comments,
history revert, repetitions, safe marks, and a 409 conflict between two browsers."""

import json

import pytest
from markupsafe import escape
from playwright.sync_api import Browser, Page, expect

from tests.builders import make_document
from webapp import jobs
from webapp.db import session_scope
from webapp.models import Link, Sentence, Side

pytestmark = pytest.mark.browser

MT = ("The cat sat on the mat. My country grows fast. The cat sat on the mat.\n\n"
      "A bird sang loudly. The dog ran home.")
SOURCE = "猫坐在垫子上。我国发展很快。猫坐在垫子上。\n\n鸟大声唱歌。狗跑回家。"


@pytest.fixture
def doc_url(live_server) -> str:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        document_id = make_document(session, MT, source_text=SOURCE, title="Review test").id
    return f"{live_server.url}/documents/{document_id}"


def row(page: Page, n: int):
    return page.locator(".row").nth(n)


def field(page: Page, n: int):
    return row(page, n).locator("textarea")


def test_typing_autosaves_without_leaving_the_field(doc_url, page: Page):
    page.goto(doc_url)
    field(page, 1).fill("China grows fast.")
    expect(page.locator(".save-state")).to_have_text("All changes saved")
    expect(field(page, 1)).to_be_focused()
    expect(row(page, 1).locator(".status")).to_have_text("edited")
    page.reload()
    expect(field(page, 1)).to_have_value("China grows fast.")
    expect(page.locator(".row")).to_have_count(5)
    expect(row(page, 0).locator(".cell.source")).to_have_text("猫坐在垫子上。")


def test_ctrl_enter_confirms_and_jumps_to_the_next_unconfirmed_row(doc_url, page: Page):
    page.goto(doc_url)
    field(page, 1).click()
    page.keyboard.press("Control+Enter")
    expect(field(page, 2)).to_be_focused()
    expect(row(page, 1)).to_have_class("row status-confirmed")
    field(page, 0).click()
    field(page, 0).fill("The cat sits on the mat.")
    page.keyboard.press("Control+Enter")
    expect(row(page, 0)).to_have_class("row status-confirmed")
    expect(field(page, 2)).to_be_focused()
    expect(page.locator(".doc-progress .progress-text")).to_contain_text("2 / 5 confirmed")


def test_row_and_page_diff(doc_url, page: Page):
    page.goto(doc_url)
    field(page, 1).fill("China grows fast.")
    page.keyboard.press("Alt+KeyD")
    diff = row(page, 1).locator(".diff")
    expect(diff.locator("del")).to_have_text("My country")
    expect(diff.locator("ins")).to_have_text("China")
    page.keyboard.press("Alt+KeyD")
    expect(diff).to_be_hidden()
    page.get_by_label("Show changes against the MT").check()
    expect(diff).to_be_visible()
    expect(row(page, 0).locator(".diff")).to_be_hidden()


def test_filters_by_status_text_and_regex(doc_url, page: Page):
    page.goto(doc_url)
    field(page, 4).click()
    page.keyboard.press("Alt+KeyF")
    expect(row(page, 4)).to_have_class("row status-flagged")
    page.locator(".filters").get_by_label("flagged").check()
    expect(page.locator(".row")).to_have_count(1)
    expect(page.locator(".view-count")).to_have_text("Showing 1 of 5 rows")
    page.locator(".filters").get_by_label("flagged").uncheck()
    expect(page.locator(".row")).to_have_count(5)
    page.keyboard.press("Alt+KeyS")
    page.keyboard.type("猫")
    page.get_by_label("Where").select_option("source")
    page.keyboard.press("Enter")
    expect(page.locator(".row")).to_have_count(2)
    page.get_by_label("Text to find").fill("(cat")
    page.get_by_label("regex").check()
    page.get_by_label("Text to find").press("Enter")
    expect(page.locator(".filter-error")).to_contain_text("invalid regular expression")
    page.get_by_label("Text to find").fill(r"^(A|The) (bird|dog)")
    page.get_by_label("Where").select_option("mt")
    page.get_by_label("Text to find").press("Enter")
    expect(page.locator(".row .cell.mt")).to_have_text(["A bird sang loudly.", "The dog ran home."])


def test_find_and_replace_preview_apply_undo(doc_url, page: Page):
    page.goto(doc_url)
    page.keyboard.press("Alt+KeyR")
    dialog = page.locator("#replace-dialog")
    dialog.get_by_label("Find").fill("cat")
    dialog.get_by_label("Replace with").fill("kitten")
    dialog.get_by_role("button", name="Preview").click()
    expect(dialog.locator(".preview li")).to_have_count(2)
    expect(dialog.locator(".preview ins").first).to_have_text("kitten")
    expect(field(page, 0)).to_have_value("The cat sat on the mat.")
    dialog.get_by_role("button", name="Apply 2 changes").click()
    expect(field(page, 0)).to_have_value("The kitten sat on the mat.")
    expect(field(page, 2)).to_have_value("The kitten sat on the mat.")
    expect(page.locator(".toast")).to_contain_text("2 rows changed")
    page.keyboard.press("Alt+KeyU")
    expect(field(page, 0)).to_have_value("The cat sat on the mat.")
    expect(field(page, 2)).to_have_value("The cat sat on the mat.")
    expect(row(page, 0)).to_have_class("row status-new")


def test_a_replace_and_its_undo_over_many_rows_run_in_the_background(doc_url, page: Page, monkeypatch):
    monkeypatch.setattr(jobs, "BULK_INLINE_MAX_ROWS", 1)  # two rows count as many here
    page.goto(doc_url)
    field(page, 3).fill("A bird sang softly.")  # typed, not yet saved, when the replace is applied
    page.keyboard.press("Alt+KeyR")
    dialog = page.locator("#replace-dialog")
    dialog.get_by_label("Find").fill("cat")
    dialog.get_by_label("Replace with").fill("kitten")
    dialog.get_by_role("button", name="Preview").click()
    dialog.get_by_role("button", name="Apply 2 changes").click()
    expect(page.locator(".toast")).to_contain_text("Replaced: 2 rows changed")
    expect(dialog).to_be_hidden()
    expect(field(page, 0)).to_have_value("The kitten sat on the mat.")
    expect(field(page, 2)).to_have_value("The kitten sat on the mat.")
    expect(field(page, 3)).to_have_value("A bird sang softly.")
    page.keyboard.press("Alt+KeyU")
    expect(page.locator(".toast")).to_contain_text("Undone: 2 rows restored")
    expect(field(page, 0)).to_have_value("The cat sat on the mat.")
    expect(row(page, 2)).to_have_class("row status-new")
    page.reload()
    expect(field(page, 2)).to_have_value("The cat sat on the mat.")
    expect(field(page, 3)).to_have_value("A bird sang softly.")


def test_comment_add_and_resolve(doc_url, page: Page):
    page.goto(doc_url)
    field(page, 3).click()
    page.keyboard.press("Alt+KeyM")
    panel = page.locator(".row-panel")
    expect(page.get_by_label("Add a comment")).to_be_focused()
    page.keyboard.type("Is <b>loudly</b> in the source?")
    page.keyboard.press("Control+Enter")
    expect(panel.locator(".comment-body")).to_have_text("Is <b>loudly</b> in the source?")
    expect(row(page, 3).locator(".flag-comment")).to_be_visible()
    panel.get_by_role("button", name="Resolve").click()
    expect(panel.locator(".comment.resolved")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(field(page, 3)).to_be_focused()


def test_history_revert(doc_url, page: Page):
    page.goto(doc_url)
    field(page, 1).fill("China grows fast.")
    field(page, 1).press("Tab")
    expect(page.locator(".save-state")).to_have_text("All changes saved")
    field(page, 1).click()
    page.keyboard.press("Alt+KeyH")
    history = page.locator(".row-panel .history li")
    expect(history).to_have_count(2)
    history.filter(has_text="text").get_by_role("button", name="Revert").click()
    expect(field(page, 1)).to_have_value("My country grows fast.")
    expect(history).to_have_count(3)


def test_repetitions_are_offered_and_undone(doc_url, page: Page):
    page.goto(doc_url)
    field(page, 0).fill("The cat sits on the mat.")
    page.keyboard.press("Control+Enter")
    toast = page.locator(".toast")
    expect(toast).to_contain_text("occurs 1 more time")
    page.keyboard.press("Alt+KeyA")
    expect(field(page, 2)).to_have_value("The cat sits on the mat.")
    expect(row(page, 2)).to_have_class("row status-confirmed")
    toast.get_by_role("button", name="Undo (Alt+U)").click()
    expect(field(page, 2)).to_have_value("The cat sat on the mat.")


def test_marks_are_rendered_as_text_with_a_tooltip(doc_url, page: Page):
    marks = [{"side": "mt", "start": 4, "end": 7, "kind": "term", "title": "<img src=x> 猫 cat"}]

    def with_marks(route):
        response = route.fetch()
        empty = escape('"marks": []')
        marked = escape(f'"marks": {json.dumps(marks)}')
        route.fulfill(response=response, body=response.text().replace(str(empty), str(marked), 1))

    page.route("**/documents/*", with_marks)
    page.goto(doc_url)
    mark = row(page, 0).locator(".cell.mt mark")
    expect(mark).to_have_text("cat")
    expect(mark).to_have_attribute("title", "<img src=x> 猫 cat")
    expect(page.locator("img")).to_have_count(0)


def test_a_stale_save_shows_both_versions(doc_url, browser: Browser):
    mine, theirs = browser.new_page(), browser.new_page()
    mine.goto(doc_url)
    theirs.goto(doc_url)
    theirs.locator(".row").nth(1).locator("textarea").fill("Their text.")
    expect(theirs.locator(".save-state")).to_have_text("All changes saved")
    mine.locator(".row").nth(1).locator("textarea").fill("My text.")
    conflict = mine.locator(".row").nth(1).locator(".conflict")
    expect(conflict.locator(".theirs")).to_have_text("Their text.")
    expect(conflict.locator(".mine")).to_have_text("My text.")
    conflict.get_by_role("button", name="Keep mine").click()
    expect(mine.locator(".save-state")).to_have_text("All changes saved")
    theirs.reload()
    expect(theirs.locator(".row").nth(1).locator("textarea")).to_have_value("My text.")
    theirs.locator(".row").nth(1).locator("textarea").fill("Third text.")
    expect(theirs.locator(".save-state")).to_have_text("All changes saved")
    mine.locator(".row").nth(1).locator("textarea").fill("Mine again.")
    conflict.get_by_role("button", name="Take theirs").click()
    expect(mine.locator(".row").nth(1).locator("textarea")).to_have_value("Third text.")
    expect(conflict).to_be_hidden()
    mine.reload()
    expect(mine.locator(".row").nth(1).locator("textarea")).to_have_value("Third text.")


def test_panel_follows_the_current_row_without_taking_focus(doc_url, page: Page):
    page.goto(doc_url)
    field(page, 0).click()
    page.keyboard.press("Alt+KeyH")
    expect(page.locator("#panel-title")).to_have_text("Row 1")
    field(page, 0).focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(field(page, 1)).to_be_focused()
    expect(page.locator("#panel-title")).to_have_text("Row 2")
    expect(field(page, 1)).to_be_focused()


def test_help_overlay_lists_the_shortcuts(doc_url, page: Page):
    page.goto(doc_url)
    page.locator("h1").click()
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_dialog).to_be_visible()
    expect(help_dialog).to_contain_text("save, confirm and go to the next unconfirmed row")
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()


def test_source_without_mt_and_low_confidence_are_marked(live_server, page: Page):
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        document = make_document(session, "Only one.", source_text="只有一句。", title="Uneven")
        document.links[0].score = 0.3
        orphan = Link(document=document, position=1, paragraph=0, score=1.0)  # a 1-0 link: source, no MT
        session.add(orphan)
        session.flush()
        session.add(Sentence(document_id=document.id, link_id=orphan.id, side=Side.SOURCE, position=1,
                             paragraph=0, text="还有一句。"))
        document_id = document.id
    page.goto(f"{live_server.url}/documents/{document_id}")
    expect(row(page, 0)).to_have_attribute("data-low", "true")
    expect(row(page, 0).locator(".flag-low")).to_have_text("≈ 30%")
    expect(row(page, 1)).to_have_attribute("data-orphan", "true")
    expect(row(page, 1).locator(".cell.mt")).to_have_text("No machine translation for this source sentence")

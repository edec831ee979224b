"""Inline tags in the review page, in Chromium: pills in source, MT, correction and diff; a pill moved by
dragging, deleted, put back with F9 and moved by cut and paste; typing around pills; undo and redo; saved
with its tokens and the same after a reload."""

import pytest
from playwright.sync_api import Page, expect

from tests.builders import make_document
from tests.segments.test_qa_tags import shown, t
from webapp.db import session_scope
from webapp.services import editing

pytestmark = pytest.mark.browser

MT = t("The <1>lead</1> story ran today.\n\nLi said<3/> it was fine.\n\nA plain row.")
SOURCE = "头条新闻今天播出。\n\n李说没问题。\n\n普通的一行。"


@pytest.fixture
def doc_url(live_server) -> str:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        document_id = make_document(session, MT, source_text=SOURCE, title="Tags").id
    return f"{live_server.url}/documents/{document_id}"


def row(page: Page, n: int):
    return page.locator(".row").nth(n)


def editor(page: Page, n: int):
    return row(page, n).locator(".target-input")


def value(page: Page, n: int) -> str:
    return shown(editor(page, n).evaluate("node => node.value"))


def caret(page: Page, n: int, offset: int) -> None:
    """Put the caret at text offset `offset` of the row's correction (tokens count their characters)."""
    editor(page, n).evaluate("(node, at) => { node.focus(); node.setSelectionRange(at, at); }", offset)



def saved(page: Page) -> None:
    expect(page.locator(".save-state")).to_have_text("All changes saved")


def test_tags_show_as_pills_and_plain_rows_keep_their_textarea(doc_url, page: Page):
    page.goto(doc_url)
    pills = row(page, 0).locator(".cell.mt .tag")
    expect(pills).to_have_text(["1", "/1"])
    expect(pills.first).to_have_attribute("title", "Tag 1")
    expect(row(page, 0).locator(".tag-editor .tag")).to_have_text(["1", "/1"])
    expect(row(page, 1).locator(".tag-editor .tag")).to_have_text(["3/"])
    expect(row(page, 2).locator("textarea.target-input")).to_have_count(1)
    assert value(page, 0) == "The <1>lead</1> story ran today."
    # The private-use characters never show as text.
    assert "\ue001" not in row(page, 0).locator(".cell.mt").inner_text()


def test_move_delete_insert_with_f9_type_and_save(doc_url, page: Page):
    page.goto(doc_url)
    box = editor(page, 0)
    # Drag the closing pill after "story".
    close = box.locator(".tag-close")
    point = box.evaluate("""node => {
      const text = [...node.childNodes].find((n) => n.nodeType === 3 && n.data.includes("story"));
      const range = document.createRange();
      const at = text.data.indexOf("story") + 5;
      range.setStart(text, at); range.setEnd(text, at);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + 1, y: rect.top + rect.height / 2 };
    }""")
    handle = close.bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(point["x"], point["y"], steps=8)
    page.mouse.up()
    expect(box.locator(".tag")).to_have_text(["1", "/1"])
    assert value(page, 0) == "The <1>lead story</1> ran today."
    # Delete the opening pill with Backspace: allowed, and QA then reports it missing.
    caret(page, 0, len(t("The <1>")))
    page.keyboard.press("Backspace")
    assert value(page, 0) == "The lead story</1> ran today."
    saved(page)
    expect(row(page, 0).locator(".flag-qa")).to_be_visible()
    # F9 puts the missing tag back at the caret.
    caret(page, 0, len("The "))
    page.keyboard.press("F9")
    assert value(page, 0) == "The <1>lead story</1> ran today."
    expect(page.locator(".save-state")).to_contain_text("Inserted tag 1")
    # Typing next to pills is ordinary typing.
    caret(page, 0, len(t("The <1>lead story</1> ")))
    page.keyboard.type("really ")
    assert value(page, 0) == "The <1>lead story</1> really ran today."
    saved(page)
    expect(row(page, 0).locator(".flag-qa")).to_have_count(0)
    page.reload()
    expect(editor(page, 0).locator(".tag")).to_have_text(["1", "/1"])
    assert value(page, 0) == "The <1>lead story</1> really ran today."
    expect(row(page, 0).locator(".status")).to_have_text("edited")


def test_f9_wraps_a_selection_with_a_missing_pair_and_says_when_none_is_missing(doc_url, page: Page):
    page.goto(doc_url)
    caret(page, 0, 0)
    page.keyboard.press("F9")
    expect(page.locator(".save-state")).to_have_text("No tag is missing in this row")
    editor(page, 0).evaluate("node => { node.value = 'The lead story ran today.'; }")
    editor(page, 0).evaluate("node => { node.focus(); node.setSelectionRange(4, 14); }")  # "lead story"
    page.keyboard.press("F9")
    assert value(page, 0) == "The <1>lead story</1> ran today."
    saved(page)
    caret(page, 2, 0)
    page.keyboard.press("F9")
    expect(page.locator(".save-state")).to_have_text("This row has no inline tags")


def test_cut_and_paste_moves_a_pill_and_the_diff_shows_pills(doc_url, page: Page):
    page.goto(doc_url)
    box = editor(page, 1)
    start = len("Li said")
    box.evaluate("(node, at) => { node.focus(); node.setSelectionRange(at, at + 3); }", start)
    page.keyboard.press("Control+X")
    assert value(page, 1) == "Li said it was fine."
    caret(page, 1, len("Li said it was fine"))
    page.keyboard.press("Control+V")
    assert value(page, 1) == "Li said it was fine<3/>."
    # Ctrl+Z and Ctrl+Shift+Z walk the box's own history, pills included.
    page.keyboard.press("Control+Z")
    assert value(page, 1) == "Li said it was fine."
    page.keyboard.press("Control+Z")
    assert value(page, 1) == "Li said<3/> it was fine."
    page.keyboard.press("Control+Shift+Z")
    page.keyboard.press("Control+Shift+Z")
    assert value(page, 1) == "Li said it was fine<3/>."
    saved(page)
    page.keyboard.press("Alt+KeyD")
    diff = row(page, 1).locator(".diff")
    expect(diff.locator("del .tag")).to_have_text(["3/"])
    expect(diff.locator("ins .tag")).to_have_text(["3/"])


def test_a_tag_map_gives_the_pill_its_meaning(doc_url, page: Page):
    page.goto(doc_url)
    titles = page.evaluate("""async () => {
      const tags = await import("/static/review/tags.js");
      const labels = { 2: "link https://example.org" };
      return [tags.tagPill("open", 2, labels).title, tags.tagPill("solo", 3, null).title];
    }""")
    assert titles == ["Tag 2: link https://example.org", "Tag 3/"]


def test_a_memory_match_comes_in_as_words_and_says_which_tags_to_place(live_server, doc_url, page: Page):
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        other = make_document(session, "The lead story ran today.", title="Earlier")
        link = other.links[0]
        editing.save_link(session, link, version=link.version, author="ana",
                          target=t("The <2>main</2> story aired today."), status="confirmed")
    page.goto(doc_url)
    editor(page, 0).click()
    panel = page.locator(".memory-panel")
    match = panel.locator(".memory-match").first
    expect(match.locator(".by")).to_have_text("same MT")
    expect(match.locator(".proposal")).to_have_text("The main story aired today.")
    page.keyboard.press("Alt+1")
    assert value(page, 0) == "The main story aired today."
    expect(panel.locator(".memory-note")).to_have_text(
        "Inserted without tags: place 1, /1 again (F9 inserts the next one).")
    caret(page, 0, len("The "))
    page.keyboard.press("F9")
    caret(page, 0, len(t("The <1>main")))
    page.keyboard.press("F9")
    assert value(page, 0) == "The <1>main</1> story aired today."
    saved(page)
    expect(row(page, 0).locator(".flag-qa")).to_have_count(0)

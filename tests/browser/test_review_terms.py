"""The glossary in the review page, in Chromium: terms show their approved translation on hover and on
keyboard focus, Alt+T inserts it, and "Fix forbidden variants" previews, applies and undoes."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.builders import make_document
from webapp import jobs
from webapp.db import session_scope
from webapp.models import Document
from webapp.services import editing
from webapp.services.glossary_exchange import ensure_starter_glossary

pytestmark = pytest.mark.browser

MT = "My country grows fast. The cat sat.\n\nThe economy of my country is big."
SOURCE = "我国发展很快。猫坐着。\n\n我国的经济很大。"


@pytest.fixture
def doc_url(live_server) -> str:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        document = make_document(session, MT, source_text=SOURCE, title="Terms")
        ensure_starter_glossary(session, document.project)
        document_id = document.id
    return f"{live_server.url}/documents/{document_id}"


def row(page: Page, n: int):
    return page.locator(".row").nth(n)


def field(page: Page, n: int):
    return row(page, n).locator("textarea")


def test_a_term_shows_its_approved_translation_on_hover_and_focus(doc_url, page: Page):
    page.goto(doc_url)
    term = row(page, 0).locator(".cell.source mark.mark-term")
    expect(term).to_have_text("我国")
    expect(term).to_have_attribute("title", re.compile(r"^China"))
    term.hover()
    expect(term).to_have_attribute("data-preferred", "China")
    forbidden = row(page, 0).locator(".cell.mt mark.mark-forbidden")
    expect(forbidden).to_have_text("My country")
    expect(forbidden).to_have_attribute("tabindex", "0")  # in the Tab order
    forbidden.focus()
    tip = page.get_by_role("tooltip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("China (instead of “My country”)")
    term.focus()
    expect(tip).to_contain_text("China — ")
    field(page, 0).focus()
    expect(tip).to_be_hidden()
    expect(row(page, 0).locator(".term-hints")).to_contain_text("我国 → China")


def test_alt_t_inserts_the_approved_translation_and_saves(doc_url, page: Page):
    page.goto(doc_url)
    field(page, 0).fill(" grows fast.")
    field(page, 0).evaluate("el => el.setSelectionRange(0, 0)")
    page.keyboard.press("Alt+KeyT")
    expect(field(page, 0)).to_have_value("China grows fast.")
    expect(page.locator(".save-state")).to_have_text("All changes saved")
    page.keyboard.press("Alt+KeyT")  # China is in the correction already: nothing else to insert
    expect(field(page, 0)).to_have_value("China grows fast.")
    page.reload()
    expect(field(page, 0)).to_have_value("China grows fast.")


@pytest.mark.parametrize("many", [False, True], ids=["in the request", "as a background job"])
def test_fix_forbidden_variants_preview_apply_undo(doc_url, page: Page, monkeypatch, many):
    if many:
        monkeypatch.setattr(jobs, "BULK_INLINE_MAX_ROWS", 1)  # two rows count as many here
    page.goto(doc_url)
    page.get_by_role("button", name="Fix forbidden variants…").click()
    dialog = page.get_by_role("dialog", name="Fix forbidden variants")
    expect(dialog.locator(".preview > li")).to_have_count(2)
    expect(dialog.locator(".preview ins").first).to_have_text("China")
    expect(dialog.locator(".preview del").first).to_have_text("My country")
    expect(dialog.locator(".term-changes").last).to_contain_text("my country → China")
    dialog.get_by_role("button", name="Apply to 2 rows").click()
    expect(field(page, 0)).to_have_value("China grows fast.")
    expect(field(page, 2)).to_have_value("The economy of China is big.")
    expect(row(page, 0).locator(".status")).to_have_text("edited")
    expect(page.locator(".toast")).to_contain_text("2 rows changed")
    page.keyboard.press("Alt+KeyU")
    expect(field(page, 0)).to_have_value("My country grows fast.")
    expect(field(page, 2)).to_have_value("The economy of my country is big.")
    expect(row(page, 0).locator(".status")).to_have_text("new")


def test_the_header_links_to_export_qa_and_glossary(doc_url, page: Page):
    page.goto(doc_url)
    nav = page.get_by_role("navigation", name="Main")
    links = (("Export / import", r"/exchange$"), ("QA report", r"/qa$"), ("Glossary", r"/glossary$"))
    for name, path in links:
        expect(nav.get_by_role("link", name=name)).to_have_attribute("href", re.compile(path))


def test_fix_forbidden_variants_refused_when_a_row_changed_after_the_preview(
        live_server, doc_url, page: Page):
    page.goto(doc_url)
    page.get_by_role("button", name="Fix forbidden variants…").click()
    dialog = page.get_by_role("dialog", name="Fix forbidden variants")
    expect(dialog.locator(".preview > li")).to_have_count(2)
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        first = session.get(Document, int(doc_url.rsplit("/", 1)[1])).links[0]
        editing.save_link(session, first, version=first.version, author="ed", target="Our country grows.")
    dialog.get_by_role("button", name="Apply to 2 rows").click()
    expect(dialog.locator(".preview-summary")).to_contain_text("Not applied: ")
    expect(dialog.get_by_role("button", name="Apply to 2 rows")).to_be_enabled()  # to try again, or close
    expect(field(page, 2)).to_have_value("The economy of my country is big.")  # nothing was changed

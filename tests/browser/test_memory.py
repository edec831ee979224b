"""The translation memory in Chromium: a correction confirmed in one document is proposed for the same MT
sentence in the next one, and one key inserts it; concordance from a selection; effort reaches the server."""


import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.builders import eventually, make_document
from webapp.db import session_scope
from webapp.models import Effort, Link
from webapp.services import editing, memory

pytestmark = pytest.mark.browser

REPEATED = "General Secretary Xi Jinping stressed that the two hospitals must lead innovation."
FIXED = "General Secretary Xi Jinping stressed that the two academies must lead innovation."


@pytest.fixture
def documents(live_server) -> tuple[str, str]:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        monday = make_document(session, f"Monday opens here. {REPEATED}", title="Monday").id
        tuesday = make_document(session, f"{REPEATED} Tuesday is different.", title="Tuesday").id
    return f"{live_server.url}/documents/{monday}", f"{live_server.url}/documents/{tuesday}"


def field(page: Page, n: int):
    return page.locator(".row").nth(n).locator("textarea")


def test_a_confirmed_correction_is_proposed_and_inserted_in_the_next_document(live_server, documents,
                                                                              page: Page):
    monday, tuesday = documents
    page.goto(monday)
    field(page, 1).click()
    field(page, 1).fill(FIXED)
    page.keyboard.press("Control+Enter")
    expect(page.locator(".row").nth(1)).to_have_class("row status-confirmed")

    page.goto(tuesday)
    field(page, 0).click()
    panel = page.locator(".memory-panel")
    expect(panel).to_be_visible()
    match = panel.locator(".memory-match").first
    expect(match.locator(".score")).to_have_text("100%")
    expect(match.locator(".by")).to_have_text("same MT")
    expect(match.locator(".proposal")).to_have_text(FIXED)
    expect(match).to_contain_text("Monday")
    page.keyboard.press("Alt+1")
    expect(field(page, 0)).to_have_value(FIXED)
    expect(page.locator(".save-state")).to_have_text("All changes saved")
    expect(page.locator(".row").first.locator(".status")).to_have_text("edited")

    field(page, 1).click()
    expect(panel.locator(".empty").first).to_have_text("No match in the memory.")
    field(page, 0).click()
    field(page, 0).evaluate("f => f.setSelectionRange(f.value.indexOf('two academies'), "
                            "f.value.indexOf('two academies') + 13)")
    page.keyboard.press("Alt+Q")
    hit = panel.locator(".concordance-hit").first
    expect(hit.locator("mark")).to_have_text("two academies")
    expect(hit).to_contain_text("stressed that the")

    field(page, 1).click()  # leaving the first row sends its effort
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        link_id = session.scalars(select(Link.id).join(Link.document).where(Link.position == 0)
                                  .order_by(Link.document_id.desc())).first()
    active_ms, keystrokes = eventually(lambda: recorded(live_server.app, link_id), 5, "effort recorded")
    assert active_ms > 0 and keystrokes >= 1


def test_the_panel_says_so_while_a_large_memory_is_first_indexed(live_server, documents, page: Page,
                                                                    monkeypatch):
    monkeypatch.setattr(memory, "BUILD_INLINE_MAX", 0)  # this small memory is indexed as a large one is
    monday, tuesday = documents
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        link = session.scalars(select(Link).join(Link.document).where(Link.position == 1)
                               .order_by(Link.document_id)).first()
        editing.save_link(session, link, version=link.version, author="ana", target=FIXED, status="confirmed")
    page.goto(tuesday)
    field(page, 0).click()
    panel = page.locator(".memory-panel")
    expect(panel.locator(".empty")).to_contain_text("Indexing the translation memory")
    expect(panel.locator(".memory-match .proposal").first).to_have_text(FIXED, timeout=15_000)


def recorded(app, link_id: int) -> tuple[int, int] | None:
    with app.app_context(), session_scope(app) as session:
        effort = session.scalars(select(Effort).where(Effort.link_id == link_id)).one_or_none()
        return (effort.active_ms, effort.keystrokes) if effort else None

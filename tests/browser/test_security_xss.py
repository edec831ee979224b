"""Script-looking text from users stays text in the real browser: row text, comments, glossary entries,
document titles and file names never run."""

import pytest
from playwright.sync_api import Page, expect

from tests.builders import make_document
from webapp.db import session_scope
from webapp.services import comments
from webapp.services import documents as docs
from webapp.services.glossary import create_entry, glossary_for

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


@pytest.fixture
def planted(live_server) -> dict:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        document = make_document(session, f"Plain sentence. {PAYLOAD} ends here.", title=f"Title {PAYLOAD}")
        link = document.links[0]
        comments.add_comment(session, link, body=f"Comment {PAYLOAD}", author=f"ed{PAYLOAD}")
        project = docs.project_named(session, "Default")
        create_entry(session, glossary_for(session, project),
                     {"source": "恶意", "targets": [f"evil {PAYLOAD}"], "note": PAYLOAD}, author="t")
        return {"document": document.id, "project": project.id}


def assert_inert(page: Page) -> None:
    assert page.evaluate("window.__xss") is None


def test_user_text_never_runs(live_server, planted, page: Page):
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    page.goto(live_server.url + "/")
    expect(page.get_by_text(f"Title {PAYLOAD}")).to_be_visible()
    assert_inert(page)
    page.goto(f"{live_server.url}/documents/{planted['document']}")
    expect(page.locator(".row").first).to_be_visible()
    expect(page.locator(".cell.mt").filter(has_text="onerror")).to_have_count(1)
    page.locator(".row").first.locator("textarea").focus()
    page.keyboard.press("Alt+m")
    expect(page.locator(".comments")).to_contain_text(f"Comment {PAYLOAD}")
    assert_inert(page)
    page.goto(f"{live_server.url}/projects/{planted['project']}/glossary")
    expect(page.locator("table.entries")).to_be_visible()
    shown = page.evaluate("""() => [...document.querySelectorAll('table.entries input, table.entries td')]
        .some((e) => (e.value || e.textContent || '').includes('evil <img src=x onerror='))""")
    assert shown, "the entry's text is shown literally"
    assert_inert(page)
    page.goto(f"{live_server.url}/documents/{planted['document']}/exchange")
    expect(page.get_by_role("heading", level=1)).to_contain_text(PAYLOAD)
    assert_inert(page)

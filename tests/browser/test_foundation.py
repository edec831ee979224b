"""A reviewer in a real Chromium: open the demo, correct a sentence, reload, download the clean text."""

import pytest
from playwright.sync_api import Page, expect

from segments import split_document
from tests.builders import make_document
from webapp.db import session_scope

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_id(live_server, seed_text) -> int:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        return make_document(session, seed_text, title="Demo article").id


def test_edit_autosaves_survives_reload_and_exports(live_server, demo_id, seed_text, page: Page, tmp_path):
    page.goto(live_server.url + "/")
    sentences = sum(len(p.sentences) for p in split_document(seed_text, "en"))
    expect(page.get_by_text(f"0 / {sentences} confirmed")).to_be_visible()
    page.get_by_role("link", name="Demo article").click()

    row = page.locator(".row").nth(0)
    field = row.locator("textarea")
    expect(field).to_have_value("Xi on science and tech workers")
    field.fill("Xi on scientists and engineers")
    field.press("Tab")
    expect(page.locator(".save-state")).to_have_text("All changes saved")
    expect(row.locator(".status")).to_have_text("edited")

    page.reload()
    expect(page.locator(".row").nth(0).locator("textarea")).to_have_value("Xi on scientists and engineers")
    expect(page.locator(".row").nth(0)).to_have_class("row status-edited")

    page.get_by_role("link", name="Export / import").click()
    expect(page.get_by_label("Plain text")).to_be_checked()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download").click()
    path = tmp_path / "export.txt"
    download_info.value.save_as(path)
    exported = path.read_text("utf-8")
    assert exported.startswith("Xi on scientists and engineers\n\nGeneral Secretary Xi Jinping cares")
    assert exported.count("\n\n") == 128

"""What a user clicks outside the review grid: export and import back, project abbreviations, logging in,
API tokens and project members."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from segments.formats import read_bitext
from tests.builders import make_document
from webapp import exchange
from webapp.db import session_scope
from webapp.services import auth
from webapp.services import documents as docs

pytestmark = pytest.mark.browser


@pytest.fixture
def document_id(live_server) -> int:
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        return make_document(session, "One here. Two here.", source_text="一。二。", title="Exchange").id


def test_export_in_a_chosen_format_then_apply_an_edited_copy(live_server, document_id, page: Page, tmp_path):
    page.goto(f"{live_server.url}/documents/{document_id}/exchange")
    page.get_by_label("JSON").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    exported = tmp_path / "export.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text("utf-8"))
    assert [u["target"] for u in data["units"]] == ["One here.", "Two here."]
    edited = tmp_path / "edited.json"
    text = exported.read_text("utf-8")
    edited.write_text(text.replace('"target": "Two here."', '"target": "Two, edited."'), "utf-8")
    page.get_by_label("Edited file").set_input_files(str(edited))
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".flash")).to_contain_text("1 rows updated")
    page.goto(f"{live_server.url}/documents/{document_id}")
    expect(page.locator(".row").nth(1).locator("textarea")).to_have_value("Two, edited.")


def test_a_long_document_exports_with_a_progress_bar_then_offers_the_file(live_server, document_id,
                                                                          page: Page, tmp_path, monkeypatch):
    monkeypatch.setattr(exchange, "EXPORT_INLINE_MAX_ROWS", 1)
    page.goto(f"{live_server.url}/documents/{document_id}/exchange")
    page.get_by_label("TMX").check()
    page.get_by_role("button", name="Download").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Export")
    link = page.get_by_role("link", name=re.compile(r"Download .*\.tmx"))
    expect(link).to_be_visible(timeout=15_000)
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "job.tmx"
    download.value.save_as(saved)
    units = read_bitext(saved.read_bytes(), format_id="tmx").units
    assert [u.target for u in units] == ["One here.", "Two here."]


def test_project_abbreviations_are_saved_and_used_on_import(live_server, page: Page):
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        project_id = docs.project_named(session, "Default").id
    page.goto(f"{live_server.url}/projects/{project_id}/settings")
    page.get_by_label("Extra abbreviations").fill("Xinh.")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash")).to_contain_text("Settings saved")
    page.goto(live_server.url + "/")
    page.get_by_label("…or paste the machine translation").fill("The Xinh. Council met. It ended.")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".row")).to_have_count(2)


def test_login_tokens_and_members(live_server, page: Page):
    with live_server.app.app_context(), session_scope(live_server.app) as session:
        auth.add_user(session, "chief", "chief-password", admin=True)
        auth.add_user(session, "ana", "ana-password")
        project_id = docs.project_named(session, "Default").id
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("User name").fill("chief")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash")).to_contain_text("wrong user name or password")
    page.get_by_label("Password").fill("chief-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Documents")).to_be_visible()

    page.goto(live_server.url + "/account")
    page.get_by_label("Token name").fill("nightly export")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator(".new-token").inner_text()
    assert secret.startswith("bt_")
    answer = page.request.get(f"{live_server.url}/api/v1/documents",
                              headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200
    page.get_by_role("button", name="Revoke").click()
    expect(page.locator("table.tokens")).to_contain_text("revoked")

    page.goto(f"{live_server.url}/projects/{project_id}/members")
    page.get_by_label("User name").fill("ana")
    page.get_by_label("Role").select_option("viewer")
    page.get_by_role("button", name="Save role").click()
    expect(page.locator("table.members")).to_contain_text("ana")
    expect(page.locator("table.audit")).to_contain_text("role_change")

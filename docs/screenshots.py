"""Make the README screenshot of the review page: start the app on a temporary SQLite database with the demo
article imported, make a few corrections through the API, and photograph the page in Debian's Chromium.

Usage: .venv/bin/python docs/screenshots.py   (writes docs/screenshots/review.png)
"""

from __future__ import annotations

import http.cookiejar
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from webapp import create_app, migrate  # noqa: E402
from webapp.db import session_scope  # noqa: E402
from webapp.services import documents  # noqa: E402
from webapp.services.glossary_exchange import ensure_starter_glossary  # noqa: E402

DEMO = ROOT / "webapp" / "demo" / "xinhua-2023-05-29-science-workers.en.txt"
OUTPUT = ROOT / "docs" / "screenshots" / "review.png"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CORRECTIONS = {  # row position → (correction, status): shows edited, confirmed and flagged rows and a diff
    1: ("General Secretary Xi Jinping cares about the stories of scientists and engineers", "confirmed"),
    2: ("Career development depends on innovation;", "edited"),
    3: ("The only way to innovate is to win people.", "flagged"),
}


# Like the page itself: a session cookie, and its CSRF token (from the page's meta tag) on every change.
OPENER = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
CSRF: dict[str, str] = {}


def api(base: str, method: str, path: str, body: dict | None = None) -> dict:
    if not CSRF:
        page = OPENER.open(base + "/").read().decode()
        CSRF["X-CSRF-Token"] = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + "/api/v1" + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **CSRF})
    with OPENER.open(request) as response:
        return json.loads(response.read() or b"null")


def prepare(base: str, document_id: int) -> None:
    rows = api(base, "GET", f"/documents/{document_id}/rows?limit=10")["rows"]
    for position, (target, status) in CORRECTIONS.items():
        row = rows[position]
        change = {"version": row["version"], "target": target, "status": status}
        api(base, "PATCH", f"/rows/{row['id']}", change)
    api(base, "POST", f"/rows/{rows[3]['id']}/comments", {"body": "Win people? Check the source."})


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": tmp, "DATABASE_URL": f"sqlite:///{tmp}/shots.sqlite3"})
        migrate.upgrade(app)
        with app.app_context(), session_scope(app) as session:
            ensure_starter_glossary(session, documents.project_named(session, "Default"))
            document_id = documents.import_document(
                session, mt_text=DEMO.read_text("utf-8"), title="Xi on science and tech workers (demo)",
                project=documents.project_named(session, "Default"), author="demo").id
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            prepare(base, document_id)
            shoot(f"{base}/documents/{document_id}")
        finally:
            server.shutdown()
            app.extensions["bitext.engine"].dispose()
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


def shoot(url: str) -> None:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, device_scale_factor=1)
        page.goto(url)
        page.get_by_label("Show changes against the MT").check()
        page.locator(".row").nth(2).locator("textarea").click()
        page.wait_for_timeout(300)
        page.screenshot(path=str(OUTPUT))
        browser.close()


if __name__ == "__main__":
    main()

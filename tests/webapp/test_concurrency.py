"""Twenty writers at once over real HTTP, on SQLite and PostgreSQL: every save is applied or answered 409,
never a 500, and no applied save is lost."""

import json
import threading
import urllib.error
import urllib.request
from collections import defaultdict

from tests.builders import make_document
from tests.conftest import LiveServer, build_app, close_app
from webapp.db import session_scope
from webapp.services import auth

WRITERS, ROUNDS, ROWS = 20, 8, 4


def call(url: str, token: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {token}",
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_concurrent_writers_lose_nothing(database_url, tmp_path):
    app = build_app(database_url, tmp_path / "instance")
    with app.app_context(), session_scope(app) as session:
        document = make_document(session, " ".join(f"Sentence number {n} here." for n in range(ROWS)))
        row_ids = [link.id for link in document.links]
        _token, secret = auth.create_token(session, auth.add_user(session, "writer", "long password",
                                                                  admin=True), "load")
    server = LiveServer(app)
    outcomes, applied = defaultdict(int), defaultdict(list)
    lock = threading.Lock()

    def writer(number: int) -> None:
        for round_ in range(ROUNDS):
            # Half the writers share row 0; the others spread over every row.
            row = row_ids[0] if number % 2 else row_ids[(number + round_) % ROWS]
            status, current = call(f"{server.url}/api/v1/rows/{row}", secret)
            if status != 200:
                with lock:
                    outcomes[f"GET {status}: {current}"] += 1
                continue
            text = f"writer {number} round {round_}"
            status, saved = call(f"{server.url}/api/v1/rows/{row}", secret, "PATCH",
                                 {"version": current["version"], "target": text})
            with lock:
                outcomes[status] += 1
                if status == 200:
                    applied[row].append((saved["version"], text))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert set(outcomes) <= {200, 409}, dict(outcomes)
        assert outcomes[200] >= ROWS and sum(outcomes.values()) == WRITERS * ROUNDS
        for row in row_ids:
            _status, final = call(f"{server.url}/api/v1/rows/{row}", secret)
            versions = sorted(version for version, _ in applied[row])
            # Each applied save moved the version by exactly one: none was overwritten unseen.
            assert versions == list(range(2, 2 + len(versions))), versions
            assert final["version"] == 1 + len(versions)
            if versions:
                assert final["target"] == max(applied[row])[1]
    finally:
        server.stop()
        close_app(app)

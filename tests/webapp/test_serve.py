"""`bitext serve --workers N`: gunicorn with N worker processes over one database, as in production."""

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.builders import eventually, make_document
from tests.conftest import build_app, close_app
from webapp.db import session_scope
from webapp.services import auth


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(url: str, token: str, method: str = "GET", body: dict | None = None) -> dict:
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {token}",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def worker_pids(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


def test_serve_with_workers_runs_gunicorn_processes_over_one_database(database_url, tmp_path):
    app = build_app(database_url, tmp_path / "instance")
    with app.app_context(), session_scope(app) as session:
        row_id = make_document(session, "One sentence. Another one.").links[0].id
        secret = auth.create_token(session, auth.add_user(session, "ops", "long password", admin=True),
                                   "test")[1]
    close_app(app)
    port = free_port()
    env = {**os.environ, "BITEXT_INSTANCE": str(tmp_path / "instance"), "BITEXT_DATABASE_URL": database_url}
    command = [str(Path(sys.executable).with_name("bitext")), "serve", "--workers", "2", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        def answered() -> dict | None:
            try:
                return call(f"{base}/rows/{row_id}", secret)
            except OSError:
                return None

        row = eventually(answered, 60, "bitext serve --workers 2 answering")
        # The first worker may answer before the second is up.
        eventually(lambda: len(worker_pids(server.pid)) >= 2 or None, 60, "a second worker")
        for n in range(6):  # whichever worker answers, each save sees the one before
            row = call(f"{base}/rows/{row_id}", secret, "PATCH",
                       {"version": row["version"], "target": f"Fix {n}."})
        assert call(f"{base}/rows/{row_id}", secret)["target"] == "Fix 5."
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)

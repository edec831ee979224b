"""Benchmark of the review page on a 20,000-sentence document, against a bare Flask floor.

Prints, per database (SQLite, and PostgreSQL when --pg URL or TEST_DATABASE_URL is given): the review page
and one page of rows (median, p95), and save latency (median, p95, p99) with 1, 10 and 50 concurrent
clients, next to a bare Flask endpoint doing the same single-row versioned UPDATE, measured in the same run;
then a find & replace over every row (a background job) and its undo.
On SQLite the app and the floor run in one process (werkzeug, threaded); on PostgreSQL both run behind
gunicorn with --pg-workers processes (the app through `bitext serve --workers N`, the floor with the same
worker settings). Requests are real HTTP on 127.0.0.1.
The PostgreSQL database is emptied first: point it at a scratch database.

Usage: .venv/bin/python bench/review.py [--pg URL] [--pg-workers 4] [--clients 1,10,50] [--sentences 20000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask, request  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from tests.builders import long_text, make_document  # noqa: E402
from webapp import create_app, migrate  # noqa: E402
from webapp.db import make_engine, session_scope  # noqa: E402
from webapp.services import auth  # noqa: E402

HEADERS: dict[str, str] = {}


def prepare(url: str, instance: str, sentences: int) -> int:
    """Migrate a fresh database and import the generated document; return its id."""
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app({"INSTANCE_PATH": instance, "DATABASE_URL": url})
    migrate.upgrade(app)
    with app.app_context(), session_scope(app) as session:
        document_id = make_document(session, long_text(sentences), title="Benchmark").id
        # Requests authenticate as a script would: an API token (no session, no CSRF token).
        user = auth.add_user(session, "bench", "bench-password", admin=True)
        HEADERS["Authorization"] = "Bearer " + auth.create_token(session, user, "bench")[1]
    app.extensions["bitext.engine"].dispose()
    return document_id


def floor_app(url: str) -> Flask:
    """A bare Flask app: one endpoint doing the versioned single-row UPDATE a save does, nothing else."""
    floor = Flask("floor")
    engine = make_engine(url)
    update = text("UPDATE links SET target = :target, version = version + 1 "
                  "WHERE id = :id AND version = :version")

    @floor.patch("/rows/<int:row_id>")
    def save(row_id: int):
        body = request.get_json()
        with engine.begin() as connection:
            done = connection.execute(update, {"id": row_id, "target": body["target"],
                                               "version": body["version"]}).rowcount
        return ({"version": body["version"] + 1}, 200) if done else ({"message": "stale"}, 409)

    return floor


def floor_from_env() -> Flask:
    """The floor for gunicorn (`review:floor_from_env()`), on the database in BENCH_FLOOR_URL."""
    return floor_app(os.environ["BENCH_FLOOR_URL"])


def serve(url: str, instance: str, ports: multiprocessing.Queue) -> None:
    """Child process: serve the app and the floor on free ports until killed."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app({"INSTANCE_PATH": instance, "DATABASE_URL": url})
    servers = [make_server("127.0.0.1", 0, app, threaded=True),
               make_server("127.0.0.1", 0, floor_app(url), threaded=True)]
    for server in servers[1:]:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports.put([server.server_port for server in servers])
    servers[0].serve_forever()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(url: str, instance: str, workers: int, floor: bool = False) -> tuple[subprocess.Popen, int]:
    """`bitext serve --workers N` (or the floor under gunicorn, as that serves) on a free port; returns once
    it answers."""
    port = free_port()
    env = {**os.environ, "BITEXT_DATABASE_URL": url, "BITEXT_INSTANCE": instance, "BENCH_FLOOR_URL": url}
    if floor:
        from webapp.gunicorn import WORKER_SETTINGS

        settings = [f"--{name.replace('_', '-')}={value}" for name, value in WORKER_SETTINGS.items()]
        command = [str(Path(sys.executable).with_name("gunicorn")), "--chdir", str(Path(__file__).parent),
                   "--workers", str(workers), "--bind", f"127.0.0.1:{port}", *settings,
                   "review:floor_from_env()"]
        probe = ("PATCH", "/rows/0", {"version": 0, "target": ""})
    else:
        command = [str(Path(sys.executable).with_name("bitext")), "serve", "--workers", str(workers),
                   "--port", str(port)]
        probe = ("GET", "/api/v1/documents", None)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if call(port, *probe)[1] in (200, 409):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def call(port: int, method: str, path: str, body: dict | None = None) -> tuple[float, int, bytes]:
    """One HTTP request on a new connection: (milliseconds, status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    payload = json.dumps(body).encode() if body is not None else None
    headers = {**HEADERS, **({"Content-Type": "application/json"} if payload else {})}
    started = time.perf_counter()
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return elapsed, response.status, data


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def timed_gets(port: int, path: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        elapsed, status, _ = call(port, "GET", path)
        assert status == 200, (path, status)
        times.append(elapsed)
    return times


def saves(port: int, path_of: Callable[[int], str], row_ids: list[int], clients: int, per_client: int,
          versions: dict[int, int], tag: int = 0) -> list[float]:
    """`clients` threads, each saving its own rows `per_client` times in turn; `versions` (row id → version)
    is read once per row and kept across calls. Each text differs from the row's last (`tag` tells rounds
    apart): saving the same text changes nothing."""
    times: list[float] = []
    lock = threading.Lock()

    def client(mine: list[int]) -> None:
        for n in range(per_client):
            row_id = mine[n % len(mine)]
            if row_id not in versions:
                versions[row_id] = json.loads(call(port_app, "GET", f"/api/v1/rows/{row_id}")[2])["version"]
            body = {"version": versions[row_id], "target": f"Text {clients}.{tag}.{n} by client {mine[0]}."}
            elapsed, status, data = call(port, "PATCH", path_of(row_id), body)
            assert status == 200, (status, data[:200])
            versions[row_id] = json.loads(data)["version"]
            with lock:
                times.append(elapsed)

    threads = [threading.Thread(target=client, args=(row_ids[i::clients],)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


port_app = 0


def run(label: str, url: str, sentences: int, count: int, clients: list[int], workers: int = 0) -> None:
    global port_app
    instance = tempfile.mkdtemp(prefix="bench-review-")
    started = time.perf_counter()
    document_id = prepare(url, instance, sentences)
    server = f"gunicorn, {workers} workers" if workers else "one process"
    seconds = time.perf_counter() - started
    print(f"\n== {label} ({server}): {sentences:,} sentences imported in {seconds:.1f} s")
    fork = multiprocessing.get_context("fork")
    ports: multiprocessing.Queue = fork.Queue()
    child = fork.Process(target=serve, args=(url, instance, ports), daemon=True)
    child.start()
    processes = []
    try:
        port_app, port_floor = ports.get(timeout=60)
        if workers:
            for floor in (False, True):
                process, port = gunicorn(url, instance, workers, floor)
                processes.append(process)
                port_app, port_floor = (port_app, port) if floor else (port, port_floor)
        report(document_id, port_app, port_floor, count, clients)
    finally:
        child.terminate()
        child.join()
        for process in processes:
            process.terminate()
            process.wait(30)


def row_ids(port: int, document_id: int, offset: int, limit: int) -> list[int]:
    path = f"/api/v1/documents/{document_id}/rows?offset={offset}&limit={limit}"
    page = json.loads(call(port, "GET", path)[2])
    return [row["id"] for row in page["rows"]]


ROUNDS = 5


def _shares(total: int, rounds: int) -> list[int]:
    """`total` split into at most `rounds` nearly equal positive parts."""
    rounds = min(rounds, total)
    return [total // rounds + (n < total % rounds) for n in range(rounds)]


def line(name: str, values: list[float], qs: tuple[int, ...]) -> None:
    parts = [f"median {statistics.median(values):7.2f} ms"]
    parts += [f"p{q} {percentile(values, q):7.2f} ms" for q in qs]
    print(f"  {name:44} n={len(values):4}  " + "  ".join(parts))


def report(document_id: int, port: int, floor: int, count: int, clients_list: list[int]) -> None:
    timed_gets(port, f"/documents/{document_id}", 3)  # warm up
    line("review page GET /documents/ID", timed_gets(port, f"/documents/{document_id}", 30), (95,))
    rows_path = f"/api/v1/documents/{document_id}/rows?offset=10000&limit=50"
    line("one page of rows (50, offset 10000)", timed_gets(port, rows_path, 50), (95,))
    ids = row_ids(port, document_id, 2000, 200)
    versions: dict[int, int] = {}
    for clients in clients_list:
        # The app and the floor take turns, a few rounds each, so that both meet the same machine: on a
        # shared machine its speed drifts within a minute, and one after the other the ratio moved by 50%.
        per_client, app_times, floor_times = max(1, count // clients), [], []
        for tag, share in enumerate(_shares(per_client, ROUNDS)):
            app_times += saves(port, lambda i: f"/api/v1/rows/{i}", ids[:100], clients, share, versions, tag)
            floor_times += saves(floor, lambda i: f"/rows/{i}", ids[100:], clients, share, versions, tag)
        line(f"save PATCH /api/v1/rows/ID, {clients:2} client(s)", app_times, (95, 99))
        line(f"floor: bare Flask UPDATE, {clients:2} client(s)", floor_times, (95, 99))
    bulk_change(port, document_id)


def until_done(port: int, answer: bytes) -> dict:
    """The job a 202 answer names, once it has ended."""
    job = json.loads(answer)
    while job["status"] in ("queued", "running"):
        time.sleep(0.05)
        job = json.loads(call(port, "GET", f"/api/v1/jobs/{job['id']}")[2])
    assert job["status"] == "done", job
    return job


def bulk_change(port: int, document_id: int) -> None:
    """Find & replace over every row of the document (a background job above 5,000 rows), then its undo."""
    body = {"find": "long report", "replace": "lengthy report"}
    started = time.perf_counter()
    elapsed, status, data = call(port, "POST", f"/api/v1/documents/{document_id}/replace/preview", body)
    assert status == 200, data[:200]
    seen = [{"id": change["id"], "version": change["version"]} for change in json.loads(data)["changes"]]
    _, status, data = call(port, "POST", f"/api/v1/documents/{document_id}/replace", {**body, "rows": seen})
    assert status == 202, (status, data[:200])
    operation = until_done(port, data)["result"]["operation_id"]
    replaced = time.perf_counter() - started
    started = time.perf_counter()
    _, status, data = call(port, "POST", f"/api/v1/operations/{operation}/undo")
    assert status == 202, (status, data[:200])
    rows = until_done(port, data)["result"]["rows"]
    undone = time.perf_counter() - started
    print(f"  {'replace in every row: preview / job done':44} n={len(seen):6,}  {elapsed / 1000:5.2f} s / "
          f"{replaced:5.2f} s;  undo (job) of {rows:,} rows {undone:5.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL"), help="PostgreSQL URL (emptied!)")
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--saves", type=int, default=1000,
                        help="saves per client count, split over the clients (p95 and p99 need many)")
    parser.add_argument("--clients", default="1,10,50", help="concurrent clients, comma-separated")
    parser.add_argument("--pg-workers", type=int, default=4,
                        help="gunicorn workers for PostgreSQL (0: one process)")
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", args.sentences, args.saves, clients)
    if args.pg:
        run("PostgreSQL", args.pg, args.sentences, args.saves, clients, args.pg_workers)
    else:
        print("\n(PostgreSQL skipped: pass --pg URL or set TEST_DATABASE_URL)")


if __name__ == "__main__":
    main()

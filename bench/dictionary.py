"""Benchmark of the project dictionary: what it adds to every row save, and what adding a word costs.

(1) Reads the dictionary as `qa_context` does after a change (one SELECT; otherwise the words are cached), for
    dictionaries of 0 to 20,000 words (the limit), and times the whole re-check on save (`check_link`).
(2) Times adding one word to a project whose documents hold many stored findings: the DELETE of that word's
    spelling findings, by the lower-cased flagged text, in SQL; and importing a list of 19,500 words.

Usage: .venv/bin/python bench/dictionary.py [--db URL] [--rows 2000] [--findings 100000] [--calls 300]
Without --db a temporary SQLite file is used; a PostgreSQL URL must point at a scratch database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete, insert, select  # noqa: E402

from webapp import create_app, migrate  # noqa: E402
from webapp.db import session_scope  # noqa: E402
from webapp.models import Link, Project, ProjectWord, QaFinding, utcnow  # noqa: E402
from webapp.services import dictionary, qa  # noqa: E402
from webapp.services import documents as docs  # noqa: E402

SIZES = (0, 1_000, 5_000, 20_000)


def fake_words(n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    found: set[str] = set()
    while len(found) < n:
        found.add("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 12))))
    return sorted(found)


def setup(app, rows: int) -> tuple[int, int]:
    """A project with a document of `rows` rows; (project id, document id)."""
    text = "\n\n".join(f"Row {n} of the report names Xinhua and Beijng here." for n in range(rows))
    with app.app_context(), session_scope(app) as session:
        project = docs.project_named(session, "Bench")
        document = docs.import_document(session, mt_text=text, title="bench", project=project, author="bench")
        session.flush()
        return project.id, document.id


def fill(app, project_id: int, n: int) -> None:
    with app.app_context(), session_scope(app) as session:
        session.execute(delete(ProjectWord).where(ProjectWord.project_id == project_id))
        if n:
            now = utcnow()
            session.execute(insert(ProjectWord), [
                {"project_id": project_id, "word": w, "word_key": w, "added_by": "bench", "added_at": now}
                for w in fake_words(n, seed=n)])
        dictionary.touch(session, session.get(Project, project_id))


def ms(values: list[float]) -> str:
    values = sorted(values)
    return (f"median {1000 * statistics.median(values):.2f} ms, "
            f"p95 {1000 * values[int(0.95 * (len(values) - 1))]:.2f} ms")


def time_reads(app, project_id: int, document_id: int, calls: int) -> None:
    """The dictionary read after a change (the cache emptied first) and the whole re-check on save (the words
    cached), per dictionary size."""
    print(f"{'words':>7}  {'words read after a change (one SELECT)':40}  check_link (re-check on save)")
    for size in SIZES:
        fill(app, project_id, size)
        reads, checks = [], []
        with app.app_context(), session_scope(app) as session:
            ids = list(session.scalars(select(Link.id).where(Link.document_id == document_id)))
            project = session.get(Project, project_id)
            for _ in range(calls):
                dictionary._cache.clear()  # as after a change: the new stamp is not cached yet
                started = time.perf_counter()
                assert len(dictionary.words(session, project)) >= size
                reads.append(time.perf_counter() - started)
            rng = random.Random(1)
            for _ in range(calls):  # the words cached, as between changes
                link = session.get(Link, rng.choice(ids))
                started = time.perf_counter()
                qa.check_link(session, link)
                checks.append(time.perf_counter() - started)
            session.rollback()
        print(f"{size:7,}  {ms(reads):40}  {ms(checks)}")


def time_clearing(app, project_id: int, document_id: int, findings: int) -> None:
    """Adding a word whose spelling findings are among `findings` stored ones of the project."""
    with app.app_context(), session_scope(app) as session:
        links = list(session.scalars(select(Link.id).where(Link.document_id == document_id)))
        now, rng, flagged = utcnow(), random.Random(2), fake_words(5000, seed=9)
        rows = [{"document_id": document_id, "link_id": rng.choice(links), "check_id": "spelling",
                 "severity": "warning", "scope": "row", "message": "unknown word", "spans": [[0, 6]],
                 "side": "target", "fingerprint": "f", "text_hash": "h", "created_at": now, "fixes": None,
                 "flagged_key": "beijng" if n % 1000 == 0 else flagged[n % 5000]} for n in range(findings)]
        session.execute(insert(QaFinding), rows)
    fill(app, project_id, 0)
    with app.app_context(), session_scope(app) as session:
        project = session.get(Project, project_id)
        started = time.perf_counter()
        added = dictionary.add_word(session, project, "Beijng", "bench")
        elapsed = time.perf_counter() - started
    print(f"\nadd a word, clearing its findings among {findings:,} stored: {1000 * elapsed:.1f} ms "
          f"({added.cleared} cleared)")
    listed = "\n".join([*fake_words(5000, seed=9)[::2], *fake_words(17_000, seed=3)])
    with app.app_context(), session_scope(app) as session:
        project = session.get(Project, project_id)
        started = time.perf_counter()
        imported = dictionary.import_words(session, project, listed.encode(), "bench")
        elapsed = time.perf_counter() - started
    print(f"import a list of {imported.added:,} words, clearing theirs among the stored findings: "
          f"{1000 * elapsed:.0f} ms ({imported.cleared:,} cleared)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--rows", type=int, default=2_000)
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app({"INSTANCE_PATH": tmp, "DATABASE_URL": url})
        migrate.upgrade(app)
        project_id, document_id = setup(app, args.rows)
        print(f"{args.rows} rows ({url})")
        time_reads(app, project_id, document_id, args.calls)
        time_clearing(app, project_id, document_id, args.findings)
        app.extensions["bitext.engine"].dispose()


if __name__ == "__main__":
    main()

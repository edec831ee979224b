"""Benchmark of re-segmentation: preview, apply and undo on documents of 1,000 to 20,000 sentences.

Each document is imported as an MT-only text of paragraphs of twelve sentences, two of them the halves of
one cut after "Dept."; the project then learns that abbreviation, so every paragraph splits anew (twelve
rows become eleven). Prints, per size: the dry run (what the preview asks), applying it (as the
background job the API starts above 5,000 rows, run synchronously here; inline below) and undoing it,
each in its own transaction on a real SQLite file (or --db), through the services the app uses.

Usage: .venv/bin/python bench/resegment.py [--db URL] [--sentences 1000 3000 10000 20000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from webapp import create_app, jobs, migrate  # noqa: E402
from webapp.db import session_scope  # noqa: E402
from webapp.models import Document, Job, Operation  # noqa: E402
from webapp.services import documents as docs  # noqa: E402
from webapp.services import operations, projects, resegmentation  # noqa: E402

PER_PARAGRAPH = 12  # as imported


def text_of(sentences: int) -> str:
    paragraphs = max(1, sentences // PER_PARAGRAPH)
    return "\n\n".join(" ".join(f"Sentence {p}-{k} of the report is here." for k in range(PER_PARAGRAPH - 2))
                       + f" The Dept. Head said {p}." for p in range(paragraphs))


def timed(work):
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def measure(app, sentences: int) -> str:
    with app.app_context(), session_scope(app) as session:
        project = docs.project_named(session, f"Bench {sentences}")
        document = docs.import_document(session, mt_text=text_of(sentences), title=f"{sentences} sentences",
                                        project=project)
        session.flush()
        document_id, rows = document.id, len(document.links)
    with app.app_context(), session_scope(app) as session:
        projects.update_settings(session.get(Document, document_id).project, abbreviations=("Dept.",))

    def dry_run():
        with app.app_context(), session_scope(app, immediate=False) as session:
            return resegmentation.resegment(session, session.get(Document, document_id), author="bench",
                                            dry_run=True)

    def apply():
        if rows <= jobs.BULK_INLINE_MAX_ROWS:
            with app.app_context(), session_scope(app) as session:
                return resegmentation.resegment(session, session.get(Document, document_id),
                                                author="bench").operation_id
        with app.app_context(), session_scope(app) as session:
            job_id = jobs.submit(session, kind="resegment", params={"versions": None}, author="bench",
                                 document_id=document_id).id
        jobs.run_job(app, job_id)
        with app.app_context(), session_scope(app, immediate=False) as session:
            job = session.get(Job, job_id)
            assert job.status == "done", job.error
            return job.result["operation_id"]

    def undo():
        with app.app_context(), session_scope(app) as session:
            return len(operations.undo(session, session.get(Operation, operation_id), author="bench")[1])

    preview, previewing = timed(dry_run)
    operation_id, applying = timed(apply)
    restored, undoing = timed(undo)
    assert restored == preview.rows_before
    how = "job" if rows > jobs.BULK_INLINE_MAX_ROWS else "inline"
    return (f"{sentences:>7,} {preview.paragraphs:>10,} {preview.rows_before:>7,} → {preview.rows_after:<7,}"
            f"{previewing:>8.2f} {applying:>8.2f} {how:>7} {undoing:>8.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="scratch database URL (default: a temporary SQLite file)")
    parser.add_argument("--sentences", type=int, nargs="*", default=[1_000, 3_000, 10_000, 20_000])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": tmp, "DATABASE_URL": args.db or f"sqlite:///{tmp}/bench.sqlite3"})
        migrate.upgrade(app)
        print(f"{'sentences':>9} {'paragraphs':>10} {'rows':>17} {'dry run':>8} {'apply':>8} {'as':>7} "
              f"{'undo':>8}   (seconds)", flush=True)
        for sentences in args.sentences:
            print(measure(app, sentences), flush=True)
        app.extensions["bitext.engine"].dispose()


if __name__ == "__main__":
    main()

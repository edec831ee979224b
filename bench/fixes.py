"""Benchmark of fixes: list a 20,000-row document's proposed fixes, apply them all as a job, undo.

The document is the demo article's sentences repeated to the row count (MT only, one sentence a row, so the
defects and their density are real MT's), with the starter glossary the demo uses. Prints: whole-document
QA (which stores the fixes), listing every proposed fix (`services.fixes.proposals`), applying all of them
as the background job Clean up starts above 5,000 fixes (run synchronously here), undoing that, and the
re-check on save of one row (median, p95).

Usage: .venv/bin/python bench/fixes.py [--db URL] [--rows 20000] [--saves 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from segments import split_document  # noqa: E402
from webapp import create_app, jobs, migrate  # noqa: E402
from webapp.cli.server import DEMO_FILE  # noqa: E402
from webapp.db import session_scope  # noqa: E402
from webapp.models import Document, Job, Link, Operation  # noqa: E402
from webapp.services import documents as docs  # noqa: E402
from webapp.services import fixes, operations, qa  # noqa: E402
from webapp.services.glossary_exchange import ensure_starter_glossary  # noqa: E402


def setup(app, n_rows: int) -> int:
    text = resources.files("webapp.demo").joinpath(DEMO_FILE).read_text("utf-8")
    sentences = [s.text.strip() for p in split_document(text, "en") for s in p.sentences if s.text.strip()]
    rows = [sentences[i % len(sentences)] for i in range(n_rows)]
    with app.app_context(), session_scope(app) as session:
        project = docs.project_named(session, "Bench")
        ensure_starter_glossary(session, project)
        mt = [(i, SimpleNamespace(content=row, lead="", tail="\n\n")) for i, row in enumerate(rows)]
        document = docs.create_document(session, project=project, title="Fixes bench", src_lang="zh",
                                        tgt_lang="en", source_text=None, mt_text="\n\n".join(rows), src=[],
                                        mt=mt, groups=docs.pair_by_position(0, len(mt)), author="bench")
        session.flush()
        return document.id


def timed(label: str, work):
    started = time.perf_counter()
    result = work()
    print(f"{label}: {time.perf_counter() - started:.2f} s", flush=True)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="scratch database URL (default: a temporary SQLite file)")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app({"INSTANCE_PATH": tmp, "DATABASE_URL": url})
        migrate.upgrade(app)
        document_id = setup(app, args.rows)

        def check():
            with app.app_context(), session_scope(app) as session:
                return qa.check_document_findings(session, session.get(Document, document_id))

        summary = timed(f"whole-document QA of {args.rows:,} rows (fixes stored)", check)
        print(f"  {summary['findings']:,} findings")

        def listing():
            with app.app_context(), session_scope(app, immediate=False) as session:
                return fixes.proposals(session, session.get(Document, document_id))

        total, found = timed("list every proposed fix", listing)
        safe = sum(1 for p in found if p.kind == "safe")
        print(f"  {total:,} fixes in {len({p.link_id for p in found}):,} rows ({safe:,} safe)")

        def apply_as_job():
            with app.app_context(), session_scope(app) as session:
                job = jobs.submit(session, kind="fix", author="bench", document_id=document_id, params={
                    "fixes": [{"finding_id": p.finding_id, "version": p.version, "row_id": p.link_id}
                              for p in found], "max_chars": 20_000})
                job_id = job.id
            jobs.run_job(app, job_id)
            with app.app_context(), session_scope(app, immediate=False) as session:
                return session.get(Job, job_id).result

        result = timed(f"apply all {total:,} as a job (one operation)", apply_as_job)
        print(f"  {result['rows']:,} rows changed, {len(result['skipped'])} skipped")

        def undo():
            with app.app_context(), session_scope(app) as session:
                return len(operations.undo(session, session.get(Operation, result["operation_id"]),
                                           author="bench")[1])

        timed("undo it (rows re-checked)", undo)
        checks = []
        with app.app_context(), session_scope(app) as session:
            ids = list(session.scalars(select(Link.id).where(Link.document_id == document_id)))
        for n in range(args.saves):
            with app.app_context(), session_scope(app) as session:
                link = session.get(Link, ids[(n * 7919) % len(ids)])
                started = time.perf_counter()
                qa.check_link(session, link)
                checks.append((time.perf_counter() - started) * 1000)
        checks.sort()
        print(f"re-check on save, one row: {statistics.median(checks):.2f} ms median, "
              f"{checks[int(0.95 * len(checks))]:.2f} ms p95")
        app.extensions["bitext.engine"].dispose()


if __name__ == "__main__":
    main()

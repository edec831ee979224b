"""Benchmark of QA in the web app: a whole document through the service (findings stored), a row on save.

(1) Builds a 20,000-row zh→en document and a 5,000-term project glossary in a scratch database, then times
    `check_document_findings` (read rows, build the context, run every check, store the findings): once
    cold (the glossary matcher is built) and once warm (the cached matcher), with a CPU profile summary.
(2) Times the re-check on save: `check_link` on a saved row (median, p95), and the whole save
    (save_link + check_link + commit) around it.
(3) Imports the demo article with the starter glossary (what `bitext demo` does) and prints the findings
    per 100 sentences per check as the web app computes and stores them.

Usage: .venv/bin/python bench/qa_web.py [--db URL] [--rows 20000] [--terms 5000] [--saves 200] [--profile]
Without --db a temporary SQLite file is used; a PostgreSQL URL must point at a scratch database.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select  # noqa: E402

from glossary import Term  # noqa: E402
from segments.qa import ALL_CHECKS  # noqa: E402
from webapp import create_app, migrate  # noqa: E402
from webapp.cli.server import DEMO_FILE  # noqa: E402
from webapp.db import session_scope  # noqa: E402
from webapp.models import GlossaryEntry, Link  # noqa: E402
from webapp.services import documents as docs  # noqa: E402
from webapp.services import editing, qa  # noqa: E402
from webapp.services import glossary as gs  # noqa: E402
from webapp.services.glossary_exchange import ensure_starter_glossary  # noqa: E402

_NUMERALS = set("〇零一二两三四五六七八九十百千万亿第年月日号点时分")
_POOL = [chr(c) for c in range(0x4E00, 0x4E00 + 3000) if chr(c) not in _NUMERALS]
_WORDS = ("report plan committee session delegates approved adopted reviewed members government programme "
          "national regional policy reform innovation research industry support measures projects funding "
          "province cities rural urban schools hospitals workers farmers students teachers").split()


def synthetic(n_rows: int, n_terms: int, seed: int = 7) -> tuple[list[str], list[str], list[Term]]:
    """Source and MT sentences with glossary terms in both (one in ten a forbidden variant); the terms."""
    rng = random.Random(seed)
    terms = []
    for i in range(n_terms):
        zh = "".join(rng.choice(_POOL) for _ in range(rng.randint(3, 5)))
        name = "".join(chr(97 + (i // 26**k) % 26) for k in range(3))
        terms.append(Term(zh, (f"term{name} concept",), "zh", "en", forbidden=(f"wrongterm{name}",)))
    sources, targets = [], []
    for _ in range(n_rows):
        first, second = rng.sample(terms, 2)
        filler = "".join(rng.choice(_POOL) for _ in range(rng.randint(20, 60)))
        sources.append(f"{first.source}{filler}{second.source}，2023年5月12日，700多名代表出席。")
        body = " ".join(rng.sample(_WORDS, rng.randint(10, 25)))
        ending = second.preferred if rng.random() < 0.9 else second.forbidden[0]
        targets.append(f"On May 12, 2023, more than 700 delegates discussed the {first.preferred}: {body} "
                       f"and the {ending}.")
    return sources, targets, terms


def setup(app, n_rows: int, n_terms: int) -> int:
    """Store the glossary (bulk) and import the document (one sentence per line); return its id."""
    sources, targets, terms = synthetic(n_rows, n_terms)
    with app.app_context(), session_scope(app) as session:
        project = docs.project_named(session, "Bench")
        glossary = gs.glossary_for(session, project)
        session.execute(insert(GlossaryEntry), [
            {**gs.entry_values(t), "glossary_id": glossary.id, "created_by": "bench", "changed_by": "bench"}
            for t in terms])
        gs.touch_glossary(session, glossary.id)
        # Pre-split (one sentence per paragraph): the import's segmentation is not what is measured here.
        src = [(i, SimpleNamespace(content=text, lead="", tail="\n\n")) for i, text in enumerate(sources)]
        mt = [(i, SimpleNamespace(content=text, lead="", tail="\n\n")) for i, text in enumerate(targets)]
        document = docs.create_document(
            session, project=project, title="QA bench", src_lang="zh", tgt_lang="en",
            source_text="\n\n".join(sources), mt_text="\n\n".join(targets), src=src, mt=mt,
            groups=docs.pair_by_position(len(src), len(mt)), author="bench")
        session.flush()
        return document.id


def time_document(app, document_id: int, profile: bool) -> None:
    """Whole-document QA through the service, cold then warm; optionally a CPU profile of the warm run."""
    for label in ("cold (builds the matcher)", "warm (cached matcher)"):
        profiler = cProfile.Profile() if profile and label.startswith("warm") else None
        started = time.perf_counter()
        with app.app_context(), session_scope(app) as session:
            if profiler:
                profiler.enable()
            summary = qa.check_document_findings(session, session.get(docs.Document, document_id))
            if profiler:
                profiler.disable()
        elapsed = time.perf_counter() - started
        print(f"document QA, {label}: {elapsed:.2f} s for {summary['rows']} rows, "
              f"{summary['findings']} findings stored")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())


def time_saves(app, document_id: int, saves: int) -> None:
    """The re-check on save: check_link alone and save + check + commit, median and p95 in ms."""
    checks, whole = [], []
    with app.app_context():
        with session_scope(app) as session:
            ids = list(session.scalars(select(Link.id).where(Link.document_id == document_id)))
        rng = random.Random(3)
        for n in range(saves):
            started = time.perf_counter()
            with session_scope(app) as session:
                link = editing.get_link(session, rng.choice(ids))
                editing.save_link(session, link, version=link.version, author="bench",
                                  target=f"{link.final_text} Edited the the {n}.")
                session.flush()
                begun = time.perf_counter()
                qa.check_link(session, link)
                checks.append(time.perf_counter() - begun)
            whole.append(time.perf_counter() - started)
    for label, values in (("check_link", checks), ("save + check_link + commit", whole)):
        values.sort()
        print(f"re-check on save, {label}: median {1000 * statistics.median(values):.1f} ms, "
              f"p95 {1000 * values[int(0.95 * (len(values) - 1))]:.1f} ms ({len(values)} saves)")


def demo_counts(app) -> None:
    """What `bitext demo` imports, checked by the app with the starter glossary: findings per 100 rows."""
    text = resources.files("webapp.demo").joinpath(DEMO_FILE).read_text("utf-8")
    with app.app_context(), session_scope(app) as session:
        project = docs.project_named(session, "Demo")
        ensure_starter_glossary(session, project)
        document = docs.import_document(session, mt_text=text, title="demo", project=project, author="demo")
        session.flush()
        summary = qa.check_document_findings(session, document)
    rows = summary["rows"]
    print(f"\ndemo article: {rows} rows (MT only, so source-side checks do not apply), starter glossary on")
    print(f"{'check':34} {'findings':>8} {'per 100':>8}")
    for check in ALL_CHECKS:
        n = summary["by_check"].get(check.id, 0)
        print(f"{check.id:34} {n:8d} {100 * n / rows:8.1f}")
    print(f"{'all':34} {summary['findings']:8d} {100 * summary['findings'] / rows:8.1f}")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, build the scratch database, run the three measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--terms", type=int, default=5_000)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print a CPU profile of the warm run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app({"INSTANCE_PATH": tmp, "DATABASE_URL": url})
        migrate.upgrade(app)
        started = time.perf_counter()
        document_id = setup(app, args.rows, args.terms)
        print(f"setup: {args.rows} rows, {args.terms} terms in {time.perf_counter() - started:.1f} s ({url})")
        time_document(app, document_id, args.profile)
        time_saves(app, document_id, args.saves)
        demo_counts(app)
        app.extensions["bitext.engine"].dispose()


if __name__ == "__main__":
    main()

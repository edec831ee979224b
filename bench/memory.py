"""Benchmark of translation-memory lookups: median and p95 per row against memories of 10,000 and 200,000
entries, for the pure index (source + MT side) and for the whole service call the review page makes
(`webapp.services.memory.matches`: index refresh probes, candidate scoring, entries read back, word diffs).

Sentences are synthetic but shaped like the data: English from the demo article's vocabulary with its word
frequencies, Chinese from a Zipf-weighted set of 3,000 characters. Half the queries are edited copies of
entries (fuzzy hits), half are new sentences (misses, usually the slowest case).

The "concord." line times concordance searches of one word on the MT side (no build step).

Usage: .venv/bin/python bench/memory.py [--sizes 10000,200000] [--queries 300] [--no-service]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from segments.memory import MemoryIndex  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "webapp" / "demo" / "xinhua-2023-05-29-science-workers.en.txt"


class Corpus:
    """Random sentence pairs (Chinese source, English MT, English correction) with realistic frequencies."""

    def __init__(self, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        counts = Counter(re.findall(r"[A-Za-z]+", DEMO.read_text("utf-8")))
        self.words, self.weights = zip(*counts.items(), strict=True)
        self.han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
        self.han_weights = [1 / (rank + 1) for rank in range(len(self.han))]

    def english(self) -> str:
        n = self.rng.randint(8, 35)
        return " ".join(self.rng.choices(self.words, self.weights, k=n)).capitalize() + "."

    def chinese(self) -> str:
        return "".join(self.rng.choices(self.han, self.han_weights, k=self.rng.randint(12, 60))) + "。"

    def pair(self) -> tuple[str, str, str]:
        mt = self.english()
        return self.chinese(), mt, mt.replace(" the ", " a ", 1)

    def edited(self, text: str) -> str:
        """A copy with one span replaced: what tomorrow's sentence looks like."""
        cut = self.rng.randint(0, max(len(text) - 6, 0))
        return text[:cut] + self.rng.choice(("new ", "其他", "xx ")) + text[cut + 4:]


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def queries(corpus: Corpus, pairs: list[tuple[str, str, str]], count: int) -> list[tuple[str, str]]:
    chosen = []
    for n in range(count):
        if n % 2:
            source, mt, _ = corpus.rng.choice(pairs)
            chosen.append((corpus.edited(source), corpus.edited(mt)))
        else:
            source, mt, _ = corpus.pair()
            chosen.append((source, mt))
    return chosen


def bench_index(pairs, asked) -> tuple[float, float, float]:
    started = time.perf_counter()
    source, mt = MemoryIndex(), MemoryIndex()
    for n, (src, machine, _) in enumerate(pairs):
        source.add(n, src)
        mt.add(n, machine)
    build = time.perf_counter() - started
    times = []
    for src, machine in asked:
        started = time.perf_counter()
        source.search(src, 15, 50.0)
        mt.search(machine, 15, 50.0)
        times.append((time.perf_counter() - started) * 1000)
    return build, *percentiles(times)


def bench_service(pairs, asked) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """Time `matches` for real rows of a SQLite database holding the memory, and concordance searches."""
    from sqlalchemy import insert

    from tests.builders import make_pairs
    from webapp import create_app, migrate
    from webapp.db import session_scope
    from webapp.models import Link, MemoryEntry, Project
    from webapp.services import memory

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"INSTANCE_PATH": folder, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"})
        migrate.upgrade(app)
        with app.app_context(), session_scope(app) as session:
            project = Project(name="Default", settings={memory.MAX_ENTRIES: len(pairs) + 1})
            session.add(project)
            session.flush()
            for start in range(0, len(pairs), 5000):
                session.execute(insert(MemoryEntry), [
                    memory.entry_values(project.id, "zh", "en", *pair, origin="tmx")
                    for pair in pairs[start:start + 5000]])
            document = make_pairs(session, asked, title="Today")
            link_ids = [link.id for link in document.links]
        times = []
        with app.app_context(), session_scope(app) as session:
            started = time.perf_counter()
            memory.project_index(session, project.id)
            build = time.perf_counter() - started
            for link_id in link_ids:
                link = session.get(Link, link_id)
                _ = link.sentences  # loaded by the page's row query anyway: not part of the lookup
                started = time.perf_counter()
                memory.matches(session, link)
                times.append((time.perf_counter() - started) * 1000)
            words = [corpus_word for _, mt, _ in pairs[:: max(len(pairs) // 50, 1)][:50]
                     for corpus_word in mt.split()[1:2]]
            searched = []
            for word in words:
                started = time.perf_counter()
                memory.concordance_search(session, word, side="mt", project_id=project.id, limit=50)
                searched.append((time.perf_counter() - started) * 1000)
        app.extensions["bitext.engine"].dispose()
    return (build, *percentiles(times)), (0.0, *percentiles(searched))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,200000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--no-service", action="store_true", help="time only the pure index")
    args = parser.parse_args()
    corpus = Corpus()
    print(f"{'entries':>8}  {'level':<8} {'build s':>8} {'median ms':>10} {'p95 ms':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        pairs = [corpus.pair() for _ in range(size)]
        asked = queries(corpus, pairs, args.queries)
        rows = [("index", bench_index(pairs, asked))]
        if not args.no_service:
            matches, concordance = bench_service(pairs, asked)
            rows += [("service", matches), ("concord.", concordance)]
        for level, (build, median, p95) in rows:
            print(f"{size:>8}  {level:<8} {build:>8.1f} {median:>10.2f} {p95:>8.2f}", flush=True)


if __name__ == "__main__":
    main()

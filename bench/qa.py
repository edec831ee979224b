"""Benchmark and precision review of the QA checks.

(1) Runs every check on the MT-only demo article and prints findings per 100 sentences per check
    (``--list`` prints every finding so a human can judge it).
(2) Times QA of a synthetic 20,000-row document with a 5,000-term glossary, and a single-row re-check.

Usage: .venv/bin/python bench/qa.py [--list] [--demo PATH]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from glossary import Term, TermMatcher  # noqa: E402
from segments.qa import ALL_CHECKS, QaContext, QaRow, check_document, check_row  # noqa: E402
from segments.segmenter import split_document  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "webapp" / "demo" / "xinhua-2023-05-29-science-workers.en.txt"


def demo_rows(path: Path) -> list[QaRow]:
    """MT-only rows (empty source) from the demo article, one per sentence."""
    text = path.read_text("utf-8")
    rows = []
    for paragraph in split_document(text, "en"):
        for sentence in paragraph.sentences:
            if sentence.content:
                rows.append(QaRow(len(rows), "", sentence.content, sentence.content))
    return rows


def run_demo(path: Path, show: bool) -> None:
    """Findings per 100 sentences per check on the demo article."""
    rows = demo_rows(path)
    results = check_document(rows, QaContext())
    counts = Counter(issue.check_id for issues in results.values() for issue in issues)
    print(f"Demo: {len(rows)} sentences from {path.name}")
    print(f"{'check':34} {'findings':>8} {'per 100':>8}")
    for check in ALL_CHECKS:
        n = counts.get(check.id, 0)
        print(f"{check.id:34} {n:8d} {100 * n / len(rows):8.1f}")
    if show:
        by_key = {row.key: row for row in rows}
        for key, issues in results.items():
            for issue in issues:
                text = by_key[key].target if issue.side == "target" else by_key[key].source
                print(f"\n[{key}] {issue.check_id}: {issue.message}"
                      f"\n    flagged: {issue.flagged_text(text)!r}\n    in: {_excerpt(text, issue.spans)}")


def _excerpt(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    if not spans:
        return text[:120]
    start, end = spans[0]
    return "…" + text[max(0, start - 50):end + 50].replace("\n", " ") + "…"


# ------------------------------------------------------------------ synthetic document
def make_finder(terms: list[tuple[str, str, str]]) -> tuple[Callable[[str, str], Sequence[Any]], str]:
    """The glossary's own TermMatcher over (zh, en, forbidden) terms, and its name for the table."""
    entries = [Term(zh, (en,), "zh", "en", forbidden=(bad,), id=i) for i, (zh, en, bad) in enumerate(terms)]
    return TermMatcher(entries).find, "glossary.matcher.TermMatcher"




_NUMERALS = set("〇零一二两三四五六七八九十百千万亿第年月日号点时分")
_POOL = [chr(c) for c in range(0x4E00, 0x4E00 + 3000) if chr(c) not in _NUMERALS]  # common-block Han
_ENGLISH = ("report plan committee session delegates approved adopted reviewed members government programme "
            "national regional policy reform innovation research industry support measures projects funding "
            "province cities rural urban schools hospitals workers farmers students teachers scientists "
            "engineers services transport energy water housing markets exports").split()


def synthetic(n_rows: int, n_terms: int, seed: int = 7) -> tuple[list[QaRow], list[tuple[str, str, str]]]:
    """Rows of Chinese-like sources and matching English targets, with glossary terms in both."""
    rng = random.Random(seed)
    terms = []
    for i in range(n_terms):
        zh = "".join(rng.choice(_POOL) for _ in range(rng.randint(3, 5)))
        name = "".join(chr(97 + (i // 26**k) % 26) for k in range(3))
        terms.append((zh, f"term{name} concept", f"wrongterm{name}"))
    rows = []
    for i in range(n_rows):
        first, second = rng.sample(terms, 2)
        filler = "".join(rng.choice(_POOL) for _ in range(rng.randint(20, 60)))
        source = f"{first[0]}{filler}{second[0]}，2023年5月12日，700多名代表出席。"
        body = " ".join(rng.sample(_ENGLISH, rng.randint(10, 25)))
        ending = second[1] if rng.random() < 0.9 else second[2]
        target = (f"On May 12, 2023, more than 700 delegates discussed the {first[1]}: {body} "
                  f"and the {ending}.")
        rows.append(QaRow(i, source, target, target))
    return rows, terms


def run_synthetic() -> None:
    """Time a 20,000-row document with 5,000 terms, and one row re-checked."""
    rows, terms = synthetic(20_000, 5_000)
    finder, name = make_finder(terms)
    context = QaContext(find_terms=finder)
    started = time.perf_counter()
    check_row(QaRow(-1, "千秋基业", "Qianqiu Foundation, my country's Tiangong 2."), context)
    warm = time.perf_counter() - started
    print(f"\nFirst call (pypinyin syllables and data files load once, unless the demo ran): {warm:.2f} s")
    started, cpu = time.perf_counter(), time.process_time()
    results = check_document(rows, context)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    total = sum(len(v) for v in results.values())
    print(f"Synthetic: {len(rows)} rows, {len(terms)} terms ({name}): {elapsed:.2f} s wall, {cpu:.2f} s CPU, "
          f"{total} issues")
    started = time.process_time()
    for row in rows:
        finder(row.source, "source")
        finder(row.target, "target")
    print(f"  of which glossary look-ups alone: {time.process_time() - started:.2f} s CPU")
    edited = QaRow(123, rows[123].source, rows[123].target + " Edited text here.", rows[123].mt)
    times = []
    for _ in range(200):
        started = time.perf_counter()
        check_row(edited, context)
        times.append(time.perf_counter() - started)
    times.sort()
    print(f"Single-row re-check: median {1000 * times[100]:.3f} ms, max {1000 * times[-1]:.3f} ms")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and run both benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print every finding on the demo")
    parser.add_argument("--demo", type=Path, default=DEMO)
    parser.add_argument("--no-synthetic", action="store_true")
    args = parser.parse_args(argv)
    run_demo(args.demo, args.list)
    if not args.no_synthetic:
        run_synthetic()


if __name__ == "__main__":
    main()

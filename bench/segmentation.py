"""Benchmark the sentence segmenter against pysbd: throughput, peak memory, the boundary-case tables and
the Pragmatic Segmenter Golden Rules (tests/segments/data/english_golden_rules.json), scored in one run;
then boundary precision and recall on literary text split by others: mac-dev's Chinese and English
chapters (../shared, skipped without it), each chapter's sentences joined and split again.

Run from the repository root: `python bench/segmentation.py [--mb 10] [--pysbd-mb 1] [--quality]`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from segments.segmenter import split_document, split_sentences  # noqa: E402
from tests.segments.test_segmenter import EN_CASES, ZH_CASES  # noqa: E402

GOLDEN_RULES = ROOT / "tests" / "segments" / "data" / "english_golden_rules.json"
# pysbd is a test extra; without it the bench still measures and scores ours.
HAVE_PYSBD = importlib.util.find_spec("pysbd") is not None

SEED = "xinhua-2023-05-29-science-workers.en.txt"
FALLBACK = (
    "Seed selection, fertilization, data measurement... At 6 o'clock in the morning, Wang Wenxin was already "
    'busy in the field. The general secretary said in the letter: "I am very pleased to know that everyone '
    'has gone to the fields." Dr. Ding Lieming won the first prize in 2015. The No. 221 factory is 3.5 km '
    "away. my country's achievements are remarkable!\n\n"
)


def demo_article() -> tuple[str, str]:
    """The demo article (from webapp/demo, else the shared seed data, else a built-in paragraph)."""
    for path in (ROOT / "webapp" / "demo" / SEED, ROOT.parent / "shared" / "data" / "seed" / SEED):
        if path.is_file():
            return path.read_text(encoding="utf-8"), str(path.relative_to(ROOT.parent))
    return FALLBACK, "built-in paragraph"


def repeated(article: str, megabytes: float) -> str:
    """The article repeated (paragraph-separated) up to about `megabytes` million characters."""
    unit = article.rstrip() + "\n\n"
    return unit * max(1, round(megabytes * 1_000_000 / len(unit)))


def measure(split: Callable[[str], list], text: str) -> tuple[int, float, float, float]:
    """Sentences and seconds (untraced run), then the output's size and the peak in MiB (traced run)."""
    started = time.perf_counter()
    sentences = len(split(text))
    seconds = time.perf_counter() - started
    tracemalloc.start()
    output = split(text)
    size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del output
    return sentences, seconds, size / 2**20, peak / 2**20


def ours(text: str) -> list:
    """The sentence pieces our segmenter finds."""
    return [piece for paragraph in split_document(text, "en") for piece in paragraph.sentences]


def pysbd_splitter(lang: str) -> Callable[[str], list[str]]:
    """pysbd's segmenter for `lang`, returning stripped non-empty sentences."""
    import pysbd

    segmenter = pysbd.Segmenter(language=lang, clean=False)
    return lambda text: [s.strip() for s in segmenter.segment(text) if s.strip()]


def throughput(args: argparse.Namespace) -> None:
    """Print the throughput and memory table."""
    article, source = demo_article()
    text = repeated(article, args.mb)
    rows = [("bitext segmenter", text, *measure(ours, text))]
    if HAVE_PYSBD:
        sample = repeated(article, args.pysbd_mb)
        rows.append(("pysbd 0.3 (slice)", sample, *measure(pysbd_splitter("en"), sample)))
    print(f"input: {source} repeated; pysbd runs on a {args.pysbd_mb:g} MB slice, compared per sentence\n")
    print(f"{'splitter':<20}{'input MB':>9}{'sentences':>11}{'seconds':>9}{'sent/s':>9}{'MB/s':>7}"
          f"{'output MiB':>11}{'peak MiB':>10}")
    for name, data, sentences, seconds, output, peak in rows:
        print(f"{name:<20}{len(data) / 1e6:>9.2f}{sentences:>11,}{seconds:>9.2f}{sentences / seconds:>9,.0f}"
              f"{len(data) / 1e6 / seconds:>7.2f}{output:>11.1f}{peak:>10.1f}")
    if not HAVE_PYSBD:
        print("\npysbd is not installed (it is a test extra): no speed-up to report")
        return
    (_, _, n_ours, s_ours, _, _), (_, _, n_sbd, s_sbd, _, _) = rows
    print(f"\nspeed-up: {(n_ours / s_ours) / (n_sbd / s_sbd):.0f}x sentences/s")


def golden_rules() -> list[tuple[str, list[str]]]:
    """The 48 Golden Rules for English as (text, expected sentences)."""
    rules = json.loads(GOLDEN_RULES.read_text(encoding="utf-8"))["rules"]
    return [(rule["text"], rule["expected"]) for rule in rules]


def wrong(split: Callable[[str], list[str]], cases: list[tuple[str, list[str]]]) -> list[tuple[str, list]]:
    """The cases `split` gets wrong, each with what it returned."""
    return [(text, got) for text, expected in cases if (got := split(text)) != expected]


def quality(verbose: bool) -> None:
    """Print how many cases each splitter gets exactly right (and, verbose, which ones each gets wrong)."""
    print(f"\n{'boundary cases':<20}{'cases':>7}{'ours':>7}{'pysbd':>7}")
    tables = (("en", "en", EN_CASES), ("zh", "zh", ZH_CASES), ("golden rules (en)", "en", golden_rules()))
    for name, lang, cases in tables:
        ours_wrong = wrong(lambda text, lang=lang: split_sentences(text, lang), cases)
        pysbd_wrong = wrong(pysbd_splitter(lang), cases) if HAVE_PYSBD else []
        pysbd_right = f"{len(cases) - len(pysbd_wrong)}" if HAVE_PYSBD else "n/a"
        print(f"{name:<20}{len(cases):>7}{len(cases) - len(ours_wrong):>7}{pysbd_right:>7}")
        for who, misses in (("ours", ours_wrong), ("pysbd", pysbd_wrong)) if verbose else ():
            for text, got in misses:
                print(f"    {who} {lang}: {text!r} -> {got!r}")
    if not HAVE_PYSBD:
        print("pysbd is not installed (it is a test extra): only our scores are shown")


def reference_boundaries(shared: Path) -> None:
    """Boundary precision / recall / F1 against mac-dev's own sentence splits (literary Chinese and English).

    Their splits are a reference, not a gold standard: they also cut at ： and ； (a project setting here)
    and between a quotation and its speech tag."""
    data = shared / "data" / "align" / "mac-dev"
    if not data.is_dir():
        print(f"\nreference boundaries: skipped, {data} is missing")
        return
    print(f"\n{'reference boundaries':<22}{'sentences':>10}{'P':>7}{'R':>7}{'F1':>7}")
    for lang, joiner in (("zh", ""), ("en", " ")):
        found = expected = right = sentences = 0
        for chapter in sorted((data / lang).iterdir()):
            lines = [line.strip() for line in chapter.read_text(encoding="utf-8").splitlines()
                     if line.strip()]
            sentences += len(lines)
            text = joiner.join(lines)
            ends = {len(joiner.join(lines[:k])) for k in range(1, len(lines))}
            cut, start = set(), 0
            for sentence in split_sentences(text, lang)[:-1]:
                start = text.index(sentence, start) + len(sentence)
                cut.add(start)
            found, expected, right = found + len(cut), expected + len(ends), right + len(cut & ends)
        precision, recall = right / found, right / expected
        print(f"mac-dev {lang:<14}{sentences:>10}{precision:>7.3f}{recall:>7.3f}"
              f"{2 * precision * recall / (precision + recall):>7.3f}")


def main() -> None:
    """Parse the options and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="input size for our segmenter (default 10)")
    parser.add_argument("--pysbd-mb", type=float, default=1.0, help="input size for pysbd (default 1)")
    parser.add_argument("--quality", action="store_true", help="list the cases each splitter gets wrong")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data folder")
    args = parser.parse_args()
    throughput(args)
    quality(args.quality)
    reference_boundaries(args.shared)


if __name__ == "__main__":
    main()

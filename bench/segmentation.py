"""Benchmark the sentence segmenter against pysbd: throughput, peak memory, and the boundary-case tables.

Run from the repository root: `python bench/segmentation.py [--mb 10] [--pysbd-mb 1] [--quality]`.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from segments.segmenter import split_document, split_sentences  # noqa: E402
from tests.segments.test_segmenter import EN_CASES, ZH_CASES  # noqa: E402

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
    sample = repeated(article, args.pysbd_mb)
    split_pysbd = pysbd_splitter("en")
    rows = [("bitext segmenter", text, *measure(ours, text)),
            ("pysbd 0.3 (slice)", sample, *measure(split_pysbd, sample))]
    print(f"input: {source} repeated; pysbd runs on a {args.pysbd_mb:g} MB slice, compared per sentence\n")
    print(f"{'splitter':<20}{'input MB':>9}{'sentences':>11}{'seconds':>9}{'sent/s':>9}{'MB/s':>7}"
          f"{'output MiB':>11}{'peak MiB':>10}")
    for name, data, sentences, seconds, output, peak in rows:
        print(f"{name:<20}{len(data) / 1e6:>9.2f}{sentences:>11,}{seconds:>9.2f}{sentences / seconds:>9,.0f}"
              f"{len(data) / 1e6 / seconds:>7.2f}{output:>11.1f}{peak:>10.1f}")
    (_, _, n_ours, s_ours, _, _), (_, _, n_sbd, s_sbd, _, _) = rows
    print(f"\nspeed-up: {(n_ours / s_ours) / (n_sbd / s_sbd):.0f}x sentences/s")


def quality(verbose: bool) -> None:
    """Print how many boundary cases each splitter gets exactly right (and, verbose, which ones fail)."""
    print(f"\n{'boundary cases':<20}{'cases':>7}{'ours':>7}{'pysbd':>7}")
    for lang, cases in (("en", EN_CASES), ("zh", ZH_CASES)):
        split_pysbd = pysbd_splitter(lang)
        ours_right = sum(split_sentences(text, lang) == expected for text, expected in cases)
        pysbd_wrong = [(text, got) for text, expected in cases if (got := split_pysbd(text)) != expected]
        print(f"{lang:<20}{len(cases):>7}{ours_right:>7}{len(cases) - len(pysbd_wrong):>7}")
        for text, got in pysbd_wrong if verbose else ():
            print(f"    pysbd {lang}: {text!r} -> {got!r}")


def main() -> None:
    """Parse the options and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="input size for our segmenter (default 10)")
    parser.add_argument("--pysbd-mb", type=float, default=1.0, help="input size for pysbd (default 1)")
    parser.add_argument("--quality", action="store_true", help="list the boundary cases pysbd gets wrong")
    args = parser.parse_args()
    throughput(args)
    quality(args.quality)


if __name__ == "__main__":
    main()

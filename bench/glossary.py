"""Benchmark the glossary: index build, matching 10,000 terms over 20,000 sentences, 50,000-row CSV."""

from __future__ import annotations

import random
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from glossary import Term, TermMatcher, read_csv, write_csv, write_tbx  # noqa: E402

T = TypeVar("T")
SEED = 20230529
HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def words(rng: random.Random, count: int) -> list[str]:
    """Return `count` distinct pseudo-English words."""
    found: set[str] = set()
    while len(found) < count:
        found.add("".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 10))))
    return sorted(found)


def synthetic_terms(rng: random.Random, vocabulary: list[str], count: int) -> list[Term]:
    """Return `count` zh→en entries with 1–4 word targets; a third have a forbidden variant."""
    terms, sources = [], set()
    while len(terms) < count:
        source = "".join(rng.choices(HAN, k=rng.randint(2, 5)))
        if source in sources:
            continue
        sources.add(source)
        target = " ".join(rng.choices(vocabulary, k=rng.randint(1, 4)))
        forbidden = (" ".join(rng.choices(vocabulary, k=2)),) if len(terms) % 3 == 0 else ()
        if forbidden and forbidden[0] == target:
            forbidden = ()
        terms.append(Term(source, (target,), "zh", "en", forbidden=forbidden, domain="bench", id=len(terms)))
    return terms


def sentences(rng: random.Random, vocabulary: list[str], terms: list[Term],
              count: int) -> tuple[list[str], list[str]]:
    """Return `count` English and `count` Chinese sentences, each with a few glossary terms mixed in."""
    english, chinese = [], []
    for _ in range(count):
        picked = rng.sample(terms, 3)
        parts = rng.choices(vocabulary, k=20) + [t.preferred.capitalize() + "s" for t in picked]
        rng.shuffle(parts)
        english.append(" ".join(parts) + ".")
        han = rng.choices(HAN, k=35) + [t.source for t in picked]
        rng.shuffle(han)
        chinese.append("".join(han) + "。")
    return english, chinese


def timed(label: str, function: Callable[..., T], *args: object) -> T:
    """Run `function`, print how long it took, and return its result."""
    start = time.perf_counter()
    result = function(*args)
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s")
    return result


def find_all(matcher: TermMatcher, texts: list[str], side: Literal["source", "target"]) -> list[list]:
    """Match every text on one side."""
    return [matcher.find(text, side) for text in texts]


def main() -> None:
    """Print the timings."""
    rng = random.Random(SEED)
    vocabulary = words(rng, 8000)
    terms = synthetic_terms(rng, vocabulary, 10_000)
    english, chinese = sentences(rng, vocabulary, terms, 20_000)
    matcher = timed("build index (10,000 terms)", TermMatcher, terms)
    found = timed("match target side (20,000 EN sentences)", find_all, matcher, english, "target")
    print(f"{'':<48} {sum(map(len, found)):8d} matches")
    found = timed("match source side (20,000 ZH sentences)", find_all, matcher, chinese, "source")
    print(f"{'':<48} {sum(map(len, found)):8d} matches")
    big = synthetic_terms(rng, vocabulary, 50_000)
    data = timed("CSV export (50,000 entries)", write_csv, big)
    report = timed("CSV import (50,000 entries)", read_csv, data)
    print(f"{'':<48} {report.summary()}")
    timed("TBX-Basic export (50,000 entries)", write_tbx, big)


if __name__ == "__main__":
    main()

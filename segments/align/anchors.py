"""Language-neutral anchors: numbers, years, dates, percentages and Latin tokens as comparable keys."""

from __future__ import annotations

import re
from collections.abc import Iterator

from segments.numbers import NumberMention, extract_numbers

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
STRONG, WEAK = 2.0, 0.6  # a written-out small number ("three", 三) is often rephrased or dropped


def _number_key(value: float) -> str:
    return f"n:{value:g}"


def _mention_keys(mention: NumberMention) -> Iterator[str]:
    """Keys of one mention; a date gives its parts, so 2023年5月 still meets "May 12, 2023" halfway."""
    if mention.kind == "date":
        yield from (_number_key(part) for part in (mention.year, mention.day) if part)
        if mention.month:
            yield f"m:{mention.month}"
    elif mention.kind == "time":
        yield f"t:{mention.value:g}"
    elif mention.value != 1:  # 一 and "one" are mostly the article
        yield _number_key(mention.value)


def anchor_keys(text: str, lang: str) -> list[tuple[str, float]]:
    """Return (key, weight) anchors of a sentence: numbers, dates and times, weighted by how telling."""
    return [(key, WEAK if mention.optional else STRONG)
            for mention in extract_numbers(text, lang) for key in _mention_keys(mention)]


def latin_tokens(text: str) -> list[str]:
    """Return the Latin-script tokens of a (mostly non-Latin) text: names, acronyms and copied words."""
    return _LATIN.findall(text)

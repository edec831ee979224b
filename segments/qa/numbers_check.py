"""Numbers, years, percentages, dates and times that differ between source and target."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from segments.numbers import NumberMention, extract_numbers, unmatched
from segments.qa.fixes import suggested
from segments.qa.model import Finding, Fix, QaContext, QaRow

_PLAIN = re.compile(r"\d[\d,]*(?:\.\d+)?")  # a number written in digits, the only kind a fix rewrites


@lru_cache(maxsize=65536)
def _mentions(text: str, lang: str) -> tuple[NumberMention, ...]:
    return tuple(extract_numbers(text, lang))


def number_mismatch(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A number in the source missing from the target, or one in the target not in the source."""
    source = _mentions(row.source, context.src_lang)
    target = _mentions(row.target, context.tgt_lang)
    missing = unmatched(source, target)
    extra = unmatched(target, source)
    if missing:
        shown = ", ".join(m.text for m in missing)
        yield Finding(f"Not found in the target: {shown}", tuple((m.start, m.end) for m in missing), "source")
    if extra:
        shown = ", ".join(m.text for m in extra)
        yield Finding(f"Not found in the source: {shown}", tuple((m.start, m.end) for m in extra),
                      fixes=_from_source(missing, extra, row.target))


def _from_source(missing: list[NumberMention], extra: list[NumberMention], target: str) -> tuple[Fix, ...]:
    """The source's number in place of the target's, when exactly one is missing and one is extra: then the
    source says what the number is (3万 → "30,000" where the MT wrote "3,000")."""
    if len(missing) != 1 or len(extra) != 1:
        return ()
    source, wrong = missing[0], extra[0]
    if source.kind != wrong.kind or source.kind not in ("number", "percent", "year") or source.approx:
        return ()
    digits = _PLAIN.search(target, wrong.start, wrong.end)
    if wrong.spelled or digits is None:
        return ()
    rest = target[digits.end():wrong.end]
    if re.match(r"\s*(?:thousand|million|billion|trillion)\b", rest, re.IGNORECASE):
        return ()  # "3 million": the scale word would have to change too
    return suggested((digits.start(), digits.end(), _format(source.value, source.kind, digits.group())))


def _format(value: float, kind: str, written: str) -> str:
    """``value`` written the way the target writes numbers (thousands separators unless a year)."""
    if kind == "year":
        return str(int(value))
    if value == int(value):
        return f"{int(value):,}" if "," in written or value >= 10_000 else str(int(value))
    return f"{value:,}" if "," in written else f"{value}"

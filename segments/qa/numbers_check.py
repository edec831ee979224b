"""Numbers, years, percentages, dates and times that differ between source and target."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from segments.numbers import NumberMention, extract_numbers, unmatched
from segments.qa.model import Finding, QaContext, QaRow


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
        yield Finding(f"Not found in the source: {shown}", tuple((m.start, m.end) for m in extra))

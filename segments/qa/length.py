"""Document checks on length: a row far off the document's own target/source ratio, a source with no MT."""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Iterator, Sequence

from segments.qa.model import Finding, QaContext, QaRow

_MIN_SOURCE_CHARS = 8  # short rows (headings, names) have noisy ratios
_MIN_ROWS_FOR_MEDIAN = 5


def length_ratio(rows: Sequence[QaRow], context: QaContext) -> Iterator[tuple[Hashable, Finding]]:
    """A target much shorter or longer than the document's usual target/source ratio: omission or addition."""
    pairs = [(row, len(row.target.strip()) / len(row.source.strip())) for row in rows
             if len(row.source.strip()) >= _MIN_SOURCE_CHARS and row.target.strip()]
    expected = context.length_ratio
    if expected is None:
        if len(pairs) < _MIN_ROWS_FOR_MEDIAN:
            return
        expected = statistics.median(ratio for _, ratio in pairs)
    limit = math.log(context.length_tolerance)
    for row, ratio in pairs:
        off = math.log(ratio / expected)
        if abs(off) > limit:
            what = "shorter" if off < 0 else "longer"
            stripped = row.target.strip()
            start = row.target.find(stripped)
            message = f"Target is {math.exp(abs(off)):.1f}× {what} than usual: omission or addition?"
            yield row.key, Finding(message, ((start, start + len(stripped)),))


def missing_mt(rows: Sequence[QaRow], context: QaContext) -> Iterator[tuple[Hashable, Finding]]:
    """A source sentence that got no machine translation while the rest of the document did."""
    if not any(row.mt.strip() for row in rows):
        return
    for row in rows:
        if row.source.strip() and not row.mt.strip():
            stripped = row.source.strip()
            start = row.source.find(stripped)
            yield row.key, Finding("No machine translation for this source sentence.",
                                   ((start, start + len(stripped)),), "source")

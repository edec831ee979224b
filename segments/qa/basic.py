"""Checks that the target exists and is English at all: empty, copied from the source, Chinese left in."""

from __future__ import annotations

from collections.abc import Iterator

from segments.qa.model import Finding, QaContext, QaRow
from segments.qa.text import CJK_RUN, has_cjk


def _whole(text: str) -> tuple[tuple[int, int], ...]:
    stripped = text.strip()
    start = text.find(stripped) if stripped else 0
    return ((start, start + len(stripped)),)


def empty_target(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """The source has text but the target is blank."""
    if row.source.strip() and not row.target.strip():
        yield Finding("The target is empty.", (), "target")


def untranslated(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """The target is a copy of the source (names, numbers and codes of fewer than three words are fine)."""
    source, target = (" ".join(t.split()) for t in (row.source, row.target))
    if not target or source.casefold() != target.casefold():
        return
    if has_cjk(target) or len(target.split()) >= 3:
        yield Finding("The target is identical to the source.", _whole(row.target))


def cjk_in_target(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """Chinese characters or Chinese punctuation left in a non-Chinese target."""
    if context.tgt_lang.lower().startswith(("zh", "ja")) or row.target.strip() == row.source.strip():
        return
    spans = tuple((m.start(), len(m.group().rstrip()) + m.start()) for m in CJK_RUN.finditer(row.target))
    if spans:
        shown = ", ".join(row.target[a:b] for a, b in spans[:3])
        yield Finding(f"Chinese text or punctuation left in the target: {shown}", spans)

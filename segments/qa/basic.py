"""Checks that the target exists and is English at all: empty, copied from the source, Chinese left in."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from segments.qa.fixes import safe
from segments.qa.model import Finding, QaContext, QaRow
from segments.qa.text import CJK_RUN, has_cjk

# Chinese punctuation and its English counterpart; closing marks take a space after, opening ones before.
_CLOSING = {"，": ",", "、": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?", "）": ")", "】": "]",
            "」": "”", "』": "”", "》": "”", "〉": "”", "．": "."}
_OPENING = {"（": "(", "【": "[", "「": "“", "『": "“", "《": "“", "〈": "“"}


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
        edits = [(a, b, english) for a, b in spans if (english := _english_punctuation(row.target, a, b))]
        yield Finding(f"Chinese text or punctuation left in the target: {shown}", spans, fixes=safe(*edits))


def _english_punctuation(text: str, start: int, end: int) -> str | None:
    """The English for a run of Chinese punctuation or full-width characters; None when it holds Chinese
    words (a translation is needed, not a mechanical repair)."""
    run = text[start:end]
    pieces = []
    for ch in run:
        if ch in _CLOSING or ch in _OPENING:
            pieces.append(_CLOSING.get(ch) or _OPENING[ch])
        elif (folded := unicodedata.normalize("NFKC", ch)).isascii():
            pieces.append(folded.strip())  # full-width letters, digits and signs; the ideographic space
        else:
            return None  # a Chinese word: it needs translating
    english = "".join(pieces)
    before, after = text[start - 1:start], text[end:end + 1]
    if run[0] in _OPENING and before and not before.isspace():
        english = " " + english
    if run[-1] in _CLOSING and (after.isalnum() or after in _OPENING.values()):
        english += " "
    return english

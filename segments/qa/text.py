"""Small text helpers shared by the checks: words with offsets, quotations, CJK detection, verbs."""

from __future__ import annotations

import re
from functools import lru_cache

from segments.scripts import HAN

Span = tuple[int, int]

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
CJK = re.compile(f"[{HAN}]")
# Chinese-only punctuation: CJK symbols block and full-width forms; curly quotes are fine in English.
CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
CJK_RUN = re.compile(
    r"(?:[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3000-\u303f\uff01-\uff65]"
    r"[\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3000-\u303f\uff01-\uff65]*)"
)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|«[^»]*»|「[^」]*」|『[^』]*』")
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|can|could|shall|should|"
    r"must|might|[a-z]{3,}ed|said|says|made|took|came|went|gave|became|got|found|led|met|won|"
    r"sent|wrote|saw|built|began|left)\b"
)


def words(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` with their offsets (letters and inner apostrophes, no digits)."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def quoted_spans(text: str) -> list[Span]:
    """Spans of quotations in ``text``; a quotation left open at the start or end runs to the edge."""
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    stripped = text.lstrip()
    if stripped[:1] in "\"“" and (not spans or spans[0][0] != len(text) - len(stripped)):
        spans.insert(0, (0, spans[0][0] if spans else len(text)))
    if text.rstrip()[-1:] in "\"”" and (not spans or spans[-1][1] < len(text.rstrip())):
        spans.append((spans[-1][1] if spans else 0, len(text)))
    return spans


def inside(position: int, spans: list[Span]) -> bool:
    """True when ``position`` falls inside one of ``spans``."""
    return any(start <= position < end for start, end in spans)


@lru_cache(maxsize=65536)
def has_verb(text: str) -> bool:
    """Rough test for a finite verb (auxiliaries, -ed forms, common irregular pasts)."""
    return _VERB.search(text.lower()) is not None


def has_cjk(text: str) -> bool:
    """True when ``text`` contains a Chinese character."""
    return CJK.search(text) is not None

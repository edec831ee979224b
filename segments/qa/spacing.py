"""Whitespace checks on the target: doubled, stray and missing spaces."""

from __future__ import annotations

import re
from collections.abc import Iterator

from segments.qa.fixes import safe
from segments.qa.model import Finding, QaContext, QaRow

_DOUBLE = re.compile(r"(?<=\S)[ \t\u00a0]{2,}(?=\S)")
_EDGE = re.compile(r"^\s+|\s+$")
# A space before , ; : ! ? or a single full stop; " ..." is a valid ellipsis style, so it is left alone.
_BEFORE = re.compile(r"(?<=\w)[ \t]+(?:[,;:!?]|\.(?!\.))(?=\s|$|[\"”’')])")
_BEFORE_HINTS = tuple(space + mark for space in " \t" for mark in ",.;:!?")
# Sentence end or ellipsis glued to the next word: "value.The", "data...Since", "rail,which"; the
# characters before the mark are checked in Python so that the pattern can start with a literal.
_AFTER = re.compile(r"(?:\.{3}|…|[!?])(?=[A-Za-z])|[.;,](?=[A-Z][a-z])|[;,](?=[a-z]{2})")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


def _glued(text: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for m in _AFTER.finditer(text):
        start = m.start()
        before = text[max(0, start - 2):start]
        if m.group() in ("...", "…", "!", "?"):
            ok = before[-1:].isalnum() or before[-1:] in "\"”)"
        else:
            ok = len(before) == 2 and before[0] in _LOWER and before[1] in _LOWER
        if ok and before:
            spans.append(m.span())
    return tuple(spans)


def _spans(pattern: re.Pattern[str], text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in pattern.finditer(text))


def double_space(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """Two or more spaces between words."""
    spaced = "  " in row.target or "\t" in row.target or "\xa0" in row.target
    if spaced and (spans := _spans(_DOUBLE, row.target)):
        # A run holding a no-break space keeps one: it was there to hold "10 km" together.
        edits = ((a, b, "\xa0" if "\xa0" in row.target[a:b] else " ") for a, b in spans)
        yield Finding("Double space.", spans, fixes=safe(*edits))


def edge_space(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """Whitespace at the start or end of the target."""
    edges = row.target[:1].isspace() or row.target[-1:].isspace()
    if edges and row.target.strip() and (spans := _spans(_EDGE, row.target)):
        yield Finding("Leading or trailing whitespace.", spans, fixes=safe(*((a, b, "") for a, b in spans)))


def space_before_punctuation(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A space before a comma, full stop, colon, semicolon, question or exclamation mark."""
    hinted = any(hint in row.target for hint in _BEFORE_HINTS)
    if hinted and (spans := _spans(_BEFORE, row.target)):
        edits = ((a, b, row.target[a:b].strip()) for a, b in spans)
        yield Finding("Space before punctuation.", spans, fixes=safe(*edits))


def missing_space_after_punctuation(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """No space after a sentence end, comma or ellipsis before the next word."""
    if spans := _glued(row.target):
        yield Finding("Missing space after punctuation.", spans, fixes=safe(*((b, b, " ") for _, b in spans)))

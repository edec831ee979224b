"""Edits found on a text with its inline tags stripped, made on the tagged text without losing a tag.

Word-level tools (QA, find & replace) look at `segments.tags.untagged(text)`. Their spans and replacements map
back here: a span never starts or ends inside a tag, and a replaced range keeps the tags it held, the opening
ones before the new text and the closing and standalone ones after it, so "my <1>country</1>" replaced by
"China" gives "<1>China</1>": the formatting follows the words that replaced the ones it covered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from difflib import SequenceMatcher

from segments.tags import TagKind, has_tags, tags, untagged_with_offsets

Span = tuple[int, int]


def span_back(span: Span, offsets: list[int]) -> Span:
    """A span of the stripped text as a span of the tagged one (its offsets from untagged_with_offsets)."""
    start, end = span
    return offsets[start], (offsets[end - 1] + 1 if end > start else offsets[start])


def insertion_back(at: int, offsets: list[int]) -> int:
    """Where an insertion at ``at`` of the stripped text goes: right after the character before it."""
    return offsets[at - 1] + 1 if at else 0


def replacement_back(text: str, offsets: list[int], start: int, end: int, new: str) -> tuple[int, int, str]:
    """The edit of the tagged ``text`` that replaces ``start:end`` of its stripped form by ``new``."""
    if start == end:
        at = insertion_back(start, offsets)
        return at, at, new
    start, end = span_back((start, end), offsets)
    return start, end, keeping_tags(text[start:end], new)


def keeping_tags(old: str, new: str) -> str:
    """``new`` in place of ``old`` with the tags ``old`` held: opening ones first, the others last."""
    inner = tags(old)
    opening = "".join(t.token for t in inner if t.kind is TagKind.OPEN)
    rest = "".join(t.token for t in inner if t.kind is not TagKind.OPEN)
    return opening + new + rest


def replace_untagged(text: str, find: Callable[[str], Iterable[tuple[int, int, str]]]) -> str:
    """``text`` with the replacements ``find`` gives on its stripped form (start, end, new; in order, not
    overlapping) made on the tagged text, every tag kept."""
    if not has_tags(text):
        return _apply(text, list(find(text)))
    plain, offsets = untagged_with_offsets(text)
    return _apply(text, [replacement_back(text, offsets, a, b, new) for a, b, new in find(plain)])


_PIECE = re.compile(r"\w+|\s+|[^\w\s]")


def retagged(old: str, new: str) -> str:
    """``new`` (a plain rewrite of the tagged ``old``, say from an edited Word file) with ``old``'s tags put
    back: a tag stays beside the words it was beside where they are unchanged, and a rewritten stretch keeps
    the tags it held as a replacement does (opening ones before it, the others after)."""
    if not has_tags(old) or has_tags(new):
        return new
    return replace_untagged(old, lambda plain: _word_edits(plain, new))


def _word_edits(old: str, new: str) -> Iterator[tuple[int, int, str]]:
    """The changes from ``old`` to ``new`` word by word, as (start, end, replacement) on ``old``."""
    a, b = _PIECE.findall(old), _PIECE.findall(new)
    a_at, b_at = _starts(a), _starts(b)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            yield a_at[i1], a_at[i2], new[b_at[j1]:b_at[j2]]


def _starts(pieces: list[str]) -> list[int]:
    starts, at = [0], 0
    for piece in pieces:
        at += len(piece)
        starts.append(at)
    return starts


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    pieces, at = [], 0
    for start, end, new in edits:
        pieces += [text[at:start], new]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)

"""Composing the repairs that checks propose, and the small text helpers they share.

Every fix is a set of edits on the target. Several fixes for one row compose into one text: they are taken
in a fixed order (leftmost first, then the one covering more text, then safe before suggested, then by the
edits' own text) and a fix whose edits touch an edit already taken is left out whole, so the same row always
gives the same text whatever order the checks ran in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from segments.qa.model import Edit, Fix, FixKind

SENTENCE_END = ".!?。！？…"
OPENERS = "\"'“‘«‹([{「『（【"


@dataclass(frozen=True)
class Composed:
    """The text after composing fixes, with the fixes that were applied and those left out (overlapping)."""

    text: str
    applied: tuple[Fix, ...]
    skipped: tuple[Fix, ...]


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start  # two insertions at one point: their order would be a guess
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _order(fix: Fix) -> tuple[int, int, bool, tuple[tuple[int, int, str], ...]]:
    start = min(e.start for e in fix.edits)
    end = max(e.end for e in fix.edits)
    # The edits themselves break the last ties, so that the order the checks ran in never matters.
    edits = tuple((e.start, e.end, e.text) for e in fix.edits)
    return (start, start - end, fix.kind is not FixKind.SAFE, edits)


def compose(text: str, fixes: Iterable[Fix]) -> Composed:
    """Apply ``fixes`` to ``text`` together; overlapping ones are resolved as the module says."""
    taken: list[Edit] = []
    applied: list[Fix] = []
    skipped: list[Fix] = []
    for fix in sorted((f for f in fixes if f.edits), key=_order):
        if any(_overlap(edit, other) for edit in fix.edits for other in taken):
            skipped.append(fix)
            continue
        taken.extend(fix.edits)
        applied.append(fix)
    for edit in sorted(taken, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return Composed(text, tuple(applied), tuple(skipped))


def fix(kind: FixKind, *edits: tuple[int, int, str]) -> Fix:
    """A fix from (start, end, replacement) triples."""
    return Fix(tuple(Edit(start, end, text) for start, end, text in edits), kind)


def safe(*edits: tuple[int, int, str]) -> tuple[Fix, ...]:
    """One safe fix, as the ``fixes`` of a finding (none when there are no edits)."""
    return (fix(FixKind.SAFE, *edits),) if edits else ()


def suggested(*edits: tuple[int, int, str]) -> tuple[Fix, ...]:
    """One suggested fix, as the ``fixes`` of a finding (none when there are no edits)."""
    return (fix(FixKind.SUGGESTED, *edits),) if edits else ()


def alternatives(start: int, end: int, options: Sequence[str], kind: FixKind = FixKind.SUGGESTED,
                 text: str | None = None) -> tuple[Fix, ...]:
    """One fix per replacement of ``start:end``, first the default; options equal to ``text`` dropped."""
    seen: list[str] = []
    for option in options:
        if option not in seen and option != text:
            seen.append(option)
    return tuple(fix(kind, (start, end, option)) for option in seen)


def at_sentence_start(text: str, start: int) -> bool:
    """True when ``start`` begins a sentence or a quotation of ``text``."""
    before = text[:start].rstrip()
    if before[-1:] in OPENERS and before[-1:]:
        return True  # a capital after an opening quote starts a quoted sentence: 'the times "The …'
    return not before or before[-1] in SENTENCE_END


def match_case(old: str, new: str, sentence_start: bool) -> str:
    """``new`` in the case of ``old``: all capitals stay capitals, a capital at a sentence start stays."""
    if not new:
        return new
    if len(old) > 1 and old.isupper() and any(c.islower() for c in new):
        return new.upper()
    if sentence_start and old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def capitalise(word: str) -> str:
    """``word`` with its first letter upper-cased, the rest kept."""
    return word[:1].upper() + word[1:]

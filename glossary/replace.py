"""Fix forbidden target variants in a text, with a list of changes for a preview."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from glossary.matcher import TermMatcher

_SENTENCE_END = ".!?。！？…"
_OPENERS = "\"'“‘«‹([{「『（【"


@dataclass(frozen=True)
class Change:
    """One forbidden variant at `start:end` of the original text and its replacement.

    `applied` is False for inflected forms ("scientific and technological worker" for the forbidden
    "... workers"): they are shown in the preview but left for a person, since number or tense of the
    replacement would be wrong.
    """

    start: int
    end: int
    old: str
    new: str
    term_id: Hashable
    applied: bool


def replace_forbidden(text: str, matcher: TermMatcher) -> tuple[str, list[Change]]:
    """Replace the forbidden variants in `text` by their preferred target; return new text and changes."""
    changes: list[Change] = []
    for match in matcher.find(text, "target"):
        if match.kind != "forbidden":
            continue
        term = matcher.term(match.term_id)
        exact = _fold(match.text) in {_fold(f) for f in term.forbidden}
        new = _match_case(match.text, match.preferred, _at_sentence_start(text, match.start))
        changes.append(Change(match.start, match.end, match.text, new, match.term_id, exact))
    pieces: list[str] = []
    position = 0
    for change in changes:
        if change.applied:
            pieces += [text[position:change.start], change.new]
            position = change.end
    pieces.append(text[position:])
    return "".join(pieces), changes


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip().rstrip(_OPENERS).rstrip()
    return not before or before[-1] in _SENTENCE_END


def _match_case(old: str, new: str, sentence_start: bool) -> str:
    if not new:
        return new
    if len(old) > 1 and old.isupper() and any(c.islower() for c in new):
        return new.upper()
    if sentence_start and old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new

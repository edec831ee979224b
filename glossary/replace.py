"""Fix forbidden target variants in a text, with a list of changes for a preview."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from glossary.matcher import TermMatcher
from segments.qa.fixes import at_sentence_start, match_case


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
        new = match_case(match.text, match.preferred, at_sentence_start(text, match.start))
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

"""Fix forbidden target variants in a text, with a list of changes for a preview."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from glossary.matcher import TermMatcher
from segments.qa.fixes import at_sentence_start, match_case
from segments.tag_edits import keeping_tags
from segments.tags import untagged


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
        words = untagged(match.text)
        exact = _fold(words) in {_fold(f) for f in term.forbidden}
        before = untagged(text[:match.start])  # a tag before a sentence's first word does not hide it
        new = match_case(words, match.preferred, at_sentence_start(before, len(before)))
        changes.append(Change(match.start, match.end, match.text, new, match.term_id, exact))
    pieces: list[str] = []
    position = 0
    for change in changes:
        if change.applied:
            # A term split by a tag ("scientific <1>and</1> technological worker") keeps the tag.
            pieces += [text[position:change.start], keeping_tags(text[change.start:change.end], change.new)]
            position = change.end
    pieces.append(text[position:])
    return "".join(pieces), changes


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()

"""Propose glossary entries from the same word-level correction made by reviewers in several sentences."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from glossary.matcher import tokenize
from glossary.model import Term

_MAX_WORDS = 6  # longer replacements are rewrites of a clause, not terminology
_MAX_EXAMPLES = 3


@dataclass(frozen=True)
class Suggestion:
    """A replacement seen in `count` sentences: `new` as the target, `old` as its forbidden variant."""

    old: str
    new: str
    count: int
    examples: tuple[tuple[str, str], ...]

    def to_term(self, source: str, src_lang: str = "zh", tgt_lang: str = "en") -> Term:
        """Return a proposed entry for `source` with this suggestion's target and forbidden variant."""
        return Term(source, (self.new,), src_lang, tgt_lang, forbidden=(self.old,), status="proposed",
                    note=f"Suggested from {self.count} reviewer corrections of '{self.old}'.")


def suggest_entries(replacements: Iterable[tuple[str, str]], min_count: int = 3) -> list[Suggestion]:
    """Return word replacements seen in at least `min_count` (old, new) text pairs, most frequent first."""
    seen: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {}
    for old_text, new_text in replacements:
        for old, new in set(_replaced_phrases(old_text, new_text)):
            key = (_fold(old), _fold(new))
            seen.setdefault(key, []).append((old, new, old_text, new_text))
    suggestions = []
    for found in seen.values():
        if len(found) < min_count:
            continue
        old, new = found[0][0], found[0][1]
        examples = tuple((o, n) for _, _, o, n in found[:_MAX_EXAMPLES])
        suggestions.append(Suggestion(old, new, len(found), examples))
    suggestions.sort(key=lambda s: (-s.count, s.old.casefold(), s.new.casefold()))
    return suggestions


def _replaced_phrases(old_text: str, new_text: str) -> list[tuple[str, str]]:
    old_tokens, new_tokens = tokenize(old_text), tokenize(new_text)
    matcher = difflib.SequenceMatcher(None, [t.group() for t in old_tokens], [t.group() for t in new_tokens],
                                      autojunk=False)
    found = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace" or i2 - i1 > _MAX_WORDS or j2 - j1 > _MAX_WORDS:
            continue
        old = old_text[old_tokens[i1].start():old_tokens[i2 - 1].end()]
        new = new_text[new_tokens[j1].start():new_tokens[j2 - 1].end()]
        if _fold(old) != _fold(new):
            found.append((old, new))
    return found


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()

"""Repetition checks on the target: a word twice in a row, a phrase repeated within a sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from segments.qa.fixes import safe
from segments.qa.model import Finding, QaContext, QaRow, Span
from segments.qa.text import words

_REPEATED = re.compile(r"\b([^\W\d_]+)\s+(\1)\b", re.IGNORECASE)
_DOUBLING_OK = frozenset({"had", "that", "bye", "ha", "no", "very", "so", "far", "really"})
_CONNECTORS = frozenset({"and", "or", "then", "again", "also"})
# Idioms built as "X and X": "more and more", "again and again", "better and better".
_X_AND_X_OK = frozenset({"more", "less", "again", "over", "on", "round", "through", "by", "out", "up", "down",
                         "time", "step", "side", "hand", "day", "year", "back", "forth", "around", "bit"})
_FUNCTION = frozenset("the a an of to in on at and or for with by from as is are was were be that this its "
                      "it their his her our we they he she which who".split())
_MAX_N, _MAX_GAP = 6, 2
Token = tuple[str, int, int]
_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@lru_cache(maxsize=1024)  # the app checks 1,000 rows at a time, check by check (runner.check_rows)
def _lower_words(text: str) -> list[str]:
    """Lower-cased words of ``text``, shared by both checks of a row."""
    return _LETTERS.findall(text.lower())


def repeated_word(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """The same word twice in a row, in any case ("the the", "achievements Achievements")."""
    lower = _lower_words(row.target)
    if not any(a == b for a, b in zip(lower, lower[1:], strict=False)):  # cheap, before the back-reference
        return
    hits = [m for m in _REPEATED.finditer(row.target) if m.group(1).lower() not in _DOUBLING_OK]
    if hits:
        # The second word goes with the space before it: "achievements Achievements," → "achievements,".
        yield Finding("Repeated word.", tuple(m.span() for m in hits),
                      fixes=safe(*((m.end(1), m.end(2), "") for m in hits)))


def duplicated_phrase(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A phrase repeated at once or across "and": "overcome difficulties and overcome difficulties"."""
    if not _content_word_recurs(_lower_words(row.target)):
        return
    tokens = words(row.target)
    lower = [t[0].lower() for t in tokens]
    recurs = _recurring_soon(lower)
    spans: list[Span] = []
    edits: list[tuple[int, int, str]] = []
    covered = -1
    for i in range(len(tokens)):
        if i <= covered or not recurs[i]:
            continue
        hit = _repeat_at(lower, i, row.target, tokens)
        if hit:
            n, j = hit
            spans.append((tokens[i][1], tokens[j + n - 1][2]))
            covered = j + n - 1
            if not _is_name(tokens[i:i + n]):
                # The repeat goes with what joins it: "overcome difficulties and overcome difficulties,"
                # → "overcome difficulties,".
                edits.append((tokens[i + n - 1][2], tokens[j + n - 1][2], ""))
    if spans:
        yield Finding("Duplicated phrase.", tuple(spans), fixes=safe(*edits))


def _is_name(phrase: list[Token]) -> bool:
    """A capitalised phrase repeated ("the Academy of Sciences and the Academy of Sciences") is more often
    a second name mistranslated than a stutter: deleting it would lose an entity, so it gets no fix."""
    content = [word for word, _, _ in phrase if word.lower() not in _FUNCTION]
    return bool(content) and all(word[:1].isupper() for word in content)


def _recurring_soon(lower: list[str]) -> list[bool]:
    """For each word, whether it recurs within the longest phrase plus gap (where a repeat can start)."""
    seen: dict[str, int] = {}
    result = [False] * len(lower)
    for index in range(len(lower) - 1, -1, -1):
        result[index] = seen.get(lower[index], 1 << 30) - index <= _MAX_N + _MAX_GAP
        seen[lower[index]] = index
    return result


def _content_word_recurs(lower: list[str]) -> bool:
    """Quick filter: any repeated phrase has a content word recurring within n + gap words."""
    content = [w for w in lower if w not in _FUNCTION]
    if len(set(content)) == len(content):
        return False
    last: dict[str, int] = {}
    for index, word in enumerate(lower):
        if word not in _FUNCTION:
            if index - last.get(word, -99) <= _MAX_N + _MAX_GAP:
                return True
            last[word] = index
    return False


def _repeat_at(lower: list[str], i: int, text: str, tokens: list[Token]) -> tuple[int, int] | None:
    """Longest n-gram starting at ``i`` that recurs after a gap of connectors only; (n, start of repeat)."""
    for n in range(min(_MAX_N, (len(lower) - i) // 2), 0, -1):
        phrase = lower[i:i + n]
        if all(w in _FUNCTION for w in phrase):
            continue
        for gap in range(0 if n > 1 else 1, _MAX_GAP + 1):
            j = i + n + gap
            if j >= len(lower) or lower[j] != phrase[0] or lower[j:j + n] != phrase:
                continue
            if not all(w in _CONNECTORS for w in lower[i + n:j]):
                continue
            if n == 1 and (phrase[0] in _X_AND_X_OK or phrase[0].endswith("er")):
                continue
            between = text[tokens[i + n - 1][2]:tokens[j][1]]
            if re.search(r"[.!?;:]", between) or ("," in between and gap):
                continue  # next sentence, or ", and X" starting a new clause (a rhetorical repeat)
            return n, j
    return None

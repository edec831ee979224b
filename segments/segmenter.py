"""Sentence segmentation: paragraphs of sentences whose pieces join back into the input exactly.

The rules are data (`segments.segmentation_rules`, SRX-style); this module is the one engine that applies
them. Break rules are found by one regex scan each over the whole text; at each candidate the no-break
rules that come earlier in the language's order are tried, anchored at that position, and the first rule
that matches decides. List items written on one line ("1.) The first item 2.) The second item") are found
by one more pass (`_list_items`), since telling a list marker from a number needs the marker before it.
A piece runs from the end of the previous one to its break plus the whitespace that
follows, so joining the pieces gives back the input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from segments.segmentation_rules import ABBREVIATIONS, EN_SENTENCE_STARTERS, RULES, TITLES
from segments.tag_edits import insertion_back
from segments.tags import TAG_RE, has_tags, open_tag, solo_tag, untagged_with_offsets

_WHITESPACE = re.compile(r"\s*")
_LINE_BREAK = r"(?:\r\n|\r(?!\n)|[\n\u2028\u2029\x85])"
_BLANK_LINE = re.compile(rf"{_LINE_BREAK}[^\S\r\n\u2028\u2029\x85]*+{_LINE_BREAK}")
_NEVER = "(?!)"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One piece of the input: its content plus the whitespace that follows it."""

    text: str
    start: int
    end: int
    rule: str = ""

    @property
    def content(self) -> str:
        """The sentence without surrounding whitespace."""
        return self.text.strip()

    @property
    def lead(self) -> str:
        """Whitespace before the content (only the first piece of a document has any)."""
        return self.text[: len(self.text) - len(self.text.lstrip())]

    @property
    def tail(self) -> str:
        """Whitespace after the content, blank lines included."""
        stripped = self.text.rstrip()
        return self.text[len(stripped):] if stripped else ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of sentences ended by a blank line (or by the end of the input)."""

    index: int
    start: int
    end: int
    sentences: tuple[Sentence, ...]


# (after.match, before.search, reach, rule id if the rule breaks else "")
_Guard = tuple[Callable[..., re.Match[str] | None], Callable[..., re.Match[str] | None], int, str]


@dataclass(frozen=True)
class _RuleSet:
    """A language's rules compiled: one scanner per break rule, and the no-break guards that outrank it."""

    scanners: tuple[tuple[str, re.Pattern[str]], ...]
    guards: tuple[tuple[_Guard, ...], ...]  # guards[i]: unscanned rules ordered before break rule i


def primary_language(lang: str) -> str:
    """The primary subtag of a BCP 47 (or POSIX) language code, lowercased: "zh-Hans-CN" -> "zh"."""
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower() or "und"


def split_sentences(
    text: str, lang: str = "en", extra_abbreviations: Iterable[str] = (), *,
    semicolon_ends: bool = False, colon_ends: bool = False,
) -> list[str]:
    """Split text (usually one paragraph) into sentences, whitespace stripped; options as `split_document`."""
    return [
        piece.content
        for paragraph in split_document(text, lang, extra_abbreviations, semicolon_ends=semicolon_ends,
                                        colon_ends=colon_ends)
        for piece in paragraph.sentences
        if piece.content
    ]


def split_document(
    text: str, lang: str = "en", extra_abbreviations: Iterable[str] = (), *,
    semicolon_ends: bool = False, colon_ends: bool = False,
) -> list[Paragraph]:
    """Split a document into paragraphs of sentence pieces; joining all pieces gives back `text`.

    `semicolon_ends` and `colon_ends` (a project setting) let ；/： end a Chinese sentence, as they do
    after a Chinese character when half-width; English never ends a sentence on either.
    """
    soft = ("；", ";") if semicolon_ends else ("", "")
    if colon_ends:
        soft = (soft[0] + "：", soft[1] + ":")
    rules = _compiled(primary_language(lang), _normalise_abbreviations(extra_abbreviations), soft)
    paragraphs: list[Paragraph] = []
    group: list[Sentence] = []
    for piece, ends_paragraph in _pieces(text, _tagged_breaks(text, rules)):
        group.append(piece)
        if ends_paragraph:
            paragraphs.append(Paragraph(len(paragraphs), group[0].start, group[-1].end, tuple(group)))
            group = []
    if group:
        paragraphs.append(Paragraph(len(paragraphs), group[0].start, group[-1].end, tuple(group)))
    return paragraphs


OPEN_MARK, SOLO_MARK = open_tag(0)[0], solo_tag(0)[0]


def _tagged_breaks(text: str, rules: _RuleSet) -> list[tuple[int, str]]:
    """The breaks of `text`, found on its words alone when it holds inline tags: a closing or standalone tag
    right after a sentence's last character (a bold ending, a footnote mark) stays with that sentence, an
    opening tag goes with the next."""
    if not has_tags(text):
        return _breaks(text, rules)
    # Paired tags removed, standalone ones read as a space: "One.<br>Two." breaks as "One. Two." does.
    words, offsets = untagged_with_offsets(text, solo_as=" ")
    mapped = []
    for position, rule in _breaks(words, rules):
        at = insertion_back(position, offsets)
        if at < len(text) and text[at - 1] == SOLO_MARK:
            at = TAG_RE.match(text, at - 1).end()  # type: ignore[union-attr]
        while (tag := TAG_RE.match(text, at)) and tag.group(1) != OPEN_MARK:
            at = tag.end()
        mapped.append((at, rule))
    return mapped


def _breaks(text: str, rules: _RuleSet) -> list[tuple[int, str]]:
    """Positions where a sentence ends, in order, each with the id of the rule that ended it."""
    first: dict[int, int] = {}
    for index, (_, scanner) in enumerate(rules.scanners):
        for match in scanner.finditer(text):
            first.setdefault(match.end(), index)  # scanners run in rule order: the first one outranks
    item_starts, marker_ends = _list_items(text)
    breaks = [(position, "list_item") for position in item_starts if position not in first]
    for position, index in first.items():
        if position in marker_ends:
            continue
        for after, before, reach, rule in rules.guards[index]:
            if after(text, position) and before(text, max(position - reach, 0), position):
                if rule:
                    breaks.append((position, rule))
                break
        else:
            breaks.append((position, rules.scanners[index][0]))
    breaks.sort()
    return breaks


# A line that opens with a list marker: a bullet, an enumerator ("1.", "1.)", "1)", "a."), or both.
_LIST_LINE = re.compile(
    r"^[ \t]*+(?:(?P<bullet>[•⁃‣◦▪])[ \t]*+)?(?:(?P<value>\d{1,3}|[a-z])(?P<stop>\.\)|\)|\.)(?=[ \t]))?",
    re.MULTILINE,
)
_INLINE_ENUMERATOR = r"(?:\d{1,3}(?:\.\)|\)|\.)(?=[ \t]))?"


def _list_items(text: str) -> tuple[list[int], set[int]]:
    """Where items of a one-line list start, and where list markers end (a stop there ends nothing).

    A line opening with a bullet is split before each later " • "; a line opening with an enumerator is
    split before its successor only ("1." then " 2.", "a." then " b."): a number in running text is taken
    for a marker only when the marker before it opened the line.
    """
    starts: list[int] = []
    ends: set[int] = set()
    for line in _LIST_LINE.finditer(text):
        if not (line["bullet"] or line["value"]):
            continue
        ends.add(line.end())
        line_end = text.find("\n", line.end())
        line_end = len(text) if line_end < 0 else line_end
        if line["bullet"]:
            marker = re.compile(rf"(?<=\s){re.escape(line['bullet'])}[ \t]*+{_INLINE_ENUMERATOR}")
            for item in marker.finditer(text, line.end(), line_end):
                starts.append(item.start())
                ends.add(item.end())
            continue
        value, position = line["value"], line.end()
        while True:
            value = str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)
            marker = re.compile(rf"(?<=\s){re.escape(value + line['stop'])}(?=[ \t])")
            item = marker.search(text, position, line_end)
            if item is None:
                break
            starts.append(item.start())
            ends.add(item.end())
            position = item.end()
    return starts, ends


def _pieces(text: str, breaks: list[tuple[int, str]]) -> Iterable[tuple[Sentence, bool]]:
    """Cut `text` at the breaks, each piece taking the whitespace after it; flag pieces ending a paragraph."""
    start = 0
    content_start = _WHITESPACE.match(text).end()
    for position, rule in breaks:
        if position <= content_start:  # nothing but whitespace since the last cut
            continue
        cut = _WHITESPACE.match(text, position).end()
        piece = text[start:cut]
        tail_start = start + len(piece.rstrip())
        yield Sentence(piece, start, cut, rule), _BLANK_LINE.search(text, tail_start, cut) is not None
        start = content_start = cut
    if start < len(text):
        yield Sentence(text[start:], start, len(text), "end"), False


def _normalise_abbreviations(words: Iterable[str]) -> frozenset[str]:
    """Extra abbreviations as a hashable set, each with its final full stop ("Govt" -> "Govt.")."""
    if isinstance(words, str):
        words = [words]
    return frozenset(w if w.endswith(".") else w + "." for w in (w.strip() for w in words) if w)


@lru_cache(maxsize=64)
def _compiled(lang: str, extra_abbreviations: frozenset[str], soft_stops: tuple[str, str]) -> _RuleSet:
    """Compile a language's rules once per (language, extra abbreviations, ；/： setting)."""
    lists = {
        "{TITLES}": _with_capitalised(TITLES.get(lang, ())) | extra_abbreviations,
        "{ABBREVIATIONS}": _with_capitalised(ABBREVIATIONS.get(lang, ())),
    }
    words = {"{STARTERS}": _alternation(EN_SENTENCE_STARTERS), "{SOFT_FULL}": soft_stops[0],
             "{SOFT_HALF}": soft_stops[1]}
    scanners, guards, pending = [], [], []
    for rule in RULES.get(lang, RULES["und"]):
        before, after, reach = rule.before, rule.after, rule.reach
        for placeholder, listed in lists.items():
            if placeholder in before:
                before = before.replace(placeholder, _alternation(listed))
                reach = max((len(word) + 1 for word in listed), default=1)  # +1 for the lookbehind
        for placeholder, pattern in words.items():
            before, after = before.replace(placeholder, pattern), after.replace(placeholder, pattern)
        if rule.breaks and rule.scan:
            lookahead = f"(?={after})" if after else ""
            scanners.append((rule.id, re.compile(f"(?:{before}){lookahead}", re.MULTILINE)))
            guards.append(tuple(pending))
        else:
            pending.append(_guard(before, after, reach, rule.id if rule.breaks else ""))
    return _RuleSet(tuple(scanners), tuple(guards))


def _guard(before: str, after: str, reach: int, breaks_as: str) -> _Guard:
    """An unscanned rule as (after.match, before.search, reach, id): `before` ends where `after` starts."""
    anchored = re.compile(f"(?:{before})\\Z", re.MULTILINE)
    return re.compile(after, re.MULTILINE).match, anchored.search, reach, breaks_as


def _with_capitalised(words: Iterable[str]) -> set[str]:
    """The words plus their sentence-initial forms ("e.g." -> "E.g.")."""
    words = set(words)
    return words | {w[0].upper() + w[1:] for w in words}


def _alternation(words: Iterable[str]) -> str:
    """A regex matching exactly one of `words`, factored as a trie so a miss fails on its first letter."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return f"(?:{_trie_pattern(trie)})" if trie else _NEVER


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) == 1 else body + "?"

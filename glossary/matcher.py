"""Find glossary terms in source and target text with one Aho-Corasick automaton per side."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, replace
from typing import Literal

import ahocorasick
import snowballstemmer

from glossary.model import Term
from segments.scripts import CJK as _CJK
from segments.segmenter import primary_language
from segments.tag_edits import span_back
from segments.tags import has_tags, untagged_with_offsets

Side = Literal["source", "target"]
Kind = Literal["source", "target", "forbidden"]

# Combining marks are not \w in Python; without them NFD text, Hebrew points or Arabic harakat split words.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0903"
_MARKS += "\u093a-\u094f\u0951-\u0957\u0962\u0963\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u200c\u200d"
TOKEN_RE = re.compile(f"[{_CJK}]|[^\\W_{_CJK}](?:[^\\W_{_CJK}]|[{_MARKS}])*")
# The same tokens in ASCII text (no CJK, no marks there, and [^\W_] is [A-Za-z0-9]), found 3x faster.
_ASCII_TOKEN_RE = re.compile(r"[A-Za-z0-9]+")
_GROUP = re.Match.group

_STEMMERS = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "et": "estonian", "eu": "basque", "fi": "finnish", "fr": "french",
    "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "nb": "norwegian", "ne": "nepali", "nl": "dutch", "nn": "norwegian",
    "no": "norwegian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
_CACHE_LIMIT = 500_000
_ALPHABET = string.digits + string.ascii_letters + "+/"  # a key's code: no space and never _UNUSED
_UNUSED = "~"  # the code of a word no pattern uses
# English endings that make an inflected form; the stemmer also strips derivational ones
# ("researchers" -> "research", "technologically" -> "technolog"), which would over-match.
_INFLECTIONS = frozenset({"", "s", "es", "ed", "d", "ing", "e", "y", "ies", "ied", "'s", "s'"})


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in a text; `start`/`end` are offsets into the original text."""

    start: int
    end: int
    term_id: Hashable
    kind: Kind
    text: str
    preferred: str
    form: str = ""  # the glossary's own wording that matched (the forbidden variant, the term)


@dataclass(frozen=True)
class _Pattern:
    term_index: int
    kind: Kind
    folded: tuple[str, ...]
    surface: tuple[str, ...]
    case_sensitive: bool
    form: str  # the surface words joined: TermMatch.form


def tokenize(text: str) -> list[re.Match[str]]:
    """Split `text` into word tokens (CJK characters one by one); each match keeps its offsets."""
    return list(TOKEN_RE.finditer(text))


class _Keyer:
    """Map a word to its matching key: NFKC, case-folded and stemmed for the language, cached."""

    def __init__(self, lang: str) -> None:
        algorithm = _STEMMERS.get(primary_language(lang))
        self.english = algorithm == "english"
        self._stemmer = snowballstemmer.stemmer(algorithm) if algorithm else None
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        key = self._cache.get(word)
        if key is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            key = unicodedata.normalize("NFKC", word).casefold().replace(" ", "")
            if self._stemmer is not None and len(key) > 2 and not key.isdigit():
                key = self._stemmer.stemWord(key)
            self._cache[word] = key
        return key


class _Codes(dict):
    """Word -> the code of its key among the keys the glossary uses (``_UNUSED`` for any other), filled on
    a miss, so that ``map(codes.__getitem__, words)`` codes a text at the speed of dict lookups."""

    def __init__(self, keyer: _Keyer, vocabulary: dict[str, str]) -> None:
        super().__init__()
        self.keyer, self._vocabulary = keyer, vocabulary

    def __missing__(self, word: str) -> str:
        if len(self) > _CACHE_LIMIT:
            self.clear()
        code = self[word] = self._vocabulary.get(self.keyer(word), _UNUSED)
        return code


class _Folds(dict):
    """Word -> its NFKC case-folded form, filled on a miss (what a pattern's wording is compared with)."""

    def __missing__(self, word: str) -> str:
        if len(self) > _CACHE_LIMIT:
            self.clear()
        folded = self[word] = unicodedata.normalize("NFKC", word).casefold()
        return folded


@dataclass(frozen=True)
class _Index:
    """One side of the glossary: word codes and an automaton over patterns written as codes."""

    codes: _Codes
    automaton: ahocorasick.Automaton


class TermMatcher:
    """An index of glossary terms that finds them in source or target text, leftmost-longest."""

    def __init__(self, terms: Iterable[Term], src_lang: str = "zh", tgt_lang: str = "en", *,
                 statuses: Collection[str] = ("approved", "proposed")) -> None:
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        self.terms: list[Term] = []
        self.term_ids: list[Hashable] = []
        self._by_id: dict[Hashable, Term] = {}
        self._keyers = {"source": _Keyer(src_lang), "target": _Keyer(tgt_lang)}
        self._folds = _Folds()
        patterns: dict[Side, dict[tuple[str, ...], list[_Pattern]]] = {"source": {}, "target": {}}
        src, tgt = primary_language(src_lang), primary_language(tgt_lang)
        for index, term in enumerate(terms):
            if term.status not in statuses or primary_language(term.src_lang) != src:
                continue
            if primary_language(term.tgt_lang) != tgt:
                continue
            term_id = index if term.id is None else term.id
            position = len(self.terms)
            self.terms.append(term)
            self.term_ids.append(term_id)
            self._by_id.setdefault(term_id, term)
            self._add(patterns["source"], position, "source", term.source, term.case_sensitive)
            for target in term.targets:
                self._add(patterns["target"], position, "target", target, term.case_sensitive)
            for variant in term.forbidden:
                self._add(patterns["target"], position, "forbidden", variant, term.case_sensitive)
        self._indexes = {side: _index(self._keyers[side], found) for side, found in patterns.items()}

    def term(self, term_id: Hashable) -> Term:
        """Return the entry with this `term_id` (KeyError when unknown)."""
        return self._by_id[term_id]

    def find(self, text: str, side: Side, *, term_ids: Collection[Hashable] | None = None) -> list[TermMatch]:
        """Return the non-overlapping term matches in `text`, leftmost-longest, in text order.

        On side "source" every match has kind "source"; on side "target" kinds are "target" (an
        allowed target) and "forbidden" (a forbidden variant; `preferred` is the replacement).
        `term_ids` restricts matching to those entries (e.g. the terms found in the source).
        """
        if side not in self._indexes:
            raise ValueError(f"side must be 'source' or 'target', not {side!r}")
        if has_tags(text):
            # Terms are words: found with the inline tags stripped, their spans mapped onto the tagged text.
            plain, offsets = untagged_with_offsets(text)
            return [replace(m, start=a, end=b, text=text[a:b]) for m in self._find(plain, side, term_ids)
                    for a, b in [span_back((m.start, m.end), offsets)]]
        return self._find(text, side, term_ids)

    def _find(self, text: str, side: Side, term_ids: Collection[Hashable] | None) -> list[TermMatch]:
        index = self._indexes[side]
        tokens = list((_ASCII_TOKEN_RE if text.isascii() else TOKEN_RE).finditer(text))
        if index is None or not tokens:
            return []
        words = list(map(_GROUP, tokens))  # map over the method: no Python-level loop per word
        coded = " ".join(map(index.codes.__getitem__, words))
        hits = list(index.automaton.iter(f" {coded} "))
        if not hits:
            return []
        allowed = None if term_ids is None else set(term_ids)
        english = index.codes.keyer.english
        candidates = []
        for end, (length, count, patterns) in hits:
            first = coded.count(" ", 0, end - length + 1)  # the words before the match, one space each
            last = first + count
            chosen = self._choose(patterns, words[first:last], allowed, english)
            if chosen is not None:
                candidates.append((tokens[first].start(), -tokens[last - 1].end(), chosen))
        return self._resolve(text, candidates)

    def _add(self, table: dict[tuple[str, ...], list[_Pattern]], position: int, kind: Kind, phrase: str,
             case_sensitive: bool) -> None:
        words = [t.group() for t in tokenize(phrase)]
        if not words:
            return
        keyer = self._keyers["source" if kind == "source" else "target"]
        folded = tuple(unicodedata.normalize("NFKC", w).casefold() for w in words)
        pattern = _Pattern(position, kind, folded, tuple(words), case_sensitive, " ".join(words))
        table.setdefault(tuple(keyer(w) for w in words), []).append(pattern)

    def _choose(self, patterns: list[_Pattern], words: list[str], allowed: set[Hashable] | None,
                english: bool) -> _Pattern | None:
        found = tuple(map(self._folds.__getitem__, words))
        fitting = [p for p in patterns
                   if (allowed is None or self.term_ids[p.term_index] in allowed)
                   and (not p.case_sensitive or _same_case(p.surface, words))
                   and (not english or p.folded == found or all(map(_inflected, p.folded, found)))]
        if len(fitting) > 1:
            # Same stem, several entries: an exact (case-folded) wording wins, then allowed targets
            # over forbidden variants ("talent" allowed, "talents" forbidden share the stem "talent").
            fitting.sort(key=lambda p: (p.folded != found, p.kind == "forbidden"))
        return fitting[0] if fitting else None

    def _resolve(self, text: str, candidates: list[tuple[int, int, _Pattern]]) -> list[TermMatch]:
        candidates.sort(key=lambda c: (c[0], c[1]))
        matches: list[TermMatch] = []
        last_end = -1
        for start, negative_end, pattern in candidates:
            if start < last_end:
                continue
            last_end = -negative_end
            term = self.terms[pattern.term_index]
            matches.append(TermMatch(start, last_end, self.term_ids[pattern.term_index], pattern.kind,
                                     text[start:last_end], term.preferred, pattern.form))
        return matches


def _same_case(expected: tuple[str, ...], found: list[str]) -> bool:
    # Compare the shared prefix of each word so that inflected forms ("APIs" for "API") still count.
    return all(a[:n] == b[:n] for a, b in zip(expected, found, strict=True) for n in [min(len(a), len(b))])


def _inflected(expected: str, found: str) -> bool:
    """Return True when two English words differ only by an inflection (talent/talents, stop/stopped)."""
    common = 0
    for a, b in zip(expected, found, strict=False):
        if a != b:
            break
        common += 1
    rest_a, rest_b = expected[common:], found[common:]
    if rest_a in _INFLECTIONS and rest_b in _INFLECTIONS:
        return True
    # Doubled final consonant: stop/stopped, plan/planning.
    rest = rest_a or rest_b
    if common == 0 or (rest_a and rest_b):
        return False
    return rest[:1] == expected[common - 1] and rest[1:] in ("ed", "ing")


def _index(keyer: _Keyer, table: dict[tuple[str, ...], list[_Pattern]]) -> _Index | None:
    """The automaton over patterns written as short codes of their word keys, a space around each code.

    pyahocorasick looks through a node's children one by one: with the keys themselves, the node after a
    space had a child per first letter of every pattern, some 3,000 for Chinese terms, and matching a
    Chinese sentence cost 40 µs; codes in a 64-letter alphabet cap the children at 64 (under 5 µs)."""
    if not table:
        return None
    vocabulary: dict[str, str] = {}
    for keys in table:
        for key in keys:
            if key not in vocabulary:
                vocabulary[key] = _code(len(vocabulary))
    automaton = ahocorasick.Automaton()
    for keys, patterns in table.items():
        coded = " " + " ".join(vocabulary[key] for key in keys) + " "
        automaton.add_word(coded, (len(coded), len(keys), patterns))
    automaton.make_automaton()
    return _Index(_Codes(keyer, vocabulary), automaton)


def _code(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, len(_ALPHABET))
        digits += _ALPHABET[digit]
        if not number:
            return digits

"""Lexical evidence scorers: each turns a bitext into matchable items (source) and keys (target).

A source item is a unit of meaning (a Chinese word, a number, a name) with the set of target keys
that would show it was translated; a target sentence is a bag of weighted keys. Keys are namespaced
(`w:` English stems, `n:` numbers, `m:` months, `t:` times, `p:` pinyin names, `g:` glossary terms,
`x:` punctuation) so that scorers share evidence where it makes sense (CEDICT senses, Latin tokens and
names all produce `w:` keys).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, KeysView, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from segments.align import anchors, lexicon, names, quotes, store
from segments.segmenter import primary_language

if TYPE_CHECKING:
    import numpy as np

# Function characters whose CEDICT senses are rare content words (的 "aim", 了 "finish", 把 "handle").
ZH_STOPWORDS = frozenset("的了是在和也就都而及与着之其这那个们吗呢吧啊把被让给对从向于以为得地所又")
SPELLING_CUTOFF = 80  # rapidfuzz ratio above which two word forms are taken as one word
CROSS_LANGUAGE_UNMATCHABLE = 0.1  # weight left to evidence with no counterpart anywhere in the other text
SET_LOOKUP_CHARS = 5_000  # source characters past which segmenting reads the whole word list (~40 ms) first


def text_length(text: str) -> int:
    """Length unit shared by all scripts: one per CJK character or non-space Latin character."""
    # str.split's whitespace is the regex \s (both str.isspace), without building a pattern match
    return len("".join(text.split()))


@dataclass(frozen=True, slots=True)  # a 10 MB document has millions: slots halve their memory
class Item:
    """A matchable unit of a source sentence: a label (for frequency weighting), a weight and its keys."""

    label: str
    weight: float
    keys: frozenset[str]


@dataclass
class Bitext:
    """Everything the scorers may look at: sentences, languages, paragraphs, glossary and resources."""

    src: Sequence[str]
    tgt: Sequence[str]
    src_lang: str
    tgt_lang: str
    src_paragraphs: Sequence[int] | None = None
    tgt_paragraphs: Sequence[int] | None = None
    term_pairs: tuple[tuple[str, str], ...] = ()
    dictionary_path: Path | None = None
    model_dir: Path | None = None
    length_ratio: float | None = None  # target length per source length unit; None: from the whole texts
    learned: dict[str, frozenset[str]] | None = None  # source word → target stems learned from a first pass
    bridge_learned: dict[str, frozenset[str]] | None = None  # the same, for the bridge's words
    bridge: Sequence[str] | None = None  # the text each source sentence translates (MT ↔ English: its source)
    bridge_lang: str = "zh"
    _lexicon: lexicon.Lexicon | None = field(default=None, repr=False)
    _keys: tuple[Sequence[str], list[dict[str, float]]] | None = field(default=None, repr=False)
    _words: tuple[Sequence[str], KeysView[str], list[list[str]]] | None = field(default=None, repr=False)
    _lengths: tuple[Sequence[str], Sequence[str], list[int], list[int]] | None = field(
        default=None, repr=False)
    _quotes: tuple[Sequence[str], Sequence[str], np.ndarray, np.ndarray] | None = field(
        default=None, repr=False)

    @property
    def chinese_source(self) -> bool:
        return self.src_lang.lower().startswith("zh") and not self.tgt_lang.lower().startswith("zh")

    @property
    def same_language(self) -> bool:
        return primary_language(self.src_lang) == primary_language(self.tgt_lang)

    @property
    def lexicon(self) -> lexicon.Lexicon:
        if self._lexicon is None:
            user = lexicon.read_dictionary(self.dictionary_path) if self.dictionary_path else {}
            self._lexicon = lexicon.merge(store.cedict(), user)
        return self._lexicon

    def target_keys(self) -> list[dict[str, float]]:
        """English content-stem keys of each target sentence, computed once per bitext."""
        if self._keys is None or self._keys[0] is not self.tgt:
            self._keys = (self.tgt, [_stem_weights(text) for text in self.tgt])
        return self._keys[1]

    def lengths(self) -> tuple[list[int], list[int]]:
        """The `text_length` of every source and target sentence, once per bitext (four steps ask)."""
        if self._lengths is None or self._lengths[0] is not self.src or self._lengths[1] is not self.tgt:
            self._lengths = (self.src, self.tgt, [text_length(t) for t in self.src],
                             [text_length(t) for t in self.tgt])
        return self._lengths[2], self._lengths[3]

    def quote_states(self) -> tuple[np.ndarray, np.ndarray]:
        """`quotes.boundaries` of both sides, once per bitext (both passes ask)."""
        if self._quotes is None or self._quotes[0] is not self.src or self._quotes[1] is not self.tgt:
            self._quotes = (self.src, self.tgt, quotes.boundaries(self.src, self.src_paragraphs),
                            quotes.boundaries(self.tgt, self.tgt_paragraphs))
        return self._quotes[2], self._quotes[3]

    def source_words(self) -> list[list[str]]:
        """The source sentences segmented against the lexicon, once per bitext (every pass reuses them).

        Pairs learned from this segmentation are for words it produced, so they do not change it."""
        lex = self.lexicon
        new = {w: s for w, s in (self.learned or {}).items() if len(w) > 1 and w not in lex}
        if self._words is None or self._words[0] is not self.src or self._words[1] != new.keys():
            lex = lexicon.merge(lex, new)
            # A long text asks the lexicon millions of times: a plain set answers each in C.
            if sum(len(text) for text in self.src) > SET_LOOKUP_CHARS:
                lex = lexicon.word_set(lex)
            one: dict[str, str] = {}  # each distinct word one string: a book repeats its words
            self._words = (self.src, new.keys(), [list(map(one.setdefault, words, words)) for words in (
                lexicon.segment(text, lex) for text in self.src)])
        return self._words[2]


@dataclass
class Features:
    """Per-sentence lexical evidence: items for each source sentence, weighted keys for each target one."""

    src: list[list[Item]]
    tgt: list[dict[str, float]]


def _english_keys(bitext: Bitext) -> list[dict[str, float]]:
    """The `w:` stem keys of each target sentence, shared by the scorers that ask (read, never write)."""
    return bitext.target_keys()


@functools.lru_cache(maxsize=20_000)
def _stem_weights(text: str) -> dict[str, float]:
    return {f"w:{s}": 1.0 for s in lexicon.content_stems(text)}


def dictionary_features(bitext: Bitext) -> Features | None:
    """Chinese words (maximal matching) whose CEDICT or user-dictionary senses appear in the English."""
    if not bitext.chinese_source:
        return None
    lex = lexicon.merge(bitext.lexicon, bitext.learned) if bitext.learned else bitext.lexicon
    words = bitext.source_words()
    # One item per distinct word, shared by its occurrences: a book repeats its words, and looking each
    # occurrence up (and building its item) cost more than the rest of this scorer.
    distinct = set().union(*words) - ZH_STOPWORDS
    lexicon.prefetch(lex, sorted(distinct))  # sorted: the same queries whatever the hash seed
    items = {word: Item(word, 1.0, keys) for word in distinct
             if (keys := _stem_keys(lex.get(word, frozenset())))}
    src = [list(filter(None, map(items.get, sentence))) for sentence in words]  # items are truthy: None out
    return Features(src, _english_keys(bitext))


@functools.lru_cache(maxsize=50_000)
def _stem_keys(stems: frozenset[str]) -> frozenset[str]:
    return frozenset(f"w:{s}" for s in stems)


def source_tokens(bitext: Bitext) -> list[list[str]]:
    """Tokens of each source sentence a lexicon can be learned for: Chinese words, or English stems."""
    if bitext.chinese_source:
        return [[w for w in words if w not in ZH_STOPWORDS] for words in bitext.source_words()]
    return [lexicon.content_stems(text) for text in bitext.src]


def target_tokens(bitext: Bitext) -> list[list[str]]:
    """English content stems of each target sentence."""
    return [[key[2:] for key in keys] for keys in bitext.target_keys()]


def latin_features(bitext: Bitext) -> Features | None:
    """Latin-script tokens copied into a Chinese source (acronyms, product and foreign names)."""
    if not bitext.chinese_source:
        return None
    src = [[Item(token.lower(), 1.5, frozenset({f"w:{lexicon.stem(token)}"}))
            for token in anchors.latin_tokens(text)] for text in bitext.src]
    return Features(src, _english_keys(bitext))


def token_features(bitext: Bitext) -> Features | None:
    """Shared word stems between two texts in the same language, spelling variants matched by rapidfuzz."""
    if not bitext.same_language:
        return None
    tgt = _english_keys(bitext)
    variants = _spelling_variants({s for text in bitext.src for s in lexicon.content_stems(text)},
                                  {key[2:] for keys in tgt for key in keys})
    learned = bitext.learned or {}
    src = [[Item(s, 1.0, frozenset({f"w:{s}", *(f"w:{v}" for v in variants.get(s, ())),
                                    *(f"w:{v}" for v in learned.get(s, ()))}))
            for s in dict.fromkeys(lexicon.content_stems(text))] for text in bitext.src]
    return Features(src, tgt)


def _spelling_variants(src_vocab: set[str], tgt_vocab: set[str]) -> dict[str, list[str]]:
    """Map source stems missing from the target to similar target stems (colour/color, Qing-yang/Qingyang)."""
    by_initial: dict[str, list[str]] = {}
    for word in sorted(tgt_vocab):  # sorted: ties between equally close variants break the same way
        by_initial.setdefault(word[:1], []).append(word)
    variants = {}
    for word in sorted(src_vocab - tgt_vocab):
        if len(word) >= 4 and (near := process.extract(word, by_initial.get(word[:1], []), scorer=fuzz.ratio,
                                                       score_cutoff=SPELLING_CUTOFF, limit=3)):
            variants[word] = [match for match, _, _ in near]
    return variants


BRIDGE_SCORERS = ("dictionary", "latin", "names")


def source_bitext(bitext: Bitext) -> Bitext | None:
    """MT ↔ English: the MT's Chinese source (one text per MT sentence) against the English, or None."""
    if bitext.bridge is None or not bitext.same_language or len(bitext.bridge) != len(bitext.src):
        return None
    inner = Bitext([text or "" for text in bitext.bridge], bitext.tgt, bitext.bridge_lang, bitext.tgt_lang,
                   dictionary_path=bitext.dictionary_path, learned=bitext.bridge_learned,
                   _lexicon=bitext._lexicon)
    return inner if inner.chinese_source else None


def source_features(inner: Bitext) -> Features:
    """The evidence the dictionary finds between the MT's source and the English."""
    own = {"dictionary": dictionary_features, "latin": latin_features, "names": name_features}
    return collect_features(inner, [(1.0, own[name]) for name in BRIDGE_SCORERS])


def bridge_features(bitext: Bitext) -> Features | None:
    """MT ↔ English: the Chinese source of each MT sentence, matched against the English by the dictionary.

    The MT translates the source line by line, so what the source shares with the reference is evidence
    that the MT sentence and the reference sentence are one bead, even where the MT paraphrased."""
    if (inner := source_bitext(bitext)) is None:
        return None
    found = source_features(inner)
    # Reach without weight: the MT sentence's own evidence stays its own words and the reference keeps its
    # own keys, but a reference word counts as matched where the source explains it. Weighted, the
    # source's words doubled the MT's evidence and lost 0.007 strict F1 on mac-dev; this way they gain 0.013.
    src = [[Item(it.label, 0.0, it.keys) for it in items] for items in found.src]
    return Features(src, [{} for _ in bitext.tgt])


def anchor_features(bitext: Bitext) -> Features | None:
    """Numbers, years, dates and percentages, written in digits or in words on either side."""
    src = [[Item(key, weight, frozenset({key})) for key, weight in anchors.anchor_keys(text, bitext.src_lang)]
           for text in bitext.src]
    tgt = [dict(anchors.anchor_keys(text, bitext.tgt_lang)) for text in bitext.tgt]
    return Features(src, tgt)


def name_features(bitext: Bitext) -> Features | None:
    """Chinese person and place names whose pinyin is written as a capitalised English word."""
    if not bitext.chinese_source:
        return None
    tgt = [{f"p:{name}": 1.5 for name in names.english_names(text)} for text in bitext.tgt]
    vocabulary = {key[2:] for keys in tgt for key in keys}
    prefixes = names.name_prefixes(vocabulary)
    names.prefetch_readings(bitext.src)
    src = [[Item(name, 1.5, frozenset({f"p:{name}", f"w:{lexicon.stem(name)}"}))
            for name in names.chinese_names(text, vocabulary, prefixes)]
           for text in bitext.src]
    return Features(src, tgt)


_PUNCTUATION = {"?": frozenset("?？"), "!": frozenset("!！"), "quote": frozenset("\"“”「」『』'‘’")}
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")


def _punctuation(text: str) -> list[str]:
    if "'" in text or "’" in text:  # an apostrophe inside a word ("didn't") is not a quotation mark
        text = _INNER_APOSTROPHE.sub("", text)
    chars = set(text)
    return [name for name, marks in _PUNCTUATION.items() if not marks.isdisjoint(chars)]


def punctuation_features(bitext: Bitext) -> Features | None:
    """Question and exclamation marks and quotations, which translators keep (dialogue structure)."""
    src = [[Item(f"x:{name}", 1.0, frozenset({f"x:{name}"})) for name in _punctuation(text)]
           for text in bitext.src]
    tgt = [{f"x:{name}": 1.0 for name in _punctuation(text)} for text in bitext.tgt]
    return Features(src, tgt)


def glossary_features(bitext: Bitext) -> Features | None:
    """Glossary term pairs: a source term and its target term in the two sentences."""
    if not bitext.term_pairs:
        return None
    pairs = [(f"g:{i}", zh.strip(), re.compile(rf"\b{re.escape(en.strip())}\b", re.IGNORECASE))
             for i, (zh, en) in enumerate(bitext.term_pairs) if zh.strip() and en.strip()]
    src = [[Item(key, 2.0, frozenset({key})) for key, zh, _ in pairs if zh in text] for text in bitext.src]
    tgt = [{key: 2.0 for key, _, en in pairs if en.search(text)} for text in bitext.tgt]
    return Features(src, tgt)


def collect_features(
    bitext: Bitext, scorers: Sequence[tuple[float, Callable[[Bitext], Features | None]]]
) -> Features:
    """Run (weight, scorer) pairs and merge their items and keys (a key keeps its highest weight)."""
    parts: list[list[list[Item]]] = []
    tgt: list[dict[str, float]] = [{} for _ in bitext.tgt]
    owned = [False] * len(bitext.tgt)  # a sentence's dict is still some scorer's own (shared, read-only)
    for weight, scorer in scorers:
        found = scorer(bitext)
        if found is None:
            continue
        if len(found.src) != len(bitext.src):
            raise ValueError(f"{scorer!r} gave {len(found.src)} source sentences for {len(bitext.src)}")
        # registered weights are mostly 1: the scorer's items are then shared, not copied
        parts.append(found.src if weight == 1.0 else [[Item(it.label, it.weight * weight, it.keys)
                                                        for it in more] for more in found.src])
        for t, more in enumerate(found.tgt):
            if not more or (more is tgt[t] and weight == 1.0):  # an earlier scorer's very keys (latin's)
                continue
            if not tgt[t] and weight == 1.0:
                tgt[t] = more  # the only scorer so far with keys here: shared until a second one comes
                continue
            if not owned[t]:
                tgt[t], owned[t] = dict(tgt[t]), True
            keys = tgt[t]
            # another namespace (numbers, names): nothing to compare, as weights are positive
            if weight == 1.0 and keys.keys().isdisjoint(more):
                keys.update(more)
                continue
            for key, value in more.items():
                keys[key] = max(keys.get(key, 0.0), value * weight)
    # each sentence's items in scorer order, joined in C: a book has a hundred thousand (sentence, scorer)s
    src = [list(chain.from_iterable(items)) for items in zip(*parts, strict=True)] if parts else [
        [] for _ in bitext.src]
    return Features(src, tgt)

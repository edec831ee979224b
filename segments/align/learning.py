"""A word lexicon learned from the document itself: IBM model 1 over the confident beads of a first pass.

hunalign's -realign builds a dictionary from its first alignment and aligns again; here the translation
probabilities t(target stem | source word) are estimated by expectation maximisation over the beads the
first pass is surest of, and the likely pairs become extra senses for the second pass. Everything is
vectorised over (bead, source token, target token) triples, so a book costs about as much as one pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

ITERATIONS = 5
MIN_PROBABILITY = 0.3  # t(e | f) a learned pair must reach
MIN_COUNT = 2.0  # expected co-occurrences: a pair seen in one bead only is as likely chance as translation
MAX_TOKENS = 40  # per side of a bead; longer beads add mostly noise pairs and quadratic cost


def _ids(tokens: Sequence[Sequence[str]]) -> tuple[list[np.ndarray], list[str]]:
    vocabulary: dict[str, int] = {}
    rows = [np.array([vocabulary.setdefault(t, len(vocabulary)) for t in dict.fromkeys(sent)], dtype=np.int64)
            for sent in tokens]
    return rows, list(vocabulary)


def _triples(beads: Sequence[tuple[Sequence[int], Sequence[int]]], src: list[np.ndarray],
             tgt: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(target-token occurrence, source id, target id) for every source × target token pair of every bead."""
    groups, fs, es = [], [], []
    occurrence = 0
    for src_ids, tgt_ids in beads:
        f = np.unique(np.concatenate([src[i] for i in src_ids]))[:MAX_TOKENS]
        e = np.unique(np.concatenate([tgt[j] for j in tgt_ids]))[:MAX_TOKENS]
        if not len(f) or not len(e):
            continue
        groups.append(np.repeat(np.arange(occurrence, occurrence + len(e)), len(f)))
        es.append(np.repeat(e, len(f)))
        fs.append(np.tile(f, len(e)))
        occurrence += len(e)
    if not groups:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(groups), np.concatenate(fs), np.concatenate(es)


def operations(beads: Sequence[tuple[Sequence[int], Sequence[int]]], src_tokens: Sequence[Sequence[str]],
               tgt_tokens: Sequence[Sequence[str]]) -> int:
    """How many (source, target) token pairs one EM iteration visits (the cost model the tests check)."""
    src, _ = _ids(src_tokens)
    tgt, _ = _ids(tgt_tokens)
    return len(_triples(beads, src, tgt)[0])


def learn(beads: Sequence[tuple[Sequence[int], Sequence[int]]], src_tokens: Sequence[Sequence[str]],
          tgt_tokens: Sequence[Sequence[str]]) -> dict[str, frozenset[str]]:
    """Learn source word → target stems from aligned beads (index lists into the two token lists)."""
    src, src_vocab = _ids(src_tokens)
    tgt, tgt_vocab = _ids(tgt_tokens)
    group, f, e = _triples(beads, src, tgt)
    if not len(group):
        return {}
    pair, pair_of = np.unique(f * len(tgt_vocab) + e, return_inverse=True)
    t = np.ones(len(pair))  # uniform start: only ratios within one target occurrence matter
    counts = np.zeros(len(pair))
    for _ in range(ITERATIONS):
        weights = t[pair_of]
        denominator = np.bincount(group, weights) + 1e-3  # a little mass for NULL: e may be untranslated
        posterior = weights / denominator[group]
        counts = np.bincount(pair_of, posterior, minlength=len(pair))
        totals = np.bincount(pair // len(tgt_vocab), counts)
        t = counts / totals[pair // len(tgt_vocab)]
    keep = (t >= MIN_PROBABILITY) & (counts >= MIN_COUNT)
    learned: dict[str, set[str]] = {}
    for code in pair[keep]:
        learned.setdefault(src_vocab[code // len(tgt_vocab)], set()).add(tgt_vocab[code % len(tgt_vocab)])
    return {word: frozenset(stems) for word, stems in learned.items()}

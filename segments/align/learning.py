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
    fs: list[list[int]] = []
    es: list[list[int]] = []
    for src_ids, tgt_ids in beads:
        # sorted sets of a few dozen ids: np.unique per bead cost a second on a book
        f = sorted({int(x) for i in src_ids for x in src[i]})[:MAX_TOKENS]
        e = sorted({int(x) for j in tgt_ids for x in tgt[j]})[:MAX_TOKENS]
        if f and e:
            fs.append(f)
            es.append(e)
    if not fs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    f_len = np.array([len(f) for f in fs])
    e_len = np.array([len(e) for e in es])
    e_all = np.array([x for e in es for x in e], dtype=np.int32)  # int32: a book has millions of triples
    # every target occurrence of a bead is paired with every source id of the same bead
    group = np.repeat(np.arange(len(e_all), dtype=np.int32), np.repeat(f_len, e_len))
    f_all = np.array([x for f, e in zip(fs, es, strict=True) for _ in e for x in f], dtype=np.int32)
    return group, f_all, e_all[group]


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
    pair, pair_of = np.unique(f.astype(np.int64) * len(tgt_vocab) + e, return_inverse=True)
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

"""A word lexicon learned from the document itself: IBM model 1 over the confident beads of a first pass.

hunalign's -realign builds a dictionary from its first alignment and aligns again; here the translation
probabilities t(target stem | source word) are estimated by expectation maximisation over the beads the
first pass is surest of, and the likely pairs become extra senses for the second pass. Everything is
vectorised over (bead, source token, target token) triples, so a book costs about as much as one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np

ITERATIONS = 5
MIN_PROBABILITY = 0.3  # t(e | f) a learned pair must reach
MIN_COUNT = 2.0  # expected co-occurrences: a pair seen in one bead only is as likely chance as translation
MAX_TOKENS = 40  # per side of a bead; longer beads add mostly noise pairs and quadratic cost


def _ids(tokens: Sequence[Sequence[str]]) -> tuple[list[list[int]], list[str]]:
    # numbered by first appearance; the per-token work is done by map() and dict.fromkeys in C
    vocabulary = {token: k for k, token in enumerate(dict.fromkeys(chain.from_iterable(tokens)))}
    rows = [list(map(vocabulary.__getitem__, dict.fromkeys(sent))) for sent in tokens]
    return rows, list(vocabulary)


def _triples(beads: Sequence[tuple[Sequence[int], Sequence[int]]], src: list[list[int]],
             tgt: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(target-token occurrence, source id, target id) for every source × target token pair of every bead."""
    fs: list[list[int]] = []
    es: list[list[int]] = []
    for src_ids, tgt_ids in beads:
        # sorted sets of a few dozen ids: np.unique per bead cost a second on a book
        f = sorted(set().union(*map(src.__getitem__, src_ids)))[:MAX_TOKENS]
        e = sorted(set().union(*map(tgt.__getitem__, tgt_ids)))[:MAX_TOKENS]
        if f and e:
            fs.append(f)
            es.append(e)
    if not fs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    f_len = np.array([len(f) for f in fs])
    e_len = np.array([len(e) for e in es])
    e_all = np.fromiter(chain.from_iterable(es), np.int32, int(e_len.sum()))  # int32: millions of triples
    f_flat = np.fromiter(chain.from_iterable(fs), np.int32, int(f_len.sum()))
    # every target occurrence of a bead is paired with every source id of the same bead, in order
    per_e = np.repeat(f_len, e_len)  # how many source ids each target occurrence meets
    group = np.repeat(np.arange(len(e_all), dtype=np.int32), per_e)
    first = np.repeat(np.cumsum(f_len) - f_len, e_len)  # where its bead's source ids start in f_flat
    offset = np.arange(len(group)) - np.repeat(np.cumsum(per_e) - per_e, per_e)
    f_all = f_flat[np.repeat(first, per_e) + offset]
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

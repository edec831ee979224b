"""The search band and the sentence-pair evidence computed inside it.

Row i of the band is "i source sentences consumed"; column k of row i is target position
j = lo[i] + k. Pair arrays hold one value per (source sentence s, target sentence t) for t in
[base[s], base[s] + width), which covers every pair a bead ending inside the band can contain.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from segments.align.scorers import Features

MAX_SIDE = 4  # the longest side of a bead


@dataclass(frozen=True)
class Grid:
    """A monotone band of DP cells: row i spans target positions lo[i] .. lo[i] + width - 1."""

    n: int
    m: int
    lo: np.ndarray
    width: int

    @classmethod
    def around(cls, n: int, m: int, centre: np.ndarray, half: int) -> Grid:
        """Build the band of half-width `half` around a centre path (one target position per row)."""
        while m + 1 - min(m + 1, 2 * half + 1) > n * half:  # far more target than source: widen
            half *= 2
        width, last = min(m + 1, 2 * half + 1), m + 1 - min(m + 1, 2 * half + 1)
        # Row i may start no later than i steps from 0 and no earlier than (n - i) steps before the last
        # start: consecutive rows then overlap, so the band is never cut in two.
        rows = np.arange(n + 1)
        lo = np.clip(np.rint(centre).astype(np.int64) - half, np.maximum(0, last - (n - rows) * half),
                     np.minimum(last, rows * half))
        lo = np.maximum.accumulate(lo)
        for i in range(1, n + 1):
            lo[i] = min(lo[i], lo[i - 1] + half)
        return cls(n, m, lo, width)

    @property
    def cols(self) -> np.ndarray:
        """Target position j of every cell, shape (n + 1, width)."""
        return self.lo[:, None] + np.arange(self.width)[None, :]

    def pair_base(self) -> tuple[np.ndarray, int]:
        """First target sentence and width of the pair arrays of each source sentence."""
        s = np.arange(self.n)
        base = np.maximum(self.lo[np.minimum(s + 1, self.n)] - MAX_SIDE, 0)
        top = self.lo[np.minimum(s + MAX_SIDE, self.n)] + self.width
        return base, int(max(1, (top - base).max(initial=1)))


@dataclass(frozen=True)
class PairArray:
    """Values for sentence pairs (s, t) inside the band; zero outside."""

    values: np.ndarray
    base: np.ndarray

    def take(self, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Gather values at broadcastable index arrays s and t (out-of-range pairs give 0)."""
        n, width = self.values.shape
        if n == 0:
            return np.zeros(np.broadcast(s, t).shape)
        s_clip = np.clip(s, 0, n - 1)
        k = t - self.base[s_clip]
        ok = (s >= 0) & (s < n) & (k >= 0) & (k < width)
        return np.where(ok, self.values[s_clip, np.clip(k, 0, width - 1)], 0.0)


def take_1d(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Gather values[index], with 0 where the index is out of range."""
    if len(values) == 0:
        return np.zeros(np.shape(index))
    ok = (index >= 0) & (index < len(values))
    return np.where(ok, values[np.clip(index, 0, len(values) - 1)], 0.0)


@dataclass(frozen=True)
class Evidence:
    """Weighted lexical evidence: per-sentence totals and per-pair matched weights, both directions."""

    src_total: np.ndarray
    tgt_total: np.ndarray
    src_matched: PairArray
    tgt_matched: PairArray


def _idf(counts: dict[str, int]) -> dict[str, float]:
    # 1 / (1 + ln df): frequent words still count, but far less than a word seen once or twice.
    return {key: 1.0 / (1.0 + np.log(df)) for key, df in counts.items()}


@dataclass(frozen=True)
class Weighted:
    """Lexical evidence with frequency weights applied: (weight, keys) items per source sentence."""

    src: list[list[tuple[float, frozenset[str]]]]
    tgt: list[dict[str, float]]

    @functools.cached_property
    def flat(self) -> _Flat:
        """The same evidence as arrays, built once for every search over it."""
        return _flatten(self)


def weigh(features: Features, unmatchable: float = 1.0) -> Weighted:
    """Scale weights by inverse document frequency, and by `unmatchable` where no counterpart exists."""
    src_df: dict[str, int] = defaultdict(int)
    for items in features.src:
        for label in {it.label for it in items}:
            src_df[label] += 1
    tgt_df: dict[str, int] = defaultdict(int)
    for keys in features.tgt:
        for key in keys:
            tgt_df[key] += 1
    src_idf, tgt_idf = _idf(src_df), _idf(tgt_df)
    # Keys absent from the whole target can never match: dropping them here saves most look-ups later.
    # Scorers share one key set per word, so the reduced sets are shared too (memory of a 10 MB text).
    vocabulary = set(tgt_df)
    reduced: dict[frozenset[str], frozenset[str]] = {}

    def matchable(keys: frozenset[str]) -> frozenset[str]:
        if keys not in reduced:
            reduced[keys] = keys & vocabulary
        return reduced[keys]

    src = [[(it.weight * src_idf[it.label], matchable(it.keys)) for it in items] for items in features.src]
    reachable = {key for keys in reduced.values() for key in keys}
    src = [[(w if keys else w * unmatchable, keys) for w, keys in items] for items in src]
    tgt = [{key: w * tgt_idf[key] * (1.0 if key in reachable else unmatchable) for key, w in keys.items()}
           for keys in features.tgt]
    return Weighted(src, tgt)


def _expand(starts: np.ndarray, stops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All positions in the ranges [starts[k], stops[k]), with the range number k of each."""
    counts = stops - starts
    owner = np.repeat(np.arange(len(starts)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, starts[owner] + offsets


@dataclass(frozen=True)
class _Flat:
    """Weighted evidence as arrays: target postings sorted by (key, sentence), source (item, key) rows."""

    codes: np.ndarray  # key id * stride + target sentence, ascending
    post_t: np.ndarray
    post_w: np.ndarray
    row_s: np.ndarray  # one row per key of each source item: its sentence, item number and key id
    row_item: np.ndarray
    row_key: np.ndarray
    item_w: np.ndarray
    stride: int
    keys: int


def _flatten(weighted: Weighted) -> _Flat:
    src, tgt = weighted.src, weighted.tgt
    stride = len(tgt) + 1
    vocabulary: dict[str, int] = {}
    post_key = [vocabulary.setdefault(key, len(vocabulary)) for keys in tgt for key in keys]
    post_t = np.repeat(np.arange(len(tgt), dtype=np.int64), [len(keys) for keys in tgt])
    post_w = np.fromiter((w for keys in tgt for w in keys.values()), float, len(post_key))
    codes = np.array(post_key, dtype=np.int64) * stride + post_t
    order = np.argsort(codes, kind="stable")
    sizes = [len(keys) for items in src for _, keys in items]
    row_key = np.fromiter((vocabulary[key] for items in src for _, keys in items for key in keys), np.int64,
                          sum(sizes))
    row_s = np.repeat(np.repeat(np.arange(len(src), dtype=np.int64), [len(items) for items in src]), sizes)
    row_item = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    item_w = np.fromiter((w for items in src for w, _ in items), float, len(sizes))
    return _Flat(codes[order], post_t[order], post_w[order], row_s, row_item, row_key, item_w, stride,
                 len(vocabulary))


def pair_evidence(weighted: Weighted, grid: Grid) -> Evidence:
    """Compute matched item weight (source side) and matched key weight (target side) of pairs in the band.

    Vectorised as a join of (source sentence, key) against the target postings sorted by (key, sentence):
    a book has millions of such pairs, and one Python loop per pair took most of a pass."""
    flat = weighted.flat
    base, width = grid.pair_base()
    size = grid.n * width
    src_matched = tgt_matched = np.zeros(size)
    if len(flat.row_s) and len(flat.codes):
        lo = base[flat.row_s]
        hi = np.minimum(lo + width, flat.stride - 1)  # never into the next key's postings
        key_code = flat.row_key * flat.stride
        owner, found = _expand(np.searchsorted(flat.codes, key_code + lo),
                               np.searchsorted(flat.codes, key_code + hi))
        pair_s, pair_t = flat.row_s[owner], flat.post_t[found]
        cells = pair_s * width + pair_t - base[pair_s]
        items = flat.row_item[owner]
        _, first = np.unique(items * flat.stride + pair_t, return_index=True)  # reached by two keys: once
        src_matched = np.bincount(cells[first], flat.item_w[items[first]], minlength=size)
        # Target side: each key of a target sentence counts once per source sentence, whatever item has it.
        _, first = np.unique(pair_s * (flat.keys * flat.stride) + flat.codes[found], return_index=True)
        tgt_matched = np.bincount(cells[first], flat.post_w[found[first]], minlength=size)
    src_total = np.array([sum(w for w, _ in items) for items in weighted.src])
    tgt_total = np.array([sum(keys.values()) for keys in weighted.tgt])
    shape = (grid.n, width)
    return Evidence(src_total, tgt_total, PairArray(src_matched.reshape(shape), base),
                    PairArray(tgt_matched.reshape(shape), base))

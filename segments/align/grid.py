"""The search band and the sentence-pair evidence computed inside it.

Row i of the band is "i source sentences consumed"; column k of row i is target position
j = lo[i] + k. Pair arrays hold one value per (source sentence s, target sentence t) for t in
[base[s], base[s] + width), which covers every pair a bead ending inside the band can contain.
"""

from __future__ import annotations

from bisect import bisect_left
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


def _in_band(postings: dict[str, list[int]], keys: set[str], lo: int, hi: int) -> dict[str, list[int]]:
    """Target sentences in [lo, hi) holding each key (keys sorted, so float sums do not depend on hashing)."""
    near = {}
    for key in sorted(keys):
        ts = postings[key]
        if found := ts[bisect_left(ts, lo):bisect_left(ts, hi)]:
            near[key] = found
    return near


def pair_evidence(weighted: Weighted, grid: Grid) -> Evidence:
    """Compute matched item weight (source side) and matched key weight (target side) of pairs in the band."""
    src, tgt = weighted.src, weighted.tgt
    postings: dict[str, list[int]] = defaultdict(list)  # key → target sentences holding it, ascending
    for t, keys in enumerate(tgt):
        for key in keys:
            postings[key].append(t)
    base, width = grid.pair_base()
    src_matched = np.zeros((grid.n, width))
    tgt_matched = np.zeros((grid.n, width))
    for s, items in enumerate(src):
        lo = int(base[s])
        near = _in_band(postings, {key for _, keys in items for key in keys}, lo, lo + width)
        for weight, keys in items:
            for t in {t for key in keys for t in near.get(key, ())}:
                src_matched[s, t - lo] += weight
        for key, ts in near.items():
            for t in ts:
                tgt_matched[s, t - lo] += tgt[t][key]
    src_total = np.array([sum(w for w, _ in items) for items in src])
    tgt_total = np.array([sum(keys.values()) for keys in tgt])
    return Evidence(src_total, tgt_total, PairArray(src_matched, base), PairArray(tgt_matched, base))

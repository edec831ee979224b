"""The search band and the sentence-pair evidence computed inside it.

Row i of the band is "i source sentences consumed"; column k of row i is target position
j = lo[i] + k. Pair arrays hold one value per (source sentence s, target sentence t) for t in
[base[s], base[s] + width), which covers every pair a bead ending inside the band can contain.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, count
from operator import attrgetter

import numpy as np

from segments.align.scorers import Features

MAX_SIDE = 5  # the longest side of a bead


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
        """Target position j of every cell, shape (n + 1, width) (int32: terms hold several at once)."""
        return (self.lo[:, None] + np.arange(self.width)[None, :]).astype(np.int32)

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
    # [k]: evidence of source sentence s matched anywhere in the k + 1 target sentences ending at t (at s, t)
    src_matched: tuple[PairArray, ...]
    # [k]: evidence of target sentence t matched anywhere in the k + 1 source sentences ending at s (at s, t)
    tgt_matched: tuple[PairArray, ...]
    # the matched evidence of source sentence s in target sentence t, times its place in s (0 first .. 1 last)
    src_place: PairArray


def unique(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an integer array, as `np.unique` gives them.

    numpy 2's `np.unique` hashes: on the millions of (sentence, key) codes of a book that took a second
    per call, sorting (the codes come nearly sorted) takes a fiftieth of it."""
    ordered = np.sort(values)
    return ordered[_first_of_group(ordered)] if len(ordered) else ordered


def _idf(df: np.ndarray) -> np.ndarray:
    # 1 / (1 + ln df): frequent words still count, but far less than a word seen once or twice.
    return 1.0 / (1.0 + np.log(np.maximum(df, 1)))


@dataclass(frozen=True)
class Weighted:
    """Lexical evidence with frequency weights applied, as arrays (a book has millions of items).

    Target side: postings (key id, sentence, weight) sorted by key then sentence. Source side: one row
    per matchable key of each item (its sentence, item number, key id) and each item's weight."""

    codes: np.ndarray  # key id * stride + target sentence, ascending
    post_t: np.ndarray
    post_w: np.ndarray
    row_s: np.ndarray
    row_item: np.ndarray
    row_key: np.ndarray
    item_w: np.ndarray
    src_total: np.ndarray  # per sentence: the weight of all its evidence, matchable or not
    tgt_total: np.ndarray
    stride: int  # target sentences + 1
    keys: int  # size of the key vocabulary
    item_place: np.ndarray  # each item's place in its sentence, 0 first .. 1 last (float32)


def _number(values: list) -> tuple[np.ndarray, dict]:
    """Number each value by its first appearance: the numbers (int64) and the numbering, made in C."""
    numbering = dict(zip(dict.fromkeys(values), count()))
    return np.fromiter(map(numbering.__getitem__, values), np.int64, len(values)), numbering


def _source_rows(features: Features, vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray, list[int],
                                                                          np.ndarray, np.ndarray]:
    """Label id and raw weight of every item, items per sentence, matchable key ids and how many per item."""
    # A book has over half a million items but far fewer distinct ones (a word's item is shared by its
    # occurrences), labels and key sets: the per-item work is done by map() and numpy in C, the
    # Python-level work once per distinct item, label or key set.
    everything = list(chain.from_iterable(features.src))
    # the items are alive, so their ids are theirs; as int64, not a list of a million Python numbers
    identities = np.fromiter(map(id, everything), np.int64, len(everything))
    _, first, item_ids = np.unique(identities, return_index=True, return_inverse=True)
    order = np.argsort(first)  # the distinct items in the order they first appear
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    item_ids = rank[item_ids]
    distinct = [everything[k] for k in first[order].tolist()]
    item_label = _number(list(map(attrgetter("label"), distinct)))[0][item_ids]
    item_raw = np.fromiter(map(attrgetter("weight"), distinct), float, len(distinct))[item_ids]
    set_ids, key_sets = _number(list(map(attrgetter("keys"), distinct)))
    set_ids = set_ids[item_ids]
    # Keys absent from the whole target can never match: dropping them here saves most look-ups later.
    reduced = [np.array(sorted(vocabulary[k] for k in keys if k in vocabulary), dtype=np.int64)
               for keys in key_sets]
    set_sizes = np.fromiter(map(len, reduced), np.int64, len(reduced))
    set_keys = np.concatenate(reduced) if reduced else np.zeros(0, dtype=np.int64)
    sizes = set_sizes[set_ids]
    starts = (np.cumsum(set_sizes) - set_sizes)[set_ids]
    keys = set_keys[_expand(starts, starts + sizes)[1]]
    return item_label, item_raw, [len(items) for items in features.src], keys, sizes


def weigh(features: Features, unmatchable: float = 1.0) -> Weighted:
    """Scale weights by inverse document frequency, and by `unmatchable` where no counterpart exists."""
    tgt, n = features.tgt, len(features.src)
    post_key, vocabulary = _number(list(chain.from_iterable(tgt)))
    post_t = np.repeat(np.arange(len(tgt), dtype=np.int64), [len(keys) for keys in tgt])
    post_w = np.fromiter(chain.from_iterable(map(dict.values, tgt)), float, len(post_key))
    item_label, item_raw, per_sentence, row_key, sizes = _source_rows(features, vocabulary)
    item_s = np.repeat(np.arange(n, dtype=np.int64), per_sentence)
    labels = item_label
    label_count = int(labels.max(initial=-1)) + 1
    per_label = unique(item_s * label_count + labels) % max(label_count, 1)  # a label once per sentence
    src_df = np.bincount(per_label, minlength=label_count)
    item_w = item_raw * _idf(src_df)[labels]
    size_arr = sizes
    item_w = np.where(size_arr > 0, item_w, item_w * unmatchable)
    keys = row_key
    reachable = np.zeros(len(vocabulary), dtype=bool)
    reachable[keys] = True
    tgt_df = np.bincount(post_key, minlength=len(vocabulary))  # a key is in a sentence's keys once
    post_w = post_w * _idf(tgt_df)[post_key] * np.where(reachable[post_key], 1.0, unmatchable)
    stride = len(tgt) + 1
    codes = post_key * stride + post_t
    order = np.argsort(codes, kind="stable")
    row_item = np.repeat(np.arange(len(sizes), dtype=np.int64), size_arr)
    return Weighted(codes[order], post_t[order], post_w[order], item_s[row_item], row_item, keys, item_w,
                    np.bincount(item_s, item_w, minlength=n), np.bincount(post_t, post_w, minlength=len(tgt)),
                    stride, len(vocabulary), _places(per_sentence))


def _places(counts: list[int]) -> np.ndarray:
    """Place of each element in its sentence (0 first .. 1 last), from the number of elements per sentence."""
    sizes = np.asarray(counts, dtype=np.int64)
    index = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return (index / np.maximum(np.repeat(sizes, sizes) - 1, 1)).astype(np.float32)


def _expand(starts: np.ndarray, stops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All positions in the ranges [starts[k], stops[k]), with the range number k of each."""
    counts = stops - starts
    owner = np.repeat(np.arange(len(starts)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, starts[owner] + offsets


PAIR_CHUNK = 200_000  # (item, key) rows joined at once: bounds the join's temporary arrays on a book


def pair_evidence(weighted: Weighted, grid: Grid,
                  longest: tuple[int, int] = (MAX_SIDE, MAX_SIDE)) -> Evidence:
    """Compute the matched weight of each sentence against every run of sentences on the other side.

    A run is up to `longest` (source, target) sentences ending at the pair's sentence; a word counts once
    however many of the run's sentences have it (summed pair by pair, a name or a noun repeated in the
    neighbours made every merged bead look better covered). Vectorised as a join of (source sentence, key)
    against the target postings sorted by (key, sentence): a book has millions of such pairs."""
    base, width = grid.pair_base()
    # float32: on a book these are a dozen arrays of (sentences × band) cells
    src = np.zeros((longest[1], grid.n, width + 1), dtype=np.float32)  # differences along each row
    tgt = np.zeros((longest[0], grid.n, width), dtype=np.float32)
    last_s = np.full(len(weighted.codes), -2 * MAX_SIDE, dtype=np.int64)  # per posting: last source matching
    place = np.zeros(grid.n * width, dtype=np.float32)
    if len(weighted.codes):
        # Chunks end on a sentence boundary: the per-sentence de-duplication never spans two chunks.
        step = max(1, PAIR_CHUNK * grid.n // max(len(weighted.row_s), 1))  # sentences per chunk
        bounds = [*np.searchsorted(weighted.row_s, np.arange(0, grid.n, step)), len(weighted.row_s)]
        for start, stop in zip(bounds[:-1], bounds[1:], strict=False):
            _join(weighted, slice(start, stop), base, src, tgt, last_s, place)
    np.cumsum(src, axis=2, out=src)
    base = base.astype(np.int32)  # with float32 totals, the coverage of each bead type is float32 throughout
    return Evidence(weighted.src_total.astype(np.float32), weighted.tgt_total.astype(np.float32),
                    tuple(PairArray(v[:, :width], base) for v in src), tuple(PairArray(v, base) for v in tgt),
                    PairArray(place.reshape(grid.n, width), base))


def _first_of_group(groups: np.ndarray) -> np.ndarray:
    return np.concatenate([[True], groups[1:] != groups[:-1]])


def _join(flat: Weighted, rows: slice, base: np.ndarray, src: np.ndarray, tgt: np.ndarray,
          last_s: np.ndarray, place: np.ndarray) -> None:
    """Add the matched weights of one chunk of (item, key) rows into the run arrays."""
    width = tgt.shape[2]
    row_s = flat.row_s[rows]
    lo = base[row_s]
    hi = np.minimum(lo + width, flat.stride - 1)  # never into the next key's postings
    key_code = flat.row_key[rows] * flat.stride
    owner, found = _expand(np.searchsorted(flat.codes, key_code + lo),
                           np.searchsorted(flat.codes, key_code + hi))
    if not len(owner):
        return
    pair_s, items = row_s[owner], flat.row_item[rows][owner]
    # Source side, sorted by item then target: an item's previous match is the entry before it.
    _, first = np.unique(items * flat.stride + flat.post_t[found], return_index=True)  # two keys: once
    t = flat.post_t[found[first]]
    prev = np.where(_first_of_group(items[first]), -2 * MAX_SIDE, np.roll(t, 1))
    s, w = pair_s[first], flat.item_w[items[first]]
    _source_runs(src, s, t, prev, w, base)
    _scatter(place, s * width + t - base[s], w * flat.item_place[items[first]])
    # Target side: each key of a target sentence counts once per source sentence, whatever item has it.
    # Sorted by posting then source; a posting's previous source may be in an earlier chunk.
    _, first = np.unique(found * (len(base) + 1) + pair_s, return_index=True)
    posting, s = found[first], pair_s[first]
    head = _first_of_group(posting)
    prev = np.where(head, last_s[posting], np.roll(s, 1))
    tail = np.concatenate([head[1:], [True]])
    last_s[posting[tail]] = s[tail]
    _target_runs(tgt, s, flat.post_t[posting], prev, flat.post_w[posting], base)


def _source_runs(src: np.ndarray, s: np.ndarray, t: np.ndarray, prev: np.ndarray, w: np.ndarray,
                 base: np.ndarray) -> None:
    """Add each match (s, t) to the runs of targets ending at e that hold t and no earlier match of it."""
    width = src.shape[2] - 1
    flat = src.reshape(len(src), -1)
    for k in range(len(src)):  # runs of k + 1 targets: e in [on, off), as differences along the row
        on = np.minimum(np.maximum(t, prev + k + 1) - base[s], width)
        off = np.minimum(t + k + 1 - base[s], width)
        _scatter(flat[k], s * (width + 1) + on, w)
        _scatter(flat[k], s * (width + 1) + off, w, subtract=True)


def _target_runs(tgt: np.ndarray, s: np.ndarray, t: np.ndarray, prev: np.ndarray, w: np.ndarray,
                 base: np.ndarray) -> None:
    """Add each match (s, t) to the runs of sources ending at e that hold s and no earlier match of it."""
    n, width = tgt.shape[1:]
    flat = tgt.reshape(len(tgt), -1)
    for d in range(len(tgt)):
        e = s + d  # the runs of sources ending at e, of k + 1 > d sentences, hold s
        col = t - base[np.minimum(e, n - 1)]
        inside = (e < n) & (col >= 0) & (col < width)
        for k in range(d, len(tgt)):
            keep = inside & (e >= prev + k + 1)  # not counted already for an earlier source of the run
            _scatter(flat[k], (e * width + col)[keep], w[keep])


def _scatter(values: np.ndarray, index: np.ndarray, weights: np.ndarray, subtract: bool = False) -> None:
    """Add (or subtract) the weights summed per index into `values`, touching only the span they cover.

    A chunk's matches cover a few thousand sentences: a bincount as long as the whole book, once per chunk
    and run length, cost more than the matching itself. The sums and the additions are the same."""
    if not len(index):
        return
    low = int(index.min())
    counts = np.bincount(index - low, weights)
    span = values[low:low + len(counts)]
    if subtract:
        span -= counts
    else:
        span += counts

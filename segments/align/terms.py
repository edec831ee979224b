"""Bead-level evidence: lexical similarity, length, paragraph breaks and optional sentence embeddings.

Each term is computed for every cell of the band at once: `term(a, b)` returns an array of shape
(n + 1, width) holding its contribution to the score of the a-b bead that ends at that cell.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from segments.align import quotes, scorers
from segments.align.grid import MAX_SIDE, Evidence, Grid, PairArray, pair_evidence, take_1d, weigh
from segments.align.scorers import Bitext

Term = Callable[[int, int], np.ndarray]

LENGTH_SIGMA2 = 10.0  # variance of the length difference per character (Gale–Church: 6.8 for French)
LENGTH_CAP = 3.0  # a wildly wrong length ratio costs at most this much: it can be a bad split
PARAGRAPH_CROSSING = 2.5  # a bead spanning a paragraph break: translators rarely move sentences across
PARAGRAPH_MISMATCH = 1.0  # a bead ending a paragraph on one side only
COVERAGE_SMOOTHING = 0.5  # pseudo-weight of the prior coverage
COVERAGE_PRIOR = 0.3  # what a sentence with no evidence at all is assumed to cover


def _rows(grid: Grid, back: int) -> np.ndarray:
    return (np.arange(grid.n + 1) - back)[:, None]


class _RunningSums:
    """part(key, 1) + part(key, 2) + ... + part(key, size), extended as sizes grow, restarted if one shrinks.

    The bead types ask for their runs in increasing sizes, so each part is computed once for all the
    types that hold it (not once per type), and only the latest sum per key is kept, until the largest
    size `last` says that key is asked for: each is a few MB on a book. The sums are added in the order a
    fresh `sum()` adds them, so they are the same floats."""

    def __init__(self, part: Callable[[int, int], np.ndarray], last: dict[int, int]) -> None:
        self._part, self._last = part, last
        self._sums: dict[int, tuple[int, np.ndarray]] = {}

    def __call__(self, key: int, size: int) -> np.ndarray:
        done, total = self._sums.pop(key, (0, None))
        if total is None or done > size:
            done, total = 1, self._part(key, 1)
        for x in range(done + 1, size + 1):
            total = total + self._part(key, x)  # a new array: the earlier sums were handed out
        if size < self._last.get(key, MAX_SIDE):
            self._sums[key] = (size, total)
        return total


def similarity(evidence: Evidence, grid: Grid, types: Sequence[tuple[int, int]] = ()) -> Term:
    """Sum over the bead's sentences of the share of each one's evidence matched on the other side.

    `types`, the bead types the term will be asked for, lets it forget what no later type needs."""
    cols = grid.cols

    # each sentence against the whole other side of the bead: its run of sentences ending at the last
    def source_part(b: int, x: int) -> np.ndarray:  # the bead's x-th source sentence from the end
        s = _rows(grid, x)
        return _coverage(take_1d(evidence.src_total, s), evidence.src_matched[b - 1].take(s, cols - 1))

    def target_part(a: int, y: int) -> np.ndarray:
        t = cols - y
        return _coverage(take_1d(evidence.tgt_total, t), evidence.tgt_matched[a - 1].take(_rows(grid, 1), t))

    largest_a: dict[int, int] = {}
    largest_b: dict[int, int] = {}
    for a, b in types:
        largest_a[b], largest_b[a] = max(largest_a.get(b, 0), a), max(largest_b.get(a, 0), b)
    source, target = _RunningSums(source_part, largest_a), _RunningSums(target_part, largest_b)

    def term(a: int, b: int) -> np.ndarray:
        if a == 0 or b == 0:
            return np.zeros((grid.n + 1, grid.width))
        return source(b, a) + target(a, b)

    return term


def _coverage(total: np.ndarray, matched: np.ndarray) -> np.ndarray:
    # Smoothed towards COVERAGE_PRIOR: a sentence with little evidence ("No.") is neither proof nor disproof.
    return (np.minimum(matched, total) + COVERAGE_SMOOTHING * COVERAGE_PRIOR) / (total + COVERAGE_SMOOTHING)


def _sum(pairs: PairArray, src: list[np.ndarray], tgt: list[np.ndarray]) -> np.ndarray:
    return sum(pairs.take(s, t) for s in src for t in tgt)


ORDER_PENALTY = 0.7  # per pair of a bead's sentences matching its one other sentence in crossed order


def order(evidence: Evidence, grid: Grid) -> Term:
    """Penalise a one-to-many bead whose target sentences match the source sentence's words in crossed order.

    A translator who splits a sentence mostly keeps its clauses in order: where the second of two target
    sentences matches words before those the first one matches, it is more often the next bead's. (The
    many-to-one mirror, places in the target sentence, lost as much as it gained on mac-dev.)"""
    cols = grid.cols

    def place(s: np.ndarray, t: np.ndarray) -> np.ndarray:
        weight = evidence.src_matched[0].take(s, t)
        return np.where(weight > 0, evidence.src_place.take(s, t) / np.maximum(weight, 1e-9), np.nan)

    crossings: list = []  # [b, crossings among the last b target sentences, place of the b-th from the end]

    def term(a: int, b: int) -> np.ndarray:
        if a != 1 or b < 2:
            return np.zeros((grid.n + 1, grid.width))
        # in target order; a target sentence without matched words has no place (nan): it crosses nothing.
        # Counted pair by pair back from the last, and kept for the next, longer bead (counts add exactly).
        if not crossings or crossings[0] > b:  # counts of at most MAX_SIDE: bytes, not floats, on a book
            crossings[:] = [1, np.zeros((grid.n + 1, grid.width), np.uint8), place(_rows(grid, 1), cols - 1)]
        done, crossed, nearer = crossings
        for y in range(done + 1, b + 1):
            further = place(_rows(grid, 1), cols - y)  # the sentence before `nearer` in the text
            crossed += nearer < further  # the later sentence matches earlier words
            nearer = further
        crossings[:] = [b, crossed, nearer]
        return -ORDER_PENALTY * crossed

    return term


def source_view(bitext: Bitext, grid: Grid) -> Term | None:
    """MT ↔ English: the similarity of the MT's Chinese source to the English, a second view of each bead.

    Counted apart from the MT's own evidence, not merged into it: the two views err on different beads."""
    if (inner := scorers.source_bitext(bitext)) is None:
        return None
    weighted = weigh(scorers.source_features(inner), scorers.CROSS_LANGUAGE_UNMATCHABLE)
    evidence = pair_evidence(weighted, grid)
    lexical, crossing = similarity(evidence, grid), order(evidence, grid)

    def term(a: int, b: int) -> np.ndarray:
        if not (a and b):
            return lexical(a, b)
        # Relative to a sentence without evidence, so that leaving a sentence out costs what it did before;
        # crossings halved: the view weighs 2.0, so one costs what it does in the MT's own evidence.
        return lexical(a, b) - (a + b) * COVERAGE_PRIOR + crossing(a, b) / 2

    return term


def length_ratio(bitext: Bitext, beads: Sequence[tuple[int, int, int, int, float]]) -> float | None:
    """Re-estimate the length ratio from the beads of a first pass, leaving out insertions and deletions."""
    src_len, tgt_len = bitext.lengths()
    src_total = tgt_total = 0
    for a, b, i, j, _ in beads:
        if a and b:
            src_total += sum(src_len[i - a:i])
            tgt_total += sum(tgt_len[j - b:j])
    return tgt_total / src_total if src_total and tgt_total else None


def length(bitext: Bitext, grid: Grid) -> Term | None:
    """Gale–Church log-probability of the bead's length ratio, with the ratio estimated from the document."""
    src_len, tgt_len = (np.array(lengths, dtype=float) for lengths in bitext.lengths())
    if src_len.sum() == 0 or tgt_len.sum() == 0:
        return None
    ratio = bitext.length_ratio or tgt_len.sum() / src_len.sum()
    cols, rows = grid.cols, _rows(grid, 0)
    # Lengths are whole numbers: differences of running totals are exactly the sums of the runs.
    src_cum, tgt_cum = (np.concatenate([[0.0], np.cumsum(lengths)]) for lengths in (src_len, tgt_len))

    def run(cum: np.ndarray, stop: np.ndarray, size: int) -> np.ndarray:  # sentences stop - size .. stop - 1
        return cum[np.clip(stop, 0, len(cum) - 1)] - cum[np.clip(stop - size, 0, len(cum) - 1)]

    def term(a: int, b: int) -> np.ndarray:
        if a == 0 or b == 0:
            return np.zeros((grid.n + 1, grid.width))
        ls, lt = run(src_cum, rows, a) * ratio, run(tgt_cum, cols, b)
        delta2 = (lt - ls) ** 2 / (LENGTH_SIGMA2 * (ls + lt) / 2 + 1.0)
        return -np.minimum(delta2 / 2, LENGTH_CAP)

    return term


def _breaks(paragraphs: list[int] | None, count: int) -> np.ndarray | None:
    """ends[i] is True when a paragraph ends after sentence i - 1 (i.e. between i - 1 and i)."""
    if paragraphs is None or len(paragraphs) != count:
        return None
    ids = np.asarray(paragraphs)
    return np.concatenate([[True], ids[1:] != ids[:-1], [True]])


def paragraphs(bitext: Bitext, grid: Grid) -> Term | None:
    """Penalise beads that cross a paragraph break, or end a paragraph on one side only."""
    src_ends = _breaks(bitext.src_paragraphs, len(bitext.src))
    tgt_ends = _breaks(bitext.tgt_paragraphs, len(bitext.tgt))
    if src_ends is None and tgt_ends is None:
        return None
    cols, rows = grid.cols, _rows(grid, 0)

    def crossings(ends: np.ndarray | None, stop: np.ndarray, size: int) -> np.ndarray:
        if ends is None or size < 2:
            return np.zeros(1)
        return sum(take_1d(ends.astype(float), stop - y) for y in range(1, size))

    def term(a: int, b: int) -> np.ndarray:
        penalty = crossings(src_ends, rows, a) + crossings(tgt_ends, cols, b)
        penalty = PARAGRAPH_CROSSING * penalty
        if src_ends is not None and tgt_ends is not None:
            mismatch = take_1d(src_ends.astype(float), rows) != take_1d(tgt_ends.astype(float), cols)
            penalty = penalty + PARAGRAPH_MISMATCH * mismatch
        return -np.broadcast_to(penalty, (grid.n + 1, grid.width))

    return term


QUOTE_CLASH = 1.5  # a bead ending inside a quotation on one side only
QUOTING_AGREEMENT = 0.5  # the rarer side's share of boundaries inside quotations, against the other's


def quotations(bitext: Bitext, grid: Grid) -> Term | None:
    """Penalise beads that end inside a quotation on one side and outside any on the other.

    Only where both texts mark quotations about as often: a translation that sets dialogue off with dashes,
    or an MT that lost its quotation marks, says nothing by their absence."""
    src, tgt = bitext.quote_states()
    shares = sorted((quotes.quoting(src), quotes.quoting(tgt)))
    if shares[1] == 0 or shares[0] < QUOTING_AGREEMENT * shares[1]:
        return None
    cols = grid.cols
    penalty = -QUOTE_CLASH * quotes.clash(take_1d(src.astype(float), _rows(grid, 0)),
                                          take_1d(tgt.astype(float), cols))

    def term(a: int, b: int) -> np.ndarray:
        return penalty

    return term


def _encode(model_dir: Path, sentences: list[str]) -> np.ndarray:
    from sentence_transformers import SentenceTransformer  # optional and heavy: imported only when used

    model = SentenceTransformer(str(model_dir), device="cpu")
    return np.asarray(model.encode(sentences, normalize_embeddings=True, batch_size=64))


def embeddings_available(model_dir: Path | None) -> bool:
    """Tell whether a local sentence-transformers model can be used."""
    return (model_dir is not None and (Path(model_dir) / "modules.json").is_file()
            and importlib.util.find_spec("sentence_transformers") is not None)


def embedding(bitext: Bitext, grid: Grid) -> Term | None:
    """Cosine of the summed sentence embeddings of the two sides, per sentence (needs a local model)."""
    if not embeddings_available(bitext.model_dir):
        return None
    vectors = _encode(Path(bitext.model_dir), [*bitext.src, *bitext.tgt])
    src_vec, tgt_vec = vectors[: len(bitext.src)], vectors[len(bitext.src):]
    base, width = grid.pair_base()
    dots = np.zeros((grid.n, width))
    for start in range(0, grid.n, 256):  # chunks keep the gathered (rows, width, dim) block small
        rows = np.arange(start, min(start + 256, grid.n))
        tgt = _take_rows(tgt_vec, base[rows, None] + np.arange(width)[None, :])
        dots[rows] = np.einsum("rd,rkd->rk", src_vec[rows], tgt)
    cross = PairArray(dots, base)
    src_self = [np.einsum("rd,rd->r", src_vec[k:], src_vec[: len(src_vec) - k]) for k in range(MAX_SIDE)]
    tgt_self = [np.einsum("rd,rd->r", tgt_vec[k:], tgt_vec[: len(tgt_vec) - k]) for k in range(MAX_SIDE)]
    cols = grid.cols

    def norm(self_dots: list[np.ndarray], stop: np.ndarray, size: int) -> np.ndarray:
        total = sum(take_1d(self_dots[0], stop - x) for x in range(1, size + 1))
        for x in range(1, size + 1):
            for x2 in range(x + 1, size + 1):
                total = total + 2 * take_1d(self_dots[x2 - x], stop - x2)
        return np.sqrt(np.maximum(total, 1e-9))

    def term(a: int, b: int) -> np.ndarray:
        if a == 0 or b == 0:
            return np.zeros((grid.n + 1, grid.width))
        src = [_rows(grid, x) for x in range(1, a + 1)]
        dot = _sum(cross, src, [cols - y for y in range(1, b + 1)])
        return (a + b) * dot / (norm(src_self, _rows(grid, 0), a) * norm(tgt_self, cols, b))

    return term


def _take_rows(vectors: np.ndarray, index: np.ndarray) -> np.ndarray:
    ok = (index >= 0) & (index < len(vectors))
    return np.where(ok[..., None], vectors[np.clip(index, 0, len(vectors) - 1)], 0.0)

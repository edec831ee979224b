"""Many-to-many beads: the evidence of a sentence against a run of sentences, and 2-2 beads won and lost."""

from __future__ import annotations

import random

import numpy as np
import pytest

from segments.align import align, terms
from segments.align.grid import MAX_SIDE, Grid, Weighted, pair_evidence, weigh
from segments.align.scorers import Features, Item


def _pairs(src: list[str], tgt: list[str], src_lang: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.src, link.tgt) for link in align(src, tgt, src_lang, "en")]


def _diagonal(n: int, m: int, half: int = 4) -> Grid:
    return Grid.around(n, m, np.linspace(0, m, n + 1), half)


def test_a_word_in_two_sentences_of_a_run_counts_once() -> None:
    # "horse" is in both targets (and both sources): against the pair of them it is still one word matched
    horse = Item("horse", 1.0, frozenset({"w:horse"}))
    features = Features([[horse], [horse]], [{"w:horse": 1.0}, {"w:horse": 1.0}])
    weighted = weigh(features)
    evidence = pair_evidence(weighted, _diagonal(2, 2))
    one_source, both_targets, both_sources = (
        evidence.src_matched[0].take(np.array(0), np.array(0)),
        evidence.src_matched[1].take(np.array(0), np.array(1)),
        evidence.tgt_matched[1].take(np.array(1), np.array(0)))
    assert both_targets == pytest.approx(one_source) and one_source == pytest.approx(weighted.item_w[0])
    assert both_sources == pytest.approx(weighted.tgt_total[0])


def _direct(weighted: Weighted, s: int, t: int, k: int) -> tuple[float, float]:
    """Matched weight of s against targets t-k..t, and of t against sources s-k..s, counted item by item."""
    keys_of = {}
    for row, item in zip(weighted.row_key, weighted.row_item, strict=True):
        keys_of.setdefault(int(item), set()).add(int(row))
    item_s = dict(zip(weighted.row_item.tolist(), weighted.row_s.tolist(), strict=True))
    tgt_keys: list[dict[int, float]] = [{} for _ in range(weighted.stride - 1)]
    for code, post_t, w in zip(weighted.codes, weighted.post_t, weighted.post_w, strict=True):
        tgt_keys[int(post_t)][int(code) // weighted.stride] = float(w)
    run = set().union(*(tgt_keys[u].keys() for u in range(max(0, t - k), t + 1)))
    src_side = sum(weighted.item_w[i] for i, keys in keys_of.items() if item_s[i] == s and keys & run)
    sources = set().union(*(keys for i, keys in keys_of.items() if s - k <= item_s[i] <= s))
    return src_side, sum(w for key, w in tgt_keys[t].items() if key in sources)


def test_run_evidence_equals_a_direct_count_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("segments.align.grid.PAIR_CHUNK", 7)  # many chunks: a run spans their boundaries
    rng = random.Random(3)
    keys = [f"w:{k}" for k in range(30)]
    src = [[Item(f"l{rng.randrange(20)}", 1.0, frozenset(rng.sample(keys, rng.randint(1, 3))))
            for _ in range(rng.randint(0, 5))] for _ in range(40)]
    tgt = [{key: 1.0 for key in rng.sample(keys, rng.randint(0, 5))} for _ in range(55)]
    weighted = weigh(Features(src, tgt))
    grid = _diagonal(40, 55, 6)
    evidence = pair_evidence(weighted, grid)
    base, width = grid.pair_base()
    checked = 0
    for k in range(MAX_SIDE):
        for s in range(40):
            for t in range(base[s] + k, min(base[s] + width, 55)):
                # only cells whose whole run lies in the band: the ones a bead can use
                if all(base[u] <= t < base[u] + width for u in range(max(0, s - k), s + 1)):
                    got = (evidence.src_matched[k].take(np.array(s), np.array(t)),
                           evidence.tgt_matched[k].take(np.array(s), np.array(t)))
                    assert got == pytest.approx(_direct(weighted, s, t, k), abs=1e-4)
                    checked += 1
    assert checked > 1000


OTHERS = ["Rain fell over the quiet harbour town.", "Children played football in the muddy field."]


def test_two_one_to_one_beads_sharing_their_words_stay_apart() -> None:
    # Counted once per sentence of the other side, the repeated soldier, horse and river made the 2-2 win.
    src = [OTHERS[0], "The soldier found a horse near the river.",
           "The soldier rode the horse along the river.", OTHERS[1]]
    tgt = [OTHERS[0], "The soldier discovered a horse close to the river.",
           "The soldier mounted the horse beside the river.", OTHERS[1]]
    assert _pairs(src, tgt, "en") == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]


def test_a_two_to_two_bead_wins_when_the_sentence_break_moved() -> None:
    zh = ["那天早上下着雨。", "士兵在河边发现了一匹马，骑着它沿着河岸走，一直走到太阳下山，",
          "天黑了才回到城里。", "晚上我们一起唱歌。"]
    en = ["It was raining that morning.", "The soldier discovered a horse by the river.",
          "He rode it along the bank until the sun went down, and came back to the city only when dark.",
          "In the evening we sang together."]
    assert _pairs(zh, en, "zh") == [((0,), (0,)), ((1, 2), (1, 2)), ((3,), (3,))]


@pytest.mark.parametrize(("first", "second", "crossed"), [("w:horse", "w:river", False),
                                                          ("w:river", "w:horse", True)])
def test_a_one_to_two_bead_matching_its_source_in_crossed_order_pays(first: str, second: str,
                                                                    crossed: bool) -> None:
    # the source sentence says horse, then river; the bead's two target sentences say one word each
    words = [Item(word, 1.0, frozenset({f"w:{word}"})) for word in ("horse", "river")]
    features = Features([words], [{first: 1.0}, {second: 1.0}])
    grid = _diagonal(1, 2, 2)
    order = terms.order(pair_evidence(weigh(features), grid), grid)
    penalty = -order(1, 2)[1, 2 - grid.lo[1]]
    assert penalty == (pytest.approx(terms.ORDER_PENALTY) if crossed else 0.0) and (penalty > 0) == crossed
    assert order(1, 1)[1, 1 - grid.lo[1]] == 0.0

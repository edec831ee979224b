"""The alignment passes beyond the dictionary: a lexicon learned from the document, bead decisions by
evidence, MT↔English evidence and the bridge through a Chinese source, and linear cost."""

from __future__ import annotations

import random
import sys

import numpy as np

from segments.align import align, learning, lexicon, terms
from segments.align.grid import Grid
from segments.align.scorers import Bitext, _stem_weights, dictionary_features, source_tokens, target_tokens


def _pairs(links: list) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.src, link.tgt) for link in links]


def test_learned_lexicon_finds_the_pair_that_co_occurs() -> None:
    # No dictionary here: 菌草 comes with "juncao" in three beads, 山 with "mountain" in three, 水 once.
    src = [["菌草", "山"], ["菌草", "水"], ["书", "山"], ["菌草", "人"], ["山"]]
    tgt = [["juncao", "mountain"], ["juncao", "water"], ["book", "mountain"], ["juncao", "person"],
           ["mountain"]]
    learned = learning.learn([([k], [k]) for k in range(5)], src, tgt)
    assert "juncao" in learned["菌草"] and "mountain" in learned["山"]
    assert "水" not in learned  # seen once: as likely chance as translation
    assert all("juncao" not in stems for word, stems in learned.items() if word != "菌草")


def test_learned_pairs_become_dictionary_evidence() -> None:
    learned = {"菌草": frozenset({"juncao"})}
    bitext = Bitext(["我们种菌草。"], ["We plant juncao."], "zh", "en", learned=learned)
    features = dictionary_features(bitext)
    assert features is not None and any("w:juncao" in item.keys for item in features.src[0])


def test_learning_pass_can_be_switched_off() -> None:
    src, tgt = ["山很高。", "水很深。"], ["The mountain is high.", "The water is deep."]
    assert _pairs(align(src, tgt, "zh", "en")) == _pairs(align(src, tgt, "zh", "en", steps=())) == [
        ((0,), (0,)), ((1,), (1,))]


# A name CEDICT cannot read: 阿福 ("Ah Fu") is translated by meaning, "Lucky" (CEDICT's 福 says "luck").
LUCKY_ZH = ["阿福去了学校。", "阿福喜欢吃苹果。", "老师表扬了阿福。", "今天下雨了。", "阿福的哥哥是医生。",
            "阿福和朋友们一起唱歌。", "天很冷，阿福穿上了大衣。"]
LUCKY_EN = ["Lucky went to school.", "Lucky likes to eat apples.", "The teacher praised Lucky.",
            "It rained today.", "Lucky's brother is a doctor.", "Lucky sang with his friends.",
            "It was cold, and Lucky put on his coat."]


def test_lexicon_is_learned_from_the_first_pass_of_a_small_bitext() -> None:
    first = align(LUCKY_ZH, LUCKY_EN, "zh", "en", steps=())
    assert _pairs(first) == [((k,), (k,)) for k in range(7)]
    bitext = Bitext(LUCKY_ZH, LUCKY_EN, "zh", "en")
    assert "lucki" not in bitext.lexicon["福"]  # not in the dictionary: it can only be learned
    learned = learning.learn([(link.src, link.tgt) for link in first], source_tokens(bitext),
                             target_tokens(bitext))
    assert "lucki" in learned["福"]
    assert {word for word, stems in learned.items() if "lucki" in stems} <= {"阿", "福"}
    assert "今天" not in learned and "下雨" not in learned  # one bead each: no evidence of a habit


def test_one_to_two_wins_when_the_extra_sentence_carries_matching_content() -> None:
    zh = ["那天晚上我没有走。", "陈清扬抓住我，要我留下来。", "她承认打我是不对的。", "我说我是个假人。"]
    en = ["I did not leave that night.", "Chen Qingyang grabbed me.", "She asked me to stay.",
          "She admitted it was wrong to hit me.", "I said I was a fake."]
    assert _pairs(align(zh, en, "zh", "en")) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]


RAIN_ZH = ["那天晚上我没有走，因为外面下着很大的雨，路上一个人也没有。", "陈清扬抓住我，要我留下来。",
           "她承认打我是不对的。"]


def test_one_to_two_loses_when_the_extra_sentence_belongs_to_the_next_one() -> None:
    # By length the long first sentence wants a second English sentence (with the lexical similarity
    # weighted 0 the search links it to "Chen Qingyang grabbed me."); by content that one translates the next.
    en = ["I did not leave that night: it was raining hard.", "Chen Qingyang grabbed me.",
          "She asked me to stay.", "She admitted it was wrong to hit me."]
    assert _pairs(align(RAIN_ZH, en, "zh", "en")) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    # The same first sentence does take a second one whose words it has (路上一个人也没有).
    en = ["I did not leave that night: it was raining hard.", "Nobody was on the road.",
          "Chen Qingyang grabbed me and asked me to stay.", "She admitted it was wrong to hit me."]
    assert _pairs(align(RAIN_ZH, en, "zh", "en")) == [((0,), (0, 1)), ((1,), (2,)), ((2,), (3,))]


# Three-way: the Chinese source, its MT (paraphrased: no word of the second sentence is in the reference)
# and the reference, whose lengths pull the second MT sentence the wrong way.
BRIDGE_ZH = ["老王在市场上买了很多书，", "又卖掉了花园里的花。", "晚上我们走了很远的路回家，一起吃米饭。"]
BRIDGE_MT = ["Old Wang purchased numerous volumes at the bazaar,", "then vended the blossoms of the yard.",
             "At dusk we trekked home and consumed grain."]
BRIDGE_REF = ["Lao Wang bought many books in the market and sold the flowers in the garden.",
              "In the evening, after walking a long way back home, we ate rice together."]


def test_the_chinese_source_bridges_a_paraphrasing_mt_to_its_reference() -> None:
    right = [((0, 1), (0,)), ((2,), (1,))]
    assert _pairs(align(BRIDGE_ZH, BRIDGE_REF, "zh", "en")) == right  # what the source says
    assert _pairs(align(BRIDGE_MT, BRIDGE_REF, "en", "en")) != right  # the MT alone is misled
    assert _pairs(align(BRIDGE_MT, BRIDGE_REF, "en", "en", source=BRIDGE_ZH)) == right
    no_bridge = align(BRIDGE_MT, BRIDGE_REF, "en", "en", source=BRIDGE_ZH, steps={"learn", "priors"})
    assert _pairs(no_bridge) != right


def _document(count: int) -> tuple[list[str], list[str]]:
    words = {"山": "mountain", "水": "water", "人民": "people", "科学": "science", "工作": "work",
             "城市": "city", "学生": "student", "医生": "doctor", "朋友": "friend", "老师": "teacher"}
    rng = random.Random(3)
    src, tgt = [], []
    for k in range(count):
        picked = rng.sample(sorted(words), rng.randint(2, 5))
        src.append("".join(picked) + f"有{k}个。")
        tgt.append("The " + " and the ".join(words[w] for w in picked) + f" number {k}.")
    return src, tgt


def _calls(count: int) -> int:
    """Python and C function calls made by one alignment of a `count`-sentence document."""
    src, tgt = _document(count)
    _stem_weights.cache_clear()  # the second document repeats the first one's sentences
    lexicon.stem.cache_clear()
    calls = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(profile)
    try:
        links = align(src, tgt, "zh", "en")
    finally:
        sys.setprofile(None)
    assert len(links) == count
    return calls


def test_cost_grows_linearly_with_the_document() -> None:
    align(["山。"], ["Mountain."], "zh", "en")  # opens the dictionary outside the count
    small, large = _calls(200), _calls(400)
    assert 1.7 < large / small < 2.3  # quadratic would be 4; measured 1.88 when written


def _path_score(term: terms.Term, grid: Grid, beads: list[tuple[int, int]]) -> float:
    i = j = 0
    total = 0.0
    for a, b in beads:
        i, j = i + a, j + b
        total += float(term(a, b)[i, j - grid.lo[i]])
    return total


def test_the_source_view_scores_the_beads_the_source_supports() -> None:
    bitext = Bitext(BRIDGE_MT, BRIDGE_REF, "en", "en", bridge=BRIDGE_ZH)
    grid = Grid.around(3, 2, np.array([0.0, 1.0, 1.0, 2.0]), 2)
    view = terms.source_view(bitext, grid)
    assert view is not None
    # the source's first two sentences are the first reference sentence, its third the second one
    assert _path_score(view, grid, [(2, 1), (1, 1)]) > _path_score(view, grid, [(1, 1), (2, 1)]) + 0.5
    assert terms.source_view(Bitext(BRIDGE_MT, BRIDGE_REF, "en", "en"), grid) is None

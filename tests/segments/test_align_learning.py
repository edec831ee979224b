"""The alignment passes beyond the dictionary: a lexicon learned from the document, bead decisions by
evidence, MT↔English evidence and the bridge through a Chinese source, and linear cost."""

from __future__ import annotations

from segments.align import align, learning
from segments.align.scorers import Bitext, dictionary_features


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

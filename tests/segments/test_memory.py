"""Fuzzy matching behind the n-gram index (exact, fuzzy, CJK, removal) and concordance with context."""

import random

import pytest

from segments.memory import MemoryIndex, concordance, grams, normalise, phrase_pattern

ENGLISH = [
    "General Secretary Xi Jinping stressed the importance of scientific and technological innovation.",
    "The two academies held their general assemblies in Beijing.",
    "Scientists and engineers are the main force of innovation.",
    "The weather in Beijing was fine on Monday.",
]
CHINESE = [
    "习近平总书记强调科技创新的重要性。",
    "两院院士大会在北京召开。",
    "科学家和工程师是创新的主力军。",
]


@pytest.fixture
def index() -> MemoryIndex:
    built = MemoryIndex()
    for n, text in enumerate(ENGLISH + CHINESE, start=1):
        built.add(n, text)
    return built


def test_normalise_folds_case_width_and_spaces():
    assert normalise("  The\u3000ＴＷＯ\n academies ") == "the two academies"


def test_grams_are_words_and_cjk_bigrams():
    assert grams("two academies") == {"two", "academies"}
    assert grams("两院院士") == {"两院", "院院", "院士"}
    assert grams("院") == {"院"}
    assert grams("xi 习近平 said") == {"xi", "said", "习近", "近平"}


def test_exact_match_scores_100_whatever_the_case_and_spacing(index):
    assert index.search("the two  academies held their general assemblies in BEIJING.") == [(2, 100.0)]


def test_fuzzy_match_ranks_the_closest_first(index):
    found = index.search("General Secretary Xi Jinping stressed the importance of technological innovation.")
    assert found[0][0] == 1 and 85 < found[0][1] < 100
    assert all(score >= 50 for _, score in found)


def test_min_score_and_limit(index):
    assert index.search("Completely unrelated words about cooking pasta at home.", min_score=60) == []
    assert len(index.search("innovation", limit=1, min_score=0)) <= 1


def test_chinese_fuzzy_match(index):
    found = index.search("两院院士大会在北京隆重召开。", min_score=70)
    assert found[0][0] == 6 and found[0][1] > 85


def test_repeated_text_lists_every_id_newest_first():
    built = MemoryIndex()
    built.add("a", "Same sentence.")
    built.add("b", "same   SENTENCE.")
    assert built.search("Same sentence.") == [("b", 100.0), ("a", 100.0)]


def test_remove_and_replace(index):
    index.remove(2)
    assert 2 not in index and index.search("The two academies held their general assemblies in Beijing.",
                                           min_score=90) == []
    index.add(1, "Something else entirely.")
    assert index.search("Something else entirely.") == [(1, 100.0)]
    assert all(entry != 1 for entry, _ in index.search(ENGLISH[0], min_score=60))
    index.remove(999)  # unknown ids are ignored


def test_empty_texts_are_not_indexed():
    built = MemoryIndex()
    built.add(1, "   ")
    assert len(built) == 0 and built.search("") == []


def test_many_removals_compact_the_index():
    built = MemoryIndex()
    for n in range(3000):
        built.add(n, f"Sentence number {n} of the memory.")
    for n in range(2500):
        built.remove(n)
    assert len(built) == 500
    assert built.search("Sentence number 2999 of the memory.")[0] == (2999, 100.0)


def test_containing_narrows_to_texts_holding_every_gram(index):
    assert set(index.containing("two academies")) == {2}
    assert set(index.containing("院士")) == {6}
    assert list(index.containing("")) == []


def test_lookup_finds_near_matches_in_a_large_memory():
    """How fast is bench/memory.py's figure; here, that 20,000 entries still answer."""
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(5000)] + ["the", "of", "and", "to", "in"] * 400
    built = MemoryIndex()
    texts = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 25))) for _ in range(20_000)]
    for n, text in enumerate(texts):
        built.add(n, text)
    for n, text in enumerate(texts[:50]):
        assert n in [key for key, *_ in built.search(text[:-3] + "xyz", limit=3)]


def test_concordance_gives_context_on_both_sides():
    text = "We met the two academies. The Two Academies met again."
    hits = concordance([(1, text)], "two academies", width=8)
    assert [(h.match, h.before, h.after) for h in hits] == [
        ("two academies", "met the ", ". The Tw"), ("Two Academies", "es. The ", " met aga")]
    assert hits[0].clipped_before and hits[0].clipped_after
    whole = concordance([(1, text)], "we met", width=100)[0]
    assert (whole.before, whole.clipped_before, whole.clipped_after) == ("", False, False)


def test_concordance_matches_whole_english_words_and_any_chinese():
    texts = [(1, "Talented people and talent policy."), (2, "两院院士大会"), (3, "talent\nshortage")]
    assert [h.key for h in concordance(texts, "talent")] == [1, 3]
    assert [h.match for h in concordance(texts, "talent shortage")] == ["talent\nshortage"]
    assert [h.match for h in concordance(texts, "院士")] == ["院士"]
    assert concordance(texts, "   ") == []
    assert len(concordance(texts * 3, "talent", limit=2)) == 2


def test_phrase_pattern_escapes_regex_characters():
    assert phrase_pattern("a+b (c)").search("x a+b (c) y")
    assert phrase_pattern("") is None

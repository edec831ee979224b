"""Term matching: CJK longest match, English words with inflections, case, overlaps and punctuation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary import Term, TermMatcher


def entry(source: str, *targets: str, **extra: object) -> Term:
    return Term(source, targets, "zh", "en", **extra)


TERMS = [
    entry("我国", "China", forbidden=("my country", "our country"), id="wo-guo"),
    entry("人才", "talent", forbidden=("talents",)),
    entry("改革", "reform"),
    entry("中国", "China"),
    entry("中国科学院", "Chinese Academy of Sciences", id=7),
    entry("科学", "science"),
    entry("美国", "US", case_sensitive=True),
    entry("研究人员", "researchers"),
    entry("旧词", "old word", status="deprecated"),
    Term("chip", ("芯片",), "en", "zh"),
]


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    return TermMatcher(TERMS)


def found(matcher: TermMatcher, text: str, side: str = "target") -> list[tuple[str, str, object]]:
    matches = matcher.find(text, side)
    assert all(text[m.start:m.end] == m.text for m in matches)
    return [(m.text, m.kind, m.term_id) for m in matches]


def test_chinese_longest_match_wins(matcher: TermMatcher) -> None:
    assert found(matcher, "我国的中国科学院在中国。", "source") == [
        ("我国", "source", "wo-guo"), ("中国科学院", "source", 7), ("中国", "source", 3)]


def test_term_id_is_the_index_when_the_entry_has_no_id(matcher: TermMatcher) -> None:
    assert matcher.find("改革", "source")[0].term_id == 2
    assert matcher.term(2).source == "改革"


@pytest.mark.parametrize("word", ["reform", "reforms", "reformed", "Reforming", "REFORM"])
def test_inflections_and_case_folding(matcher: TermMatcher, word: str) -> None:
    assert found(matcher, f"The {word} went on.") == [(word, "target", 2)]


def test_derivations_are_not_inflections(matcher: TermMatcher) -> None:
    assert found(matcher, "research by a researcher and researchers") == [
        ("researcher", "target", 7), ("researchers", "target", 7)]


def test_forbidden_variant_sharing_a_stem_with_a_target(matcher: TermMatcher) -> None:
    assert found(matcher, "talent, talents, Talents") == [
        ("talent", "target", 1), ("talents", "forbidden", 1), ("Talents", "forbidden", 1)]


def test_forbidden_match_suggests_the_preferred_target(matcher: TermMatcher) -> None:
    match = matcher.find("In my country, reform matters.", "target")[0]
    assert (match.kind, match.text, match.preferred, match.start, match.end) == (
        "forbidden", "my country", "China", 3, 13)


def test_case_sensitive_entries(matcher: TermMatcher) -> None:
    assert found(matcher, "Tell us about the US.") == [("US", "target", 6)]


def test_multi_word_terms_and_word_boundaries(matcher: TermMatcher) -> None:
    text = "the Chinese Academy of Sciences; Chinese academies of sciences; Sciences; Chinatown"
    assert found(matcher, text) == [("Chinese Academy of Sciences", "target", 7),
                                    ("Chinese academies of sciences", "target", 7), ("Sciences", "target", 5)]


@pytest.mark.parametrize("text", ["(China)", "China's", "“China”", "China.", "[China]", "‘China’,", "«China»",
                                  "China’s"])
def test_punctuation_around_terms(matcher: TermMatcher, text: str) -> None:
    match = matcher.find(text, "target")[0]
    assert (match.text, text[match.start:match.end]) == ("China", "China")


def test_whitespace_inside_a_multi_word_term(matcher: TermMatcher) -> None:
    assert found(matcher, "Our\n country  is big") == [("Our\n country", "forbidden", "wo-guo")]


def test_overlaps_resolved_leftmost_longest() -> None:
    terms = [entry("甲", "New York"), entry("乙", "York University"), entry("丙", "New York University"),
             entry("丁", "university")]
    matcher = TermMatcher(terms)
    assert found(matcher, "New York University and York University") == [
        ("New York University", "target", 2), ("York University", "target", 1)]


def test_deprecated_entries_and_other_language_pairs_are_skipped(matcher: TermMatcher) -> None:
    assert found(matcher, "an old word about a chip") == []
    assert found(TermMatcher(TERMS, "en", "zh"), "a chip", "source") == [("chip", "source", 9)]


def test_term_ids_restrict_the_candidates() -> None:
    same = "technological innovation"
    matcher = TermMatcher([entry("科技创新", same), entry("技术创新", same)])
    assert matcher.find("technological innovation", "target")[0].term_id == 0
    assert matcher.find("technological innovation", "target", term_ids={1})[0].term_id == 1


def test_bad_side_and_empty_inputs() -> None:
    with pytest.raises(ValueError, match="side must be"):
        TermMatcher(TERMS).find("x", "middle")  # type: ignore[arg-type]
    assert TermMatcher([]).find("China", "target") == []
    assert TermMatcher(TERMS).find("", "source") == []
    assert TermMatcher([entry("！", "!")]).find("!", "target") == []


@given(st.text(alphabet=st.sampled_from(list("my country China talents 我国中国科学院 ,.()“”'\n")),
               max_size=60))
def test_matches_are_ordered_non_overlapping_slices(text: str) -> None:
    for side in ("source", "target"):
        matches = MATCHER.find(text, side)
        assert all(text[m.start:m.end] == m.text and m.start < m.end for m in matches)
        assert all(a.end <= b.start for a, b in zip(matches, matches[1:], strict=False))


MATCHER = TermMatcher(TERMS)

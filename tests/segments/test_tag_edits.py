"""Tags are ignored when words are compared: the diff, edits mapped back, the memory's keys and concordance,
glossary matching and its fixes. Texts use <1>, </1> and <3/> for tag tokens (see test_qa_tags.t)."""

from __future__ import annotations

import pytest

from glossary import Term, TermMatcher, replace_forbidden
from segments.diff import tokens, word_diff
from segments.memory import MemoryIndex, concordance, normalise
from segments.tag_edits import replace_untagged, retagged
from segments.tags import broken, tags, untagged
from tests.segments.test_qa_tags import shown, t


def test_a_tag_is_one_diff_token() -> None:
    text = t("the <1>lead</1> story<3/>")
    assert tokens(text) == ["the", " ", t("<1>"), "lead", t("</1>"), " ", "story", t("<3/>")]
    assert "".join(tokens(text)) == text


def test_a_moved_tag_is_a_tag_deleted_and_inserted_never_a_word_changed() -> None:
    diff = word_diff(t("the <1>lead</1> story"), t("the lead <1>story</1>"))
    assert [(op, shown(text)) for op, text in diff] == [
        ("equal", "the "), ("delete", "<1>"), ("equal", "lead"), ("delete", "</1>"), ("equal", " "),
        ("insert", "<1>"), ("equal", "story"), ("insert", "</1>")]
    for _, text in diff:
        assert not broken(text)


@pytest.mark.parametrize(("text", "find", "new", "expected"), [
    ("the <1>lead</1> story", "lead story", "main story", "the <1>main story</1>"),
    ("lead<3/> sentence", "lead sentence", "first line", "first line<3/>"),
    ("my <1>country</1> is big", "my country", "China", "<1>China</1> is big"),
    ("plain text here", "text", "words", "plain words here"),
])
def test_replace_untagged_keeps_every_tag(text: str, find: str, new: str, expected: str) -> None:
    def found(plain: str):
        start = plain.find(find)
        return [(start, start + len(find), new)] if start >= 0 else []

    result = replace_untagged(t(text), found)
    assert shown(result) == expected
    assert sorted((x.kind, x.id) for x in tags(result)) == sorted((x.kind, x.id) for x in tags(t(text)))


def test_memory_keys_and_fuzzy_matches_ignore_tags() -> None:
    assert normalise(t("The <1>Lead</1> story<3/>")) == "the lead story"
    index = MemoryIndex()
    index.add(1, "The lead story was written in Beijing.")
    assert index.search(t("The <1>lead</1> story was written in <2>Beijing</2>."))[0] == (1, 100.0)


def test_concordance_finds_a_phrase_across_a_tag() -> None:
    hits = concordance([(1, t("He wrote the lead<3/> sentence today."))], "lead sentence")
    assert [h.match for h in hits] == ["lead sentence"]


MATCHER = TermMatcher([
    Term("科技工作者", ("scientists and engineers",), "zh", "en",
         forbidden=("scientific and technological workers",), id="s"),
    Term("我国", ("China",), "zh", "en", forbidden=("my country",), id="c"),
])


def test_glossary_terms_are_found_through_tags() -> None:
    text = t("Many scientific <1>and</1> technological workers<3/> came.")
    (match,) = MATCHER.find(text, "target")
    assert match.kind == "forbidden"
    assert untagged(match.text) == "scientific and technological workers"
    assert text[match.start:match.end] == match.text and not broken(match.text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Many scientific <1>and</1> technological workers came.", "Many <1>scientists and engineers</1> came."),
    ("He spoke. <1>My country</1> is big.", "He spoke. <1>China</1> is big."),
])
def test_glossary_fixes_keep_tags(text: str, expected: str) -> None:
    assert shown(replace_forbidden(t(text), MATCHER)[0]) == expected


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("The <1>lead</1> story ran.", "The main story ran.", "The <1>main</1> story ran."),
    ("The <1>lead</1> story ran.", "The lead story was aired.", "The <1>lead</1> story was aired."),
    ("See the <2>bulletin</2>.<3/>", "Read the bulletin.", "Read the <2>bulletin</2>.<3/>"),
    ("My country<3/> is big.", "China is big.", "China<3/> is big."),
    ("The <1>lead</1> story ran.", "The lead story ran.", "The <1>lead</1> story ran."),
    ("No tags here.", "None here.", "None here."),
])
def test_retagged_puts_the_old_tags_back_into_a_plain_rewrite(old, new, expected):
    assert shown(retagged(t(old), new)) == expected


def test_retagged_leaves_a_rewrite_with_tags_of_its_own_alone():
    assert retagged(t("<1>a</1> b"), t("a <1>b</1>")) == t("a <1>b</1>")

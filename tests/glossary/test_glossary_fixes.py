"""Fixing forbidden variants with a preview, and suggesting entries from reviewer corrections."""

from __future__ import annotations

import pytest

from glossary import Term, TermMatcher, replace_forbidden, suggest_entries

MATCHER = TermMatcher([
    Term("我国", ("China",), "zh", "en", forbidden=("my country", "our country"), id="c"),
    Term("群众", ("the people",), "zh", "en", forbidden=("the masses",), id="p"),
    Term("科技工作者", ("scientists and engineers",), "zh", "en",
         forbidden=("scientific and technological workers",), id="s"),
])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My country is big.", "China is big."),
        ("Since 2017, my country has set May 30.", "Since 2017, China has set May 30."),
        ("“Our country's team,” he said.", "“China's team,” he said."),
        ("He spoke. The masses cheered.", "He spoke. The people cheered."),
        ("to let the masses live well", "to let the people live well"),
        ("MY COUNTRY FIRST", "CHINA FIRST"),
        ("No forbidden words here.", "No forbidden words here."),
    ],
)
def test_replace_forbidden(text: str, expected: str) -> None:
    assert replace_forbidden(text, MATCHER)[0] == expected


def test_changes_keep_original_offsets_for_the_preview() -> None:
    text = "In my country, the masses and a scientific and technological worker."
    fixed, changes = replace_forbidden(text, MATCHER)
    assert [(text[c.start:c.end], c.old, c.new, c.term_id, c.applied) for c in changes] == [
        ("my country", "my country", "China", "c", True),
        ("the masses", "the masses", "the people", "p", True),
        # An inflected variant is reported but left alone: the replacement would have the wrong number.
        ("scientific and technological worker", "scientific and technological worker",
         "scientists and engineers", "s", False),
    ]
    assert fixed == "In China, the people and a scientific and technological worker."


EDITS = [
    ("In my country, science matters.", "In China, science matters."),
    ("My country has set May 30 as a day.", "China has set May 30 as a day."),
    ("the development of my country's railways", "the development of China's railways"),
    ("let the masses live well", "let the people live well"),
    ("the masses cheered", "the people cheered"),
    ("A long sentence was rewritten completely here.", "Something else entirely replaced the old wording."),
]


def test_suggest_entries_from_repeated_corrections() -> None:
    suggestions = suggest_entries(EDITS, min_count=3)
    assert [(s.old.casefold(), s.new, s.count) for s in suggestions] == [("my country", "China", 3)]
    assert suggestions[0].examples[0] == EDITS[0]
    draft = suggestions[0].to_term("我国")
    assert (draft.targets, draft.forbidden, draft.status) == (("China",), ("my country",), "proposed")


def test_suggestions_respect_min_count_and_ignore_case_only_edits() -> None:
    assert [(s.old, s.new) for s in suggestions_at(2)] == [("my country", "China"), ("masses", "people")]
    assert suggest_entries([("my country", "My country")] * 5) == []
    assert suggest_entries([]) == []


def suggestions_at(min_count: int) -> list:
    return suggest_entries(EDITS, min_count=min_count)

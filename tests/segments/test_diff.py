"""Word-level diff: tokens keep the text, pieces rebuild both sides, CJK compares per character."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from segments.diff import tokens, word_diff


def sides(ops):
    old = "".join(text for op, text in ops if op != "insert")
    new = "".join(text for op, text in ops if op != "delete")
    return old, new


@pytest.mark.parametrize("old, new, expected", [
    ("same text", "same text", [("equal", "same text")]),
    ("", "", []),
    ("", "new", [("insert", "new")]),
    ("old", "", [("delete", "old")]),
    ("my country grows.", "China grows.",
     [("delete", "my country"), ("insert", "China"), ("equal", " grows.")]),
    ("the big cat", "the cat", [("equal", "the "), ("delete", "big "), ("equal", "cat")]),
    ("It is big.", "It is big!", [("equal", "It is big"), ("delete", "."), ("insert", "!")]),
    ("中国发展", "中国快速发展", [("equal", "中国"), ("insert", "快速"), ("equal", "发展")]),
    ("words words", "words", [("equal", "words"), ("delete", " words")]),
])
def test_word_diff_cases(old, new, expected):
    assert word_diff(old, new) == expected


def test_tokens_split_words_space_punctuation_and_cjk():
    expected = ["Hi", ",", " ", "你", "好", " ", "world", "'", "s", "  ", "end"]
    assert tokens("Hi, 你好 world's  end") == expected


def test_no_two_neighbouring_pieces_share_a_kind():
    ops = word_diff("a b c d e f", "a x c y e z")
    assert all(first[0] != second[0] for first, second in zip(ops, ops[1:], strict=False))


def test_huge_inputs_fall_back_to_delete_and_insert():
    old, new = " ".join(["a"] * 1000), " ".join(["b"] * 1000)
    assert word_diff(old, new) == [("delete", old), ("insert", new)]


@given(st.text(max_size=60), st.text(max_size=60))
def test_pieces_rebuild_both_texts(old, new):
    assert "".join(tokens(old)) == old
    assert sides(word_diff(old, new)) == (old, new)

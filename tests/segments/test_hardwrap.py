"""Hard-wrapped paste: which paragraphs are joined, how, and that the original text survives for export."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segments.hardwrap import Join, is_hard_wrapped, unwrap
from segments.segmenter import split_document, split_sentences

EN_WRAPPED = (
    "Seed selection, fertilization and data measurement were all done by\n"
    "hand. At six in the morning, Wang Wenxin was already busy in the\n"
    "field with the other workers, and the general secretary wrote to\n"
    "them in a letter that everyone had gone to the fields.\n"
)
ZH_WRAPPED = (
    "习近平总书记在回信中说，得知大家走进田间地头，\n"
    "把论文写在祖国大地上，我感到很高兴。农业科技工\n"
    "作者要坚持以人民为中心的发展思想，为建设农业强\n"
    "国贡献力量。\n"
)


def _original_pieces(text: str, lang: str) -> tuple[list[str], list[str]]:
    unwrapped = unwrap(text, lang)
    pieces = [p for paragraph in split_document(unwrapped.text, lang) for p in paragraph.sentences]
    return [p.content for p in pieces], [unwrapped.original_text(p.start, p.end) for p in pieces]


def test_an_english_hard_wrapped_paragraph_is_joined_with_spaces() -> None:
    unwrapped = unwrap(EN_WRAPPED, "en")
    assert unwrapped.changed and unwrapped.original == EN_WRAPPED
    assert unwrapped.text == EN_WRAPPED.replace("\n", " ").rstrip() + "\n"
    assert split_sentences(unwrapped.text) == [
        "Seed selection, fertilization and data measurement were all done by hand.",
        "At six in the morning, Wang Wenxin was already busy in the field with the other workers, and the "
        "general secretary wrote to them in a letter that everyone had gone to the fields.",
    ]


def test_a_chinese_hard_wrapped_paragraph_is_joined_without_spaces() -> None:
    unwrapped = unwrap(ZH_WRAPPED, "zh-CN")
    assert unwrapped.text == ZH_WRAPPED.replace("\n", "") + "\n"
    assert split_sentences(unwrapped.text, "zh") == [
        "习近平总书记在回信中说，得知大家走进田间地头，把论文写在祖国大地上，我感到很高兴。",
        "农业科技工作者要坚持以人民为中心的发展思想，为建设农业强国贡献力量。",
    ]


@pytest.mark.parametrize(("text", "lang"), [(EN_WRAPPED, "en"), (ZH_WRAPPED, "zh")])
def test_the_original_text_of_each_sentence_keeps_its_line_breaks(text: str, lang: str) -> None:
    contents, originals = _original_pieces(text, lang)
    assert "".join(originals) == text
    assert [o.strip() for o in originals] != contents  # the breaks are really there in the originals
    assert [" ".join(o.split()) if lang == "en" else "".join(o.split()) for o in originals] == contents


def test_the_joins_say_what_they_replaced() -> None:
    text = "one two three four five six seven eight nine ten\n  eleven twelve thirteen fourteen fifteen\n" \
           "sixteen seventeen eighteen nineteen twenty one two\nthree."
    unwrapped = unwrap(text)
    first = unwrapped.joins[0]
    assert first == Join(first.start, first.start + 1, first.original_start, first.original_start + 3)
    assert text[first.original_start:first.original_end] == "\n  "
    assert unwrapped.text[first.start:first.end] == " "
    assert unwrapped.to_original(first.start) == first.original_start
    assert unwrapped.to_original(first.end) == first.original_end
    assert unwrapped.to_original(len(unwrapped.text)) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "Short line.\nAnother short line.\nA third.",  # too narrow to be wrapped prose
        "A heading without a stop\nThe first sentence of the body is long enough here.\n"
        "The second sentence of the body is also long enough.",  # every line starts a sentence
        "Seed selection, fertilization and data measurement were all done by\n"
        "hand.",  # two lines: no width to compare with
        "第一行没有标点\n第二行\n第三行也没有标点的很长很长很长的一行文字",  # lengths differ
    ],
)
def test_text_that_is_not_hard_wrapped_is_left_alone(text: str) -> None:
    unwrapped = unwrap(text, "zh" if "行" in text else "en")
    assert not unwrapped.changed and unwrapped.text == text and unwrapped.joins == ()
    assert not is_hard_wrapped(text, "zh" if "行" in text else "en")


def test_a_short_line_ending_a_sentence_and_a_list_item_keep_their_breaks() -> None:
    text = (
        "The committee met on Monday morning and discussed the budget for\n"
        "the coming year, and the chairman asked every member to send in\n"
        "their notes.\n"
        "- a list item that follows the notes and is long enough to wrap\n"
        "before the end of the month so that the report could be printed\n"
        "in time for the annual meeting of all the members in the spring\n"
        "and sent to every branch of the society before the summer ended\n"
        "with a letter from the chairman."
    )
    assert is_hard_wrapped(text)
    joined = unwrap(text).text
    assert "send in their notes.\n- a list item that follows the notes and is long enough to wrap before" \
        in joined
    assert "budget for the coming" in joined and "printed in time" in joined


def test_a_hyphen_at_the_end_of_a_line_is_joined_without_a_space() -> None:
    text = (
        "The provincial railway factory, which is now largely state-\n"
        "owned and its workers have built more than three hundred\n"
        "kilometres of railway across the province during the last\n"
        "ten years or so."
    )
    joined = unwrap(text).text
    assert "largely state-owned and its workers have built more than three hundred kilometres" in joined


def test_blank_lines_between_paragraphs_survive() -> None:
    text = EN_WRAPPED + "\n" + "Short.\nLines.\n\n" + EN_WRAPPED
    unwrapped = unwrap(text)
    assert unwrapped.text.count("\n\n") == 2
    assert len(unwrapped.joins) == 6


_TEXT = st.text(alphabet=st.sampled_from(list("ab Ab.。，中文\n\n\r\t   -•1")), max_size=300)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, lang=st.sampled_from(["en", "zh"]))
def test_pieces_of_the_joined_text_map_back_onto_the_original(text: str, lang: str) -> None:
    unwrapped = unwrap(text, lang)
    assert unwrapped.original == text
    pieces = [p for paragraph in split_document(unwrapped.text, lang) for p in paragraph.sentences]
    assert "".join(unwrapped.original_text(p.start, p.end) for p in pieces) == text
    assert unwrapped.to_original(0) == 0 and unwrapped.to_original(len(unwrapped.text)) == len(text)

"""Number extraction in Chinese and English, and matching across the two."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from segments.numbers import extract_numbers, numbers_match, parse_chinese_numeral, unmatched


def one(text: str, lang: str):
    found = extract_numbers(text, lang)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "kind", "value", "approx"), [
    ("二〇一九年", "year", 2019, False),
    ("3万人", "number", 30_000, False),
    ("1.2亿元", "number", 120_000_000, False),
    ("两千", "number", 2000, False),
    ("二十一", "number", 21, False),
    ("20多年", "number", 20, True),
    ("700多封信", "number", 700, True),
    ("近30年", "number", 30, True),
    ("百分之三", "percent", 3, False),
    ("增长3%", "percent", 3, False),
    ("第二十届", "ordinal", 20, False),
    ("一万二千", "number", 12_000, False),
    ("1983年冬", "year", 1983, False),
    ("１２３", "number", 123, False),
])
def test_chinese_values(text: str, kind: str, value: float, approx: bool) -> None:
    mention = one(text, "zh")
    assert (mention.kind, mention.value, mention.approx) == (kind, value, approx)


@pytest.mark.parametrize(("text", "kind", "value", "approx"), [
    ("30,000 people", "number", 30_000, False),
    ("1.2 million", "number", 1_200_000, False),
    ("120 million", "number", 120_000_000, False),
    ("more than 700 letters", "number", 700, True),
    ("the 20th congress", "ordinal", 20, False),
    ("the third meeting", "ordinal", 3, False),
    ("twenty-first century", "ordinal", 21, False),
    ("in 1983", "year", 1983, False),
    ("40 years", "number", 40, False),
    ("forty", "number", 40, False),
    ("six hundred", "number", 600, False),
    ("three hundred and fifty", "number", 350, False),
    ("11%", "percent", 11, False),
    ("3.5 per cent", "percent", 3.5, False),
    ("at 6 o'clock", "time", 360, False),
    ("at 12:30", "time", 750, False),
])
def test_english_values(text: str, kind: str, value: float, approx: bool) -> None:
    mention = one(text, "en")
    assert (mention.kind, mention.value, mention.approx) == (kind, value, approx)


@pytest.mark.parametrize(("text", "lang", "ymd"), [
    ("5月12日", "zh", (None, 5, 12)),
    ("2023年5月12日", "zh", (2023, 5, 12)),
    ("2014年6月", "zh", (2014, 6, None)),
    ("五四青年节", "zh", (None, 5, 4)),
    ("May 12, 2023", "en", (2023, 5, 12)),
    ("12 May", "en", (None, 5, 12)),
    ("June 2014", "en", (2014, 6, None)),
    ("the May 4th Youth Day", "en", (None, 5, 4)),
    ("he said in June that", "en", (None, 6, None)),
])
def test_dates(text: str, lang: str, ymd: tuple) -> None:
    mention = one(text, lang)
    assert mention.kind == "date"
    assert (mention.year, mention.month, mention.day) == ymd


@pytest.mark.parametrize("text", ["May I go?", "She may come.", "March into science", "hundreds of people"])
def test_english_non_numbers(text: str) -> None:
    assert extract_numbers(text, "en") == []


def test_spans_point_at_the_text() -> None:
    text = "On May 12, 2023, more than 700 letters arrived."
    for mention in extract_numbers(text, "en"):
        assert text[mention.start:mention.end] == mention.text
    assert [m.text for m in extract_numbers(text, "en")] == ["May 12, 2023", "more than 700"]


@pytest.mark.parametrize(("zh", "en"), [
    ("3万", "30,000"), ("1.2亿", "120 million"), ("20多", "more than 20"), ("700多", "more than 700"),
    ("5月12日", "May 12"), ("二〇一九年", "2019"), ("百分之三", "3%"), ("五四青年节", "May 4th Youth Day"),
    ("2023年5月12日", "May 12, 2023"), ("第二十", "20th"), ("二十大", "the 20th"),
])
def test_numbers_match_across_languages(zh: str, en: str) -> None:
    source, target = extract_numbers(zh, "zh"), extract_numbers(en, "en")
    assert source and target
    assert unmatched(source, target) == [] and unmatched(target, source) == []


@pytest.mark.parametrize(("zh", "en"), [("3万", "3,000"), ("5月12日", "May 21"), ("2019年", "2018"),
                                         ("百分之三", "30%")])
def test_numbers_mismatch(zh: str, en: str) -> None:
    assert not numbers_match(one(zh, "zh"), one(en, "en"))


def test_small_spelled_numbers_are_optional() -> None:
    assert one("一", "zh").optional and one("three", "en").optional
    assert not one("3", "en").optional and not one("forty", "en").optional


@pytest.mark.parametrize(("text", "value", "used"), [
    ("二十一", 21, 3), ("一万二千", 12000, 4), ("三点五", 3.5, 3), ("十四五", 14, 2), ("十", 10, 1),
    ("一亿二千万", 120_000_000, 5),
])
def test_parse_chinese_numeral(text: str, value: float, used: int) -> None:
    assert parse_chinese_numeral(text) == (value, used)


@given(st.integers(min_value=0, max_value=99_999_999))
def test_arabic_and_chinese_agree(n: int) -> None:
    zh = extract_numbers(str(n), "zh")
    en = extract_numbers(f"{n:,}", "en")
    assert zh[0].value == en[0].value == n


@given(st.text(max_size=60))
def test_extraction_never_fails_and_spans_are_exact(text: str) -> None:
    for lang in ("zh", "en"):
        for mention in extract_numbers(text, lang):
            assert text[mention.start:mention.end] == mention.text


@pytest.mark.parametrize(("zh", "en"), [
    ("新冠肺炎疫情", "the COVID-19 pandemic"), ("嫦娥五号", "Chang'e-5"), ("早上6点", "at 6 o'clock"),
    ("建党一百周年", "the centenary of the Party"), ("十四五规划", "the 14th Five-Year Plan"),
    ("29日", "on the 29th"), ("今年5月", "in May this year"), ("1.2万亿元", "1.2 trillion yuan"),
])
def test_no_false_mismatch(zh: str, en: str) -> None:
    source, target = extract_numbers(zh, "zh"), extract_numbers(en, "en")
    assert unmatched(source, target) == [] and unmatched(target, source) == []


def test_codes_and_model_names_are_labels() -> None:
    labels = [m.label for m in extract_numbers("COVID-19 and G20, 5G and 2023", "en")]
    assert labels == [True, True, True, False]

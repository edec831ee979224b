"""Contract tests over every registered QA check, plus spans, fingerprints, filters and document checks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from segments.qa import (
    ALL_CHECKS,
    CHECKS_BY_ID,
    DEFAULT_CALQUES,
    Issue,
    QaContext,
    QaRow,
    Severity,
    check_document,
    check_row,
    checks_markdown,
    load_calques,
)
from segments.tags import close_tag, open_tag

# ------------------------------------------------------------------ a tiny glossary test double


@dataclass(frozen=True)
class FakeMatch:
    start: int
    end: int
    term_id: int
    kind: str
    text: str
    preferred: str
    form: str = ""


# term id -> (source, approved target, forbidden variant)
GLOSSARY = {1: ("科技自立自强", "self-reliance in science and technology", "self-reliance in technology"),
            2: ("中国梦", "Chinese Dream", "China Dream")}


def fake_find_terms(text: str, side: str) -> list[FakeMatch]:
    """Plain substring search over GLOSSARY, in the duck-typed shape of glossary.matcher."""
    found = []
    for term_id, (zh, en, forbidden) in GLOSSARY.items():
        wanted = [(zh, "source")] if side == "source" else [(en, "target"), (forbidden, "forbidden")]
        for needle, kind in wanted:
            start = text.find(needle)
            if start >= 0:
                found.append(FakeMatch(start, start + len(needle), term_id, kind, needle, en))
    return found


CONTEXT = QaContext(find_terms=fake_find_terms, known_names=frozenset({"Lin Zhanxi"}))

O1, C1 = open_tag(1), close_tag(1)

# ------------------------------------------------------------------ the contract table
# (check id, source, target, expected): expected True means the check must fire, False that it must not.
CASES = [
    ("empty_target", "我们来了。", "", True),
    ("empty_target", "我们来了。", "We are here.", False),
    ("empty_target", "", "", False),
    ("untranslated", "科技创新", "科技创新", True),
    ("untranslated", "CRRC", "CRRC", False),
    ("untranslated", "科技创新", "Scientific innovation.", False),
    ("cjk_in_target", "北京，首都", "Beijing，the capital", True),
    ("cjk_in_target", "", "He visited 正定 county.", True),
    ("cjk_in_target", "北京", "“Beijing” is the capital.", False),
    ("number_mismatch", "3万人参加", "3,000 people attended.", True),
    ("number_mismatch", "3万人参加", "30,000 people attended.", False),
    ("number_mismatch", "2023年5月12日", "On May 21, 2023.", True),
    ("number_mismatch", "2023年5月12日上午", "On the morning of May 12, 2023.", False),
    ("number_mismatch", "700多封信", "more than 700 letters", False),
    ("number_mismatch", "1.2亿元", "120 million yuan", False),
    ("number_mismatch", "五四青年节前夕", "On the eve of the May 4th Youth Day", False),
    ("number_mismatch", "二〇一九年", "in 2019", False),
    ("number_mismatch", "增长百分之三", "up 30%", True),
    ("number_mismatch", "一心一意", "wholeheartedly", False),
    ("term_missing", "实现科技自立自强", "achieve technological independence", True),
    ("term_missing", "实现科技自立自强", "achieve self-reliance in science and technology", False),
    ("term_forbidden", "中国梦", "the China Dream", True),
    ("term_forbidden", "中国梦", "the Chinese Dream", False),
    ("repeated_word", "", "remarkable achievements Achievements, historic", True),
    ("repeated_word", "", "the the report", True),
    ("repeated_word", "", "He said that that was fine.", False),
    ("duplicated_phrase", "", "You cooperated to overcome difficulties and overcome difficulties.", True),
    ("duplicated_phrase", "", "serve the country with sincerity and sincerity.", True),
    ("duplicated_phrase", "", "more and more young talents", False),
    ("duplicated_phrase", "", "They need students, and students need the countryside.", False),
    ("double_space", "", "The  report.", True),
    ("double_space", "", "The report.", False),
    ("edge_space", "", " The report.", True),
    ("edge_space", "", "The report.", False),
    ("space_before_punctuation", "", "mastered science and technology .", True),
    ("space_before_punctuation", "", "from quantum information to nuclear power ...", False),
    ("missing_space_after_punctuation", "", "from nuclear power technology...Since the congress", True),
    ("missing_space_after_punctuation", "", "our own value.The road", True),
    ("missing_space_after_punctuation", "", "the U.S. and 3.5 percent, or 1,000 people.", False),
    ("unbalanced_brackets", "", "the (first meeting was held", True),
    ("unbalanced_brackets", "", "the 'Belt and Road\" is open to all and welcomes them.", True),
    ("unbalanced_brackets", "", 'He said: "At this moment, I would like to mention some names.', False),
    ("unbalanced_brackets", "", "the (first) meeting", False),
    ("lowercase_start", "", "my country has entered the ranks of innovative countries.", True),
    ("lowercase_start", "", "and stimulate workers. enthusiasm and creativity.", True),
    ("lowercase_start", "", "The U.S. and China, e.g. trade, etc. and more.", False),
    ("run_on_sentence", "", "the railways and also witnessed It has marked a leap in strength.", True),
    ("run_on_sentence", "", "General Secretary Xi Jinping visited Beijing and The Palace Museum.", False),
    ("run_on_sentence", "", "He read the novel titled The Three-Body Problem in Beijing.", False),
    ("ellipsis_fragment", "", "Seed selection, fertilization, data measurement...", True),
    ("ellipsis_fragment", "", "He said he was grateful to the motherland...", False),
    ("missing_final_punctuation", "", "The report was adopted by the congress in Beijing", True),
    ("missing_final_punctuation", "", "General Secretary Xi Jinping cares about scientific workers", False),
    ("missing_final_punctuation", "报告通过", "The report was adopted by the congress in Beijing", False),
    ("untranslated_pinyin", "", "Qianqiu Foundation, talent-oriented.", True),
    ("untranslated_pinyin", "", "he met 14 old Xiqian professors.", True),
    ("untranslated_pinyin", "", "they planted juncao on the hills.", False),  # shipped known name
    ("untranslated_pinyin", "", "General Secretary Xi Jinping worked in Zhengding County.", False),
    ("untranslated_pinyin", "", "He came to work in Zhengding, Hebei.", False),
    ("untranslated_pinyin", "", "Lin Zhanxi went to the South Pacific.", False),
    ("untranslated_pinyin", "", "The shining routine of guidance.", False),
    ("calque", "", "my country's high-speed rail is leading the world.", True),
    ("calque", "", "to let the masses live a good life", True),
    ("calque", "", "China's high-speed rail is leading the world.", False),
    ("calque", "", '"Our country\'s team has huge potential," he said.', False),  # narrative-only entry
    ("spelling", "", "The Goverment will recieve the report.", True),
    ("spelling", "", "Liu Yan's team, the colour of the programme, 5G and WeChat.", False),
    ("tags", f"领先{O1}报道{C1}", "the lead story", True),
    ("tags", "", f"the {C1}lead{O1} story", True),
    ("tags", f"领先{O1}报道{C1}", f"the {O1}lead{C1} story", False),
    ("tags", "", "the lead story", False),
]


def _fires(check_id: str, source: str, target: str) -> bool:
    row = QaRow("r", source, target)
    check = CHECKS_BY_ID[check_id]
    if check.scope == "row":
        return any(i.check_id == check_id for i in check_row(row, CONTEXT, {check_id}))
    return any(i.check_id == check_id for i in check_document([row], CONTEXT, {check_id})["r"])


@pytest.mark.parametrize(("check_id", "source", "target", "expected"), CASES)
def test_row_check_contract(check_id: str, source: str, target: str, expected: bool) -> None:
    assert _fires(check_id, source, target) is expected


def test_every_row_check_has_positive_and_negative_cases() -> None:
    row_ids = {c.id for c in ALL_CHECKS if c.scope == "row"}
    assert {c for c, *_, e in CASES if e} == row_ids
    assert {c for c, *_, e in CASES if not e} == row_ids


def test_registry_is_consistent() -> None:
    assert len(CHECKS_BY_ID) == len(ALL_CHECKS)
    for check in ALL_CHECKS:
        assert check.id.isidentifier() and check.id == check.id.lower()
        assert check.title and check.description and check.example
        assert isinstance(check.severity, Severity) and check.scope in ("row", "document")


# ------------------------------------------------------------------ spans
@pytest.mark.parametrize(("check_id", "source", "target", "flagged"), [
    ("repeated_word", "", "remarkable achievements Achievements, historic", "achievements Achievements"),
    ("duplicated_phrase", "", "to overcome difficulties and overcome difficulties, which",
     "overcome difficulties and overcome difficulties"),
    ("space_before_punctuation", "", "science and technology .", " ."),
    ("run_on_sentence", "", "and also witnessed It has marked a leap", "It"),
    ("untranslated_pinyin", "", "Qianqiu Foundation, talent-oriented.", "Qianqiu"),
    ("calque", "", "the retired workers of my country's first base", "my country's"),
    ("cjk_in_target", "", "Beijing，the capital。", "，|。"),
    ("number_mismatch", "3万人", "3,000 people", "3,000"),
    ("term_forbidden", "中国梦", "the China Dream", "China Dream"),
    ("lowercase_start", "", '"my country is big.', "my"),
])
def test_spans_point_at_the_flagged_text(check_id: str, source: str, target: str, flagged: str) -> None:
    issues = [i for i in check_row(QaRow(1, source, target), CONTEXT) if i.check_id == check_id]
    target_issues = [i for i in issues if i.side == "target"]
    assert target_issues[0].flagged_text(target) == flagged


def test_source_side_spans() -> None:
    row = QaRow(1, "实现科技自立自强，3万人", "achieve independence, 3,000 people")
    by_id = {i.check_id: i for i in check_row(row, CONTEXT) if i.side == "source"}
    assert by_id["term_missing"].flagged_text(row.source) == "科技自立自强"
    assert by_id["number_mismatch"].flagged_text(row.source) == "3万"


# ------------------------------------------------------------------ fingerprints and filters
def test_fingerprint_survives_unrelated_edits_and_changes_with_the_flagged_text() -> None:
    before = "He said the the report was fine."
    after = "Yesterday he said the the report was very fine."
    fixed = "He said the report was fine."
    first = [i for i in check_row(QaRow(1, "", before), CONTEXT) if i.check_id == "repeated_word"][0]
    second = [i for i in check_row(QaRow(1, "", after), CONTEXT) if i.check_id == "repeated_word"][0]
    assert first.spans != second.spans
    assert first.fingerprint(before) == second.fingerprint(after)
    other = Issue("double_space", Severity.INFO, "", first.spans)
    assert other.fingerprint(before) != first.fingerprint(before)
    assert not [i for i in check_row(QaRow(1, "", fixed), CONTEXT) if i.check_id == "repeated_word"]


def test_enabled_filter() -> None:
    row = QaRow(1, "", "the the  report .")
    assert {i.check_id for i in check_row(row, CONTEXT)} >= {"repeated_word", "double_space"}
    assert {i.check_id for i in check_row(row, CONTEXT, enabled={"double_space"})} == {"double_space"}
    assert check_row(row, CONTEXT, enabled=()) == []


def test_source_checks_skip_rows_without_source() -> None:
    row = QaRow(1, "", "3,000 people attended the congress.")
    assert not [i for i in check_row(row, CONTEXT) if CHECKS_BY_ID[i.check_id].needs_source]


def test_without_glossary_term_checks_are_silent() -> None:
    row = QaRow(1, "中国梦", "the China Dream")
    assert not [i for i in check_row(row, QaContext()) if i.check_id.startswith("term_")]


# ------------------------------------------------------------------ document checks
def _doc(rows: list[QaRow], check_id: str, context: QaContext = CONTEXT) -> dict:
    result = check_document(rows, context, {check_id})
    return {key: [i.flagged_text(next(r for r in rows if r.key == key).target) for i in issues]
            for key, issues in result.items() if issues}


def test_inconsistent_translation() -> None:
    rows = [QaRow(1, "我们要共同努力。", "We must work together."),
            QaRow(2, "我们要共同努力。", "We must work together."),
            QaRow(3, "我们要共同努力。", "We should make joint efforts."),
            QaRow(4, "他来了。", "He came.")]
    assert _doc(rows, "inconsistent_translation") == {3: ["We should make joint efforts."]}


def test_inconsistent_source() -> None:
    rows = [QaRow(1, "我们要共同努力。", "We must work hard together."),
            QaRow(2, "我们必须团结奋斗。", "We must work hard together."),
            QaRow(3, "我们要共同努力！", "We must work together.")]
    assert set(_doc(rows, "inconsistent_source")) == {1, 2}
    assert _doc(rows[2:], "inconsistent_source") == {}


def test_inconsistent_name() -> None:
    rows = [QaRow(1, "", "the retired workers of the state-owned No. 21 Factory."),
            QaRow(2, "", "Today, the retired workers of the No. 221 factory are treated better."),
            QaRow(3, "", "astronauts on Tiangong-2 and at No. 3 School."),
            QaRow(4, "", "the missions of Tiangong 2 and No. 4 School.")]
    found = _doc(rows, "inconsistent_name")
    assert found == {1: ["No. 21 Factory"], 2: ["No. 221 factory"], 3: ["Tiangong-2"], 4: ["Tiangong 2"]}


def test_inconsistent_name_leaves_consistent_documents_alone() -> None:
    rows = [QaRow(1, "", "Shenzhou 11 and Tiangong-2."), QaRow(2, "", "Shenzhou 12 and Tiangong-2.")]
    assert _doc(rows, "inconsistent_name") == {}


def test_length_ratio() -> None:
    rows = [QaRow(i, "我们要共同努力实现目标。", "We must work together to reach the goal.")
            for i in range(6)]
    rows.append(QaRow(9, "我们要共同努力实现目标，并且继续推进改革开放。", "We must."))
    assert _doc(rows, "length_ratio") == {9: ["We must."]}
    assert _doc(rows[:6], "length_ratio") == {}
    assert _doc(rows[:3], "length_ratio", QaContext(length_ratio=0.5)) == {
        i: ["We must work together to reach the goal."] for i in range(3)}


def test_missing_mt() -> None:
    rows = [QaRow(1, "我们来了。", "We are here.", mt="We came."), QaRow(2, "他走了。", "", mt="")]
    result = check_document(rows, CONTEXT, {"missing_mt"})
    assert [i.side for i in result[2]] == ["source"] and result[1] == []
    assert check_document([rows[1]], CONTEXT, {"missing_mt"})[2] == []  # no MT anywhere: nothing to say


def test_check_document_includes_row_checks_and_every_key() -> None:
    rows = [QaRow("a", "", "The the report."), QaRow("b", "", "Fine.")]
    result = check_document(rows, CONTEXT)
    assert set(result) == {"a", "b"}
    assert [i.check_id for i in result["a"]] == ["repeated_word"] and result["b"] == []


# ------------------------------------------------------------------ data, docs and speed
def test_calques_load_from_a_file(tmp_path) -> None:
    path = tmp_path / "calques.tsv"
    path.write_text("# comment\nthe masses\tthe people\tany\nour country\tChina\tnarrative\n", "utf-8")
    calques = load_calques(path)
    assert [c.suggestion for c in calques] == ["the people", "China"]
    assert calques[1].narrative_only and not calques[0].narrative_only
    assert len(DEFAULT_CALQUES) >= 10


def test_checks_markdown_lists_every_check() -> None:
    table = checks_markdown()
    assert table.startswith("| Check |")
    for check in ALL_CHECKS:
        assert f"`{check.id}`" in table


def test_a_calque_that_is_also_a_forbidden_variant_is_reported_once():
    def with_my_country(text: str, side: str) -> list[FakeMatch]:
        start = text.find("my country")
        found = fake_find_terms(text, side)
        if side == "target" and start >= 0:
            found.append(FakeMatch(start, start + 10, 9, "forbidden", "my country", "China"))
        return found

    row = QaRow(0, "", "Science in my country grows.", "")
    plain = {i.check_id for i in check_row(row, QaContext())}
    glossary = {i.check_id for i in check_row(row, QaContext(find_terms=with_my_country))}
    assert "calque" in plain
    assert "term_forbidden" in glossary and "calque" not in glossary

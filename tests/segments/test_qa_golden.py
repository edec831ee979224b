"""The whole check set on a generated 2,000-row document with 500 terms finds exactly the golden findings."""

import json

from segments.qa import ALL_CHECKS
from tests.segments.qa_corpus import GOLDEN, library_findings


def _as_json(findings: list) -> list:
    return json.loads(json.dumps(findings, ensure_ascii=False))


def test_the_corpus_sets_off_every_check():
    golden = json.loads(GOLDEN.read_text("utf-8"))
    assert {f[1] for f in golden} == {c.id for c in ALL_CHECKS}
    assert sum(1 for f in golden if f[6]) > 1_000  # fixes are pinned too


def test_the_library_finds_exactly_the_golden_findings():
    golden = json.loads(GOLDEN.read_text("utf-8"))
    found = _as_json(library_findings())
    first_difference = next((i for i, (a, b) in enumerate(zip(found, golden, strict=False)) if a != b), None)
    assert first_difference is None, (found[first_difference], golden[first_difference])
    assert len(found) == len(golden)


def test_checking_rows_check_by_check_gives_what_checking_each_row_gives():
    from glossary.matcher import TermMatcher
    from segments.qa import QaContext, check_row, check_rows
    from tests.segments.qa_corpus import corpus

    rows, glossary = corpus()
    context = QaContext("zh", "en", find_terms=TermMatcher(glossary, "zh", "en").find)
    rows = rows[:500]
    assert check_rows(rows, context) == {row.key: check_row(row, context) for row in rows}
    assert check_rows(rows, context, enabled={"term_missing", "repeated_word"}) == {
        row.key: check_row(row, context, {"term_missing", "repeated_word"}) for row in rows}

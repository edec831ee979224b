"""Validation of glossary entries."""

from __future__ import annotations

from datetime import datetime

import pytest

from glossary import Term, validate_term


def make(**changes: object) -> Term:
    fields: dict = {"source": "我国", "targets": ("China",), "src_lang": "zh", "tgt_lang": "en"} | changes
    return Term(**fields)


def test_valid_entry_has_no_reasons() -> None:
    term = make(forbidden=("my country",), pos="properNoun", created=datetime(2024, 1, 1))
    assert validate_term(term) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"source": "  "}, "empty source term"),
        ({"targets": ()}, "no target"),
        ({"targets": ("China", " ")}, "empty target in position 2"),
        ({"targets": ("China", "china")}, "target 'china' is listed twice"),
        ({"status": "final"}, "unknown status 'final'"),
        ({"forbidden": ("CHINA",)}, "'CHINA' is listed both as a target and as forbidden"),
        ({"pos": "n"}, "unknown part of speech 'n'"),
        ({"src_lang": "chinese!"}, "invalid language code src_lang='chinese!'"),
        ({"tgt_lang": "zh"}, "source and target language are both 'zh'"),
        ({"note": "bell\x07"}, "note contains the control character U+0007"),
        ({"created": "2024-01-01"}, "created must be a datetime or empty"),
    ],
)
def test_each_problem_has_a_clear_reason(changes: dict, expected: str) -> None:
    reasons = validate_term(make(**changes))
    assert any(reason.startswith(expected) for reason in reasons), reasons


def test_lists_become_tuples_and_key_ignores_case_and_spacing() -> None:
    term = make(source="Chinese  Academy", targets=["CAS"], src_lang="EN", tgt_lang="zh")
    assert term.targets == ("CAS",) and hash(term)
    assert term.key == ("chinese academy", "en", "zh")
    assert term.preferred == "CAS"

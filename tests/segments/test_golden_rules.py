"""The Pragmatic Segmenter "Golden Rules" for English (the 48 pySBD's benchmark uses), run as published.

The cases are data (tests/segments/data/english_golden_rules.json, with their provenance). A rule that
disagrees with a convention of ours would be listed in DECIDED_AGAINST with the reason and run as a strict
expected failure; today none does: our MT-defect convention ("the new era. my country" breaks, so QA sees
the stray stop) never meets a Golden Rule, whose lowercase continuations all follow an abbreviation, a
quotation or an exclamation mark.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segments.segmenter import split_sentences

DATA = Path(__file__).parent / "data" / "english_golden_rules.json"
GOLDEN_RULES: list[dict] = json.loads(DATA.read_text(encoding="utf-8"))["rules"]
# Rule number -> why we keep our behaviour instead.
DECIDED_AGAINST: dict[int, str] = {}


def _case(rule: dict) -> object:
    reason = DECIDED_AGAINST.get(rule["number"])
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    case_id = f"{rule['number']:02d}-{rule['title']}"
    return pytest.param(rule["text"], rule["expected"], marks=marks, id=case_id)


@pytest.mark.parametrize(("text", "expected"), [_case(rule) for rule in GOLDEN_RULES])
def test_golden_rule(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


def test_the_set_is_the_published_one() -> None:
    assert [rule["number"] for rule in GOLDEN_RULES] == list(range(1, 49))
    assert len(GOLDEN_RULES) - len(DECIDED_AGAINST) >= 46

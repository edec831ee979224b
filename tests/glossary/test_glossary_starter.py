"""The shipped starter glossary parses cleanly and finds the known MT problems of the demo article."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from glossary import TermMatcher, read_csv, replace_forbidden, starter_glossary, write_tbx

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "seed"
ARTICLE = SEED / "xinhua-2023-05-29-science-workers.en.txt"


def test_starter_glossary_imports_without_rejections() -> None:
    report = read_csv(resources.files("glossary").joinpath("data", "zh-en-news.csv").read_bytes())
    assert report.ok, report.summary()
    assert not report.duplicates and not report.ignored_columns
    assert 20 <= len(report.accepted) <= 40
    assert all(t.domain and (t.src_lang, t.tgt_lang) == ("zh", "en") for t in report.accepted)
    assert starter_glossary() == report.accepted


def test_starter_glossary_exports_to_tbx() -> None:
    assert write_tbx(starter_glossary()).count(b"<termEntry") == len(starter_glossary())


def test_starter_glossary_matches_chinese_sources() -> None:
    matcher = TermMatcher(starter_glossary())
    found = [m.text for m in matcher.find("我国科技工作者为建设科技强国贡献力量，党中央高度重视。", "source")]
    assert found == ["我国", "科技工作者", "科技强国", "党中央"]


@pytest.mark.skipif(not ARTICLE.is_file(), reason="../shared is not available")
def test_starter_glossary_flags_the_demo_article() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    matcher = TermMatcher(starter_glossary())
    forbidden = {m.text.casefold() for m in matcher.find(text, "target") if m.kind == "forbidden"}
    assert {"my country", "scientific and technological workers", "party central committee",
            "the masses", "talents are the primary resource"} <= forbidden
    fixed, changes = replace_forbidden(text, matcher)
    assert "my country" not in fixed.casefold() and len(changes) > 40

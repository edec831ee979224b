"""The compact dictionary store: same content as parsing, lazy reads, rebuilt on change, graceful fallback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from segments.align import lexicon, names, store

CEDICT = """# a few CC-CEDICT lines
山 山 [shan1] /mountain/hill/
水 水 [shui3] /water/river/
人民 人民 [ren2 min2] /the people/
菌草 菌草 [jun4 cao3] /Juncao grass/
"""


def _clear() -> None:
    for cached in (store.opened, store.readings, store.cedict):
        cached.cache_clear()


@pytest.fixture
def small_cedict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    source = tmp_path / "cedict.txt"
    source.write_text(CEDICT, encoding="utf-8")
    monkeypatch.setattr(lexicon, "cedict_path", lambda: source)
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    _clear()
    yield source
    _clear()  # later tests get the real dictionary again


@pytest.mark.parametrize("point_lookups", [0, 1_000], ids=["whole-set", "word-by-word"])
def test_store_holds_what_parsing_gives(small_cedict: Path, monkeypatch: pytest.MonkeyPatch,
                                        point_lookups: int) -> None:
    monkeypatch.setattr(store, "POINT_LOOKUPS", point_lookups)
    stored = store.cedict()
    assert isinstance(stored, store.StoredLexicon)
    parsed = lexicon.parse_cedict(small_cedict)
    assert "人民" in stored and "人" not in stored and "人民" in stored
    assert dict(stored) == parsed and len(stored) == 4
    with pytest.raises(KeyError):
        stored["人"]
    assert lexicon.segment("人民山水", stored) == ["人民", "山", "水"]


def test_store_is_rebuilt_when_the_source_changes(small_cedict: Path) -> None:
    first = store.opened()
    assert first is not None and first.is_file()
    small_cedict.write_text(CEDICT + "书 书 [shu1] /book/\n", encoding="utf-8")
    _clear()
    second = store.opened()
    assert second is not None and second != first and "书" in store.cedict()


def test_unwritable_cache_falls_back_to_parsing(small_cedict: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = small_cedict.parent / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(blocker / "cache"))
    assert store.opened() is None and store.readings() is None
    assert store.cedict() == lexicon.parse_cedict(small_cedict)
    assert names.chinese_names("林占熺", {"lin", "zhanxi"}) == ["lin", "zhanxi"]  # pypinyin directly


def test_stored_readings_match_pypinyin(small_cedict: Path) -> None:
    from pypinyin import Style, lazy_pinyin

    stored = store.readings()
    assert stored is not None
    for char in "林占熺宝玉福建绿":
        assert stored.get(char) == lazy_pinyin(char, style=Style.NORMAL)[0]


def test_merge_over_the_store_unites_senses(small_cedict: Path) -> None:
    merged = lexicon.merge(store.cedict(), {"菌草": frozenset({"juncao"}), "新词": frozenset({"new"})})
    assert merged["菌草"] == frozenset({"juncao", "grass"}) and merged["新词"] == frozenset({"new"})
    assert "山" in merged and "新词" in merged and len(merged) == 5


def test_bulk_fetches_give_what_point_lookups_give(small_cedict: Path) -> None:
    path = store.opened()
    assert path is not None
    words, chars = ["人民", "山", "人", "菌草"], list("林占熺山a?")
    bulk, point = store.StoredLexicon(path), store.StoredLexicon(path)
    lexicon.prefetch(lexicon.merge(bulk, {"新词": frozenset({"new"})}), words)  # reaches the store below
    assert [bulk.get(word) for word in words] == [point.get(word) for word in words]
    assert bulk.get("人") is None
    readings = store.StoredReadings(path)
    readings.prefetch(chars)
    assert [readings.get(c) for c in chars] == [store.StoredReadings(path).get(c) for c in chars]

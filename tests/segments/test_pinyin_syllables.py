"""The shipped pinyin syllables are pypinyin's: shipping them, not importing pypinyin, changes nothing."""

from importlib import resources

from segments.qa.pinyin import pypinyin_syllables


def test_the_shipped_syllables_are_those_of_the_installed_pypinyin():
    text = resources.files("segments").joinpath("data/pinyin-syllables.txt").read_text("utf-8")
    shipped = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert shipped == pypinyin_syllables(), (
        "pypinyin changed: rewrite segments/data/pinyin-syllables.txt from pypinyin_syllables()")

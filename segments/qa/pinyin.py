"""Untranslated pinyin: a romanised Chinese word in the target that is not a name.

Rule, chosen for precision. A word counts as pinyin when it splits entirely into two or more pypinyin
syllables and contains a cluster rare in English (q not before u, xi/xu, zh, ao, iu, uo). It is flagged
when it is lowercase (a common noun left in pinyin), or when it is capitalised but standing alone:
- not next to a Chinese surname, another pinyin word or a place/institution designator
  ("Xi Jinping", "Zhengding County"), nor after a capitalised word and a comma ("Village, Xifan");
- not after a locative word ("in Zhengding"), not followed by a number ("Shenzhou 11"), not quoted;
- not a known name: ``context.known_names``, a glossary target term, or the shipped list of provinces,
  large cities and programme names (segments/data/pinyin-names.txt).
"Qianqiu Foundation" is flagged because "Foundation" is a common noun, not a designator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources

from segments.qa.model import Finding, QaContext, QaRow
from segments.qa.text import WORD, inside, quoted_spans

# Letter clusters common in pinyin and rare in English words; without one, a word is assumed English
# (otherwise "shining", "routine", "guidance", "Chinese" all split into valid syllables).
_RARE_IN_ENGLISH = re.compile(r"q(?!u)|x[iu]|zh|ao|iu|uo")
_SURNAMES = frozenset("""
    wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song
    tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai jia ding wei xue ye yan lu shi qian
    yao tan liao zou xiong jin hao kong bai cui kang mao qiu qin gu hou shao meng long wan duan lei yin nan
    jing xi zhong fan fang shen dai wen du cheng su yue qi chang hong mo jiao ge lv bi chu niu ou ren gong
    ai bao bian chai che di fu geng guan hua ji jian kou lai lan lang leng lian ling mei miao ming mu ning
    pang pei ping pu quan rao rong ruan sang sha shan shang sheng si tao teng tong tu xia xian xiang xin
    xing yi ying you yun zang zhai zhan zhuang zhuo zong zu zuo ouyang sima zhuge
""".split())
_DESIGNATORS = frozenset(
    "county district village town township city province prefecture prefectural municipality region river "
    "lake mountain mountains mount hill island islands bay sea gorge valley plateau basin desert street road "
    "avenue lane bridge square park garden gate temple palace pagoda tower hall campus university college "
    "school academy institute museum station airport port railway airlines bank hospital group company "
    "corporation co ltd new area zone plain grassland dynasty opera".split()
)
_LOCATIVE = frozenset("in at to from of near via visited visiting visit across around outside inside toward "
                      "towards into".split())
_EXCLUDED_SYLLABLES = frozenset({"m", "n", "ng", "hm", "hng", "r", "o", "e", "ei", "yo", "lo", "io"})
_ENGLISH = frozenset(
    "china chile asia women human panda banana canada omen amen open dune manage damage range lunar media "
    "mania diana shine nine mine line pine wine dine lane mane cane gene bone hang bang gang ping pong ding "
    "dong sang sing long tang taxi taxis boxing mixing taxing waxing maxi cacao maori".split()
)


@cache
def _syllables() -> frozenset[str]:
    """Toneless pinyin syllables, as shipped (reading pypinyin's dictionary cost a document's first check
    up to a second, most of it importing pypinyin); a test keeps the file equal to `pypinyin_syllables`."""
    text = resources.files("segments").joinpath("data/pinyin-syllables.txt").read_text("utf-8")
    found = {line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"}
    return frozenset(found) - _EXCLUDED_SYLLABLES


def pypinyin_syllables() -> list[str]:
    """The toneless syllables of pypinyin's dictionary (ASCII, no ü), sorted: what the data file holds."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    # 41,000 characters share some 1,500 toned readings: each is converted once.
    toned = {p for value in pinyin_dict.values() for p in value.split(",")}
    return sorted({s for s in map(to_normal, toned) if s.isascii() and s.isalpha() and "v" not in s})


@cache
def _shipped_names() -> frozenset[str]:
    text = resources.files("segments").joinpath("data/pinyin-names.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#")


@lru_cache(maxsize=65536)
def is_pinyin(word: str) -> bool:
    """True when ``word`` splits into two or more pinyin syllables and does not look English."""
    lower = word.lower().replace("'", "").replace("’", "")
    if len(lower) < 5 or lower in _ENGLISH or not _RARE_IN_ENGLISH.search(lower):
        return False
    return _split_count(lower, _syllables()) >= 2


@lru_cache(maxsize=65536)
def syllable_count(word: str) -> int:
    """Fewest pinyin syllables that make up the lower-case ``word`` (0 when it does not split into them)."""
    return _split_count(word.replace("'", "").replace("’", ""), _syllables())


def _split_count(word: str, syllables: frozenset[str]) -> int:
    """Fewest syllables covering ``word`` (0 when it cannot be split), longest syllables tried first."""
    best = [0] + [-1] * len(word)
    for end in range(1, len(word) + 1):
        for size in range(1, min(6, end) + 1):
            if best[end - size] >= 0 and word[end - size:end] in syllables:
                count = best[end - size] + 1
                if best[end] < 0 or count < best[end]:
                    best[end] = count
    return max(best[-1], 0)


def untranslated_pinyin(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """Romanised Chinese left untranslated ("Qianqiu Foundation"), names excepted (see module docstring)."""
    if not _RARE_IN_ENGLISH.search(row.target.lower()):
        return  # every pinyin candidate contains one of these clusters
    tokens = [(m.group(), m.start(), m.end()) for m in WORD.finditer(row.target)]
    candidates = [i for i, (word, _, _) in enumerate(tokens) if is_pinyin(word)]
    if not candidates:
        return
    known = context.known_names_lower | _shipped_names()
    quotes = quoted_spans(row.target)
    terms = _term_spans(row.target, context)
    for i in candidates:
        word, start, end = tokens[i]
        if word.lower() in known or inside(start, quotes) or inside(start, terms):
            continue
        if word[0].isupper() and _name_position(tokens, i, row.target):
            continue
        yield Finding(f"“{word}” looks like untranslated pinyin.", ((start, end),))


def _term_spans(text: str, context: QaContext) -> list[tuple[int, int]]:
    if context.find_terms is None:
        return []
    return [(m.start, m.end) for m in context.find_terms(text, "target") if m.kind == "target"]


def _name_position(tokens: list[tuple[str, int, int]], i: int, text: str) -> bool:
    """True when the capitalised word at ``i`` sits where a name belongs."""
    word, start, end = tokens[i]
    after = text[end:end + 3]
    if re.match(r"[-\s]?\d", after):
        return True  # a numbered name: "Shenzhou 11", "Tiangong-2"
    for j in (i - 1, i + 1):
        if not 0 <= j < len(tokens):
            continue
        other, o_start, o_end = tokens[j]
        between = text[min(end, o_end):max(start, o_start)]
        if other[0].isupper() and between in (" ", "-") and _name_part(other):
            return True
        if j == i - 1 and other[0].isupper() and between == ", ":
            return True  # a list of places: "Gezhuang Village, Xifan, Pinggu District"
    previous = tokens[i - 1][0].lower() if i else ""
    return previous in _LOCATIVE and text[tokens[i - 1][2]:start] == " "


def _name_part(word: str) -> bool:
    lower = word.lower()
    return lower in _SURNAMES or lower in _DESIGNATORS or is_pinyin(word) or lower in _shipped_names()

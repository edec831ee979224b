"""Chinese names matched to their pinyin transliteration in English (林占熺 ↔ Lin Zhanxi)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Iterable

from segments.align import store
from segments.align.lexicon import CJK_RUN, STOPWORDS

# Common surnames: a single character is only taken for a name when it is one of these.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:['’-][A-Za-z]+)*")
_MAX_NAME = 3


@functools.lru_cache(maxsize=50_000)  # a book names its people again and again
def _fold(word: str) -> str:
    text = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in text if c.isalpha() and c.isascii())


def english_names(text: str) -> list[str]:
    """Return folded capitalised words that may be transliterated names ("Bao-yu" → "baoyu")."""
    return [folded for word in _CAPITALISED.findall(text)
            if word.lower() not in STOPWORDS and len(folded := _fold(word)) > 1]


@functools.lru_cache(maxsize=50_000)
def _pinyin(char: str) -> str:
    # Character by character: names rarely follow pypinyin's phrase readings, and this is ten times faster.
    # The stored readings spare importing pypinyin (60 MB of phrase tables) in every process.
    if (stored := store.readings()) is not None:
        return stored.get(char)
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(char, style=Style.NORMAL, errors=lambda chars: ["?"] * len(chars)))


def prefetch_readings(texts: Iterable[str]) -> None:
    """Fetch the stored readings of all the texts' Chinese characters in a few queries, not one each."""
    chars = set("".join(CJK_RUN.findall("".join(texts))))
    if chars and (stored := store.readings()) is not None:
        stored.prefetch(sorted(chars))


def name_prefixes(vocabulary: Collection[str]) -> frozenset[str]:
    """Every prefix of every name in `vocabulary` ("" too): a reading that is none of them starts no name."""
    return frozenset(name[:end] for name in vocabulary for end in range(len(name) + 1))


def chinese_names(text: str, vocabulary: Collection[str],
                  prefixes: Collection[str] | None = None) -> list[str]:
    """Return pinyin of runs of 1–3 Chinese characters whose transliteration occurs in `vocabulary`.

    `prefixes`, from `name_prefixes(vocabulary)`, spares a caller with many texts recomputing them."""
    if prefixes is None:
        prefixes = name_prefixes(vocabulary)
    found: list[str] = []
    for run in CJK_RUN.findall(text):
        readings = list(map(_pinyin, run))
        for start, first in enumerate(readings):
            if first not in prefixes:  # most characters of a book: no name starts with their reading
                continue
            if first in vocabulary and run[start] in SURNAMES:
                found.append(first)
            reading = first
            for following in readings[start + 1:start + _MAX_NAME]:
                reading += following
                if reading not in prefixes:  # no longer reading can be a name either
                    break
                if reading in vocabulary:
                    found.append(reading)
    return found

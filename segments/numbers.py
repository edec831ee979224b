"""Number, year, percent, date and time mentions in Chinese and English text, with normalised values.

Design: every mention carries a float ``value`` plus a ``kind``. Dates also fill ``year``/``month``/``day``
(any may be None) and encode ``value = year * 10000 + month * 100 + day`` with unknown parts as 0; times
encode minutes after midnight. ``spelled`` marks numbers written in words (一, 两, "three"), which
translators routinely rephrase, so QA treats small spelled numbers as optional.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

__all__ = ["NumberMention", "extract_numbers", "numbers_match", "parse_chinese_numeral", "unmatched"]


@dataclass(frozen=True)
class NumberMention:
    """One number found in a text: its normalised value, kind and character span."""

    value: float
    kind: str  # "number" | "year" | "percent" | "date" | "ordinal" | "time"
    start: int
    end: int
    text: str
    approx: bool = False
    spelled: bool = False
    label: bool = False  # part of a name or code: COVID-19, G20, 5G, Tiangong-2
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def optional(self) -> bool:
        """True when a translation may legitimately drop or rephrase this mention (small spelled numbers)."""
        if self.label:
            return True
        # 一百, 一千, 一万 are often idiomatic (千方百计) or rendered as words ("a centenary").
        return self.spelled and self.kind in ("number", "ordinal") and (self.value <= 10 or
                                                                        self.value in (100, 1000, 10_000))


# ---------------------------------------------------------------- Chinese
_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_SCALE = {"万": 10**4, "亿": 10**8}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％：", "0123456789.%:")

_CD = "〇零一二两三四五六七八九"
_CNUM = f"[{_CD}十][{_CD}十百千万亿]*"
_SMALL = f"(?:\\d{{1,2}}|[{_CD}十]{{1,3}})"
_ZH_START = re.compile(rf"[\d{_CD}十百第近约逾超将多]")
_ZH = re.compile(
    rf"(?:(?P<wusi>五四)(?=青年|运动|精神|奖章|前夕)"
    rf"|(?P<date>(?:(?P<y>\d{{4}}|[{_CD}]{{4}})年)?(?P<m>{_SMALL})月(?:(?P<d>{_SMALL})[日号])?"
    rf"|(?P<y2>\d{{4}}|[{_CD}]{{4}})年)"
    rf"|(?P<time>(?P<hh>\d{{1,2}})[时点:](?P<mm>\d{{1,2}})分?)"
    rf"|(?P<pct>百分之(?P<pv>\d+(?:\.\d+)?|{_CNUM}(?:点[{_CD}]+)?)|(?P<pv2>\d+(?:\.\d+)?)%)"
    rf"|(?P<ord>第(?P<ov>\d+|{_CNUM}))"
    rf"|(?P<num>(?P<pre>近|约|逾|超过|将近|多达)?(?P<nv>\d+(?:,\d{{3}})*(?:\.\d+)?|{_CNUM}(?:点[{_CD}]+)?)"
    rf"(?P<more>多|余|几)?(?P<scale>[万亿]+)?(?P<more2>多|余)?(?P<post>左右)?))"
)


def parse_chinese_numeral(text: str) -> tuple[float, int]:
    """Parse a Chinese numeral prefix (二十一, 一万二千, 二〇一九); return (value, characters used)."""
    if "点" in text:
        whole, _, frac = text.partition("点")
        value, used = parse_chinese_numeral(whole)
        digits = "".join(str(_CN_DIGIT[c]) for c in frac if c in _CN_DIGIT)
        return (value + float("0." + digits) if digits else value), used + (1 + len(digits) if digits else 0)
    if len(text) > 1 and all(c in _CN_DIGIT for c in text):
        return float("".join(str(_CN_DIGIT[c]) for c in text)), len(text)  # positional: 二〇一九
    total = section = digit = 0
    previous_digit = False
    for used, ch in enumerate(text):
        if ch in _CN_DIGIT:
            if previous_digit:  # 十四五: a second bare digit starts a new number
                return float(total + section + digit), used
            digit, previous_digit = _CN_DIGIT[ch], True
            continue
        previous_digit = False
        if ch in _CN_UNIT:
            section += (digit or 1) * _CN_UNIT[ch]
        elif ch == "亿":
            total = (total + section + digit) * _CN_SCALE[ch]
            section = 0
        else:  # 万 scales the section before it only: 一亿二千万 = 1e8 + 2000 * 1e4
            total += (section + digit) * _CN_SCALE[ch]
            section = 0
        digit = 0
    return float(total + section + digit), len(text)


def _zh_value(text: str) -> tuple[float, int, bool]:
    """Value, used length and spelled flag of a Chinese or Arabic number token."""
    if text[0].isdigit():
        return float(text.replace(",", "")), len(text), False
    value, used = parse_chinese_numeral(text)
    return value, used, True


def _zh_mentions(text: str) -> Iterable[NumberMention]:
    norm = text.translate(_FULLWIDTH)
    for m in _matches(_ZH, (c.start() for c in _ZH_START.finditer(norm)), norm):
        start, end, kind = m.start(), m.end(), m.lastgroup
        if kind == "wusi":
            yield NumberMention(504, "date", start, end, text[start:end], spelled=True, month=5, day=4)
        elif kind == "date":
            yield _zh_date(m, text)
        elif kind == "time":
            value = int(m["hh"]) * 60 + int(m["mm"])
            yield NumberMention(value, "time", start, end, text[start:end])
        elif kind == "pct":
            value, _, spelled = _zh_value(m["pv"] or m["pv2"])
            yield NumberMention(value, "percent", start, end, text[start:end], spelled=spelled)
        elif kind == "ord":
            value, used, spelled = _zh_value(m["ov"])
            end = m.start("ov") + used
            yield NumberMention(value, "ordinal", start, end, text[start:end], spelled=spelled)
        elif kind == "num":
            mention = _zh_number(m, text)
            if mention is not None:
                yield mention


def _zh_date(m: re.Match[str], text: str) -> NumberMention:
    year_text = m["y"] or m["y2"]
    year = int(_zh_value(year_text)[0]) if year_text else None
    month = int(_zh_value(m["m"])[0]) if m["m"] else None
    day = int(_zh_value(m["d"])[0]) if m["d"] else None
    if month is None:
        return NumberMention(year or 0, "year", m.start(), m.end(), text[m.start():m.end()], year=year)
    return _date(m.start(), m.end(), text, year, month, day, spelled=not m["m"][0].isdigit())


def _zh_number(m: re.Match[str], text: str) -> NumberMention | None:
    token = m["nv"]
    if not token[0].isdigit() and len(token) > 1 and all(c in _CN_DIGIT for c in token) and "〇" not in token:
        return None  # 三四 ("three or four") is a range, not 34
    value, used, spelled = _zh_value(token)
    if used < len(token):  # 十四五: keep the first well-formed numeral only
        end = m.start("nv") + used
        return NumberMention(value, "number", m.start(), end, text[m.start():end], spelled=spelled)
    for ch in m["scale"] or "":
        value *= _CN_SCALE[ch]
    approx = bool(m["pre"] or m["more"] or m["more2"] or m["post"])
    kind = "year" if _looks_like_year(token) else "number"
    label = not spelled and _is_label(text, m.start(), m.end())
    return NumberMention(value, kind, m.start(), m.end(), text[m.start():m.end()], approx, spelled,
                         label=label)


# ---------------------------------------------------------------- English
_MONTHS = {name: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(), 1)}
_ORDINALS |= {w[:-1] + "ieth": v for w, v in _TENS.items()} | {"hundredth": 100, "thousandth": 1000}

_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
             r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)")
_WORD = "|".join(sorted(list(_UNITS) + list(_TENS) + list(_SCALES), key=len, reverse=True))
_ORD_WORD = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_TENS_WORD = "|".join(_TENS)
_APPROX = r"(?:more than|over|nearly|almost|about|around|approximately|some|at least|up to|less than|" \
          r"fewer than|close to)"
_EN = re.compile(
    rf"(?P<mayfourth>\bMay Fourth\b)"
    rf"|(?P<mdy>\b(?P<m1>{_MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}})\b)?)"
    rf"|(?P<dmy>\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_RE})(?:,?\s+(?P<y2>\d{{4}})\b)?)"
    rf"|(?P<my>\b(?P<m3>{_MONTH_RE})(?:\s+of)?,?\s+(?P<y3>\d{{4}})\b)"
    rf"|(?P<mo>\b(?P<m4>{_MONTH_RE})(?!\w))"
    rf"|(?P<time>\b(?P<hh>\d{{1,2}}):(?P<mm>\d{{2}})\b|\b(?P<hh2>\d{{1,2}}) o'clock\b)"
    rf"|(?P<ord>\b(?P<od>\d+)(?:st|nd|rd|th)\b|\b(?:(?P<ot>{_TENS_WORD})-)?(?P<ow>{_ORD_WORD})\b)"
    rf"|(?P<num>(?P<nv>(?<![\d.,])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?"
    rf"|\b(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}))*\b)"
    rf"(?P<scale>\s+(?:hundred|thousand|million|billion|trillion)\b)?"
    rf"(?P<pct>\s*%|\s+per\s?cent\b)?)",
    re.IGNORECASE,
)


def _en_words(text: str) -> float:
    """Value of written-out English number words ("six hundred and twenty-one")."""
    total = current = 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
    return float(total + current)


_APPROX_BEFORE = re.compile(rf"\b{_APPROX}\s+$", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"\d+")
_LOWER_WORD = re.compile(r"[a-z]+")
_TRIGGERS = frozenset(list(_UNITS) + list(_TENS) + list(_SCALES) + list(_ORDINALS) + list(_MONTHS))
_TRIGGER_RE = {word: re.compile(rf"\b{word}\b") for word in _TRIGGERS}


def _en_starts(text: str) -> list[int]:
    """Where an English mention can start: digit runs and number, ordinal or month words."""
    lower = text.lower()
    starts = [m.start() for m in _DIGIT_RUN.finditer(text)]
    for word in _TRIGGERS.intersection(_LOWER_WORD.findall(lower)):
        starts.extend(m.start() for m in _TRIGGER_RE[word].finditer(lower))
    return sorted(starts)


def _matches(pattern: re.Pattern[str], starts: Iterable[int], text: str) -> Iterator[re.Match[str]]:
    """Non-overlapping matches of ``pattern`` tried only at candidate ``starts`` (5-10x faster than
    ``finditer`` over a pattern with many alternatives)."""
    position = 0
    for start in starts:
        if start >= position and (match := pattern.match(text, start)):
            position = match.end()
            yield match


def _en_mentions(text: str) -> Iterable[NumberMention]:
    for m in _matches(_EN, _en_starts(text), text):
        kind, start, end = m.lastgroup, m.start(), m.end()
        if kind in ("mdy", "dmy", "my", "mo", "mayfourth"):
            if kind == "mayfourth":
                yield _date(start, end, text, None, 5, 4, spelled=True)
                continue
            month_name, day, year = (m["m1"], m["d1"], m["y1"]) if kind == "mdy" else (
                (m["m2"], m["d2"], m["y2"]) if kind == "dmy" else (m["m3"] or m["m4"], None, m["y3"]))
            if not month_name[0].isupper() or kind == "mo" and not _bare_month(text, start, month_name):
                continue  # "may 12", "May I ...", "March into science" are not dates
            month = _MONTHS[month_name.lower().rstrip(".")]
            yield _date(start, end, text, int(year) if year else None, month, int(day) if day else None)
        elif kind == "time":
            value = int(m["hh"]) * 60 + int(m["mm"]) if m["hh"] else int(m["hh2"]) * 60
            yield NumberMention(value, "time", start, end, text[start:end])
        elif kind == "ord":
            if m["od"]:
                yield NumberMention(float(m["od"]), "ordinal", start, end, text[start:end])
            else:
                value = _ORDINALS[m["ow"].lower()] + (_TENS[m["ot"].lower()] if m["ot"] else 0)
                yield NumberMention(float(value), "ordinal", start, end, text[start:end], spelled=True)
        else:
            yield from _en_number(m, text)


def _en_number(m: re.Match[str], text: str) -> Iterable[NumberMention]:
    token = m["nv"]
    spelled = not token[0].isdigit()
    if spelled and token.lower() in ("hundred", "thousand", "million", "billion", "trillion"):
        return  # a bare scale word ("hundreds of", "a thousand") is too vague to check
    value = _en_words(token) if spelled else float(token.replace(",", ""))
    if m["scale"]:
        value *= _SCALES[m["scale"].strip().lower()]
    kind = "percent" if m["pct"] else ("year" if not m["scale"] and _looks_like_year(token) else "number")
    start = m.start()
    if approx := _APPROX_BEFORE.search(text, max(0, start - 25), start):  # "more than 700"
        start = approx.start()
    label = not spelled and not approx and _is_label(text, m.start(), m.end())
    yield NumberMention(value, kind, start, m.end(), text[start:m.end()], bool(approx), spelled, label=label)


_MAY_CONTEXT = re.compile(r"\b(?:in|of|early|late|mid|since|until|last|next|this)\s+$", re.IGNORECASE)


def _bare_month(text: str, start: int, name: str) -> bool:
    """True when a month name standing alone is a month: full name, not sentence-initial, not "may"."""
    if name.rstrip(".").lower() not in _MONTHS or len(name) < 3 or name[-1] == ".":
        return False
    before = text[:start].rstrip(" \"“'‘(")
    if name != "May":
        return bool(before) and before[-1] not in ".!?:"
    return bool(_MAY_CONTEXT.search(text[:start]))  # "in May", "since May": the modal never follows these


# ---------------------------------------------------------------- shared
def _is_label(text: str, start: int, end: int) -> bool:
    """True when digits are glued to Latin letters, as in a code or model name (COVID-19, G20, 5G)."""
    before = text[max(0, start - 2):start]
    after = text[end:end + 1]
    if before[-1:] == "-":
        before = before[:1]
    last = before[-1:]
    return (last.isascii() and last.isalpha()) or (after.isascii() and after.isalpha())


def _looks_like_year(token: str) -> bool:
    return len(token) == 4 and token.isdigit() and 1000 <= int(token) <= 2100


def _date(start: int, end: int, text: str, year: int | None, month: int | None, day: int | None,
          spelled: bool = False) -> NumberMention:
    value = (year or 0) * 10000 + (month or 0) * 100 + (day or 0)
    return NumberMention(value, "date", start, end, text[start:end], spelled=spelled, year=year, month=month,
                         day=day)


def extract_numbers(text: str, lang: str) -> list[NumberMention]:
    """Find number, year, percent, ordinal, date and time mentions in ``text`` (lang "zh" or "en")."""
    if lang.lower().startswith("zh"):
        return list(_zh_mentions(text))
    return list(_en_mentions(text))


def numbers_match(a: NumberMention, b: NumberMention) -> bool:
    """True when two mentions can denote the same quantity or date (3万 and "30,000")."""
    if a.kind == "date" or b.kind == "date":
        if a.kind == b.kind:
            return all(x is None or y is None or x == y for x, y in
                       ((a.year, b.year), (a.month, b.month), (a.day, b.day)))
        date, other = (a, b) if a.kind == "date" else (b, a)
        return other.kind in ("number", "year", "ordinal") and other.value in (date.year, date.day)
    if (a.kind == "time") != (b.kind == "time"):  # 6点 and "6 o'clock": an hour written as a number
        time, other = (a, b) if a.kind == "time" else (b, a)
        return other.kind == "number" and math.isclose(other.value * 60, time.value)
    return math.isclose(a.value, b.value, rel_tol=1e-9)


def unmatched(mentions: Sequence[NumberMention], others: Sequence[NumberMention]) -> list[NumberMention]:
    """Required mentions of ``mentions`` that no mention of ``others`` matches."""
    return [m for m in mentions if not m.optional and not any(numbers_match(m, o) for o in others)]

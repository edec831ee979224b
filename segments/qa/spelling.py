"""Spelling: English words that are not in the dictionary (segments/qa/english.py), with suggestions.

A row costs one set difference when its words are all known (most rows). The rest is about what is not
a misspelling, chosen so that a clean sentence gets no finding and so no fix:
- numbers and words holding or touching a digit ("5G", "4th"), URLs and e-mail addresses;
- abbreviations in capitals ("APEC") and words with an inner capital ("WeChat");
- names: a capitalised word made of pinyin syllables ("Liu", "Wenxin", "the Wangs") and the lowercase
  pinyin after its hyphen ("Xi-feng"), a known name (``context.known_names``), a capital mid-sentence
  unless the word has five letters or more and is a dictionary word with a letter typed, dropped or
  swapped ("the Goverment" is flagged); a lowercase pinyin word is left to ``untranslated_pinyin``;
- words of a glossary term found in the row, and words inside a match of a term's source wording (a term
  may be written in Latin letters on the source side too); words of the project's dictionary
  (``context.project_words``, compared case-insensitively);
- words with letters outside a–z ("café", Chinese) and words inside a foreign quotation: one where at
  least half the words are unknown ("“guanxi”", "“joie de vivre”");
- a hyphenated compound known joined ("e-mail") or whose parts are known ("science-based"); possessives
  and contractions of known words; British spellings whose American form is known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import filterfalse

from segments.qa import english
from segments.qa.fixes import alternatives, at_sentence_start
from segments.qa.model import Finding, QaContext, QaRow
from segments.qa.pinyin import is_pinyin, syllable_count
from segments.qa.text import WORD, Span, inside, quoted_spans

_LINK = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                   r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|int|cn|hk|io|uk|info)\b(?:/\S*)?",
                   re.IGNORECASE)
_DOTTED = re.compile(r"\w\.\w")
_SUFFIXES = ("'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "'")
_NEGATIONS = frozenset("not no never nor none nothing neither nobody nowhere cannot".split())


def spelling(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """Words that are not English as far as the dictionary knows, with up to three suggestions."""
    text = row.target
    tokens = set(filterfalse(english.words().__contains__, _tokens(text)))
    if tokens and context.find_terms is not None:
        # The words of a glossary term in the row are the glossary's business (and its checks'), there
        # and elsewhere in the row: subtracting them is cheaper than locating or judging every word.
        tokens.difference_update(_tokens(" ".join(m.text for m in context.find_terms(text, "target"))))
    candidates = {word for token in tokens for word in _unknown(token)}
    if not candidates:
        return
    # Then the cheapest exclusions first, each only while a word is left.
    found = [t for t in _occurrences(text, candidates) if not _excused_here(text, *t, context)]
    found = _outside(found, lambda: _term_spans(text, context, "source"))
    found = _outside(found, lambda: _link_spans(text))
    found = _outside(found, lambda: [span for span in quoted_spans(text) if _foreign(text[span[0]:span[1]])])
    for word, start, end in found:
        if _compound_known(text, start, end):
            continue
        options = _suggestions(word)
        message = (f"“{word}” is not in the English dictionary: did you mean “{options[0]}”?" if options
                   else f"“{word}” is not in the English dictionary.")
        yield Finding(message, ((start, end),), fixes=alternatives(start, end, options, text=word))


Occurrence = tuple[str, int, int]


def _outside(found: list[Occurrence], spans: Callable[[], list[Span]]) -> list[Occurrence]:
    """The occurrences that start outside ``spans()`` (not computed when there is none)."""
    if not found:
        return found
    skip = spans()
    return [t for t in found if not inside(t[1], skip)] if skip else found


def _term_spans(text: str, context: QaContext, side: str) -> list[Span]:
    return [] if context.find_terms is None else [(m.start, m.end) for m in context.find_terms(text, side)]


def _link_spans(text: str) -> list[Span]:
    if "@" in text or "://" in text or _DOTTED.search(text):  # the link pattern is slow on plain text
        return [m.span() for m in _LINK.finditer(text)]
    return []


def _occurrences(text: str, candidates: set[str]) -> list[Occurrence]:
    """Where the candidate words stand in ``text`` (found with str.find: most of a row is not a candidate)."""
    lower = text.lower().replace("’", "'")
    if len(lower) != len(text):  # a letter whose lower case is longer ("İ"): offsets would shift
        return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)
                if m.group().lower().replace("’", "'") in candidates]
    found = []
    for word in candidates:
        at = lower.find(word)
        while at >= 0:
            end = at + len(word)
            if not _joined(lower, at - 1, -1) and not _joined(lower, end, 1):
                found.append((text[at:end], at, end))
            at = lower.find(word, end)
    return sorted(found, key=lambda t: t[1])


def _joined(text: str, i: int, step: int) -> bool:
    """True when ``text[i]`` continues a word: a letter, or an apostrophe with a letter beyond it."""
    if not 0 <= i < len(text):
        return False
    return text[i].isalpha() or (text[i] == "'" and 0 <= i + step < len(text) and text[i + step].isalpha())


# Letters, the apostrophe and UTF-8 bytes of other scripts stay; anything else splits words.
_SPLIT = bytes(c if chr(c).isalpha() or c == 39 or c > 127 else 32 for c in range(256))


def _tokens(text: str) -> list[bytes]:
    """The lower-case words of ``text``, UTF-8 encoded, as the dictionary holds them."""
    # Bytes split by a translation table take half the time of a regular expression over the string (the
    # caller filters them one by one, as a set difference with the dictionary's keys would copy it).
    return text.replace("’", "'").encode().translate(_SPLIT).lower().split()


@lru_cache(maxsize=65536)
def _unknown(token: bytes) -> tuple[str, ...]:
    """The words of a token that no word rule accepts (a token holding other scripts may join several)."""
    text = token.decode("utf-8", "replace")
    parts = [text.strip("'")] if text.isascii() else WORD.findall(text.replace("’", "'"))
    return tuple(word for word in parts if not _accepted(word))


@lru_cache(maxsize=65536)
def _accepted(word: str) -> bool:
    """True when the lower-case ``word`` is fine wherever it stands (see the module docstring)."""
    return len(word) < 2 or not word.isascii() or is_pinyin(word) or _english(word)


@lru_cache(maxsize=65536)
def _english(word: str) -> bool:
    """True when the lower-case ``word`` is known, or a possessive or contraction of a known word."""
    if english.is_known(word):
        return True
    if any(word.endswith(s) and english.is_known(word[:-len(s)]) for s in _SUFFIXES if len(word) > len(s)):
        return True
    # A quotation mark typed as an apostrophe against a word ("of'antelope"): a spacing slip, not spelling.
    parts = word.split("'")
    return len(parts) > 1 and all(len(p) > 1 and _english(p) for p in parts)


def _excused_here(text: str, word: str, start: int, end: int, context: QaContext) -> bool:
    """True when this occurrence of ``word`` is a number part, a name, an abbreviation or a known word."""
    lower = word.lower().replace("’", "'")
    lower = lower[:-2] if lower.endswith("'s") else lower.rstrip("'")  # "Yan's" is a name as "Yan" is
    if text[start - 1:start].isdigit() or text[end:end + 1].isdigit() or _hyphen_digit(text, start, end):
        return True
    if len(word) > 1 and (word.isupper() or not word[1:].islower()):
        return True  # "APEC", "WeChat"
    if lower in context.known_names_lower or lower in _project_words(context.project_words):
        return True
    if not word[0].isupper():
        return _name_part(text, start)
    # A name: pinyin syllables ("Liu said", "the Wangs"), or a capital mid-sentence, unless a letter typed,
    # dropped or swapped away from a dictionary word ("the Goverment"): names rarely are.
    return _pinyin_name(lower) or not at_sentence_start(text, start) and (
        len(word) < 5 or not english.typo_of_known(lower))


def _pinyin_name(lower: str) -> bool:
    return syllable_count(lower) > 0 or (lower[-1:] == "s" and syllable_count(lower[:-1]) > 0)


def _name_part(text: str, start: int) -> bool:
    """True when the lower-case word at ``start`` ends a hyphenated name: "Wang Xi-feng", "Bao-yu"."""
    first = start
    while first > 1 and text[first - 1] == "-" and text[first - 2].isalpha():
        first -= 1
        while first > 0 and text[first - 1].isalpha():
            first -= 1
    if first == start or not text[first].isupper():
        return False
    head = re.match(r"[^\W\d_]+", text[first:]).group().lower()
    return _pinyin_name(head) and _pinyin_name(re.match(r"[^\W\d_]+", text[start:]).group().lower())


def _hyphen_digit(text: str, start: int, end: int) -> bool:
    return (text[start - 2:start - 1].isdigit() and text[start - 1:start] == "-") or \
        (text[end:end + 1] == "-" and text[end + 1:end + 2].isdigit())


def _compound_known(text: str, start: int, end: int) -> bool:
    """True when the word is part of a hyphenated compound that is known written solid ("e-mail")."""
    left = start
    while left > 1 and text[left - 1] in "-‐" and text[left - 2].isalpha():
        left -= 2
        while left > 0 and text[left - 1].isalpha():
            left -= 1
    right = end
    while right + 1 < len(text) and text[right] in "-‐" and text[right + 1].isalpha():
        right += 1
        while right < len(text) and text[right].isalpha():
            right += 1
    if (left, right) == (start, end):
        return False
    return english.is_known(re.sub(r"[-‐]", "", text[left:right]).lower())


# Keyed by identity: the app hands the same set object to every row until the dictionary changes, and an
# equal set built after a change back (add a word, remove it) would cost a full comparison at every row.
_LOWERED: dict[int, tuple[frozenset[str], frozenset[str]]] = {}


def _project_words(entries: frozenset[str]) -> frozenset[str]:
    """The project's dictionary as the check compares words: lower-cased, ’ read as ', its phrases and
    hyphenated entries split into words ("Xiaokang society", "Wi-Fi"). The only place that does this: the
    app hands the entries over as stored."""
    kept = _LOWERED.get(id(entries))
    if kept is not None and kept[0] is entries:
        return kept[1]
    lowered = frozenset(word.lower().replace("’", "'") for entry in entries for word in WORD.findall(entry))
    if len(_LOWERED) >= 64:
        _LOWERED.clear()
    _LOWERED[id(entries)] = (entries, lowered)
    return lowered


def _foreign(quotation: str) -> bool:
    """True when at least half the words of ``quotation`` are unknown to the dictionary."""
    found = WORD.findall(quotation.lower().replace("’", "'"))
    unknown = [w for w in found if len(w) > 1 and not _english(w)]
    return bool(found) and 2 * len(unknown) >= len(found)


def _suggestions(word: str) -> list[str]:
    """Dictionary suggestions in the word's case, none that adds or drops a negation."""
    negated = _negation(word.lower())
    options = [o for o in english.suggestions(word.lower().replace("’", "'")) if _negation(o) == negated]
    if word[0].isupper():
        options = [o[:1].upper() + o[1:] for o in options]
    return [o.replace("'", "’") if "’" in word else o for o in options]


def _negation(word: str) -> bool:
    return word in _NEGATIONS or word.endswith("n't")

"""Spelling: English words that are not in the dictionary (segments/qa/english.py), with suggestions.

A row costs one set difference when its words are all known (most rows). The rest is about what is not
a misspelling, chosen so that a clean sentence gets no finding and so no fix:
- numbers and words holding or touching a digit ("5G", "4th"), URLs and e-mail addresses;
- abbreviations in capitals ("APEC") and words with an inner capital ("WeChat");
- names: a capital not at a sentence start; a known name (``context.known_names``); a capitalised word
  made of pinyin syllables ("Liu", "Wenxin") anywhere; a lowercase pinyin word is left to
  ``untranslated_pinyin``;
- words inside a glossary term (either side's wording), and words of the project's dictionary
  (``context.project_words``, compared case-insensitively);
- words with letters outside a–z ("café", Chinese) and words inside a foreign quotation: one where at
  least half the words are unknown ("“guanxi”", "“joie de vivre”");
- a hyphenated compound known joined ("e-mail") or whose parts are known ("science-based"); possessives
  and contractions of known words; British spellings whose American form is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from segments.qa import english
from segments.qa.fixes import alternatives, at_sentence_start
from segments.qa.model import Finding, QaContext, QaRow
from segments.qa.pinyin import is_pinyin, syllable_count
from segments.qa.text import WORD, inside, quoted_spans

_LINK = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                   r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|int|cn|hk|io|uk|info)\b(?:/\S*)?",
                   re.IGNORECASE)
_SUFFIXES = ("'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "'")
_NEGATIONS = frozenset("not no never nor none nothing neither nobody nowhere cannot".split())


def spelling(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """Words that are not English as far as the dictionary knows, with up to three suggestions."""
    text = row.target
    candidates = _candidates(text)
    if not candidates:
        return
    flagged = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)
               if m.group().lower().replace("’", "'") in candidates]
    flagged = [t for t in flagged if not _excused_here(text, *t, context)]
    if not flagged:
        return
    skip = _skipped_spans(text, context)
    for word, start, end in flagged:
        if inside(start, skip):
            continue
        options = _suggestions(word)
        message = (f"“{word}” is not in the English dictionary: did you mean “{options[0]}”?" if options
                   else f"“{word}” is not in the English dictionary.")
        yield Finding(message, ((start, end),), fixes=alternatives(start, end, options, text=word))


def _candidates(text: str) -> set[str]:
    """Lower-case words of ``text`` that neither the dictionary nor a word rule accepts."""
    unknown = set(WORD.findall(text.lower().replace("’", "'"))) - english.words()
    return {word for word in unknown if not _accepted(word)} if unknown else unknown


@lru_cache(maxsize=65536)
def _accepted(word: str) -> bool:
    """True when the lower-case ``word`` is fine wherever it stands (see the module docstring)."""
    if len(word) < 2 or not word.isascii() or is_pinyin(word) or english.is_known(word):
        return True
    return any(word.endswith(s) and english.is_known(word[:-len(s)]) for s in _SUFFIXES if len(word) > len(s))


def _excused_here(text: str, word: str, start: int, end: int, context: QaContext) -> bool:
    """True when this occurrence of ``word`` is a number part, a name, an abbreviation or a known word."""
    lower = re.sub(r"['’]s?$", "", word.lower())  # "Yan's" is a name as "Yan" is
    if text[start - 1:start].isdigit() or text[end:end + 1].isdigit() or _hyphen_digit(text, start, end):
        return True
    if len(word) > 1 and (word.isupper() or any(c.isupper() for c in word[1:])):
        return True  # "APEC", "WeChat"
    if lower in context.known_names_lower or lower in _lower(context.project_words):
        return True
    if word[0].isupper() and (syllable_count(lower) > 0 or not at_sentence_start(text, start)
                              and (len(word) < 5 or not english.one_edit_away(lower))):
        # A name: pinyin syllables ("Liu said"), or a capital mid-sentence, unless one letter away from a
        # dictionary word ("the Goverment"): names outside the dictionary rarely are.
        return True
    return _compound_known(text, start, end)


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


@lru_cache(maxsize=64)
def _lower(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def _skipped_spans(text: str, context: QaContext) -> list[tuple[int, int]]:
    """Links, glossary terms (either side's wording) and foreign quotations of ``text``."""
    spans = [m.span() for m in _LINK.finditer(text)]
    if context.find_terms is not None:
        spans += [(m.start, m.end) for side in ("target", "source") for m in context.find_terms(text, side)]
    spans += [span for span in quoted_spans(text) if _foreign(text[span[0]:span[1]])]
    return spans


def _foreign(quotation: str) -> bool:
    """True when at least half the words of ``quotation`` are unknown to the dictionary."""
    found = WORD.findall(quotation.lower().replace("’", "'"))
    unknown = [w for w in found if w not in english.words() and not _accepted(w)]
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

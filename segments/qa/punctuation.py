"""Punctuation and casing checks on the target: brackets, quotes, sentence starts and ends."""

from __future__ import annotations

import re
from collections.abc import Iterator

from segments.qa.fixes import fix, safe, suggested
from segments.qa.model import Finding, Fix, FixKind, QaContext, QaRow, Span
from segments.qa.text import has_verb

_PAIRS = {")": "(", "]": "[", "}": "{", "”": "“", "》": "《"}
_BRACKET = re.compile(r"[()\[\]{}“”《》]")
_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs no nos mr mrs ms dr st co ltd inc approx fig figs p pp jr sr prof gen gov dept".split()
)
_LOWER_START = re.compile(r"^[\"“‘'(\[\s]*([a-z][a-z’']*)\b")
_LOWER_AFTER_END = re.compile(r"[.!?][\"”’)]*\s+([a-z][a-z’']*)\b")
# Words that start sentences but rarely begin a name or title when the next word is lowercase.
_STARTERS = ("It|The|This|That|These|Those|We|He|She|They|There|Our|His|Its|Their|However|Meanwhile|"
             "Today|Now|Since|After|Then|Moreover|Furthermore|In addition|At present|Currently")
_RUN_ON = re.compile(rf" ({_STARTERS}) (?=[a-z]{{2}})")  # a literal first character scans fast
# Lowercase words after which a capitalised starter is normal (titles: "the book The Road", "said It").
_RUN_ON_OK = frozenset("titled called named entitled dubbed the a an of".split())
_ELLIPSIS_END = re.compile(r"(?:\.{3}|…)[\"”’)]*\s*$")
_FINAL = re.compile(r"[.!?…:;\"”’')\]]\s*$")
_LOWERCASE_OK = frozenset({"iphone", "ipad", "ebay", "e", "p", "km"})
# Words that open a clause: a lowercase one of these, with a verb after it, is a sentence whose capital was
# lost ("my country has entered …"). Any other lowercase start is more often the second half of a sentence
# broken in two ("deeply concerned and inspired patriotism."), which a capital would hide.
_OPENS_CLAUSE = frozenset(
    "my our your his her its their the a an this these those there it we they he she you "
    "since although though because however meanwhile moreover furthermore today nevertheless".split())
_CLAUSE_END = re.compile(r"[.!?…](?=[\"”’)]*(?:\s|$))")


def unbalanced_brackets(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """Brackets that do not close, or a quotation mark left open in the middle of a sentence."""
    spans = _bracket_spans(row.target) + _quote_spans(row.target)
    if spans:
        yield Finding("Unbalanced brackets or quotation marks.", tuple(sorted(spans)))


def _bracket_spans(text: str) -> list[Span]:
    stack: list[tuple[str, int]] = []
    bad: list[Span] = []
    for m in _BRACKET.finditer(text):
        i, ch = m.start(), m.group()
        if ch in "([{“《":
            stack.append((ch, i))
        elif ch in _PAIRS:
            if stack and stack[-1][0] == _PAIRS[ch]:
                stack.pop()
            elif ch != "”":  # a closing curly quote may end a quotation opened in an earlier sentence
                bad.append((i, i + 1))
    # An opening curly quote at the very start may run on into the next sentence.
    bad.extend((i, i + 1) for ch, i in stack if not (ch == "“" and not text[:i].strip()))
    return bad


def _quote_spans(text: str) -> list[Span]:
    if text.count('"') % 2 == 0:
        return []
    positions = [m.start() for m in re.finditer('"', text)]
    first, last = positions[0], positions[-1]
    # An odd count is normal when a quotation spans sentences: it opens at the start or closes at the end,
    # opens after "said:" on a capitalised sentence, or closes right after a sentence end.
    if not text[:first].strip() or not text[last + 1:].strip():
        return []
    if re.search(r"[:,]\s*$", text[:last]) and text[last + 1:last + 2].isupper():
        return []
    if re.search(r"[.!?…]$", text[:first]) and text[first + 1:first + 2] in " ,":
        return []
    return [(last, last + 1)]


def lowercase_start(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A sentence that starts with a lowercase letter, at the start of the row or after a full stop."""
    target = row.target
    spans: list[Span] = []
    capitals: list[tuple[int, int, str]] = []
    match = _LOWER_START.match(target)
    if match and match.group(1).lower() not in _LOWERCASE_OK:
        spans.append(match.span(1))
        if _starts_clause(target, match.start(1)):
            capitals.append((match.start(1), match.start(1) + 1, match.group(1)[0].upper()))
    for m in _LOWER_AFTER_END.finditer(target):
        if not _sentence_end(target[:m.start() + 1]):
            continue
        if _starts_clause(target, m.start(1)):
            spans.append(m.span(1))
            capitals.append((m.start(1), m.start(1) + 1, m.group(1)[0].upper()))
        elif target[m.start()] == "." and target[m.start() + 1:m.start(1)].isspace():
            # A verbless fragment after a full stop: the stop broke one sentence in two ("workers.
            # enthusiasm and creativity"); joining is the repair, and after a plural the possessive.
            yield Finding("Sentence starts with a lowercase letter.", (m.span(1),),
                          fixes=_rejoin(target, m.start(), m.start(1)))
        else:
            spans.append(m.span(1))
    if spans:
        yield Finding("Sentence starts with a lowercase letter.", tuple(spans), fixes=safe(*capitals))


def _starts_clause(text: str, start: int) -> bool:
    """True when the lowercase word at ``start`` opens a clause that has a verb before the next stop."""
    word = re.match(r"[a-z]+", text[start:])
    end = _CLAUSE_END.search(text, start)
    clause = text[start:end.start() if end else len(text)]
    return bool(word) and word.group() in _OPENS_CLAUSE and has_verb(clause)


def _rejoin(text: str, stop: int, word: int) -> tuple[Fix, ...]:
    joined = fix(FixKind.SUGGESTED, (stop, word, " "))
    previous = re.search(r"([A-Za-z]+)$", text[:stop])
    if previous and previous.group(1).endswith("s") and not previous.group(1).endswith("ss"):
        return (fix(FixKind.SUGGESTED, (stop, word, "' ")), joined)
    return (joined,)


def _sentence_end(before: str) -> bool:
    """True when ``before`` ends in a real sentence end, not "U.S.", "etc.", "No." or an ellipsis."""
    token = before.rsplit(None, 1)[-1] if before.strip() else ""
    if token.endswith(".."):
        return False  # "opened higher... then slid" continues the sentence
    word = token[:-1].lower()
    return len(word) > 1 and word.isalpha() and word not in _ABBREVIATIONS


def run_on_sentence(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A sentence starter ("It", "The", "We") right after a lowercase word: a missing full stop."""
    target = row.target
    spans = tuple(m.span(1) for m in _RUN_ON.finditer(target) if _after_lowercase_word(target, m.start()))
    if spans:
        yield Finding("Capitalised sentence starter mid-sentence: probably a missing full stop.", spans,
                      fixes=suggested(*((start - 1, start, ". ") for start, _ in spans)))


def _after_lowercase_word(text: str, end: int) -> bool:
    """True when the word ending at ``end`` is lowercase, at least two letters, and not a title cue."""
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:end]
    return len(word) >= 2 and word.islower() and word.isascii() and word not in _RUN_ON_OK


def ellipsis_fragment(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A verbless fragment that trails off in an ellipsis ("universities, high-tech enterprises...")."""
    match = _ELLIPSIS_END.search(row.target)
    if match and not has_verb(row.target):
        yield Finding("Fragment ending in an ellipsis.", (match.span(),))


def missing_final_punctuation(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A full sentence (a verb, six words or more) without final punctuation; headings are left alone."""
    target = row.target.rstrip()
    if not target or _FINAL.search(target) or len(target.split()) < 6 or not has_verb(target):
        return
    if row.source.strip() and row.source.rstrip()[-1:] not in "。！？…；.!?\"”":
        return  # the source has no final punctuation either: a heading or a list item
    if not row.source.strip() and target[:1].isupper() and target.istitle():
        return
    end = len(target)
    yield Finding("Sentence without final punctuation.", ((end - 1, end),), fixes=suggested((end, end, ".")))

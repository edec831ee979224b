"""MT calques: literal renderings of Chinese news phrasing ("my country"), loaded from a data file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from segments.qa.fixes import alternatives, at_sentence_start, match_case
from segments.qa.model import Calque, Finding, Fix, QaContext, QaRow
from segments.qa.text import inside, quoted_spans


def load_calques(path: str | Path | None = None) -> tuple[Calque, ...]:
    """Read a calque list (regex TAB suggestion TAB any|narrative); the zh→en default ships with segments."""
    if path is None:
        text = resources.files("segments").joinpath("data/calques-zh-en.tsv").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    calques = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, suggestion, *rest = line.split("\t")
        compiled = re.compile(rf"\b{pattern}\b", re.IGNORECASE)
        narrative = bool(rest) and rest[0].strip() == "narrative"
        calques.append(Calque(compiled, suggestion.strip(), narrative, _anchor(pattern)))
    return tuple(calques)


def _anchor(pattern: str) -> str:
    """The longest literal word every match must contain (outside groups and not optional), or ""."""
    previous = None
    while previous != pattern:  # drop groups, innermost first
        previous, pattern = pattern, re.sub(r"\([^()]*\)[?*+]?", " ", pattern)
    literal = [w for w in re.findall(r"[a-z']+(?![a-z'?*+{\\])", pattern.lower()) if len(w) >= 3]
    return max(literal, key=len, default="")


DEFAULT_CALQUES = load_calques()


def calque(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A literal MT rendering from the calque list, with the suggested wording."""
    lower = row.target.lower()
    quotes: list[tuple[int, int]] | None = None
    forbidden: list[tuple[int, int]] | None = None
    for item in DEFAULT_CALQUES if context.calques is None else context.calques:
        if item.anchor not in lower:  # a substring test is ~50x cheaper than the regex
            continue
        for match in item.pattern.finditer(row.target):
            if item.narrative_only:
                quotes = quoted_spans(row.target) if quotes is None else quotes
                if inside(match.start(), quotes):
                    continue
            forbidden = _forbidden_spans(row, context) if forbidden is None else forbidden
            if any(start < match.end() and match.start() < end for start, end in forbidden):
                continue  # the glossary's forbidden-variant check already reports this text
            yield Finding(f"Calque “{match.group()}”: consider “{item.suggestion}”.", (match.span(),),
                          fixes=_fixes(row.target, match, item.suggestion))


_ARTICLES = ("a ", "an ", "the ")
_POSSESSIVE = ("'s", "’s")


def _fixes(text: str, match: re.Match[str], suggestion: str) -> tuple[Fix, ...]:
    """The calque list's wordings for ``match``: possessive for possessive, the article and case kept."""
    old = match.group()
    options = [o.strip() for o in suggestion.split(" / ") if o.strip()]
    possessive = old.endswith(_POSSESSIVE)
    fitting = [o for o in options if o.endswith(_POSSESSIVE) == possessive] or options
    if possessive and not any(o.endswith(_POSSESSIVE) for o in fitting):
        fitting = [o + old[-2:] for o in fitting]  # "the masses'" is rare; "China" + "'s" is not
    first = at_sentence_start(text, match.start())
    wordings = [match_case(old, _article(old, option), first) for option in fitting]
    return alternatives(match.start(), match.end(), wordings)


def _article(old: str, new: str) -> str:
    """``new`` with the definite article when ``old`` has it ("the … power" → "the … powerhouse")."""
    new_article = next((a for a in _ARTICLES if new.lower().startswith(a)), None)
    if old.lower().startswith("the ") and new_article in ("a ", "an "):
        return "the " + new[len(new_article):]
    return new


def _forbidden_spans(row: QaRow, context: QaContext) -> list[tuple[int, int]]:
    if context.find_terms is None:
        return []
    return [(m.start, m.end) for m in context.find_terms(row.target, "target") if m.kind == "forbidden"]

"""Glossary checks, written against the duck-typed matches of ``QaContext.find_terms``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from segments.qa.fixes import alternatives, at_sentence_start, match_case
from segments.qa.model import Finding, Fix, QaContext, QaRow, TermMatch


def term_missing(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A glossary source term appears in the source but its approved translation is not in the target."""
    if context.find_terms is None or not row.source:
        return
    wanted = [m for m in context.find_terms(row.source, "source") if m.kind == "source"]
    if not wanted:  # most rows: no term in the source, so no need to look at the target
        return
    found = {m.term_id for m in context.find_terms(row.target, "target") if m.kind == "target"}
    for match in wanted:
        if match.term_id not in found:
            yield Finding(f"“{match.text}” should be translated as “{match.preferred}”.",
                          ((match.start, match.end),), "source")


def term_forbidden(row: QaRow, context: QaContext) -> Iterator[Finding]:
    """A forbidden variant of a glossary term is used in the target."""
    if context.find_terms is None:
        return
    for match in context.find_terms(row.target, "target"):
        if match.kind == "forbidden":
            yield Finding(f"“{match.text}” is a forbidden variant: use “{match.preferred}”.",
                          ((match.start, match.end),), fixes=_approved(row.target, match))


def _approved(text: str, match: TermMatch) -> tuple[Fix, ...]:
    """The approved term in place of the forbidden one, in its case and number ("variants" → "terms")."""
    preferred = match.preferred
    if _is_plural_of(match.text, match.form):
        preferred = _plural(preferred)
    elif _is_plural_of(match.form, match.text):  # "a … worker" where the glossary lists "… workers"
        preferred = _singular(preferred)
    new = match_case(match.text, preferred, at_sentence_start(text, match.start))
    return alternatives(match.start, match.end, [new], text=match.text)


def _is_plural_of(found: str, form: str) -> bool:
    last, base = found.split()[-1].lower() if found.split() else "", form.split()[-1].lower() if form else ""
    return bool(base) and last != base and last in (base + "s", base + "es", base[:-1] + "ies")


_IRREGULAR_SINGULAR = {"people": "person", "men": "man", "women": "woman", "children": "child"}


def _singular(phrase: str) -> str:
    """English singular of a phrase's plural heads: each conjunct's last word ("scientists and engineers")."""
    parts = re.split(r"(\s+(?:and|or|&)\s+)", phrase)
    return "".join(part if i % 2 else _singular_head(part) for i, part in enumerate(parts))


def _singular_head(phrase: str) -> str:
    head, last = phrase.rsplit(" ", 1) if " " in phrase else ("", phrase)
    lower = last.lower()
    if lower in _IRREGULAR_SINGULAR:
        last = last[0] + _IRREGULAR_SINGULAR[lower][1:]
    elif re.search(r"[^aeiou]ies$", lower):
        last = last[:-3] + "y"
    elif re.search(r"(?:ch|sh|x|z|ss)es$", lower):
        last = last[:-2]
    elif re.search(r"[^su]s$", lower):  # not "ss" ("press"), "us" ("census")
        last = last[:-1]
    return f"{head} {last}" if head else last


def _plural(phrase: str) -> str:
    """English plural of a phrase's last word (the head of a noun phrase)."""
    head, last = phrase.rsplit(" ", 1) if " " in phrase else ("", phrase)
    if re.search(r"(?:s|x|z|ch|sh)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last

"""Document checks for consistency: one source translated two ways, names and numbered entities varying."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterator, Sequence
from functools import lru_cache

from segments.qa.fixes import fix
from segments.qa.model import Finding, Fix, FixKind, QaContext, QaRow

Hit = tuple[Hashable, Finding]
_PUNCT = re.compile(r"[\s\W_]+")
_NUMBERED = re.compile(r"\b(No\.|Number|#)\s?(\d+)\s+([A-Za-z]+)"
                       r"|\b([A-Z][a-z]{2,}(?:['’][a-z]+)?)([-\s])(\d+)\b")
Places = list[tuple[Hashable, tuple[int, int]]]
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b")


@lru_cache(maxsize=1 << 17)  # both sentence checks key the same sources and targets
def _key(text: str) -> str:
    return _PUNCT.sub(" ", text).strip().casefold()


def _whole(text: str) -> tuple[tuple[int, int], ...]:
    stripped = text.strip()
    start = text.find(stripped)
    return ((start, start + len(stripped)),) if stripped else ()


def inconsistent_translation(rows: Sequence[QaRow], context: QaContext) -> Iterator[Hit]:
    """The same source sentence translated differently in one document; rows off the majority are flagged."""
    groups: dict[str, list[QaRow]] = defaultdict(list)
    for row in rows:
        if row.source.strip() and row.target.strip():
            groups[_key(row.source)].append(row)
    for group in groups.values():
        variants = Counter(_key(row.target) for row in group)
        if len(variants) < 2:
            continue
        majority = variants.most_common(1)[0][0]
        other = next(row.target.strip() for row in group if _key(row.target) == majority)
        for row in group:
            if _key(row.target) != majority:
                yield row.key, Finding(f"Same source translated elsewhere as: {other}", _whole(row.target))


def inconsistent_source(rows: Sequence[QaRow], context: QaContext) -> Iterator[Hit]:
    """One target (four words or more) used for different source sentences."""
    groups: dict[str, list[QaRow]] = defaultdict(list)
    for row in rows:
        if row.source.strip() and len(row.target.split()) >= 4:
            groups[_key(row.target)].append(row)
    for group in groups.values():
        if len({_key(row.source) for row in group}) > 1:
            for row in group:
                yield row.key, Finding("The same target translates different sources.", _whole(row.target))


def inconsistent_name(rows: Sequence[QaRow], context: QaContext) -> Iterator[Hit]:
    """A numbered entity or a name written two ways ("No. 21 Factory" / "No. 221 factory", "Tiangong-2")."""
    forms: dict[str, dict[str, Places]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        for surface, span, key in _entities(row.target):
            forms[key][surface].append((row.key, span))
    for variants in forms.values():
        if len(variants) < 2:
            continue
        chosen = _spelling(variants, context)
        for surface, places in variants.items():
            others = ", ".join(f"“{v}”" for v in variants if v != surface)
            for row_key, span in places:
                yield row_key, Finding(f"“{surface}” is also written {others} in this document.", (span,),
                                       fixes=_respell(span, surface, chosen, variants))


def _spelling(variants: dict[str, Places], context: QaContext) -> str | None:
    """The spelling to use: the glossary's, else the document's majority; None on a tie (unsure)."""
    if context.find_terms is not None:
        approved = [v for v in variants
                    if any(m.kind == "target" and m.start == 0 and m.end == len(v)
                           for m in context.find_terms(v, "target"))]
        if len(approved) == 1:
            return approved[0]
    (first, top), (_, second) = Counter({v: len(places) for v, places in variants.items()}).most_common(2)
    return first if top > second else None


def _respell(span: tuple[int, int], surface: str, chosen: str | None,
             variants: dict[str, Places]) -> tuple[Fix, ...]:
    start, end = span
    if chosen is not None:
        return () if surface == chosen else (fix(FixKind.SUGGESTED, (start, end, chosen)),)
    # Unsure: every spelling is offered, and the default is to keep this one (a fix with no edits), so that
    # applying a document's default fixes never picks a spelling by chance ("No. 21" or "No. 221"?).
    others = tuple(fix(FixKind.SUGGESTED, (start, end, v)) for v in variants if v != surface)
    return (Fix((), FixKind.SUGGESTED), *others)


def _entities(text: str) -> Iterator[tuple[str, tuple[int, int], str]]:
    """Numbered entities and multi-word names with a key that variants share."""
    for m in _NUMBERED.finditer(text):
        if m.group(1):  # "No. 21 Factory": numbers one edit apart count as the same entity (a typo)
            yield m.group(), m.span(), f"no:{m.group(3).lower()}:{_digit_key(m.group(2))}"
        else:  # "Tiangong-2" / "Tiangong 2"
            yield m.group(), m.span(), f"name:{m.group(4).lower()}{m.group(6)}"
    for m in _NAME.finditer(text):
        yield m.group(), m.span(), "name:" + m.group().replace(" ", "").replace("-", "").lower()


def _digit_key(digits: str) -> str:
    """Collapse a doubled digit so that 21 and 221 (a common typo) share a key."""
    return re.sub(r"(\d)\1+", r"\1", digits)

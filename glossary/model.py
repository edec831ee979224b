"""The glossary entry (`Term`) and its validation rules."""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime

STATUSES = ("approved", "proposed", "deprecated")
# The TBX-Basic picklist, so that every valid entry also exports as valid TBX.
POS_VALUES = ("noun", "verb", "adjective", "adverb", "properNoun", "other")

_LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
# C0/C1 controls other than tab, newline and carriage return cannot travel through XML 1.0.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_TEXT_FIELDS = ("source", "pos", "definition", "note", "domain", "created_by", "changed_by")


class GlossaryFormatError(ValueError):
    """A glossary file cannot be read at all (bad encoding, missing columns, unsafe or malformed XML)."""


@dataclass(frozen=True)
class Term:
    """One glossary entry: a source term, its target terms (first preferred) and forbidden variants."""

    source: str
    targets: tuple[str, ...]
    src_lang: str
    tgt_lang: str
    pos: str = ""
    definition: str = ""
    note: str = ""
    domain: str = ""
    case_sensitive: bool = False
    status: str = "approved"
    forbidden: tuple[str, ...] = ()
    created_by: str = ""
    changed_by: str = ""
    created: datetime | None = None
    changed: datetime | None = None
    id: Hashable | None = field(default=None)

    def __post_init__(self) -> None:
        # Accept lists from callers but keep the dataclass hashable and immutable.
        object.__setattr__(self, "targets", tuple(self.targets))
        object.__setattr__(self, "forbidden", tuple(self.forbidden))

    @property
    def preferred(self) -> str:
        """Return the preferred target term, or "" when there is none."""
        return self.targets[0] if self.targets else ""

    @property
    def key(self) -> tuple[str, str, str]:
        """Return the duplicate-detection key: source and language pair, case-folded."""
        return (" ".join(self.source.split()).casefold(), self.src_lang.casefold(), self.tgt_lang.casefold())


def validate_term(term: Term) -> list[str]:
    """Return the reasons why `term` is not a valid entry (an empty list when it is valid)."""
    reasons: list[str] = []
    if not term.source.strip():
        reasons.append("empty source term")
    reasons += _list_problems("target", term.targets)
    reasons += _list_problems("forbidden variant", term.forbidden, required=False)
    targets = {t.strip().casefold() for t in term.targets}
    reasons += [f"'{f}' is listed both as a target and as forbidden" for f in term.forbidden
                if f.strip().casefold() in targets]
    if term.status not in STATUSES:
        reasons.append(f"unknown status '{term.status}' (expected one of: {', '.join(STATUSES)})")
    if term.pos and term.pos not in POS_VALUES:
        reasons.append(f"unknown part of speech '{term.pos}' (expected one of: {', '.join(POS_VALUES)})")
    for name in ("src_lang", "tgt_lang"):
        code = getattr(term, name)
        if not _LANG_CODE.match(code):
            reasons.append(f"invalid language code {name}='{code}' (expected a tag like 'zh' or 'en-GB')")
    if term.src_lang.casefold() == term.tgt_lang.casefold():
        reasons.append(f"source and target language are both '{term.src_lang}'")
    reasons += _control_problems(term)
    for name in ("created", "changed"):
        if getattr(term, name) is not None and not isinstance(getattr(term, name), datetime):
            reasons.append(f"{name} must be a datetime or empty")
    return reasons


def _list_problems(label: str, values: tuple[str, ...], required: bool = True) -> list[str]:
    if required and not values:
        return [f"no {label}"]
    reasons = [f"empty {label} in position {n}" for n, v in enumerate(values, 1) if not v.strip()]
    seen: set[str] = set()
    for value in values:
        folded = value.strip().casefold()
        if folded and folded in seen:
            reasons.append(f"{label} '{value}' is listed twice")
        seen.add(folded)
    return reasons


def _control_problems(term: Term) -> list[str]:
    values = [(name, getattr(term, name)) for name in _TEXT_FIELDS]
    values += [("targets", t) for t in term.targets] + [("forbidden", f) for f in term.forbidden]
    reasons = []
    for name, value in values:
        found = _CONTROL.search(value) if isinstance(value, str) else None
        if found:
            reasons.append(f"{name} contains the control character U+{ord(found.group()):04X}")
    return reasons

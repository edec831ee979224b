"""The result of importing a glossary file, and the duplicate policy applied while collecting it."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from glossary.model import Term, validate_term

Policy = Literal["skip", "overwrite", "merge"]
POLICIES: tuple[Policy, ...] = ("skip", "overwrite", "merge")


@dataclass(frozen=True)
class Rejection:
    """A row or entry that was not imported, with its line number in the file and the reason."""

    line: int
    reason: str
    source: str = ""


@dataclass(frozen=True)
class Duplicate:
    """An entry whose (source, languages) key was already present, and what was done about it."""

    line: int
    source: str
    action: Literal["skipped", "overwritten", "merged"]
    existing_id: Hashable | None
    within_file: bool


@dataclass
class ImportReport:
    """Accepted entries (new ones, and updated ones carrying the existing id), duplicates and rejections."""

    accepted: list[Term] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    details: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Return True when nothing was rejected."""
        return not self.rejected

    def summary(self) -> str:
        """Return a one-line human summary of the import."""
        text = (f"{len(self.accepted)} accepted, {len(self.duplicates)} duplicates, "
                f"{len(self.rejected)} rejected")
        if self.rejected:
            first = self.rejected[0]
            text += f" (first rejection: line {first.line}: {first.reason})"
        return text


class Collector:
    """Validate incoming entries and apply the duplicate policy against existing and earlier ones."""

    def __init__(self, existing: Iterable[Term] = (), policy: Policy = "skip") -> None:
        if policy not in POLICIES:
            raise ValueError(f"unknown duplicate policy {policy!r} (expected one of: {', '.join(POLICIES)})")
        self.policy = policy
        self.report = ImportReport()
        self._existing: dict[tuple[str, str, str], Term] = {}
        for term in existing:
            self._existing.setdefault(term.key, term)
        self._positions: dict[tuple[str, str, str], int] = {}

    def reject(self, line: int, reason: str, source: str = "") -> None:
        """Record a rejected row."""
        self.report.rejected.append(Rejection(line, reason, source))

    def add(self, line: int, term: Term) -> None:
        """Validate `term` read at `line` and accept, merge, overwrite or skip it."""
        reasons = validate_term(term)
        if reasons:
            self.reject(line, "; ".join(reasons), term.source)
            return
        key = term.key
        position = self._positions.get(key)
        base = self.report.accepted[position] if position is not None else self._existing.get(key)
        if base is None:
            self._positions[key] = len(self.report.accepted)
            self.report.accepted.append(term)
            return
        action = {"skip": "skipped", "overwrite": "overwritten", "merge": "merged"}[self.policy]
        if self.policy == "skip":
            result = None
        elif self.policy == "overwrite":
            result = replace(term, id=term.id if base.id is None else base.id)
        else:
            result = merge_terms(base, term)
            reasons = validate_term(result)
            if reasons:
                self.reject(line, "cannot merge with the existing entry: " + "; ".join(reasons), term.source)
                return
        self.report.duplicates.append(Duplicate(line, term.source, action, base.id, position is not None))
        if result is not None and position is not None:
            self.report.accepted[position] = result
        elif result is not None:
            self._positions[key] = len(self.report.accepted)
            self.report.accepted.append(result)


def merge_terms(base: Term, new: Term) -> Term:
    """Return `base` with the targets and forbidden variants of `new` added and its empty fields filled."""
    targets = _union(base.targets, new.targets, exclude=base.forbidden)
    forbidden = _union(base.forbidden, new.forbidden, exclude=targets)
    filled = {name: getattr(base, name) or getattr(new, name)
              for name in ("pos", "definition", "note", "domain", "created_by", "created")}
    return replace(base, targets=targets, forbidden=forbidden, changed=new.changed or base.changed,
                   changed_by=new.changed_by or base.changed_by, **filled)


def _union(first: tuple[str, ...], second: tuple[str, ...], exclude: tuple[str, ...]) -> tuple[str, ...]:
    seen = {v.casefold() for v in first} | {v.casefold() for v in exclude}
    result = list(first)
    for value in second:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return tuple(result)

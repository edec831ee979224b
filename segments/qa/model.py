"""Data types of the QA checks: rows in, issues out, and the record that describes each check."""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Protocol

from segments.qa.text import Span
from segments.tags import untagged

Side = Literal["source", "target"]


class Severity(enum.Enum):
    """How bad an issue is; the value is what the database and the page store."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class TermMatch(Protocol):
    """One glossary hit as returned by the glossary package's matcher (duck-typed)."""

    start: int
    end: int
    term_id: Any
    kind: str  # "source" | "target" | "forbidden"
    text: str
    preferred: str
    form: str  # the glossary's wording that matched; ``text`` may be an inflection of it


TermFinder = Callable[[str, str], Sequence[TermMatch]]


class FixKind(enum.Enum):
    """Whether a fix can be applied without a reader's judgement."""

    SAFE = "safe"  # mechanical, meaning kept: spacing, a repeated word, Chinese punctuation, capitals
    SUGGESTED = "suggested"  # needs judgement: calques, terms, names, spelling, a stray or missing stop


@dataclass(frozen=True)
class Edit:
    """Replace ``target[start:end]`` by ``text`` (``start == end``: insert)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fix:
    """A repair of the target: edits that go together, never overlapping, in order of position."""

    edits: tuple[Edit, ...]
    kind: FixKind

    def apply(self, text: str) -> str:
        """``text`` with this fix's edits made."""
        for edit in sorted(self.edits, key=lambda e: (e.start, e.end), reverse=True):
            text = text[:edit.start] + edit.text + text[edit.end:]
        return text

    def to_json(self) -> dict[str, Any]:
        """The fix as JSON-ready data (what the database and the API store)."""
        return {"kind": self.kind.value, "edits": [[e.start, e.end, e.text] for e in self.edits]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fix:
        """Inverse of ``to_json``."""
        return cls(tuple(Edit(int(a), int(b), str(t)) for a, b, t in data["edits"]), FixKind(data["kind"]))


@dataclass(frozen=True)
class Finding:
    """What a check function reports; the runner turns it into an Issue with the check's id and severity.

    ``fixes`` are the repairs the check knows, on the target whatever ``side`` the spans are on: the first
    is the one applied by default, the others are alternatives (two spellings of a name, say)."""

    message: str
    spans: tuple[Span, ...]
    side: Side = "target"
    fixes: tuple[Fix, ...] = ()


@dataclass(frozen=True)
class Issue:
    """One problem in one row, with character spans into the target (or the source when side="source")."""

    check_id: str
    severity: Severity
    message: str
    spans: tuple[Span, ...]
    side: Side = "target"
    fixes: tuple[Fix, ...] = ()

    def flagged_text(self, text: str) -> str:
        """The text under the spans, joined by "|" ("" when the issue has no spans)."""
        return "|".join(text[start:end] for start, end in self.spans)

    def fingerprint(self, text: str) -> str:
        """A stable key for "ignore this": check id, side and flagged text of ``text`` (the side's text)."""
        # Tags do not change what a finding is about, unless they are all it flags (the tags check's own).
        flagged = untagged(self.flagged_text(text))
        if not flagged.replace("|", "").strip():
            flagged = self.flagged_text(text)
        flagged = re.sub(r"\s+", " ", flagged).strip()
        payload = f"{self.check_id}\x00{self.side}\x00{flagged}"
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class QaRow:
    """One aligned row: a key chosen by the caller, source, current target and the original MT."""

    key: Hashable
    source: str
    target: str
    mt: str = ""


@dataclass(frozen=True)
class Calque:
    """A literal MT rendering ("my country") with what to write instead."""

    pattern: re.Pattern[str]
    suggestion: str
    narrative_only: bool = False  # skip inside quotations, where a speaker may say "our country"
    anchor: str = ""  # a lower-case word every match contains, for a fast substring pre-check


@dataclass(frozen=True)
class QaContext:
    """Settings shared by every row of a document: languages, glossary, calques, names and length ratio."""

    src_lang: str = "zh"
    tgt_lang: str = "en"
    find_terms: TermFinder | None = None
    calques: tuple[Calque, ...] | None = None  # None: the zh→en list shipped with segments
    known_names: frozenset[str] = frozenset()
    project_words: frozenset[str] = frozenset()  # the project's dictionary: words the spelling check accepts
    length_ratio: float | None = None  # expected len(target) / len(source); None = the document's median
    length_tolerance: float = 2.5  # flag rows whose ratio is this many times off the expected one

    @property
    def known_names_lower(self) -> frozenset[str]:
        """Known names, lower-cased, split into single words too ("Xi Jinping" also allows "jinping")."""
        return _lower_names(self.known_names)


@lru_cache(maxsize=64)
def _lower_names(names: frozenset[str]) -> frozenset[str]:
    words = {w.lower() for name in names for w in re.findall(r"[^\W\d_]+", name)}
    return frozenset(words | {n.lower() for n in names})


RowFunc = Callable[[QaRow, QaContext], Iterable[Finding]]
DocumentFunc = Callable[[Sequence[QaRow], QaContext], Iterable[tuple[Hashable, Finding]]]


@dataclass(frozen=True)
class Check:
    """One registered check: its id (the database key and ignore flag), documentation and function."""

    id: str
    severity: Severity
    title: str
    description: str
    example: str
    func: RowFunc | DocumentFunc
    scope: Literal["row", "document"] = "row"
    needs_source: bool = False
    # Only the tags check reads inline tags; every other check sees the text with them stripped.
    tagged: bool = False

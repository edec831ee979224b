"""The data the formats read and write: bilingual units for exchange formats, pieces for clean text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

STATES = ("new", "edited", "confirmed", "flagged")


@dataclass(frozen=True)
class Note:
    """A reviewer's comment on one unit."""

    text: str
    author: str = ""
    created: datetime | None = None
    resolved: bool = False


@dataclass(frozen=True)
class Unit:
    """One alignment link of a reviewed document."""

    key: str
    source: str
    target: str
    mt: str = ""
    state: str = "new"
    notes: tuple[Note, ...] = ()
    paragraph: int = 0
    created: datetime | None = None
    changed: datetime | None = None
    author: str = ""

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"unknown unit state {self.state!r} (expected one of {', '.join(STATES)})")


@dataclass(frozen=True)
class Bitext:
    """A document header plus its units; `units` may be a lazy iterable, consumed once by a writer."""

    title: str
    src_lang: str
    tgt_lang: str
    doc_key: str
    units: Iterable[Unit]


@dataclass(frozen=True)
class Piece:
    """One target sentence of a clean-text export, with the original whitespace after it."""

    text: str
    tail: str
    paragraph: int
    heading: bool = False

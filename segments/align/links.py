"""Alignment links and their text form, `[0,1]:[0]` per line (the mac-dev / align_score format)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_LINK = re.compile(r"\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\](?:\s*:\s*([-+\d.eE]+))?.*")


@dataclass(frozen=True)
class Link:
    """One bead: source and target sentence indices (either may be empty) and a confidence in [0, 1]."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0

    @property
    def kind(self) -> str:
        """The bead type as "n-m", e.g. "1-2"."""
        return f"{len(self.src)}-{len(self.tgt)}"


def _side(ids: tuple[int, ...]) -> str:
    return "[" + ",".join(str(i) for i in ids) + "]"


def format_links(links: Iterable[Link], *, scores: bool = False) -> str:
    """Write links one per line as `[0,1]:[0]`, optionally followed by `:0.873` (the confidence)."""
    suffix = (lambda link: f":{link.score:.3f}") if scores else (lambda link: "")
    return "".join(f"{_side(link.src)}:{_side(link.tgt)}{suffix(link)}\n" for link in links)


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(",", " ").split())


def parse_links(text: str) -> list[Link]:
    """Read links written by `format_links` (or by vecalign/InterText); a missing confidence reads as 1."""
    links = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINK.fullmatch(line.strip())
        if match is None:
            raise ValueError(f"line {number}: not an alignment link: {line!r}")
        score = float(match.group(3)) if match.group(3) else 1.0
        links.append(Link(_ids(match.group(1)), _ids(match.group(2)), score))
    return links

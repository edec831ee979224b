"""Optional typographic clean-up of clean-text exports: quotes, sentence spacing, space before punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from segments.formats.model import Piece

_STRAIGHT = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t\u00a0]+(?=[,.;:!?%)\]}])")
_SPACES = re.compile(r" {2,}")


@dataclass(frozen=True)
class TypographyOptions:
    """What to normalise in a clean-text export; everything is off by default."""

    quotes: Literal["keep", "straight", "curly"] = "keep"
    single_space: bool = False
    no_space_before_punctuation: bool = False

    @property
    def active(self) -> bool:
        return self.quotes != "keep" or self.single_space or self.no_space_before_punctuation


def _curly(text: str) -> str:
    out = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        opening = before.isspace() or before in '([{—–-"“‘'
        if char == '"':
            out.append("“" if opening else "”")
        elif char == "'":
            out.append("‘" if opening and index + 1 < len(text) and not text[index + 1].isspace() else "’")
        else:
            out.append(char)
    return "".join(out)


def normalise_text(text: str, options: TypographyOptions) -> str:
    """Apply the typographic options to one sentence."""
    if options.quotes == "straight":
        text = text.translate(_STRAIGHT)
    elif options.quotes == "curly":
        text = _curly(text.translate(_STRAIGHT))
    if options.no_space_before_punctuation:
        text = _SPACE_BEFORE_PUNCT.sub("", text)
    if options.single_space:
        text = _SPACES.sub(" ", text)
    return text


def normalise_typography(pieces: Iterable[Piece], options: TypographyOptions | None) -> Iterator[Piece]:
    """Yield the pieces with the typographic options applied (unchanged when none is set)."""
    if options is None or not options.active:
        yield from pieces
        return
    for piece in pieces:
        tail = piece.tail
        if options.single_space and tail and "\n" not in tail:
            tail = " "
        yield replace(piece, text=normalise_text(piece.text, options), tail=tail)

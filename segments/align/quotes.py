"""Whether each sentence boundary of a text falls inside a quotation: dialogue structure translations keep.

A boundary inside a quotation on one side (a speech goes on into the next sentence) and plainly outside on the
other is rarely where a bead ends. Translators move speech tags about ("'Better my arse!' muttered the
eunuch. 'Get a move on!'" for one quoted source sentence), so a boundary outside a quotation that is followed
by an opening quote agrees with either.

Quotation marks are read one by one: curly and corner quotes say which way they face, and so does a right
single quote unless it stands between two letters (an apostrophe); a straight quote faces the way its
neighbours say. A quotation inside another uses the other family of marks, so only a mark of the outer
quotation's family closes it: a stray or unclosed inner mark (common in MT) then cannot flip the state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

OUTSIDE, INSIDE, OPENING = 0, 1, 2  # OPENING: outside a quotation, and the next sentence opens one

_OPEN, _CLOSE = "“‘「『«", "”」』»"
_FAMILY = {mark: family for family, marks in enumerate(('"“”«»', "'‘’", "「」", "『』")) for mark in marks}
_MARK = re.compile(r"[\"'“”‘’「」『』«»]")
_CLOSES_BEFORE = frozenset(".,;:!?)]—–-…")


def _letter(char: str) -> bool:
    # Chinese characters are alphanumeric too, but a mark between two of them is a quotation: 这‘长安’城
    return char.isalnum() and ord(char) < 0x2E80


def _faces(text: str, at: int) -> bool | None:
    """True for an opening mark, False for a closing one, None for an apostrophe or when nothing tells."""
    mark = text[at]
    if mark in _OPEN:
        return True
    if mark in _CLOSE:
        return False
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if mark in "'’" and _letter(before) and _letter(after):
        return None  # don't, Xi'an
    if mark == "’":  # a right quote between anything but two letters: closing
        return False
    if before.isspace() or before in "([{—–-:":
        return not (after.isspace() or after in _CLOSES_BEFORE)  # a stray mark after a space closes
    if after.isspace() or after in _CLOSES_BEFORE or after in _CLOSE:
        return False
    return None  # of'antelope: a missing space


def _opens(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and _MARK.match(stripped) is not None and _faces(stripped, 0) is True


def boundaries(sentences: Sequence[str], paragraphs: Sequence[int] | None = None) -> np.ndarray:
    """State of each boundary: [k] is between sentence k - 1 and k (0: the start, len: the end).

    A paragraph that does not open with a quotation mark starts outside one: a mark the text lost then costs
    one paragraph, not the rest of the document."""
    states = np.zeros(len(sentences) + 1, dtype=np.int8)
    opens = [_opens(text) for text in sentences]
    outer: int | None = None  # the family of the open quotation's marks
    for k, text in enumerate(sentences):
        if paragraphs is not None and k and paragraphs[k] != paragraphs[k - 1] and not opens[k]:
            outer = None
        for mark in _MARK.finditer(text):
            facing, family = _faces(text, mark.start()), _FAMILY[mark.group()]
            if facing and outer is None:
                outer = family
            elif facing is False and family == outer:
                outer = None
        following = k + 1 < len(sentences) and opens[k + 1]
        states[k + 1] = INSIDE if outer is not None else OPENING if following else OUTSIDE
    if sentences and opens[0]:
        states[0] = OPENING
    return states


def clash(src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    """Where one side's boundary is inside a quotation and the other's plainly outside."""
    return ((src == INSIDE) & (tgt == OUTSIDE)) | ((src == OUTSIDE) & (tgt == INSIDE))


def quoting(states: np.ndarray) -> float:
    """Share of a text's boundaries inside a quotation."""
    return float(np.mean(states == INSIDE)) if len(states) else 0.0

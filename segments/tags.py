"""Inline tags: formatting inside a sentence (bold, a link, a footnote mark) carried through review as tokens.

A tag is not text: in a sentence it is one token made of private-use characters, so no word, number or
punctuation can be mistaken for one and no real text can contain one. A paired tag (XLIFF's `pc`, `g`,
`bpt`/`ept`) is an opening and a closing token with the same id; a standalone tag (`ph`, `x`) is one token.
What a tag stands for (its element, attributes, the original markup) is kept by the format that read it,
keyed by id; here only the tokens and their order matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# U+E000..U+E003 are in the Private Use Area: no font draws them and no source text is expected to hold them.
_END = "\ue000"
_OPEN = "\ue001"
_CLOSE = "\ue002"
_SOLO = "\ue003"
TAG_CHARS = _END + _OPEN + _CLOSE + _SOLO
TAG_RE = re.compile(f"([{_OPEN}{_CLOSE}{_SOLO}])([0-9]+){_END}")
_ANY_TAG_CHAR = re.compile(f"[{TAG_CHARS}]")


class TagKind(StrEnum):
    OPEN = "open"
    CLOSE = "close"
    SOLO = "solo"


_KIND_OF = {_OPEN: TagKind.OPEN, _CLOSE: TagKind.CLOSE, _SOLO: TagKind.SOLO}
_MARK_OF = {kind: mark for mark, kind in _KIND_OF.items()}


@dataclass(frozen=True)
class Tag:
    """One tag token of a text: its kind, its id and where it sits."""

    kind: TagKind
    id: int
    start: int
    end: int

    @property
    def token(self) -> str:
        return token(self.kind, self.id)


def token(kind: TagKind, tag_id: int) -> str:
    """The token of tag `tag_id` of `kind`, as it sits in a sentence."""
    return f"{_MARK_OF[kind]}{tag_id}{_END}"


def open_tag(tag_id: int) -> str:
    return token(TagKind.OPEN, tag_id)


def close_tag(tag_id: int) -> str:
    return token(TagKind.CLOSE, tag_id)


def solo_tag(tag_id: int) -> str:
    return token(TagKind.SOLO, tag_id)


def has_tags(text: str) -> bool:
    """Whether `text` holds any tag character (fast: most sentences hold none)."""
    return _ANY_TAG_CHAR.search(text) is not None


def tags(text: str) -> list[Tag]:
    """The tag tokens of `text`, in order."""
    return [Tag(_KIND_OF[m.group(1)], int(m.group(2)), m.start(), m.end()) for m in TAG_RE.finditer(text)]


def untagged(text: str) -> str:
    """`text` without its tag tokens: what words are compared on (diff, search, memory, glossary, QA)."""
    return TAG_RE.sub("", text) if has_tags(text) else text


def as_symbols(text: str, *, spaced: bool = False) -> str:
    """`text` with each tag as one character of the Supplementary Private Use Area (with `spaced`, as a word
    of its own), so that an edit distance counts a moved tag as two edits, not as its token's characters."""
    if not has_tags(text):
        return text
    kinds = {_OPEN: 0, _CLOSE: 1, _SOLO: 2}

    def symbol(m: re.Match[str]) -> str:
        code = chr(0xF0000 + (3 * int(m.group(2)) + kinds[m.group(1)]) % 0xFFFE)
        return f" {code} " if spaced else code

    found = TAG_RE.sub(symbol, text)
    return " ".join(found.split()) if spaced else found


def untagged_with_offsets(text: str, solo_as: str = "") -> tuple[str, list[int]]:
    """`text` without tags, and for each of its characters (plus one past the end) its offset in `text`.

    An edit found on the stripped text maps back through the offsets, so a fix never cuts a tag apart.
    `solo_as` stands in for each standalone tag (the segmenter reads a line break or a note mark as a
    space)."""
    if not has_tags(text):
        return text, list(range(len(text) + 1))
    kept: list[str] = []
    offsets: list[int] = []
    at = 0
    for m in TAG_RE.finditer(text):
        kept.append(text[at:m.start()])
        offsets.extend(range(at, m.start()))
        if solo_as and m.group(1) == _SOLO:
            kept.append(solo_as)
            offsets.extend([m.start()] * len(solo_as))
        at = m.end()
    kept.append(text[at:])
    offsets.extend(range(at, len(text) + 1))
    return "".join(kept), offsets


def broken(text: str) -> bool:
    """Whether `text` holds a tag character that is not part of a whole token (a tag cut apart by an edit)."""
    return has_tags(text) and _ANY_TAG_CHAR.search(TAG_RE.sub("", text)) is not None

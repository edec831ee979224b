"""What reading an original file gives: the blocks' tagged texts, and the skeleton to write it back from."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from segments.formats.common import FormatError
from segments.tags import TagKind, tags, untagged


class NoBlocks(FormatError):
    """The file has no paragraph whose text can be written back (Markdown of tables and code only, say)."""


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or table cell: its text with tag tokens, and a label per tag id."""

    text: str
    labels: dict[int, str] = field(default_factory=dict)
    heading: bool = False


@dataclass(frozen=True)
class Skeleton:
    """The original file and, per block in reading order, what its tags stand for (format-specific, JSON)."""

    format_id: str
    original: bytes
    blocks: tuple[dict[str, Any], ...]

    def layout_json(self) -> str:
        """The per-block data as JSON, to store next to the original bytes."""
        return json.dumps({"format": self.format_id, "blocks": self.blocks}, ensure_ascii=False)

    @classmethod
    def from_stored(cls, original: bytes, layout: str) -> Skeleton:
        data = json.loads(layout)
        return cls(data["format"], original, tuple(data["blocks"]))


@dataclass(frozen=True)
class Extracted:
    """The result of reading an original file."""

    blocks: list[Block]
    skeleton: Skeleton

    def text(self) -> str:
        """The blocks as one document text, blocks split by blank lines (what the importer segments)."""
        return "\n\n".join(block.text for block in self.blocks) + "\n"


@dataclass(frozen=True)
class Piece:
    """A run of text or one tag token of a corrected block text, as writers consume it."""

    text: str = ""
    kind: TagKind | None = None
    id: int = 0


def pieces(text: str, known: Sequence[int] | set[int], solo: set[int]) -> Iterator[Piece]:
    """The text runs and usable tags of `text`: unknown ids, a second copy of an id and a close with no open
    are dropped (the tags QA check reports them), and an open left unclosed closes at the end."""
    seen_open: set[int] = set()
    seen_solo: set[int] = set()
    stack: list[int] = []
    at = 0
    for tag in tags(text):
        if tag.start > at:
            yield Piece(text[at:tag.start])
        at = tag.end
        if tag.id not in known:
            continue
        if tag.kind is TagKind.SOLO:
            if tag.id in solo and tag.id not in seen_solo:
                seen_solo.add(tag.id)
                yield Piece(kind=TagKind.SOLO, id=tag.id)
        elif tag.kind is TagKind.OPEN:
            if tag.id not in solo and tag.id not in seen_open:
                seen_open.add(tag.id)
                stack.append(tag.id)
                yield Piece(kind=TagKind.OPEN, id=tag.id)
        elif tag.id in stack:
            # Closing an outer tag closes the inner ones first, so the output stays well nested.
            while stack:
                inner = stack.pop()
                yield Piece(kind=TagKind.CLOSE, id=inner)
                if inner == tag.id:
                    break
    if at < len(text):
        yield Piece(text[at:])
    while stack:
        yield Piece(kind=TagKind.CLOSE, id=stack.pop())


def corrected_texts(skeleton: Skeleton, texts: Sequence[str | None]) -> list[str | None]:
    """`texts` checked against the skeleton: one per block; None (or the text as read) means unchanged."""
    if len(texts) != len(skeleton.blocks):
        raise FormatError(f"{len(texts)} block texts for a file of {len(skeleton.blocks)} blocks")
    return [None if text is None or text == block["text"] else text
            for text, block in zip(texts, skeleton.blocks, strict=True)]


__all__ = ["Block", "Extracted", "NoBlocks", "Piece", "Skeleton", "corrected_texts", "pieces", "untagged"]

"""Sentence segmentation: paragraphs of sentences whose pieces join back into the input exactly."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？；])[\"'”’」』）)]*\s+|\n\s*")


@dataclass(frozen=True)
class Sentence:
    """One piece of the input: its content plus the whitespace that follows it."""

    text: str
    start: int
    end: int
    rule: str = ""

    @property
    def content(self) -> str:
        return self.text.strip()

    @property
    def lead(self) -> str:
        return self.text[: len(self.text) - len(self.text.lstrip())]

    @property
    def tail(self) -> str:
        stripped = self.text.rstrip()
        return self.text[len(stripped):] if stripped else ""


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    sentences: tuple[Sentence, ...]


def _pieces(text: str, offset: int) -> list[Sentence]:
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() >= len(text) or not text[start:match.start()].strip():
            continue
        pieces.append(Sentence(text[start:match.end()], offset + start, offset + match.end(), "basic"))
        start = match.end()
    if start < len(text):
        pieces.append(Sentence(text[start:], offset + start, offset + len(text), "end"))
    return pieces


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """Split one paragraph into sentences (content only, whitespace stripped)."""
    return [piece.content for piece in _pieces(text, 0) if piece.content]


def split_document(text: str, lang: str = "en") -> list[Paragraph]:
    """Split a document into paragraphs of sentence pieces; joining all pieces gives back `text`."""
    paragraphs: list[Paragraph] = []
    start = 0
    bounds = [m.end() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]
    for end in bounds:
        if end <= start:
            continue
        pieces = tuple(_pieces(text[start:end], start))
        if paragraphs and not "".join(p.text for p in pieces).strip():
            last = paragraphs[-1]
            merged = last.sentences[:-1] + (_extend(last.sentences[-1], text[start:end]),)
            paragraphs[-1] = Paragraph(last.index, last.start, end, merged)
        else:
            paragraphs.append(Paragraph(len(paragraphs), start, end, pieces))
        start = end
    return paragraphs


def _extend(piece: Sentence, extra: str) -> Sentence:
    return Sentence(piece.text + extra, piece.start, piece.end + len(extra), piece.rule)

"""Markdown: clean target text with headings as `#` lines; import strips the markup lightly."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from segments.formats.common import MAX_BYTES, Format, check_size, heading_level, paragraph_text, paragraphs
from segments.formats.common import write_text as _write_text
from segments.formats.decoding import decode_text
from segments.formats.model import Piece
from segments.formats.typography import TypographyOptions, normalise_typography

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])")
_LINE_START = re.compile(r"^([ \t]*)([#+=-])", re.MULTILINE)
_ORDERED = re.compile(r"^([ \t]*)(\d+)([.)])", re.MULTILINE)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>\s?")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),
    (re.compile(r"(`+)(.+?)\1"), r"\2"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
)
# Escaped punctuation is parked in the Private Use Area while the inline rules run, then restored.
_PARK = 0xF0000


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown would read as markup, so the text renders as written."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ORDERED.sub(r"\1\2\\\3", text)
    return _LINE_START.sub(r"\1\\\2", text)


def _strip_inline(line: str) -> str:
    line = _ESCAPED.sub(lambda m: chr(_PARK + ord(m.group(1))), line)
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    return re.sub("[\U000f0021-\U000f007e]", lambda m: chr(ord(m.group(0)) - _PARK), line)


def _blocks(lines: list[str]) -> Iterator[str | None]:
    """Yield text lines, with None where a paragraph ends."""
    fence = ""
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if fence:
            if line.strip().startswith(fence):
                fence = ""
                yield None
            else:
                yield line
        elif match := _FENCE.match(line):
            fence = match.group(1)
            yield None
        elif not line.strip() or _RULE.match(line) or _LINK_DEF.match(line):
            yield None
        elif match := _ATX.match(line):
            yield from (None, _strip_inline(match.group(1) or ""), None)
        elif _SETEXT.match(line) and index and lines[index - 1].strip():
            yield None
        elif _SETEXT.match(following) and not _LIST.match(line):
            yield from (None, _strip_inline(line.strip()))
        else:
            yield _strip_inline(_LIST.sub("", _QUOTE.sub("", line)).rstrip())


def markdown_to_text(markdown: str) -> str:
    """Return the text of a Markdown document: markup stripped lightly, paragraphs split by blank lines."""
    result: list[str] = []
    current: list[str] = []
    for line in _blocks(markdown.split("\n")):
        if line is None:
            if current:
                result.append("\n".join(current))
            current = []
        elif line.strip():
            current.append(line)
    if current:
        result.append("\n".join(current))
    return "\n\n".join(result) + "\n" if result else ""


class MarkdownFormat(Format):
    """Markdown: one block per paragraph, headings as ATX `#` lines, text escaped."""

    format_id = "md"
    label = "Markdown"
    extensions = (".md", ".markdown")
    media_type = "text/markdown; charset=utf-8"
    kind = "text"

    def write(
        self,
        pieces: Iterable[Piece],
        out: BinaryIO,
        *,
        title: str = "",
        lang: str = "en",
        typography: TypographyOptions | None = None,
    ) -> None:
        """Write the paragraphs as Markdown blocks separated by blank lines."""
        _write_text(out, self._blocks(normalise_typography(pieces, typography)))

    @staticmethod
    def _blocks(pieces: Iterable[Piece]) -> Iterator[str]:
        for index, paragraph in enumerate(paragraphs(pieces)):
            text = escape_markdown(paragraph_text(paragraph))
            if not text:
                continue
            level = heading_level(paragraph, index == 0)
            prefix = "\n" if index else ""
            yield prefix + ("#" * level + " " + text.replace("\n", " ") if level else text) + "\n"

    def read(self, data: bytes, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> str:
        """Decode a Markdown file and strip its markup lightly."""
        check_size(data, max_bytes)
        return markdown_to_text(decode_text(data, encoding))

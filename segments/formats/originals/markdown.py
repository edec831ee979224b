"""Markdown: paragraphs and headings, emphasis, links and code as tags; only changed lines are rewritten."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from segments.formats.common import MAX_BYTES, FormatError, check_size
from segments.formats.decoding import decode_text
from segments.formats.md import _INLINE_SPECIAL, _LINE_START, _ORDERED
from segments.formats.originals.model import (
    Block,
    Extracted,
    NoBlocks,
    Piece,
    Skeleton,
    corrected_texts,
    pieces,
)
from segments.tags import TagKind, close_tag, open_tag, solo_tag

_BOM = b"\xef\xbb\xbf"
_PAIRED = {"em_open": "i", "strong_open": "b", "link_open": "link", "s_open": "strike"}
_SOLO = {"code_inline": "code", "image": "image", "html_inline": "html", "hardbreak": "br"}
_TITLE_QUOTE = re.compile(r'(["\\])')


@dataclass
class _Located:
    """A block found in the source lines: the lines it spans, the column its text starts at on the first and
    ends at on the last, and whether it is a heading or a table cell (several cells share a line)."""

    token: Token
    first: int
    count: int
    start: int
    end: int
    heading: bool
    cell: bool = False


class MarkdownOriginal:
    """A Markdown file read into blocks and written back with only the changed blocks' lines rewritten."""

    format_id = "md"

    def read(self, data: bytes, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Extracted:
        """The file's paragraphs and headings with inline tags, and its skeleton (the original bytes)."""
        check_size(data, max_bytes)
        lines = _lines(data, encoding)
        blocks: list[Block] = []
        for found in _blocks(lines):
            text, labels, _ = _inline(found.token, lines, found)
            blocks.append(Block(text, labels, heading=found.heading))
        if not blocks:
            raise NoBlocks("the Markdown file contains no text")
        layouts: tuple[dict[str, Any], ...] = tuple({"text": block.text} for block in blocks)
        return Extracted(blocks, Skeleton(self.format_id, data, layouts))

    def write(self, skeleton: Skeleton, texts: Sequence[str | None]) -> bytes:
        """The original bytes with the lines of each changed block replaced by its corrected text."""
        wanted = corrected_texts(skeleton, texts)
        lines = _lines(skeleton.original, None)
        found = list(_blocks(lines))
        if len(found) != len(wanted):
            raise FormatError("the stored file no longer matches its block list")
        # From the end, so that the line numbers of the blocks before stay right.
        for block, text in reversed(list(zip(found, wanted, strict=True))):
            if text is None:
                continue
            _, _, markup = _inline(block.token, lines, block)
            last = lines[block.first + block.count - 1]
            # Columns, not the text around: a cell to the right on the same line may have been rewritten.
            new = (lines[block.first][:block.start] + _render(text, markup, cell=block.cell)
                   + last.rstrip("\r\n")[block.end:] + _ending(last))
            lines[block.first:block.first + block.count] = [new]
        body = "".join(lines).encode("utf-8")
        return _BOM + body if skeleton.original.startswith(_BOM) else body


def _lines(data: bytes, encoding: str | None) -> list[str]:
    return decode_text(data, encoding).splitlines(keepends=True)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]


def _parser() -> MarkdownIt:
    # Tables are parsed as tables (each cell a block), not read as a paragraph of pipes.
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


_OPENERS = {"paragraph_open": "paragraph", "heading_open": "heading", "th_open": "cell", "td_open": "cell"}


def _blocks(lines: list[str]) -> Iterator[_Located]:
    """Paragraphs, headings and table cells whose text can be found on their source lines, in order."""
    tokens = _parser().parse("".join(lines))
    in_cell_line: dict[int, int] = {}  # line -> column where the last cell found on it ended
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.map or not token.content.strip():
            continue
        kind = _OPENERS.get(tokens[index - 1].type)
        if kind is None:
            continue
        first = token.map[0]
        located = _locate(token, lines, heading=kind == "heading", cell=kind == "cell",
                          after=in_cell_line.get(first, 0) if kind == "cell" else 0)
        if located is not None:
            if kind == "cell":
                in_cell_line[first] = located.end
            yield located


def _locate(token: Token, lines: list[str], *, heading: bool, cell: bool = False, after: int = 0
            ) -> _Located | None:
    content = token.content.split("\n")
    first = token.map[0]  # type: ignore[index]
    if first + len(content) > len(lines) or (cell and len(content) > 1):
        return None
    starts: list[int] = []
    for offset, part in enumerate(content):
        line = lines[first + offset].rstrip("\r\n")
        if cell:
            part = content[offset] = part.replace("|", "\\|")  # the parser unescaped \| in a cell
        at = line.find(part, after if offset == 0 else 0)
        if at < 0:
            return None  # tabs expanded or a lazy line the parser rewrote: the block stays as it is
        starts.append(at)
    return _Located(token, first, len(content), starts[0], starts[-1] + len(content[-1]), heading, cell)


def _inline(token: Token, lines: list[str], found: _Located) -> tuple[str, dict[int, str], dict[int, tuple]]:
    """The block's tagged text, tag labels, and for each tag id its markup (open, close) or (solo,)."""
    parts: list[str] = []
    labels: dict[int, str] = {}
    markup: dict[int, tuple] = {}
    stack: list[int] = []
    following = lines[found.first + 1] if found.count > 1 else ""
    continuation = following[:len(following) - len(following.lstrip(" >\t"))]
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind in _PAIRED:
            tag_id = len(labels) + 1
            href = child.attrs.get("href", "")
            labels[tag_id] = f"link {href}" if kind == "link_open" else _PAIRED[kind]
            markup[tag_id] = _paired_markup(child)
            stack.append(tag_id)
            parts.append(open_tag(tag_id))
        elif kind.endswith("_close") and stack:
            parts.append(close_tag(stack.pop()))
        elif kind in _SOLO:
            tag_id = len(labels) + 1
            labels[tag_id] = _solo_label(child)
            markup[tag_id] = (_solo_markup(child, continuation),)
            parts.append(solo_tag(tag_id))
    return "".join(parts).strip(), labels, markup


def _paired_markup(token: Token) -> tuple[str, str]:
    if token.type == "link_open":
        title = token.attrs.get("title")
        target = str(token.attrs.get("href", "")).replace(" ", "%20").replace(")", "%29")
        return "[", f"]({target}{_title(title)})"
    return token.markup, token.markup


def _title(title: object) -> str:
    if not title:
        return ""
    escaped = _TITLE_QUOTE.sub(r"\\\1", str(title))
    return f' "{escaped}"'


def _solo_label(token: Token) -> str:
    if token.type == "code_inline":
        return f"code {token.content}"
    if token.type == "image":
        return f"image {token.attrs.get('src', '')}"
    return _SOLO[token.type]


def _solo_markup(token: Token, continuation: str) -> str:
    if token.type == "code_inline":
        fence = token.markup
        content = token.content
        padded = f" {content} " if content.startswith("`") or content.endswith("`") else content
        return f"{fence}{padded}{fence}"
    if token.type == "image":
        alt = "".join(child.content for child in token.children or ())
        return f"![{_escape(alt, False)}]({token.attrs.get('src', '')}{_title(token.attrs.get('title'))})"
    if token.type == "hardbreak":
        return "\\\n" + continuation
    return token.content


def _escape(text: str, line_start: bool) -> str:
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(r"\1\\\2", _ORDERED.sub(r"\1\2\\\3", text)) if line_start else text


def _render(text: str, markup: dict[int, tuple], *, cell: bool = False) -> str:
    solo = {tag_id for tag_id, parts in markup.items() if len(parts) == 1}
    out: list[str] = []
    for piece in _flanked(list(pieces(text, set(markup), solo))):
        if piece.kind is None:
            written = _escape(piece.text, not out)  # escapes a pipe, which would end a cell
            out.append(" ".join(written.split("\n")) if cell else written)  # a line break would end the row
        elif piece.kind is TagKind.CLOSE:
            out.append(markup[piece.id][1])
        else:
            out.append(markup[piece.id][0])
    return "".join(out)


def _flanked(items: list[Piece]) -> list[Piece]:
    """Spaces just inside a paired tag moved outside it: `* word*` is not emphasis in Markdown."""
    result: list[Piece] = []
    for index, piece in enumerate(items):
        previous = items[index - 1] if index else None
        if piece.kind is None and previous is not None and previous.kind is TagKind.OPEN:
            stripped = piece.text.lstrip(" ")
            moved = piece.text[:len(piece.text) - len(stripped)]
            before = result[-2].text if len(result) > 1 else ""
            if moved and not before.endswith(" "):
                result.insert(len(result) - 1, Piece(moved))
            piece = Piece(stripped)
        if piece.kind is TagKind.CLOSE and result and result[-1].kind is None:
            kept = result[-1].text.rstrip(" ")
            moved = result[-1].text[len(kept):]
            result[-1] = Piece(kept)
            result.append(piece)
            if moved:
                result.append(Piece(moved))
            continue
        result.append(piece)
    return [item for item in result if item.kind is not None or item.text]

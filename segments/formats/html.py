"""HTML: a complete, escaped HTML5 document for clean text; import keeps the text of block elements."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import lxml.html
from lxml import etree

from segments.formats.common import (
    MAX_BYTES,
    XML_INVALID,
    Format,
    FormatError,
    check_size,
    heading_level,
    lang_tag,
    paragraph_text,
    paragraphs,
    write_text,
)
from segments.formats.decoding import decode_text
from segments.formats.model import Piece
from segments.formats.typography import TypographyOptions, normalise_typography
from segments.xmlsafe import ENTITY_DECLARATIONS_REFUSED

_HTML_INVALID = re.compile(XML_INVALID.pattern[:-1] + "\x7f-\x9f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_SPACE = re.compile(r"\s+")
# An HTML parser ignores a DOCTYPE's internal subset; a file that declares entities is hostile, or not HTML.
_ENTITY_DECLARATION = re.compile(r"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.IGNORECASE)
_DROP = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "canvas"}
_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "body",
}


def _escape(text: str) -> str:
    return html.escape(_HTML_INVALID.sub("\ufffd", text)).replace("\n", "<br>\n")


class HtmlFormat(Format):
    """A standalone HTML5 page: headings as <h1>/<h2>, paragraphs as <p>, line breaks as <br>."""

    format_id = "html"
    label = "HTML"
    extensions = (".html", ".htm")
    media_type = "text/html; charset=utf-8"
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
        """Write a full HTML5 document, streaming one paragraph at a time."""
        write_text(out, self._parts(normalise_typography(pieces, typography), title or "Document", lang))

    @staticmethod
    def _parts(pieces: Iterable[Piece], title: str, lang: str) -> Iterator[str]:
        yield (
            f'<!DOCTYPE html>\n<html lang="{html.escape(lang_tag(lang))}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{_escape(title)}</title>\n</head>\n<body>\n"
        )
        for index, paragraph in enumerate(paragraphs(pieces)):
            text = paragraph_text(paragraph)
            if text:
                tag = ("p", "h1", "h2")[heading_level(paragraph, index == 0)]
                yield f"<{tag}>{_escape(text)}</{tag}>\n"
        yield "</body>\n</html>\n"

    def read(self, data: bytes, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> str:
        """Return the text of an HTML page, one paragraph per block element; scripts and styles dropped."""
        check_size(data, max_bytes)
        declared = _META_CHARSET.search(data[:4096])
        text = decode_text(data, encoding or (declared.group(1).decode("ascii") if declared else None))
        return html_to_text(text)


def html_to_text(markup: str) -> str:
    """Return the text of an HTML document, blocks separated by blank lines, <br> kept as line breaks."""
    if _ENTITY_DECLARATION.search(markup, 0, 65536):  # a DOCTYPE comes first
        raise FormatError(f"not a usable HTML file: {ENTITY_DECLARATIONS_REFUSED}")
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", markup))
    except (etree.ParserError, ValueError) as exc:
        raise FormatError(f"not a readable HTML file: {exc}") from exc
    blocks: list[str] = []
    buffer: list[str] = []
    skip = 0
    pre = 0

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        lines = [line if pre else _SPACE.sub(" ", line).strip() for line in text.split("\n")]
        text = "\n".join(lines).strip("\n") if pre else "\n".join(line for line in lines if line)
        if text.strip():
            blocks.append(text)

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _DROP or not tag:
                skip += 1
            elif not skip:
                if tag in _BLOCKS:
                    flush()
                pre += tag == "pre"
                buffer.append("\n" if tag == "br" else "")
                buffer.append(_text(element.text, pre))
            continue
        if tag in _DROP or not tag:
            skip -= 1
        elif not skip:
            if tag in _BLOCKS:
                flush()
            pre -= tag == "pre"
        if not skip:
            buffer.append(_text(element.tail, pre))
    flush()
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _text(value: str | None, pre: int) -> str:
    if not value:
        return ""
    return value if pre else _SPACE.sub(" ", value)

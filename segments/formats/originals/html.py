"""HTML pages: each leaf block element's text with inline markup as tags; written back into the page."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from typing import Any

import lxml.html
from lxml import etree

from segments.formats.common import MAX_BYTES, FormatError, check_size
from segments.formats.decoding import decode_text
from segments.formats.html import _BLOCKS, _DROP, _ENTITY_DECLARATION, _META_CHARSET, _XML_DECLARATION
from segments.formats.originals.model import Block, Extracted, NoBlocks, Skeleton, corrected_texts, pieces
from segments.tags import TagKind, close_tag, open_tag, solo_tag
from segments.xmlsafe import ENTITY_DECLARATIONS_REFUSED

_SPACE = re.compile(r"\s+")
_VOID = {"br", "img", "input", "wbr", "area", "embed", "source", "track"}
# Preformatted text keeps its spacing, which the tags-and-sentences model does not: it stays as it is.
_UNTOUCHED = _DROP | {"pre", "textarea", "select"}
_LABELS = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "sup": "sup", "sub": "sub", "code": "code",
           "br": "br", "img": "image", "s": "strike", "del": "strike", "mark": "mark", "small": "small"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class HtmlOriginal:
    """An HTML page read into blocks and written back with corrected block texts."""

    format_id = "html"

    def read(self, data: bytes, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Extracted:
        """The page's text blocks (leaf block elements) with inline tags, and its skeleton."""
        check_size(data, max_bytes)
        root, _ = _parse(data, encoding)
        blocks: list[Block] = []
        layouts: list[dict[str, Any]] = []
        for element in _text_blocks(root):
            text, labels = _block_text(element)
            blocks.append(Block(text, labels, heading=_tag(element) in _HEADINGS))
            layouts.append({"text": text})
        if not blocks:
            raise NoBlocks("the HTML file contains no text")
        return Extracted(blocks, Skeleton(self.format_id, data, tuple(layouts)))

    def write(self, skeleton: Skeleton, texts: Sequence[str | None]) -> bytes:
        """The original page with each changed block's content rebuilt from its corrected text."""
        wanted = corrected_texts(skeleton, texts)
        root, encoding = _parse(skeleton.original, None)
        elements = list(_text_blocks(root))
        if len(elements) != len(wanted):
            raise FormatError("the stored page no longer matches its block list")
        for element, text in zip(elements, wanted, strict=True):
            if text is not None:
                _rebuild(element, text)
        doctype = root.getroottree().docinfo.doctype
        return lxml.html.tostring(root, doctype=doctype or None, encoding=encoding, method="html")


def _parse(data: bytes, encoding: str | None) -> tuple[etree._Element, str]:
    declared = _META_CHARSET.search(data[:4096])
    chosen = encoding or (declared.group(1).decode("ascii") if declared else None)
    markup = decode_text(data, chosen)
    if _ENTITY_DECLARATION.search(markup, 0, 65536):
        raise FormatError(f"not a usable HTML file: {ENTITY_DECLARATIONS_REFUSED}")
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", markup))
    except (etree.ParserError, ValueError) as exc:
        raise FormatError(f"not a readable HTML file: {exc}") from exc
    # Written back in the encoding the page declares, so its <meta charset> stays true.
    return root, (chosen or "utf-8")


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _text_blocks(root: etree._Element) -> Iterator[etree._Element]:
    """Block elements holding no other block, in document order, that have text; the same walk on write."""
    for element in root.iter(etree.Element):
        tag = _tag(element)
        if tag not in _BLOCKS or tag in _UNTOUCHED or tag in ("body", "hr"):
            continue
        if any(_tag(ancestor) in _UNTOUCHED for ancestor in element.iterancestors()):
            continue
        if any(_tag(inner) in _BLOCKS or _tag(inner) in _UNTOUCHED for inner in element.iterdescendants()):
            continue
        if (element.text_content() or "").strip():
            yield element


def _block_text(element: etree._Element) -> tuple[str, dict[int, str]]:
    parts: list[str] = []
    labels: dict[int, str] = {}

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                tag_id = len(labels) + 1
                labels[tag_id] = _label(child)
                if _tag(child) in _VOID or _tag(child) in _UNTOUCHED:
                    parts.append(solo_tag(tag_id))
                else:
                    parts.append(open_tag(tag_id))
                    walk(child)
                    parts.append(close_tag(tag_id))
            parts.append(child.tail or "")

    walk(element)
    return _SPACE.sub(" ", "".join(parts)).strip(), labels


def _label(element: etree._Element) -> str:
    tag = _tag(element)
    if tag == "a" and element.get("href"):
        return f"link {element.get('href')}"
    if tag == "img" and element.get("alt"):
        return f"image {element.get('alt')}"
    return _LABELS.get(tag, tag)


def _rebuild(element: etree._Element, text: str) -> None:
    """Replace the block's content by `text`, each tag becoming again the element it was read from."""
    originals = _tagged_elements(element)
    solo = {tag_id for tag_id, node in originals.items() if _tag(node) in _VOID or _tag(node) in _UNTOUCHED}
    tail = element.tail
    for child in list(element):
        element.remove(child)
    element.text = None
    stack = [element]
    last: etree._Element | None = None

    def add_text(value: str) -> None:
        if last is not None:
            last.tail = (last.tail or "") + value
        else:
            stack[-1].text = (stack[-1].text or "") + value

    for piece in pieces(text, set(originals), solo):
        if piece.kind is None:
            add_text(piece.text)
        elif piece.kind is TagKind.CLOSE:
            last = stack.pop()
        else:
            source = originals[piece.id]
            node = copy.deepcopy(source) if piece.kind is TagKind.SOLO else _shallow(source)
            node.tail = None
            stack[-1].append(node)
            if piece.kind is TagKind.OPEN:
                stack.append(node)
                last = None
            else:
                last = node
    element.tail = tail


def _tagged_elements(element: etree._Element) -> dict[int, etree._Element]:
    """The inline elements of a block under the ids `_block_text` gave them (depth-first, in order)."""
    found: dict[int, etree._Element] = {}

    def walk(node: etree._Element) -> None:
        for child in node:
            if isinstance(child.tag, str):
                found[len(found) + 1] = child
                if not (_tag(child) in _VOID or _tag(child) in _UNTOUCHED):
                    walk(child)

    walk(element)
    return found


def _shallow(element: etree._Element) -> etree._Element:
    node = element.makeelement(element.tag, dict(element.attrib))
    return node

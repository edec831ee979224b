"""Inline tags in the exchange formats: tag tokens written as XLIFF 1.2 `g`/`x`, XLIFF 2 `pc`/`ph`, TMX
`bpt`/`ept`/`ph`, and read back into tokens, so an edited file keeps its formatting marks.

A pair whose partner is not in the same segment (a bold run cut by a sentence break) is written as the
format's isolated form: XLIFF 1.2 `bx`/`ex`, XLIFF 2 `sc`/`ec isolated="yes"`, TMX `it pos="begin|end"`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from segments.formats.common import local_name, xml_text
from segments.tags import Tag, TagKind, has_tags, tags, token


@dataclass(frozen=True)
class Dialect:
    pair: str  # a paired element holding its content, or "" (TMX: begin and end elements)
    begin: str
    end: str
    solo: str
    lone_begin: str
    lone_end: str
    id_attr: str
    lone: dict[str, str]  # extra attributes of the isolated forms, by element


DIALECTS = {
    "xliff12": Dialect("g", "", "", "x", "bx", "ex", "id", {}),
    "xliff21": Dialect("pc", "", "", "ph", "sc", "ec", "id", {"sc": "isolated", "ec": "isolated"}),
    "tmx": Dialect("", "bpt", "ept", "ph", "it", "it", "x", {}),
}


def _matched(found: list[Tag]) -> set[int]:
    """Indexes of the tags whose partner is in the text, nesting properly."""
    stack: list[int] = []
    matched: set[int] = set()
    for index, tag in enumerate(found):
        if tag.kind is TagKind.OPEN:
            stack.append(index)
        elif tag.kind is TagKind.CLOSE and stack and found[stack[-1]].id == tag.id:
            matched |= {stack.pop(), index}
    return matched


def write_inline(element: etree._Element, text: str, dialect_id: str, ns: str = "") -> etree._Element:
    """Set `text` as the content of `element`, its tag tokens as the dialect's inline elements."""
    dialect = DIALECTS[dialect_id]
    if not has_tags(text):
        element.text = xml_text(text)
        return element
    found = tags(text)
    matched = _matched(found)
    stack = [element]
    last: etree._Element | None = None

    def add_text(value: str) -> None:
        value = xml_text(value)
        if last is not None:
            last.tail = (last.tail or "") + value
        else:
            stack[-1].text = (stack[-1].text or "") + value

    def add(name: str, **attrib: str) -> etree._Element:
        nonlocal last
        child = etree.SubElement(stack[-1], ns + name, attrib)
        last = child
        return child

    at = 0
    for index, tag in enumerate(found):
        add_text(text[at:tag.start])
        at = tag.end
        tag_id = str(tag.id)
        if tag.kind is TagKind.SOLO:
            add(dialect.solo, **{dialect.id_attr: tag_id})
        elif index not in matched:
            lone = dialect.lone_begin if tag.kind is TagKind.OPEN else dialect.lone_end
            attrib = {dialect.id_attr: tag_id}
            if dialect_id == "tmx":
                attrib["pos"] = "begin" if tag.kind is TagKind.OPEN else "end"
            if lone in dialect.lone:
                attrib[dialect.lone[lone]] = "yes"
            add(lone, **attrib)
        elif tag.kind is TagKind.OPEN:
            if dialect.pair:
                stack.append(add(dialect.pair, id=tag_id))
                last = None
            else:
                add(dialect.begin, i=tag_id)
        elif dialect.pair:
            last = stack.pop()
        else:
            add(dialect.end, i=tag_id)
    add_text(text[at:])
    return element


def read_inline(element: etree._Element | None, dialect_id: str, codes: frozenset[str],
                decode: Callable[[etree._Element], str] | None = None) -> str:
    """The text of a segment with our inline elements (numeric ids) back as tag tokens; other inline codes
    are skipped, as before tags existed."""
    if element is None:
        return ""
    dialect = DIALECTS[dialect_id]
    parts = [element.text or ""]
    for child in element:
        parts.append(_child(child, dialect, dialect_id, codes, decode))
        parts.append(child.tail or "")
    return "".join(parts)


def _child(child: etree._Element, dialect: Dialect, dialect_id: str, codes: frozenset[str],
           decode: Callable[[etree._Element], str] | None) -> str:
    name = local_name(child)
    if decode is not None and name == "cp":
        return decode(child)
    raw = child.get("i") if name in (dialect.begin, dialect.end) and name else child.get(dialect.id_attr)
    tag_id = int(raw) if raw and raw.isdigit() else None
    if tag_id is not None:
        if name and name == dialect.pair:
            inner = read_inline(child, dialect_id, codes, decode)
            return token(TagKind.OPEN, tag_id) + inner + token(TagKind.CLOSE, tag_id)
        if name == dialect.solo:
            return token(TagKind.SOLO, tag_id)
        if name in (dialect.begin, dialect.end) and name:
            return token(TagKind.OPEN if name == dialect.begin else TagKind.CLOSE, tag_id)
        if name in (dialect.lone_begin, dialect.lone_end):
            opening = child.get("pos") == "begin" if dialect_id == "tmx" else name == dialect.lone_begin
            return token(TagKind.OPEN if opening else TagKind.CLOSE, tag_id)
    if name and name not in codes:
        return read_inline(child, dialect_id, codes, decode)
    return ""

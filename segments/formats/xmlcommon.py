"""Helpers for the XML exchange formats (TMX, XLIFF): streamed writing, element building, text reading."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any

from lxml import etree

from segments.formats.common import FormatError, local_name, xml_text
from segments.formats.model import Unit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    """Append a child element with XML-safe text and attributes."""
    child = etree.SubElement(parent, tag, {name: xml_text(value) for name, value in attrib.items()})
    if text is not None:
        child.text = xml_text(text)
    return child


def indent(element: etree._Element, depth: int, step: str = "  ") -> etree._Element:
    """Put each direct child of `element` on its own line (children's own content is left untouched)."""
    if len(element):
        inner = "\n" + step * (depth + 1)
        element.text = inner
        for child in element:
            child.tail = inner
        element[-1].tail = "\n" + step * depth
    element.tail = "\n" + step * depth
    return element


def first_and_rest(units: Iterator[Unit], what: str) -> Iterator[Unit]:
    """Return the units unchanged, raising FormatError up front when there is none."""
    first = next(units, None)
    if first is None:
        raise FormatError(f"{what} needs at least one unit to export")
    return chain((first,), units)


def inline_text(element: etree._Element | None, codes: frozenset[str], decode: Any = None) -> str:
    """Return the text of a segment, skipping the content of inline code elements named in `codes`."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        name = local_name(child)
        if decode is not None and name == "cp":
            parts.append(decode(child))
        elif name and name not in codes:
            parts.append(inline_text(child, codes, decode))
        parts.append(child.tail or "")
    return "".join(parts)


def as_int(value: str | None, default: int) -> int:
    """Parse an integer attribute or property, falling back to `default`."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default

"""XLIFF 2.1 (core + metadata and matches modules): bilingual export and import.

States: new -> initial; edited -> translated; confirmed -> final; flagged -> translated with
subState="bitext:flagged". Read back: subState bitext:flagged -> flagged; final or reviewed -> confirmed;
translated -> edited; initial or none -> new (a unit of several segments takes its least advanced state).
The MT is an <mtc:match type="mt">; paragraph, dates and author are <mda:meta> of the unit; notes carry
author, date and resolved flag as bw: attributes; the title is file-level <mda:meta type="title">.
Characters XML cannot hold are kept as <cp hex="..."/> in source and target (read back exactly);
lone surrogates, and invalid characters in notes and attributes, become U+FFFD.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from lxml import etree

from segments.formats.common import (
    BW_NS,
    MAX_BYTES,
    XML_INVALID,
    Format,
    FormatError,
    check_doc_key,
    iso_date,
    lang_tag,
    local_name,
    parse_date,
    read_xml,
    scrub,
    selected,
    xml_id,
    xml_text,
)
from segments.formats.inline import read_inline, write_inline
from segments.formats.model import Bitext, Note, Unit
from segments.formats.xmlcommon import XML_SPACE, as_int, first_and_rest, indent, sub
from segments.tags import has_tags

NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
CODES = frozenset({"ph", "sc", "ec", "sm", "em"})
FLAGGED = "bitext:flagged"
TO_XLIFF = {"new": "initial", "edited": "translated", "confirmed": "final", "flagged": "translated"}
FROM_XLIFF = {"initial": "new", "translated": "edited", "reviewed": "confirmed", "final": "confirmed"}
ORDER = ("new", "edited", "confirmed")
_INVALID_RUN = re.compile(f"({XML_INVALID.pattern})")


def _x(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _bw(name: str) -> str:
    return f"{{{BW_NS}}}{name}"


def set_content(element: etree._Element, text: str) -> etree._Element:
    """Set `text` as the content of `element`, writing characters XML cannot hold as <cp hex="..."/>
    (in a text with inline tags, which become <pc>/<ph>, they become U+FFFD)."""
    if has_tags(text):
        return write_inline(element, text, "xliff21")
    runs = _INVALID_RUN.split(scrub(text))
    element.text = runs[0]
    for char, run in zip(runs[1::2], runs[2::2], strict=True):
        etree.SubElement(element, "cp", hex=f"{ord(char):04X}").tail = run
    return element


def _decode_cp(element: etree._Element) -> str:
    try:
        code = int(element.get("hex") or "", 16)
        return chr(code) if not 0xD800 <= code <= 0xDFFF else "\ufffd"
    except (ValueError, OverflowError):
        return "\ufffd"


def _text(element: etree._Element | None) -> str:
    return read_inline(element, "xliff21", CODES, _decode_cp)


def _metadata(parent: etree._Element, category: str, values: dict[str, str], depth: int = 1) -> None:
    values = {name: value for name, value in values.items() if value}
    if values:
        metadata = etree.SubElement(parent, f"{{{MDA}}}metadata", nsmap={"mda": MDA})
        group = sub(metadata, f"{{{MDA}}}metaGroup", category=category)
        for name, value in values.items():
            sub(group, f"{{{MDA}}}meta", value, type=name)
        indent(group, depth + 1)
        indent(metadata, depth)


def _unit(unit: Unit) -> etree._Element:
    # Core elements are built without a namespace and written inside <xliff xmlns="...2.0">, so they
    # inherit the default namespace instead of redeclaring it on every unit; modules declare their prefix.
    uid = xml_id(unit.key)
    nsmap = {"bw": BW_NS} if uid != unit.key or unit.notes else None
    element = etree.Element("unit", {"id": uid, XML_SPACE: "preserve"}, nsmap=nsmap)
    if uid != unit.key:
        element.set(_bw("key"), xml_text(unit.key))
    if unit.mt:
        matches = etree.SubElement(element, f"{{{MTC}}}matches", nsmap={"mtc": MTC})
        match = sub(matches, f"{{{MTC}}}match", ref="#s1", type="mt")
        set_content(sub(match, "source"), unit.source)
        set_content(sub(match, "target"), unit.mt)
        indent(match, 2)
        indent(matches, 1)
    _metadata(
        element,
        "bitext-workbench",
        {
            "paragraph": str(unit.paragraph),
            "author": unit.author,
            "created": iso_date(unit.created) if unit.created else "",
            "changed": iso_date(unit.changed) if unit.changed else "",
        },
    )
    if unit.notes:
        notes = sub(element, "notes")
        for note in unit.notes:
            attrib = {
                _bw("author"): note.author,
                _bw("created"): iso_date(note.created) if note.created else "",
                _bw("resolved"): "yes" if note.resolved else "",
            }
            sub(
                notes,
                "note",
                note.text,
                category="comment",
                **{name: value for name, value in attrib.items() if value},
            )
        indent(notes, 1)
    segment = sub(element, "segment", id="s1", state=TO_XLIFF[unit.state])
    if unit.state == "flagged":
        segment.set("subState", FLAGGED)
    set_content(sub(segment, "source"), unit.source)
    set_content(sub(segment, "target"), unit.target)
    indent(segment, 1)
    return indent(element, 0)


def _state(segments: list[etree._Element]) -> str:
    if any(segment.get("subState") == FLAGGED for segment in segments):
        return "flagged"
    states = [FROM_XLIFF.get(segment.get("state") or "initial", "new") for segment in segments]
    return min(states, key=ORDER.index) if states else "new"


def _note(note: etree._Element) -> Note:
    return Note(
        note.text or "",
        note.get(_bw("author")) or "",
        parse_date(note.get(_bw("created"))),
        note.get(_bw("resolved")) == "yes",
    )


def _meta(element: etree._Element) -> dict[str, str]:
    return {
        meta.get("type") or "": meta.text or ""
        for meta in element.iterfind(f"{{{MDA}}}metadata/{{{MDA}}}metaGroup/{{{MDA}}}meta")
    }


def _target_text(part: etree._Element) -> str:
    target = part.find(_x("target"))
    if target is None and local_name(part) == "ignorable":  # untranslated whitespace between segments
        target = part.find(_x("source"))
    return _text(target)


def _read_unit(element: etree._Element, index: int) -> Unit:
    parts = [part for part in element if local_name(part) in ("segment", "ignorable")]
    match = element.find(f"{{{MTC}}}matches/{{{MTC}}}match[@type='mt']")
    meta = _meta(element)
    return Unit(
        key=element.get(_bw("key")) or element.get("id") or str(index + 1),
        source="".join(_text(part.find(_x("source"))) for part in parts),
        target="".join(_target_text(part) for part in parts),
        mt=_text(match.find(_x("target"))) if match is not None else "",
        state=_state([part for part in parts if local_name(part) == "segment"]),
        notes=tuple(_note(note) for note in element.iterfind(f"{_x('notes')}/{_x('note')}")),
        paragraph=as_int(meta.get("paragraph"), index),
        created=parse_date(meta.get("created")),
        changed=parse_date(meta.get("changed")),
        author=meta.get("author", ""),
    )


class Xliff21Format(Format):
    """XLIFF 2.1, valid against the core and module schemas; the document key is the <file original>."""

    format_id = "xliff21"
    label = "XLIFF 2.1"
    extensions = (".xlf", ".xliff")
    media_type = "application/xliff+xml"
    kind = "bilingual"

    def write(self, bitext: Bitext, out: BinaryIO, *, confirmed_only: bool = False) -> None:
        """Stream the units as one XLIFF 2.1 <file>; XLIFF 2 needs at least one unit."""
        units = first_and_rest(selected(bitext.units, confirmed_only), "XLIFF 2")
        root = {"version": "2.1", "srcLang": lang_tag(bitext.src_lang), "trgLang": lang_tag(bitext.tgt_lang)}
        file = {"id": "f1", "original": xml_text(bitext.doc_key)} if bitext.doc_key else {"id": "f1"}
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            with xf.element(_x("xliff"), root, nsmap={None: NS}):
                xf.write("\n")
                with xf.element(_x("file"), file):
                    xf.write("\n")
                    if bitext.title:
                        holder = etree.Element("file")
                        _metadata(holder, "document", {"title": bitext.title}, depth=0)
                        xf.write(holder[0])
                    for unit in units:
                        xf.write(_unit(unit))
                xf.write("\n")

    def read(
        self,
        data: bytes,
        *,
        encoding: str | None = None,
        max_bytes: int = MAX_BYTES,
        doc_key: str | None = None,
    ) -> Bitext:
        """Read every <unit>; the header comes from the root and first <file>; `encoding` is ignored."""
        root = read_xml(data, max_bytes)
        if local_name(root) != "xliff" or etree.QName(root).namespace != NS:
            raise FormatError("not an XLIFF 2 file (expected <xliff> in the XLIFF 2.0 namespace)")
        first = root.find(_x("file"))
        if first is None:
            raise FormatError("the XLIFF file has no <file>")
        units = [_read_unit(element, index) for index, element in enumerate(root.iter(_x("unit")))]
        title = _meta(first).get("title", "")
        bitext = Bitext(
            title, root.get("srcLang") or "", root.get("trgLang") or "", first.get("original") or "", units
        )
        return check_doc_key(bitext, doc_key)

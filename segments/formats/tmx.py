"""TMX 1.4b: bilingual export (all units or confirmed only) and import, also used for translation memory.

Characters XML cannot hold are written as U+FFFD. Review data without a TMX place is kept in `<prop>`s:
x-state, x-paragraph and x-mt on units, x-title and x-doc-key in the header. Note authors are not kept.
"""

from __future__ import annotations

from typing import BinaryIO

from lxml import etree

from segments.formats.common import (
    MAX_BYTES,
    TOOL_NAME,
    TOOL_VERSION,
    Format,
    FormatError,
    check_doc_key,
    compact_date,
    lang_tag,
    local_name,
    parse_date,
    read_xml,
    selected,
    xml_text,
)
from segments.formats.inline import read_inline, write_inline
from segments.formats.model import STATES, Bitext, Note, Unit
from segments.formats.xmlcommon import XML_LANG, as_int, indent, sub
from segments.segmenter import primary_language
from segments.tags import untagged

CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def _tu(unit: Unit, src: str, tgt: str) -> etree._Element:
    tu = etree.Element("tu")
    for name, value in (("tuid", unit.key), ("creationid", unit.author), ("changeid", unit.author)):
        if value:
            tu.set(name, xml_text(value))
    if unit.created:
        tu.set("creationdate", compact_date(unit.created))
    if unit.changed:
        tu.set("changedate", compact_date(unit.changed))
    sub(tu, "prop", unit.state, type="x-state")
    sub(tu, "prop", str(unit.paragraph), type="x-paragraph")
    if unit.mt:
        sub(tu, "prop", untagged(unit.mt), type="x-mt")  # a prop holds text only: no inline elements
    for note in unit.notes:
        sub(tu, "note", note.text)
    for lang, text in ((src, unit.source), (tgt, unit.target)):
        write_inline(sub(sub(tu, "tuv", **{XML_LANG: lang}), "seg"), text, "tmx")
    return indent(tu, 0)


def _header(bitext: Bitext, src: str) -> etree._Element:
    header = etree.Element(
        "header",
        creationtool=TOOL_NAME,
        creationtoolversion=TOOL_VERSION,
        segtype="sentence",
        adminlang="en",
        srclang=src,
        datatype="plaintext",
        **{"o-tmf": TOOL_NAME},
    )
    sub(header, "prop", bitext.title, type="x-title")
    sub(header, "prop", bitext.doc_key, type="x-doc-key")
    return indent(header, 0)


def _matches(lang: str | None, wanted: str) -> bool:
    lang, wanted = (lang or "").lower(), wanted.lower()
    return bool(lang) and (lang == wanted or primary_language(lang) == primary_language(wanted))


def _unit(tu: etree._Element, index: int, srclang: str) -> tuple[Unit, str]:
    tuvs = [tuv for tuv in tu if local_name(tuv) == "tuv"]
    if not tuvs:
        raise FormatError(f"TMX unit {index + 1} has no <tuv>")
    source = next((tuv for tuv in tuvs if _matches(tuv.get(XML_LANG) or tuv.get("lang"), srclang)), tuvs[0])
    target = next((tuv for tuv in tuvs if tuv is not source), None)
    props = {prop.get("type"): prop.text or "" for prop in tu.iterfind("prop")}
    state = props.get("x-state", "new")
    unit = Unit(
        key=tu.get("tuid") or str(index + 1),
        source=read_inline(source.find("seg"), "tmx", CODES),
        target=read_inline(target.find("seg"), "tmx", CODES) if target is not None else "",
        mt=props.get("x-mt", ""),
        state=state if state in STATES else "new",
        notes=tuple(Note(note.text or "") for note in tu.iterfind("note")),
        paragraph=as_int(props.get("x-paragraph"), index),
        created=parse_date(tu.get("creationdate")),
        changed=parse_date(tu.get("changedate")),
        author=tu.get("changeid") or tu.get("creationid") or "",
    )
    target_lang = (target.get(XML_LANG) or target.get("lang") or "") if target is not None else ""
    return unit, target_lang


class TmxFormat(Format):
    """TMX 1.4b with the DOCTYPE line, one <tu> per unit, dates as YYYYMMDDThhmmssZ."""

    format_id = "tmx"
    label = "TMX 1.4b"
    extensions = (".tmx",)
    media_type = "application/x-tmx+xml"
    kind = "bilingual"

    def write(self, bitext: Bitext, out: BinaryIO, *, confirmed_only: bool = False) -> None:
        """Stream the units as TMX; with `confirmed_only`, only confirmed units (for a translation memory)."""
        src, tgt = lang_tag(bitext.src_lang), lang_tag(bitext.tgt_lang)
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            xf.write_doctype(DOCTYPE)
            with xf.element("tmx", version="1.4"):
                xf.write("\n")
                xf.write(_header(bitext, src))
                with xf.element("body"):
                    xf.write("\n")
                    for unit in selected(bitext.units, confirmed_only):
                        xf.write(_tu(unit, src, tgt))
                xf.write("\n")

    def read(
        self,
        data: bytes,
        *,
        encoding: str | None = None,
        max_bytes: int = MAX_BYTES,
        doc_key: str | None = None,
    ) -> Bitext:
        """Read a TMX file; `encoding` is ignored, as XML declares its own."""
        root = read_xml(data, max_bytes)
        if local_name(root) != "tmx":
            raise FormatError(f"not a TMX file (the root element is <{local_name(root)}>)")
        header = root.find("header")
        if header is None:
            raise FormatError("not a TMX file (no <header>)")
        srclang = header.get("srclang") or ""
        props = {prop.get("type"): prop.text or "" for prop in header.iterfind("prop")}
        units, tgt_lang = [], ""
        for index, tu in enumerate(root.iterfind("body/tu")):
            unit, lang = _unit(tu, index, srclang)
            units.append(unit)
            tgt_lang = tgt_lang or lang
        bitext = Bitext(props.get("x-title", ""), srclang, tgt_lang, props.get("x-doc-key", ""), units)
        return check_doc_key(bitext, doc_key)

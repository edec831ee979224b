"""XLIFF 1.2 (strict schema): bilingual export and import with review states, notes and the MT as <alt-trans>.

States: new -> needs-review-translation + state-qualifier leveraged-mt; edited -> translated;
confirmed -> signed-off (+ approved="yes"); flagged -> needs-review-translation + state-qualifier x-flagged.
Read back: signed-off, final or approved="yes" -> confirmed; translated -> edited; a state-qualifier
x-flagged or rejected-* -> flagged; anything else -> new. Paragraph, dates and author go in a
<context-group> (context-types x-paragraph, x-author, x-created, x-changed); note authors in `from`;
note dates and the resolved flag are lost (XLIFF 1.2 strict has no place for them). Characters XML
cannot hold are written as U+FFFD.
"""

from __future__ import annotations

from typing import BinaryIO

from lxml import etree

from segments.formats.common import (
    MAX_BYTES,
    TOOL_ID,
    TOOL_NAME,
    TOOL_VERSION,
    Format,
    FormatError,
    check_doc_key,
    iso_date,
    lang_tag,
    local_name,
    parse_date,
    read_xml,
    selected,
    xml_text,
)
from segments.formats.inline import read_inline, write_inline
from segments.formats.model import Bitext, Note, Unit
from segments.formats.xmlcommon import XML_SPACE, as_int, indent, sub

NS = "urn:oasis:names:tc:xliff:document:1.2"
CODES = frozenset({"bpt", "ept", "ph", "it", "x", "bx", "ex"})
TO_XLIFF = {
    "new": ("needs-review-translation", "leveraged-mt"),
    "edited": ("translated", ""),
    "confirmed": ("signed-off", ""),
    "flagged": ("needs-review-translation", "x-flagged"),
}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def state_from_xliff(state: str | None, qualifier: str | None, approved: str | None) -> str:
    """Map an XLIFF 1.2 target state, state-qualifier and approved flag to a review state."""
    if qualifier == "x-flagged" or (qualifier or "").startswith("rejected-"):
        return "flagged"
    if state in ("signed-off", "final") or (state is None and approved == "yes"):
        return "confirmed"
    return "edited" if state == "translated" else "new"


def _trans_unit(unit: Unit) -> etree._Element:
    # Built without a namespace and written inside <xliff xmlns="...1.2">, so the units inherit the default
    # namespace instead of redeclaring it each time.
    tu = etree.Element("trans-unit", {"id": xml_text(unit.key), XML_SPACE: "preserve"})
    if unit.state == "confirmed":
        tu.set("approved", "yes")
    write_inline(sub(tu, "source"), unit.source, "xliff12")
    state, qualifier = TO_XLIFF[unit.state]
    target = write_inline(sub(tu, "target", state=state), unit.target, "xliff12")
    if qualifier:
        target.set("state-qualifier", qualifier)
    context = {
        "x-paragraph": str(unit.paragraph),
        "x-author": unit.author,
        "x-created": iso_date(unit.created) if unit.created else "",
        "x-changed": iso_date(unit.changed) if unit.changed else "",
    }
    group = sub(tu, "context-group", purpose="information")
    for context_type, value in context.items():
        if value:
            sub(group, "context", value, **{"context-type": context_type})
    indent(group, 1)
    for note in unit.notes:
        attrib = {"from": note.author} if note.author else {}
        sub(tu, "note", note.text, **attrib)
    if unit.mt:
        alt = sub(tu, "alt-trans", origin="mt")
        write_inline(sub(alt, "target"), unit.mt, "xliff12")
        indent(alt, 1)
    return indent(tu, 0)


def _file_attributes(bitext: Bitext) -> dict[str, str]:
    attrib = {
        "original": xml_text(bitext.doc_key),
        "source-language": lang_tag(bitext.src_lang),
        "target-language": lang_tag(bitext.tgt_lang),
        "datatype": "plaintext",
    }
    if bitext.title:
        attrib["product-name"] = xml_text(bitext.title)
    return attrib


def _unit(tu: etree._Element, index: int) -> Unit:
    target = tu.find(_q("target"))
    contexts = {
        context.get("context-type"): context.text or ""
        for group in tu.iterfind(_q("context-group"))
        for context in group.iterfind(_q("context"))
    }
    alt = tu.find(f"{_q('alt-trans')}[@origin='mt']")
    return Unit(
        key=tu.get("id") or str(index + 1),
        source=read_inline(tu.find(_q("source")), "xliff12", CODES),
        target=read_inline(target, "xliff12", CODES),
        mt=read_inline(alt.find(_q("target")), "xliff12", CODES) if alt is not None else "",
        state=state_from_xliff(
            target.get("state") if target is not None else None,
            target.get("state-qualifier") if target is not None else None,
            tu.get("approved"),
        ),
        notes=tuple(Note(note.text or "", note.get("from") or "") for note in tu.iterfind(_q("note"))),
        paragraph=as_int(contexts.get("x-paragraph"), index),
        created=parse_date(contexts.get("x-created")),
        changed=parse_date(contexts.get("x-changed")),
        author=contexts.get("x-author", ""),
    )


class Xliff12Format(Format):
    """XLIFF 1.2, valid against the strict schema; the document key is the <file original>."""

    format_id = "xliff12"
    label = "XLIFF 1.2"
    extensions = (".xlf", ".xliff")
    media_type = "application/x-xliff+xml"
    kind = "bilingual"

    def write(self, bitext: Bitext, out: BinaryIO, *, confirmed_only: bool = False) -> None:
        """Stream the units as one XLIFF 1.2 <file>."""
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            with xf.element(_q("xliff"), version="1.2", nsmap={None: NS}):
                xf.write("\n")
                with xf.element(_q("file"), _file_attributes(bitext)):
                    xf.write("\n")
                    header = etree.Element("header")
                    sub(
                        header,
                        "tool",
                        **{"tool-id": TOOL_ID, "tool-name": TOOL_NAME, "tool-version": TOOL_VERSION},
                    )
                    xf.write(indent(header, 0))
                    with xf.element(_q("body")):
                        xf.write("\n")
                        for unit in selected(bitext.units, confirmed_only):
                            xf.write(_trans_unit(unit))
                    xf.write("\n")
                xf.write("\n")

    def read(
        self,
        data: bytes,
        *,
        encoding: str | None = None,
        max_bytes: int = MAX_BYTES,
        doc_key: str | None = None,
    ) -> Bitext:
        """Read every <trans-unit>; the header comes from the first <file>; `encoding` is ignored."""
        root = read_xml(data, max_bytes)
        if local_name(root) != "xliff" or etree.QName(root).namespace != NS:
            raise FormatError("not an XLIFF 1.2 file (expected <xliff> in the XLIFF 1.2 namespace)")
        first = root.find(_q("file"))
        if first is None:
            raise FormatError("the XLIFF file has no <file>")
        units = [_unit(tu, index) for index, tu in enumerate(root.iter(_q("trans-unit")))]
        bitext = Bitext(
            first.get("product-name") or "",
            first.get("source-language") or "",
            first.get("target-language") or "",
            first.get("original") or "",
            units,
        )
        return check_doc_key(bitext, doc_key)

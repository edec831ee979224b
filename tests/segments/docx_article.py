"""A news article as a real .docx, made with python-docx: bold lead, italics, two links, a footnote, a table,
an image, a header and a comment-free body; what python-docx cannot make (links, the footnote) is added as
the XML Word writes."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches

LINKS = ("https://met.example.org/storm", "https://news.example.org/coast")
FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
    '<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Figures of the weather office.</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def png() -> bytes:
    """A 2×2 red PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def add_link(paragraph, text: str, url: str) -> None:
    rel = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
        f'<w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr><w:t>{text}</w:t></w:r></w:hyperlink>'))


def add_footnote_reference(paragraph, note_id: int = 1) -> None:
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'))


def with_footnotes(data: bytes) -> bytes:
    """The package with a footnotes part, its relationship and its content type, as Word has them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="'
                                    b'application/vnd.openxmlformats-officedocument.wordprocessingml.'
                                    b'footnotes+xml"/></Types>')
            elif info.filename == "word/_rels/document.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            target.writestr(info, body)
        target.writestr("word/footnotes.xml", FOOTNOTES)
    return out.getvalue()


def article() -> bytes:
    """The article as .docx bytes."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Coastal Times · Monday edition"
    document.add_heading("Storm hits the coast", 1)
    lead = document.add_paragraph()
    lead.add_run("A violent storm reached the coast on Monday.").bold = True
    lead.add_run(" Thousands of homes lost power.")
    body = document.add_paragraph("The weather office said the winds were ")
    body.add_run("unusually strong").italic = True
    body.add_run(" for the season, as its ")
    add_link(body, "bulletin", LINKS[0])
    body.add_run(" shows.")
    add_footnote_reference(body)
    more = document.add_paragraph("Read the ")
    add_link(more, "full report", LINKS[1])
    more.add_run(" online.")
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for row, (place, speed) in enumerate((("Harbour", "120 km/h"), ("Old town", "95 km/h"))):
        table.cell(row, 0).text, table.cell(row, 1).text = place, speed
    document.add_picture(io.BytesIO(png()), width=Inches(1))
    document.add_paragraph("Power should be back by Wednesday, the company said.")
    buffer = io.BytesIO()
    document.save(buffer)
    return with_footnotes(buffer.getvalue())


def body_text(data: bytes) -> list[str]:
    """Every paragraph's text, table cells included, as python-docx reads it."""
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return texts


__all__ = ["LINKS", "article", "body_text", "png", "qn"]

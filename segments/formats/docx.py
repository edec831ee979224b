"""Word (.docx) through python-docx: paragraphs and headings kept; import refuses damaged or hostile files."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable
from typing import BinaryIO

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.text.paragraph import Paragraph
from lxml import etree

from segments.formats.common import (
    MAX_BYTES,
    Format,
    FormatError,
    check_size,
    heading_level,
    paragraph_text,
    paragraphs,
    xml_text,
)
from segments.formats.model import Piece
from segments.formats.typography import TypographyOptions, normalise_typography

ZIP_MAGIC = b"PK\x03\x04"
MAX_EXPANSION = 20  # a .docx rarely unpacks to more than a few times its size; more is a zip bomb
MAX_MEMBERS = 5000


def _check_package(data: bytes, max_bytes: int) -> None:
    """Refuse what is not a zip, a zip bomb, and XML parts that declare DTDs or entities."""
    if not data.startswith(ZIP_MAGIC):
        raise FormatError("not a Word .docx file (it is not a zip package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            unpacked = sum(member.file_size for member in members)
            too_big = len(members) > MAX_MEMBERS or unpacked > max(max_bytes, len(data) * MAX_EXPANSION)
            heads = (
                []
                if too_big
                else [
                    package.read(member)[:4096]
                    for member in members
                    if member.filename.endswith((".xml", ".rels"))
                ]
            )
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise FormatError(f"the .docx file is damaged or truncated ({exc})") from exc
    if too_big:
        raise FormatError("the .docx file unpacks to too much data (a zip bomb?)")
    if any(b"<!DOCTYPE" in head or b"<!ENTITY" in head for head in heads):
        raise FormatError("the .docx file contains DTD or entity declarations")


def docx_to_text(data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """Return the text of a .docx document: one paragraph per Word paragraph or table cell."""
    check_size(data, max_bytes)
    _check_package(data, max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for block in document.iter_inner_content():
            cells = (
                [block]
                if isinstance(block, Paragraph)
                else [paragraph for row in block.rows for cell in row.cells for paragraph in cell.paragraphs]
            )
            blocks.extend(paragraph.text.strip() for paragraph in cells)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise FormatError(f"not a readable Word .docx file ({exc})") from exc
    text = "\n\n".join(block for block in blocks if block)
    if not text:
        raise FormatError("the .docx file contains no text")
    return text.replace("\r\n", "\n").replace("\r", "\n") + "\n"


class DocxFormat(Format):
    """Word .docx: one Word paragraph per paragraph, headings with the Heading 1/2 styles."""

    format_id = "docx"
    label = "Word document"
    extensions = (".docx",)
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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
        """Build the Word document (python-docx holds it in memory) and save it to `out`."""
        document = docx.Document()
        document.core_properties.title = xml_text(title)
        document.core_properties.language = lang
        for index, paragraph in enumerate(paragraphs(normalise_typography(pieces, typography))):
            text = xml_text(paragraph_text(paragraph))
            if not text:
                continue
            level = heading_level(paragraph, index == 0)
            if level:
                document.add_heading(text.replace("\n", " "), level)
            else:
                document.add_paragraph(text)
        document.save(out)

    def read(self, data: bytes, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> str:
        """Return the text of a .docx file (`encoding` is ignored: the package says it)."""
        return docx_to_text(data, max_bytes)

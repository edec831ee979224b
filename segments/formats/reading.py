"""Choosing a reader for an uploaded file by its content, its extension, or the caller's override."""

from __future__ import annotations

import re
from pathlib import PurePath

from segments.formats.common import MAX_BYTES, Format, FormatError, check_size
from segments.formats.delimited import CsvFormat, TsvFormat
from segments.formats.docx import ZIP_MAGIC, DocxFormat
from segments.formats.html import HtmlFormat
from segments.formats.jsondoc import JsonFormat
from segments.formats.md import MarkdownFormat
from segments.formats.model import Bitext
from segments.formats.tmx import TmxFormat
from segments.formats.txt import TxtFormat
from segments.formats.xliff12 import Xliff12Format
from segments.formats.xliff21 import Xliff21Format

DOCUMENT_READERS: dict[str, Format] = {
    f.format_id: f for f in (TxtFormat(), MarkdownFormat(), DocxFormat(), HtmlFormat())
}
BITEXT_READERS: dict[str, Format] = {
    f.format_id: f
    for f in (TmxFormat(), Xliff12Format(), Xliff21Format(), CsvFormat(), TsvFormat(), JsonFormat())
}
_SIGNATURES = (
    (b"%PDF", "a PDF file; save it as .docx or .txt"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc, .xls); save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_XML_ROOT = re.compile(rb"<(tmx|xliff)\b[^>]*>", re.IGNORECASE)
_XLIFF12 = re.compile(rb"""urn:oasis:names:tc:xliff:document:1\.2|version\s*=\s*["']1\.2""")
_XLIFF2 = re.compile(rb"urn:oasis:names:tc:xliff:document:2\.0")


def _extension(filename: str | None) -> str:
    return PurePath(filename).suffix.lower() if filename else ""


def _pick(readers: dict[str, Format], format_id: str, what: str) -> Format:
    try:
        return readers[format_id]
    except KeyError:
        raise FormatError(f"{format_id!r} cannot be imported as {what}") from None


def _xml_kind(data: bytes) -> str | None:
    root = _XML_ROOT.search(data[:8192])
    if root is None:
        return None
    if root.group(1).lower() == b"tmx":
        return "tmx"
    if _XLIFF2.search(root.group(0)):
        return "xliff21"
    return "xliff12" if _XLIFF12.search(root.group(0)) else "xliff"


def document_format(data: bytes, filename: str | None = None) -> Format:
    """Return the reader for an uploaded document, judged by content first, then by extension."""
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise FormatError(f"this is {what}, not a text document")
    extension = _extension(filename)
    if data.startswith(ZIP_MAGIC):
        return DOCUMENT_READERS["docx"]
    if extension == ".docx":
        raise FormatError("the file is named .docx but is not a Word document")
    if _xml_kind(data):
        raise FormatError("this is a TMX or XLIFF file: import it as a bilingual file instead")
    if extension in HtmlFormat.extensions or _HTML_START.match(data[:4096]):
        return DOCUMENT_READERS["html"]
    if extension in MarkdownFormat.extensions:
        return DOCUMENT_READERS["md"]
    return DOCUMENT_READERS["txt"]


def read_document(
    data: bytes,
    filename: str | None = None,
    format_id: str | None = None,
    encoding: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
) -> str:
    """Return the plain text of an .txt, .md, .docx or .html file, paragraphs split by blank lines."""
    check_size(data, max_bytes)
    reader = (
        _pick(DOCUMENT_READERS, format_id, "a document") if format_id else document_format(data, filename)
    )
    return reader.read(data, encoding=encoding, max_bytes=max_bytes)


def bitext_format(data: bytes, filename: str | None = None) -> Format:
    """Return the reader for an uploaded bilingual file (TMX, XLIFF 1.2 or 2.x, CSV, TSV, JSON)."""
    kind = _xml_kind(data)
    if kind == "xliff":
        raise FormatError("unsupported XLIFF version (only 1.2 and 2.x can be imported)")
    if kind:
        return BITEXT_READERS[kind]
    extension = _extension(filename)
    for reader in (JsonFormat, CsvFormat, TsvFormat):
        if extension in reader.extensions:
            return BITEXT_READERS[reader.format_id]
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return BITEXT_READERS["json"]
    raise FormatError("not a bilingual file this workbench reads (TMX, XLIFF 1.2/2.x, CSV, TSV or JSON)")


def read_bitext(
    data: bytes,
    filename: str | None = None,
    format_id: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    doc_key: str | None = None,
) -> Bitext:
    """Read an uploaded bilingual file; with `doc_key`, refuse a TMX/XLIFF/JSON file of another document."""
    check_size(data, max_bytes)
    reader = (
        _pick(BITEXT_READERS, format_id, "a bilingual file") if format_id else bitext_format(data, filename)
    )
    options = {"doc_key": doc_key} if reader.format_id not in ("csv", "tsv") else {}
    return reader.read(data, max_bytes=max_bytes, **options)

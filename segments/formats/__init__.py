"""File formats: clean-text and bilingual writers, document and bilingual readers, one registry.

A format is one class in its own module (`delimited` holds CSV and TSV, which differ only in quoting).
`FORMATS` maps each format_id to a stateless instance; `kind` says what `write` takes: "text" formats
take `Piece`s, "bilingual" formats a `Bitext`. Writers stream to a binary file object; `dumps` returns bytes.
"""

from segments.formats.common import MAX_BYTES, Format, FormatError
from segments.formats.decoding import decode_text, detect_encoding
from segments.formats.delimited import CsvFormat, TsvFormat
from segments.formats.docx import DocxFormat
from segments.formats.html import HtmlFormat
from segments.formats.jsondoc import JsonFormat
from segments.formats.md import MarkdownFormat
from segments.formats.model import STATES, Bitext, Note, Piece, Unit
from segments.formats.reading import read_bitext, read_document
from segments.formats.tmx import TmxFormat
from segments.formats.txt import TxtFormat
from segments.formats.typography import TypographyOptions, normalise_typography
from segments.formats.xliff12 import Xliff12Format
from segments.formats.xliff21 import Xliff21Format

FORMATS: dict[str, Format] = {
    f.format_id: f
    for f in (
        TxtFormat(),
        MarkdownFormat(),
        DocxFormat(),
        HtmlFormat(),
        TmxFormat(),
        Xliff12Format(),
        Xliff21Format(),
        CsvFormat(),
        TsvFormat(),
        JsonFormat(),
    )
}

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "STATES",
    "Bitext",
    "CsvFormat",
    "DocxFormat",
    "Format",
    "FormatError",
    "HtmlFormat",
    "JsonFormat",
    "MarkdownFormat",
    "Note",
    "Piece",
    "TmxFormat",
    "TsvFormat",
    "TxtFormat",
    "TypographyOptions",
    "Unit",
    "Xliff12Format",
    "Xliff21Format",
    "decode_text",
    "detect_encoding",
    "normalise_typography",
    "read_bitext",
    "read_document",
]

"""Original files (.docx, .html, .md): read into tagged block texts plus a skeleton, written back in place."""

from segments.formats.originals.docx import DocxOriginal
from segments.formats.originals.html import HtmlOriginal
from segments.formats.originals.markdown import MarkdownOriginal
from segments.formats.originals.model import Block, Extracted, Skeleton

ORIGINALS = {f.format_id: f for f in (DocxOriginal(), MarkdownOriginal(), HtmlOriginal())}

__all__ = ["ORIGINALS", "Block", "DocxOriginal", "Extracted", "HtmlOriginal", "MarkdownOriginal", "Skeleton"]

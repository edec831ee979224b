"""File formats: clean-text and bilingual writers, document and bilingual readers, one registry.

A format is one class in its own module (`delimited` holds CSV and TSV, which differ only in quoting).
`FORMATS` maps each format_id to a stateless instance; `kind` says what `write` takes: "text" formats
take `Piece`s, "bilingual" formats a `Bitext`. Writers stream to a binary file object; `dumps` returns bytes.

Submodules are imported on first use (PEP 562), not with the package: `bitext align` needs only
`FormatError` and `decode_text`, and loading python-docx and every reader cost it ~0.1 s.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from segments.formats.common import Format

# Every public name, in one place: name → the submodule that defines it.
_EXPORTS = {
    "MAX_BYTES": "common", "Format": "common", "FormatError": "common",
    "decode_text": "decoding", "detect_encoding": "decoding",
    "CsvFormat": "delimited", "TsvFormat": "delimited", "DocxFormat": "docx", "HtmlFormat": "html",
    "JsonFormat": "jsondoc", "MarkdownFormat": "md",
    "STATES": "model", "Bitext": "model", "Note": "model", "Piece": "model", "Unit": "model",
    "read_bitext": "reading", "read_document": "reading", "TmxFormat": "tmx", "TxtFormat": "txt",
    "TypographyOptions": "typography", "normalise_typography": "typography",
    "Xliff12Format": "xliff12", "Xliff21Format": "xliff21",
}
# The registry, in listing order.
_FORMAT_CLASSES = ("TxtFormat", "MarkdownFormat", "DocxFormat", "HtmlFormat", "TmxFormat", "Xliff12Format",
                   "Xliff21Format", "CsvFormat", "TsvFormat", "JsonFormat")


def _build_formats() -> dict[str, Format]:
    """Instantiate every registered format class, keyed by format_id."""
    instances = (__getattr__(name)() for name in _FORMAT_CLASSES)
    return {f.format_id: f for f in instances}


def __getattr__(name: str) -> Any:
    if name == "FORMATS":
        value: Any = _build_formats()
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(f"segments.formats.{_EXPORTS[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


__all__ = ["FORMATS", *sorted(_EXPORTS)]

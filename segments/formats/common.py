"""Helpers shared by the format modules: errors, limits, character policy, dates, languages, paragraphs."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import groupby
from typing import Any, BinaryIO

from lxml import etree

from segments.formats.model import Bitext, Piece, Unit
from segments.xmlsafe import UnsafeXmlError, parse_xml

MAX_BYTES = 50 * 1024 * 1024
TOOL_NAME = "Bitext Workbench"
TOOL_ID = "bitext-workbench"
TOOL_VERSION = "0.1"
# Extension namespace for what XLIFF 2 has no place for (note author, date, resolved flag; unit key).
BW_NS = "urn:x-bitext-workbench:1"

# Characters XML 1.0 cannot hold: C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NMTOKEN = re.compile(r"[A-Za-z0-9._:\-]+")
FINAL_PUNCTUATION = ".!?:;…。！？：；"
_CLOSERS = "\"'”’」』）)]"


class FormatError(ValueError):
    """A file cannot be read in the expected format, or data cannot be written in the requested one."""


class Format:
    """Common behaviour of the format classes: the registry holds one instance of each subclass."""

    format_id = ""
    label = ""
    extensions: tuple[str, ...] = ()
    media_type = "application/octet-stream"
    kind = "bilingual"

    def write(self, data: Any, out: BinaryIO, **options: Any) -> None:  # pragma: no cover - overridden
        """Write `data` to the binary file object `out`."""
        raise NotImplementedError

    def dumps(self, data: Any, **options: Any) -> bytes:
        """Return what `write` would write, as bytes (for small exports and tests)."""
        buffer = io.BytesIO()
        self.write(data, buffer, **options)
        return buffer.getvalue()


def check_doc_key(bitext: Bitext, doc_key: str | None) -> Bitext:
    """Return `bitext`, or raise FormatError when `doc_key` is given and the file is of another document."""
    if doc_key is not None and bitext.doc_key != doc_key:
        found = f"document {bitext.doc_key!r}" if bitext.doc_key else "an unnamed document"
        raise FormatError(f"this file belongs to {found}, not to {doc_key!r}")
    return bitext


def check_size(data: bytes, max_bytes: int) -> None:
    """Refuse empty input and input over `max_bytes`."""
    if not data:
        raise FormatError("the file is empty")
    if len(data) > max_bytes:
        raise FormatError(f"the file is too large ({len(data):,} bytes; the limit is {max_bytes:,})")


def xml_text(text: str) -> str:
    """Replace the characters XML cannot hold by U+FFFD."""
    return XML_INVALID.sub("\ufffd", text)


def scrub(text: str) -> str:
    """Replace lone surrogates (which no UTF encoding can write) by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def read_xml(data: bytes, max_bytes: int) -> etree._Element:
    """Parse uploaded XML safely, turning every refusal into a FormatError."""
    check_size(data, max_bytes)
    try:
        return parse_xml(data)
    except UnsafeXmlError as exc:
        raise FormatError(f"not a usable XML file: {exc}") from exc


def local_name(element: etree._Element) -> str:
    """Return the tag of `element` without its namespace ("" for comments and processing instructions)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def xml_id(key: str) -> str:
    """Return `key` if it is a safe XML NMTOKEN, else a stable token derived from it."""
    if _NMTOKEN.fullmatch(key):
        return key
    return "k" + hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def lang_tag(code: str) -> str:
    """Return a BCP 47 language tag: underscores become hyphens, an empty code becomes "und"."""
    code = code.strip().replace("_", "-")
    return code or "und"


def utc(moment: datetime | None) -> datetime | None:
    """Return `moment` in UTC without microseconds; naive datetimes are taken to be UTC."""
    if moment is None:
        return None
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.replace(microsecond=0)


def compact_date(moment: datetime) -> str:
    """Format a datetime as TMX wants it: YYYYMMDDThhmmssZ in UTC."""
    return utc(moment).strftime("%Y%m%dT%H%M%SZ")  # type: ignore[union-attr]


def iso_date(moment: datetime) -> str:
    """Format a datetime as ISO 8601 in UTC with a Z suffix."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")  # type: ignore[union-attr]


def parse_date(value: str | None) -> datetime | None:
    """Parse a TMX compact or an ISO 8601 date; return None for a missing or unreadable one."""
    if not value:
        return None
    value = value.strip()
    for pattern in ("%Y%m%dT%H%M%SZ", "%Y%m%dT%H%M%S"):
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=UTC)
        except ValueError:
            pass
    try:
        return utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def selected(units: Iterable[Unit], confirmed_only: bool) -> Iterator[Unit]:
    """Yield the units to export: all of them, or only the confirmed ones."""
    return (unit for unit in units if unit.state == "confirmed") if confirmed_only else iter(units)


def paragraphs(pieces: Iterable[Piece]) -> Iterator[list[Piece]]:
    """Group consecutive pieces that share a paragraph number."""
    for _, group in groupby(pieces, key=lambda piece: piece.paragraph):
        yield list(group)


def paragraph_text(pieces: list[Piece]) -> str:
    """Join a paragraph's pieces with their inner whitespace, dropping the whitespace after the last."""
    inner = "".join(piece.text + piece.tail for piece in pieces[:-1])
    return (inner + pieces[-1].text).strip()


def heading_level(pieces: list[Piece], first: bool) -> int:
    """Return 1 or 2 if the paragraph is a heading (flagged, or a short unpunctuated first line), else 0."""
    if any(piece.heading for piece in pieces):
        return 1 if first else 2
    text = paragraph_text(pieces)
    if first and len(pieces) == 1 and text and "\n" not in text and len(text) <= 200:
        return 0 if text.rstrip(_CLOSERS).endswith(tuple(FINAL_PUNCTUATION)) else 1
    return 0


def write_text(out: BinaryIO, parts: Iterable[str], chunk: int = 1 << 16) -> None:
    """Encode the strings as UTF-8 and write them to `out` in chunks of about `chunk` characters."""
    buffer: list[str] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= chunk:
            out.write(scrub("".join(buffer)).encode("utf-8"))
            buffer, size = [], 0
    if buffer:
        out.write(scrub("".join(buffer)).encode("utf-8"))

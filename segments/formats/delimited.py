"""CSV and TSV: one row per unit, for spreadsheets. One module for both: they differ only in quoting.

CSV is RFC 4180 with a UTF-8 BOM (so Excel reads it as UTF-8); TSV has no quoting: tab, newline,
carriage return and backslash inside a cell are written as \\t, \\n, \\r and \\\\. Cells that a
spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading apostrophe, which the
reader removes again.
Notes are kept as their texts, one per line (authors and dates are not kept).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from segments.formats.common import (
    MAX_BYTES,
    Format,
    FormatError,
    check_size,
    iso_date,
    parse_date,
    selected,
    write_text,
)
from segments.formats.decoding import decode_bytes, decode_text
from segments.formats.model import STATES, Bitext, Note, Unit

COLUMNS = ("key", "paragraph", "state", "source", "target", "mt", "notes", "author", "created", "changed")
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_ESCAPED = re.compile(r"\\(.)")
_TSV_SPECIAL = re.compile(r"[\\\t\n\r]")


def _defuse(cell: str) -> str:
    return "'" + cell if _FORMULA.match(cell) else cell


def _restore(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell[1:]) else cell


def _row(unit: Unit) -> list[str]:
    return [
        unit.key,
        str(unit.paragraph),
        unit.state,
        unit.source,
        unit.target,
        unit.mt,
        "\n".join(note.text for note in unit.notes),
        unit.author,
        iso_date(unit.created) if unit.created else "",
        iso_date(unit.changed) if unit.changed else "",
    ]


def _unit(row: dict[str, str], index: int) -> Unit:
    state = row.get("state") or "new"
    if state not in STATES:
        raise FormatError(f"row {index + 2}: unknown state {state!r}")
    try:
        paragraph = int(row.get("paragraph") or index)
    except ValueError as exc:
        raise FormatError(f"row {index + 2}: paragraph must be a number") from exc
    notes = tuple(Note(text) for text in (row.get("notes") or "").split("\n") if text)
    return Unit(
        key=row.get("key") or str(index + 1),
        source=row.get("source") or "",
        target=row.get("target") or "",
        mt=row.get("mt") or "",
        state=state,
        notes=notes,
        paragraph=paragraph,
        author=row.get("author") or "",
        created=parse_date(row.get("created")),
        changed=parse_date(row.get("changed")),
    )


def _bitext(rows: Iterator[list[str]]) -> Bitext:
    header = next(rows, None)
    if not header or not {"source", "target"} <= set(header):
        raise FormatError("the first row must name the columns, including source and target")
    units = []
    for index, cells in enumerate(rows):
        if len(cells) != len(header):
            raise FormatError(f"row {index + 2} has {len(cells)} cells, the header has {len(header)}")
        units.append(_unit(dict(zip(header, (_restore(cell) for cell in cells), strict=True)), index))
    return Bitext("", "", "", "", units)


class CsvFormat(Format):
    """Comma-separated values (RFC 4180, UTF-8 with BOM), one unit per row."""

    format_id = "csv"
    label = "CSV"
    extensions = (".csv",)
    media_type = "text/csv; charset=utf-8"
    kind = "bilingual"

    def write(self, bitext: Bitext, out: BinaryIO, *, confirmed_only: bool = False) -> None:
        """Stream the units as CSV rows under a header row."""
        write_text(out, self._lines(bitext, confirmed_only))

    @staticmethod
    def _lines(bitext: Bitext, confirmed_only: bool) -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        yield "\ufeff"
        writer.writerow(COLUMNS)
        for unit in selected(bitext.units, confirmed_only):
            writer.writerow([_defuse(cell) for cell in _row(unit)])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    def read(self, data: bytes, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Bitext:
        """Read rows written by `write` (or by a spreadsheet keeping the header)."""
        check_size(data, max_bytes)
        try:
            return _bitext(csv.reader(io.StringIO(decode_bytes(data, encoding), newline="")))
        except csv.Error as exc:
            raise FormatError(f"malformed CSV: {exc}") from exc


class TsvFormat(Format):
    """Tab-separated values without quoting; special characters backslash-escaped."""

    format_id = "tsv"
    label = "TSV"
    extensions = (".tsv", ".tab")
    media_type = "text/tab-separated-values; charset=utf-8"
    kind = "bilingual"

    def write(self, bitext: Bitext, out: BinaryIO, *, confirmed_only: bool = False) -> None:
        """Stream the units as TSV lines under a header line."""
        write_text(out, self._lines(bitext, confirmed_only))

    @staticmethod
    def _lines(bitext: Bitext, confirmed_only: bool) -> Iterator[str]:
        yield "\t".join(COLUMNS) + "\n"
        for unit in selected(bitext.units, confirmed_only):
            yield "\t".join(
                _TSV_SPECIAL.sub(lambda m: _TSV_ESCAPES[m.group()], _defuse(cell)) for cell in _row(unit)
            )
            yield "\n"

    def read(self, data: bytes, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Bitext:
        """Read lines written by `write`."""
        check_size(data, max_bytes)
        unescape = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
        rows = (
            [
                _TSV_ESCAPED.sub(lambda m: unescape.get(m.group(1), m.group(0)), cell)
                for cell in line.split("\t")
            ]
            for line in decode_text(data, encoding).split("\n")
            if line
        )
        return _bitext(rows)

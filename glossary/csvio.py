"""Glossary import and export as CSV / TSV, the way spreadsheets write them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import datetime

from glossary.model import POS_VALUES, GlossaryFormatError, Term
from glossary.report import Collector, ImportReport, Policy

COLUMNS = ("source", "target", "forbidden", "status", "domain", "note", "definition", "pos", "case_sensitive",
           "src_lang", "tgt_lang", "created_by", "created", "changed_by", "changed", "id")
# Header spellings seen in spreadsheets and other tools, after _header_key() normalisation.
HEADER_ALIASES = {
    "term": "source", "source term": "source", "targets": "target", "target term": "target",
    "translation": "target", "forbidden variants": "forbidden", "forbidden terms": "forbidden",
    "subject field": "domain", "subjectfield": "domain", "notes": "note", "comment": "note",
    "part of speech": "pos", "case sensitive": "case_sensitive", "source language": "src_lang",
    "target language": "tgt_lang",
}
_POS_ALIASES = {"n": "noun", "v": "verb", "adj": "adjective", "adv": "adverb", "proper noun": "properNoun"}
_POS_ALIASES.update({p.casefold(): p for p in POS_VALUES})
_TRUE, _FALSE = {"1", "true", "yes", "y", "x"}, {"", "0", "false", "no", "n"}
_DELIMITERS = ("\t", ",", ";")
# Cells starting with these are formulas in spreadsheets; exports prefix them with "'" (OWASP advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LIST_FIELDS = ("target", "forbidden")


class CsvFormat:
    """CSV / TSV glossaries: `read` returns an ImportReport, `write` returns UTF-8 bytes."""

    format_id = "csv"
    extensions = ("csv", "tsv", "txt")

    @staticmethod
    def read(data: bytes, *, existing: Iterable[Term] = (), policy: Policy = "skip",
             mapping: Mapping[str, str] | None = None, src_lang: str = "zh",
             tgt_lang: str = "en") -> ImportReport:
        """Return the import report for CSV/TSV `data`; see `read_csv`."""
        return read_csv(data, existing=existing, policy=policy, mapping=mapping, src_lang=src_lang,
                        tgt_lang=tgt_lang)

    @staticmethod
    def write(terms: Iterable[Term], *, delimiter: str = ",", bom: bool = True) -> bytes:
        """Return `terms` as CSV bytes; see `write_csv`."""
        return write_csv(terms, delimiter=delimiter, bom=bom)


def read_csv(data: bytes, *, existing: Iterable[Term] = (), policy: Policy = "skip",
             mapping: Mapping[str, str] | None = None, src_lang: str = "zh",
             tgt_lang: str = "en") -> ImportReport:
    """Import glossary rows from CSV/TSV bytes, applying the duplicate `policy` against `existing` terms.

    `mapping` maps file headers to field names (see COLUMNS; "" ignores a column). File-level
    problems (encoding, missing columns, broken quoting) raise GlossaryFormatError; row problems
    are listed in the report's `rejected` with their line numbers.
    """
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    collector = Collector(existing, policy)
    try:
        header = next(reader, None)
        if header is None:
            raise GlossaryFormatError("the file has no header row")
        fields, ignored = map_header(header, mapping)
        line = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                _read_row(collector, line, row, fields, src_lang, tgt_lang)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise GlossaryFormatError(f"line {reader.line_num}: broken CSV quoting ({exc})") from exc
    report = collector.report
    report.ignored_columns = ignored
    report.details = {"format": "csv", "encoding": encoding, "delimiter": delimiter}
    return report


def decode(data: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or UTF-16 with a BOM; refuse anything else with a clear reason."""
    if not data.strip():
        raise GlossaryFormatError("the file is empty")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise GlossaryFormatError("UTF-32 files are not supported: save the file as UTF-8 or UTF-16")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise GlossaryFormatError(
                f"the file has a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason})") from exc
    if b"\x00" in data[:4096]:
        raise GlossaryFormatError("the file looks like UTF-16 without a byte-order mark: save it as UTF-8 "
                                  "or UTF-16 with a BOM")
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as exc:
        raise GlossaryFormatError(
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); only UTF-8 and "
            "UTF-16 are accepted: in a spreadsheet, save as 'CSV UTF-8' or 'Unicode text'") from exc


def sniff_delimiter(text: str) -> str:
    """Return the delimiter (tab, comma or semicolon) found most often outside quotes in the header line."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def map_header(header: list[str],
               mapping: Mapping[str, str] | None = None) -> tuple[list[str], tuple[str, ...]]:
    """Return the field of each column ("" if ignored) and the ignored headers; raise if no source/target."""
    user = {_header_key(k): v for k, v in (mapping or {}).items()}
    unknown = sorted(v for v in user.values() if v and v not in COLUMNS)
    if unknown:
        raise ValueError(f"mapping names unknown fields: {', '.join(unknown)} (known: {', '.join(COLUMNS)})")
    known = {_header_key(c): c for c in COLUMNS} | HEADER_ALIASES
    fields = [user[k] if (k := _header_key(h)) in user else known.get(k, "") for h in header]
    for name in set(fields) - {""}:
        columns = [h for h, f in zip(header, fields, strict=True) if f == name]
        if len(columns) > 1:
            raise GlossaryFormatError(f"several columns map to '{name}': {', '.join(columns)}")
    missing = [name for name in ("source", "target") if name not in fields]
    if missing:
        found = ", ".join(h.strip() for h in header) or "(none)"
        raise GlossaryFormatError(f"missing column(s): {', '.join(missing)}; found: {found}. Name them in "
                                  "the header row or give a column mapping")
    return fields, tuple(h for h, f in zip(header, fields, strict=True) if not f and h.strip())


def write_csv(terms: Iterable[Term], *, delimiter: str = ",", bom: bool = True) -> bytes:
    """Return `terms` as CSV (all fields, header row, CRLF lines), UTF-8 with a BOM so Excel reads it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for term in terms:
        writer.writerow([_guard(_cell(term, name)) for name in COLUMNS])
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def _read_row(collector: Collector, line: int, row: list[str], fields: list[str], src_lang: str,
              tgt_lang: str) -> None:
    if len(row) > len(fields) and any(cell.strip() for cell in row[len(fields):]):
        collector.reject(line, f"the row has {len(row)} fields but the header has {len(fields)}")
        return
    values = {f: _unguard(cell).strip() for f, cell in zip(fields, row, strict=False) if f}
    try:
        term = Term(
            source=values.get("source", ""), targets=_split(values.get("target", "")),
            forbidden=_split(values.get("forbidden", "")), src_lang=values.get("src_lang") or src_lang,
            tgt_lang=values.get("tgt_lang") or tgt_lang,
            status=values.get("status", "").casefold() or "approved",
            pos=_POS_ALIASES.get(values.get("pos", "").casefold(), values.get("pos", "")),
            definition=values.get("definition", ""), note=values.get("note", ""),
            domain=values.get("domain", ""),
            case_sensitive=_flag(values.get("case_sensitive", "")), created_by=values.get("created_by", ""),
            changed_by=values.get("changed_by", ""), created=_date(values.get("created", ""), "created"),
            changed=_date(values.get("changed", ""), "changed"), id=values.get("id") or None,
        )
    except ValueError as exc:
        collector.reject(line, str(exc), values.get("source", ""))
        return
    collector.add(line, term)


def _header_key(header: str) -> str:
    return " ".join(header.replace("_", " ").replace("-", " ").split()).casefold()


def _split(cell: str) -> tuple[str, ...]:
    # "|" wins when present, so a single value containing ";" is written as "a;b |".
    parts = cell.split("|") if "|" in cell else cell.split(";")
    return tuple(p.strip() for p in parts if p.strip())


def _join(values: tuple[str, ...]) -> str:
    if any("|" in v for v in values):
        raise ValueError(f"cannot export a list value containing '|': {values!r}")
    joined = " | ".join(values)
    return joined + " |" if ";" in joined and "|" not in joined else joined


def _flag(cell: str) -> bool:
    folded = cell.casefold()
    if folded not in _TRUE | _FALSE:
        raise ValueError(f"case_sensitive must be yes/no, true/false or 1/0, not '{cell}'")
    return folded in _TRUE


def _date(cell: str, name: str) -> datetime | None:
    if not cell:
        return None
    try:
        return datetime.fromisoformat(cell)
    except ValueError:
        raise ValueError(f"{name} '{cell}' is not an ISO 8601 date such as 2024-05-29 or "
                         "2024-05-29T08:30:00") from None


def _cell(term: Term, name: str) -> str:
    if name in _LIST_FIELDS:
        return _join(term.targets if name == "target" else term.forbidden)
    value = getattr(term, name)
    if name == "case_sensitive":
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return "" if value is None else str(value)


def _guard(cell: str) -> str:
    if cell.startswith(_FORMULA_START) or (cell.startswith("'") and cell[1:].startswith(_FORMULA_START)):
        return "'" + cell
    return cell


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell

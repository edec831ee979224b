"""Glossary exchange: import CSV / TSV / TBX all-or-nothing with a report, export CSV and TBX, the starter."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from glossary import (
    POLICIES,
    EmptyGlossaryError,
    GlossaryFormatError,
    ImportReport,
    Term,
    read_csv,
    read_tbx,
    starter_glossary,
    write_csv,
    write_tbx,
)
from webapp.models import Glossary, GlossaryEntry, Project, utcnow
from webapp.services.errors import InvalidInput, NothingToExport
from webapp.services.glossary import entry_term, entry_values, glossary_for, live_entries, touch_glossary

IMPORT_FORMATS = ("csv", "tbx")
# format id -> (TBX version or None for CSV, media type, file extension)
EXPORT_FORMATS = {"csv": (None, "text/csv; charset=utf-8", "csv"),
                  "tbx": ("2", "application/x-tbx+xml", "tbx"),
                  "tbx3": ("3", "application/x-tbx+xml", "tbx")}


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the library's report, whether anything was stored, and how many rows."""

    report: ImportReport
    stored: bool
    created: int
    updated: int

    @property
    def summary(self) -> str:
        """One line for people: what was stored, or why nothing was."""
        report = self.report
        counts = (f"{len(report.accepted)} accepted, {len(report.duplicates)} duplicates, "
                  f"{len(report.rejected)} rejected")
        if not self.stored:
            return (f"Nothing imported: {len(report.rejected)} row(s) rejected ({counts}). Fix them, or "
                    "choose to skip invalid rows.")
        return f"Imported: {self.created} new, {self.updated} updated ({counts})."


def detect_format(filename: str, data: bytes) -> str:
    """TBX for .tbx / .xml files or content that starts like XML; CSV / TSV otherwise."""
    if filename.lower().endswith((".tbx", ".xml")):
        return "tbx"
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    return "tbx" if head.startswith(b"<") else "csv"


def _read(glossary: Glossary, data: bytes, fmt: str, policy: str, existing: list[Term],
          mapping: Mapping[str, str] | None) -> ImportReport:
    try:
        if fmt == "csv":
            return read_csv(data, existing=existing, policy=policy, mapping=mapping,  # type: ignore[arg-type]
                            src_lang=glossary.src_lang, tgt_lang=glossary.tgt_lang)
        return read_tbx(data, existing=existing, policy=policy,  # type: ignore[arg-type]
                        src_lang=glossary.src_lang, tgt_lang=glossary.tgt_lang)
    except GlossaryFormatError as error:
        raise InvalidInput(f"the file cannot be imported: {error}") from error
    except ValueError as error:  # an unknown field in the column mapping
        raise InvalidInput(str(error)) from error


def import_glossary(session: Session, glossary: Glossary, data: bytes, *, fmt: str | None = None,
                    filename: str = "", policy: str = "skip", skip_invalid: bool = False,
                    mapping: Mapping[str, str] | None = None, author: str = "") -> ImportResult:
    """Import a glossary file: nothing is stored if a row is rejected, unless `skip_invalid` is set."""
    if not data.strip():
        raise InvalidInput("the file is empty")
    fmt = fmt or detect_format(filename, data)
    if fmt not in IMPORT_FORMATS:
        raise InvalidInput(f"unknown import format {fmt!r}; expected one of {', '.join(IMPORT_FORMATS)}")
    if policy not in POLICIES:
        raise InvalidInput(f"unknown duplicate policy {policy!r}; expected one of {', '.join(POLICIES)}")
    entries = {entry.id: entry for entry in live_entries(session, [glossary.id])}
    # Existing entries get tuple ids, which a file cannot produce: an accepted term carrying one updates it.
    existing = [entry_term(entry, ("entry", entry.id)) for entry in entries.values()]
    report = _read(glossary, data, fmt, policy, existing, mapping)
    if report.rejected and not skip_invalid:
        return ImportResult(report, False, 0, 0)
    created, updated = _store(session, glossary, report.accepted, entries, author)
    return ImportResult(report, True, created, updated)


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _store(session: Session, glossary: Glossary, terms: Iterable[Term], entries: dict[int, GlossaryEntry],
           author: str) -> tuple[int, int]:
    now = utcnow()
    rows, updated = [], 0
    for term in terms:
        if isinstance(term.id, tuple):
            entry = entries[term.id[1]]
            for name, value in entry_values(term).items():
                setattr(entry, name, value)
            entry.changed_by, entry.changed_at = author, now
            updated += 1
            continue
        rows.append({"glossary_id": glossary.id, "version": 1, **entry_values(term),
                     "created_by": term.created_by or author, "created_at": _utc(term.created) or now,
                     "changed_by": term.changed_by or author, "changed_at": _utc(term.changed) or now})
    session.flush()
    if rows:
        session.execute(insert(GlossaryEntry), rows)
    if rows or updated:
        touch_glossary(session, glossary.id)
    return len(rows), updated


def export_glossary(session: Session, glossary: Glossary, fmt: str) -> tuple[bytes, str, str]:
    """The glossary's live entries as (bytes, media type, file name) in CSV, TBX-Basic or TBX v3."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    version, media_type, extension = EXPORT_FORMATS[fmt]
    terms = [entry_term(entry) for entry in live_entries(session, [glossary.id])]
    try:
        body = write_csv(terms) if version is None else write_tbx(terms, version=version, title=glossary.name)
    except EmptyGlossaryError as error:
        raise NothingToExport(str(error)) from error
    except ValueError as error:
        raise InvalidInput(str(error)) from error
    slug = "global" if glossary.project_id is None else f"project-{glossary.project_id}"
    suffix = "-tbx3" if fmt == "tbx3" else ""
    return body, media_type, f"glossary-{slug}{suffix}.{extension}"


def ensure_starter_glossary(session: Session, project: Project) -> int:
    """Fill an empty project glossary with the shipped zh→en news glossary; return how many were added."""
    glossary = glossary_for(session, project)
    if session.scalar(select(GlossaryEntry.id).where(GlossaryEntry.glossary_id == glossary.id,
                                                     GlossaryEntry.deleted_at.is_(None)).limit(1)):
        return 0
    created, _ = _store(session, glossary, starter_glossary(), {}, "starter")
    return created

"""Exports: the document as clean-text pieces or bilingual units, streamed into any registered format."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from segments.formats import FORMATS, Bitext, Note, Piece, TypographyOptions, Unit
from segments.tags import untagged
from webapp.downloads import safe_stem
from webapp.models import Comment, Document, Side
from webapp.services.documents import link_chunks
from webapp.services.errors import InvalidInput
from webapp.services.originals import MEDIA_TYPES, ORIGINAL, export_original, original_format
from webapp.services.progress import Progress
from webapp.services.report import render_report

REPORT = "report"
EXPORT_FORMATS = (*FORMATS, ORIGINAL, REPORT)


@dataclass(frozen=True)
class ExportOptions:
    """The choices of the export dialog and of `bitext export`; typography is off by default."""

    confirmed_only: bool = False
    quotes: str = "keep"
    single_space: bool = False
    no_space_before_punctuation: bool = False

    def typography(self) -> TypographyOptions | None:
        if self.quotes == "keep" and not self.single_space and not self.no_space_before_punctuation:
            return None
        return TypographyOptions(quotes=self.quotes, single_space=self.single_space,
                                 no_space_before_punctuation=self.no_space_before_punctuation)


def doc_key(document: Document) -> str:
    """The key exported files carry, so that an XLIFF of another document is refused on import."""
    return f"bitext-workbench:document:{document.id}"


def pieces(session: Session, document: Document, progress: Progress | None = None) -> Iterator[Piece]:
    """The corrected article: untouched sentences verbatim, corrections with the original spacing."""
    for chunk in link_chunks(session, document, progress):
        for link in chunk:
            mt = link.side(Side.MT)
            if link.target is None:
                for sentence in mt:
                    text = sentence.text if sentence.original is None else sentence.original
                    yield Piece(sentence.lead + text, sentence.tail, sentence.paragraph)
            elif mt:
                yield Piece(mt[0].lead + link.target, mt[-1].tail, link.paragraph)
            elif link.target:
                yield Piece(link.target, " ", link.paragraph)


def units(session: Session, document: Document, confirmed_only: bool = False,
          progress: Progress | None = None) -> Iterator[Unit]:
    """One bilingual unit per row, with its comments as notes."""
    for chunk in link_chunks(session, document, progress):
        notes = _notes(session, [link.id for link in chunk])
        for link in chunk:
            if confirmed_only and link.status != "confirmed":
                continue
            yield Unit(key=str(link.id), source=link.source_text, target=link.final_text, mt=link.mt_text,
                       state=link.status, notes=tuple(notes[link.id]), paragraph=link.paragraph,
                       created=link.created_at, changed=link.updated_at, author=link.updated_by)


def _notes(session: Session, link_ids: list[int]) -> dict[int, list[Note]]:
    notes: dict[int, list[Note]] = defaultdict(list)
    query = select(Comment).where(Comment.link_id.in_(link_ids)).order_by(Comment.id)
    for comment in session.scalars(query):
        note = Note(comment.body, comment.author, comment.created_at, comment.resolved)
        notes[comment.link_id].append(note)
    return notes


def export(session: Session, document: Document, format_id: str, out: BinaryIO,
           options: ExportOptions = ExportOptions(), progress: Progress | None = None) -> None:
    """Write `document` in `format_id` to `out`, streaming rows in chunks (`progress` hears of each)."""
    if format_id == REPORT:
        out.write(render_report(session, document).encode("utf-8"))
        return
    if format_id == ORIGINAL:
        export_original(session, document, pieces(session, document, progress), out)
        return
    fmt = FORMATS.get(format_id)
    if fmt is None:
        raise InvalidInput(f"unknown export format {format_id!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt.kind == "text":
        # Inline tags mean something only in the original file; clean text drops them.
        plain = (Piece(untagged(p.text), p.tail, p.paragraph, p.heading)
                 for p in pieces(session, document, progress))
        fmt.write(plain, out, title=document.title, lang=document.tgt_lang,
                  typography=options.typography())
        return
    rows = units(session, document, options.confirmed_only, progress)
    bitext = Bitext(title=document.title, src_lang=document.src_lang, tgt_lang=document.tgt_lang,
                    doc_key=doc_key(document), units=rows)
    fmt.write(bitext, out, confirmed_only=options.confirmed_only)


def formats_for(document: Document) -> list[tuple[str, str]]:
    """The export choices for `document`: its original file first when it has one, else not at all."""
    kept = original_format(document)
    others = [(f, label(f)) for f in EXPORT_FORMATS if f != ORIGINAL]
    if kept is None:
        return others
    original = f"Original file (.{kept} as imported, with the corrections and its formatting)"
    return [(ORIGINAL, original), *others]


def label(format_id: str) -> str:
    if format_id == ORIGINAL:
        return "Original file (.docx / .html / .md, as imported, with the corrections)"
    return "Review report (HTML)" if format_id == REPORT else FORMATS[format_id].label


def media_type(format_id: str, document: Document | None = None) -> str:
    if format_id == ORIGINAL:
        kept = original_format(document) if document else None
        return MEDIA_TYPES.get(kept or "", "application/octet-stream")
    return "text/html; charset=utf-8" if format_id == REPORT else FORMATS[format_id].media_type


def file_name(document: Document, format_id: str) -> str:
    """A safe download name: the title reduced to letters, digits and dashes, plus the format's extension."""
    stem = safe_stem(document.title, "document")
    if format_id == ORIGINAL:
        return f"{stem}.{original_format(document) or 'bin'}"
    extension = "html" if format_id == REPORT else FORMATS[format_id].extensions[0].lstrip(".")
    suffix = "-report" if format_id == REPORT else ""
    return f"{stem}{suffix}.{extension}"

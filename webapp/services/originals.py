"""Original files: keep the .docx / .html / .md a document was imported from, and write it back corrected."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import BinaryIO

from sqlalchemy.orm import Session

from segments.formats import FormatError, Piece
from segments.formats.common import MAX_BYTES, paragraph_text
from segments.formats.originals import ORIGINALS, Skeleton
from segments.formats.originals.model import NoBlocks
from segments.formats.reading import DOCUMENT_READERS, _pick, document_format
from segments.tags import tags
from webapp.models import Document, DocumentSkeleton
from webapp.services.errors import InvalidInput

ORIGINAL = "original"
MEDIA_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "html": "text/html", "md": "text/markdown; charset=utf-8"}


def read_mt_upload(data: bytes, filename: str | None = None, format_id: str | None = None,
                   encoding: str | None = None, max_bytes: int | None = None) -> tuple[str, Skeleton | None]:
    """The tagged text of an uploaded .docx / .html / .md and its skeleton; (None) for other formats."""
    try:
        reader = (_pick(DOCUMENT_READERS, format_id, "a document") if format_id
                  else document_format(data, filename))
        original = ORIGINALS.get(reader.format_id)
        if original is None:
            return reader.read(data, encoding=encoding, max_bytes=max_bytes or MAX_BYTES), None
        try:
            extracted = original.read(data, encoding=encoding, max_bytes=max_bytes or MAX_BYTES)
        except NoBlocks:
            # Text the original-file reader leaves alone (tables, code) is still worth reviewing as text.
            return reader.read(data, encoding=encoding, max_bytes=max_bytes or MAX_BYTES), None
    except FormatError as error:
        raise InvalidInput(f"{filename or 'the file'}: {error}") from error
    blocks = tuple({**layout, "labels": {str(k): v for k, v in block.labels.items()}}
                   for layout, block in zip(extracted.skeleton.blocks, extracted.blocks, strict=True))
    return extracted.text(), Skeleton(extracted.skeleton.format_id, extracted.skeleton.original, blocks)


def store_skeleton(session: Session, document: Document, skeleton: Skeleton | None,
                   file_name: str = "") -> None:
    """Keep the original file with the document (nothing for plain-text imports)."""
    if skeleton is not None:
        session.add(DocumentSkeleton(document_id=document.id, format_id=skeleton.format_id,
                                     file_name=file_name[:500], original=skeleton.original,
                                     layout=skeleton.layout_json()))


def _skeleton(document: Document) -> Skeleton:
    stored = document.skeleton
    if stored is None:
        raise InvalidInput("this document has no original file to write back: it was imported from plain "
                           "text, a bilingual file, or before original files were kept; export it as .docx, "
                           ".html or .md instead")
    return Skeleton.from_stored(stored.original, stored.layout)


def block_texts(skeleton: Skeleton, pieces: Iterator[Piece]) -> list[str | None]:
    """The corrected text of each block: the rows of paragraph k, split or merged as they are now, joined."""
    grouped: dict[int, list[Piece]] = defaultdict(list)
    for piece in pieces:
        if 0 <= piece.paragraph < len(skeleton.blocks):
            grouped[piece.paragraph].append(piece)
    # A block whose rows were all deleted comes back empty.
    return [paragraph_text(grouped[k]) if k in grouped else "" for k in range(len(skeleton.blocks))]


def export_original(session: Session, document: Document, pieces: Iterator[Piece], out: BinaryIO) -> None:
    """Write the original file with the corrected sentences in place."""
    skeleton = _skeleton(document)
    try:
        out.write(ORIGINALS[skeleton.format_id].write(skeleton, block_texts(skeleton, pieces)))
    except FormatError as error:
        raise InvalidInput(f"the original file cannot be written: {error}") from error


def original_format(document: Document) -> str | None:
    """The format of the kept original file, if any."""
    return document.skeleton.format_id if document.skeleton is not None else None


def row_tags(labels_by_block: dict[int, dict[str, str]], paragraph: int,
             *texts: str | None) -> dict[str, str]:
    """The labels of the tags that appear in a row's texts, by id (for the review grid's tooltips)."""
    labels = labels_by_block.get(paragraph, {})
    ids = {str(tag.id) for text in texts if text for tag in tags(text)}
    return {tag_id: labels[tag_id] for tag_id in sorted(ids, key=int) if tag_id in labels}


def block_labels(document: Document) -> dict[int, dict[str, str]]:
    """Per block, the tag labels; empty for a document without an original file."""
    if document.skeleton is None:
        return {}
    blocks = Skeleton.from_stored(b"", document.skeleton.layout).blocks
    return {k: block.get("labels", {}) for k, block in enumerate(blocks) if block.get("labels")}

"""Plain text: the clean target text exactly as segmented, and the simplest import."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from segments.formats.common import MAX_BYTES, Format, check_size, write_text
from segments.formats.decoding import decode_text
from segments.formats.model import Piece
from segments.formats.typography import TypographyOptions, normalise_typography


class TxtFormat(Format):
    """UTF-8 plain text; pieces are written with their original whitespace, so spacing is kept exactly."""

    format_id = "txt"
    label = "Plain text"
    extensions = (".txt", ".text")
    media_type = "text/plain; charset=utf-8"
    kind = "text"

    def write(
        self,
        pieces: Iterable[Piece],
        out: BinaryIO,
        *,
        title: str = "",
        lang: str = "en",
        typography: TypographyOptions | None = None,
    ) -> None:
        """Write the pieces' text and tails, concatenated, as UTF-8."""
        write_text(out, (piece.text + piece.tail for piece in normalise_typography(pieces, typography)))

    def read(self, data: bytes, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> str:
        """Decode a text file (see `decode_text`)."""
        check_size(data, max_bytes)
        return decode_text(data, encoding)

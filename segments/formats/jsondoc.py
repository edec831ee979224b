"""JSON: the whole bitext, lossless, written one unit at a time so large documents stream."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from segments.formats.common import (
    MAX_BYTES,
    Format,
    FormatError,
    check_doc_key,
    check_size,
    iso_date,
    parse_date,
    selected,
    write_text,
)
from segments.formats.decoding import decode_bytes
from segments.formats.model import Bitext, Note, Unit

FORMAT_NAME = "bitext-workbench"
VERSION = 1


def _date(moment: Any) -> str | None:
    return iso_date(moment) if moment else None


def unit_dict(unit: Unit) -> dict[str, Any]:
    """Return the JSON object of one unit."""
    return {
        "key": unit.key,
        "paragraph": unit.paragraph,
        "state": unit.state,
        "source": unit.source,
        "target": unit.target,
        "mt": unit.mt,
        "author": unit.author,
        "created": _date(unit.created),
        "changed": _date(unit.changed),
        "notes": [
            {
                "text": note.text,
                "author": note.author,
                "created": _date(note.created),
                "resolved": note.resolved,
            }
            for note in unit.notes
        ],
    }


def _unit(item: dict[str, Any]) -> Unit:
    notes = tuple(
        Note(
            str(note["text"]),
            str(note.get("author") or ""),
            parse_date(note.get("created")),
            bool(note.get("resolved")),
        )
        for note in item.get("notes") or ()
    )
    return Unit(
        key=str(item["key"]),
        source=str(item.get("source") or ""),
        target=str(item.get("target") or ""),
        mt=str(item.get("mt") or ""),
        state=str(item.get("state") or "new"),
        notes=notes,
        paragraph=int(item.get("paragraph") or 0),
        created=parse_date(item.get("created")),
        changed=parse_date(item.get("changed")),
        author=str(item.get("author") or ""),
    )


class JsonFormat(Format):
    """A JSON object with the document header and a "units" array; every field of the model is kept."""

    format_id = "json"
    label = "JSON"
    extensions = (".json",)
    media_type = "application/json"
    kind = "bilingual"

    def write(self, bitext: Bitext, out: BinaryIO, *, confirmed_only: bool = False) -> None:
        """Stream the bitext as JSON, one unit per line inside the "units" array."""
        write_text(out, self._parts(bitext, confirmed_only))

    @staticmethod
    def _parts(bitext: Bitext, confirmed_only: bool) -> Iterator[str]:
        header = {
            "format": FORMAT_NAME,
            "version": VERSION,
            "title": bitext.title,
            "src_lang": bitext.src_lang,
            "tgt_lang": bitext.tgt_lang,
            "doc_key": bitext.doc_key,
        }
        yield json.dumps(header, ensure_ascii=False)[:-1] + ', "units": ['
        separator = "\n"
        for unit in selected(bitext.units, confirmed_only):
            yield separator + json.dumps(unit_dict(unit), ensure_ascii=False)
            separator = ",\n"
        yield "\n]}\n"

    def read(
        self,
        data: bytes,
        *,
        encoding: str | None = None,
        max_bytes: int = MAX_BYTES,
        doc_key: str | None = None,
    ) -> Bitext:
        """Read a JSON export of this workbench."""
        check_size(data, max_bytes)
        text = decode_bytes(data, encoding)
        try:
            return check_doc_key(_load(text), doc_key)
        except FormatError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise FormatError(f"malformed JSON export: {exc}") from exc


def _load(text: str) -> Bitext:
    document = json.loads(text)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise FormatError("not a Bitext Workbench JSON export")
    units = [_unit(item) for item in document.get("units") or ()]
    return Bitext(
        str(document.get("title") or ""),
        str(document.get("src_lang") or ""),
        str(document.get("tgt_lang") or ""),
        str(document.get("doc_key") or ""),
        units,
    )

"""File downloads: one safe name and one Content-Disposition header for every attachment the app sends."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from flask import Response
from werkzeug.utils import get_content_type


def safe_stem(text: str, fallback: str) -> str:
    """A file-name stem from user text (a title, a project name): letters and digits, dashes between."""
    return "".join(c if c.isalnum() else "-" for c in text).strip("-")[:60] or fallback


def content_disposition(name: str) -> str:
    """An attachment header that carries any file name: an ASCII fallback plus the UTF-8 name (RFC 6266)."""
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def attachment(body: bytes | str | Iterable[bytes], media_type: str, name: str, **headers: str) -> Response:
    """A download of `body` (bytes, text, or chunks to stream) named `name`."""
    # Werkzeug adds a charset to a text mimetype even when it already names one: add it only where missing.
    content_type = media_type if "charset=" in media_type else get_content_type(media_type, "utf-8")
    return Response(body, content_type=content_type,
                    headers={"Content-Disposition": content_disposition(name), **headers})

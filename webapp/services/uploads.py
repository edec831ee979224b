"""Turning uploaded bytes into text, refusing what is not text."""

from __future__ import annotations

from webapp.services.errors import InvalidInput


def decode_upload(data: bytes, name: str = "the file") -> str:
    """Decode UTF-8 (with or without BOM); refuse empty, binary or undecodable input."""
    if not data.strip():
        raise InvalidInput(f"{name} is empty")
    if b"\x00" in data:
        raise InvalidInput(f"{name} looks binary (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"{name} is not valid UTF-8 (byte {exc.start}): save it as UTF-8 and retry"
        raise InvalidInput(message) from exc

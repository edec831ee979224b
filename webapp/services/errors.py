"""Errors that services raise and views turn into answers."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A request that cannot be carried out; `code` is the HTTP status it maps to."""

    code = 400

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidInput(ServiceError):
    code = 400


class NotFound(ServiceError):
    code = 404


class Conflict(ServiceError):
    """The row changed since the client read it; `details["current"]` holds what is there now."""

    code = 409


class NothingToExport(ServiceError):
    """The export would be empty and the format has no valid empty form (TBX needs one entry)."""

    code = 409

"""Error pages for the HTML side; the API answers JSON (see webapp.api)."""

from __future__ import annotations

from flask import Flask, render_template, request
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from webapp.services.errors import ServiceError


def wants_json() -> bool:
    """The API answers JSON; so does a page asked for JSON by its own script (the upload's progress bar)."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def json_error(code: int, message: str, **details) -> tuple[dict, int]:
    """The one shape of every API error: a code, a status name, a message, and optional details."""
    from werkzeug.http import HTTP_STATUS_CODES

    return {"code": code, "status": HTTP_STATUS_CODES.get(code, "Error"), "message": message, **details}, code


def render_error(code: int, message: str):
    if wants_json():
        return json_error(code, message)
    return render_template("error.html", code=code, message=message), code


def init_app(app: Flask) -> None:
    @app.errorhandler(StaleDataError)
    def stale_data(_error: StaleDataError):
        # A versioned UPDATE matched no row: someone saved it first, wherever the flush happened.
        return render_error(409, "this was changed by someone else since you loaded it; reload and retry")

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError):
        if wants_json():
            return json_error(error.code, error.message, **error.details)
        return render_template("error.html", code=error.code, message=error.message), error.code

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        data = getattr(error, "data", None) or {}
        if wants_json():
            if "messages" in data:
                return json_error(error.code or 400, "the request is invalid; see errors",
                                  errors=data["messages"])
            return json_error(error.code or 500, data.get("message") or error.description)
        return render_template("error.html", code=error.code, message=error.description), error.code
